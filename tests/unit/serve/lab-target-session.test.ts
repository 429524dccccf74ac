/** A shell the served engine hands a real client (`docker exec -it`): typed lines, its end. */
import { describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../simulator/index.ts';
import type { HttpResponse } from '../../../simulator/kernel/http.ts';
import { labTarget } from '../../../src/node/lab-target.ts';

function nextPid(lab: Lab): number {
  return lab.world.state.hosts['localhost']!.procs.nextPid;
}

/** `docker exec -it box sh` as the real client asks for it: create, then start with a terminal. */
function execSession(lab: Lab) {
  const target = labTarget(lab, { clock: 'manual' });
  const post = (path: string, body: unknown): HttpResponse =>
    target.handle({ method: 'POST', path, query: [], headers: { 'Content-Type': 'application/json', 'X-Podbook-Can-Hold': '1' }, body: JSON.stringify(body) });
  const created = post('/v1.50/containers/box/exec', { AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Cmd: ['sh'] });
  const id = (JSON.parse(created.body) as { Id: string }).Id;
  const session = target.openSession?.(post(`/v1.50/exec/${id}/start`, { Tty: true }));
  if (!session) throw new Error('no session opened');
  return session;
}

describe('an exec session served to a real client', () => {
  it('stays open through a nested shell and ends with its own shell, taking no pid for a fresh login', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -dit --name box busybox');
    const session = execSession(lab);
    expect(session.prompt()).toBe('/ # ');
    expect(session.input('sh')).toEqual({ output: '', closed: false });
    expect(session.input('exit')).toEqual({ output: '', closed: false });
    const before = nextPid(lab);
    expect(session.input('exit')).toEqual({ output: '', closed: true });
    // The in-sim client's `exit` leaves the reader at the host's prompt: no process is started.
    expect(nextPid(lab)).toBe(before);
    expect(Object.keys((lab.world.state.ext['sessions'] as { sessions: object }).sessions)).toEqual(['main']);
  });
});
