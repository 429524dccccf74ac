/** `Lab.run(..., { reopen })`: what a session whose last shell ends becomes. */
import { describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../simulator/index.ts';

function nextPid(lab: Lab): number {
  return lab.world.state.hosts['localhost']!.procs.nextPid;
}

describe('Lab.run when the last shell of a session ends', () => {
  it('opens a fresh login by default, as a terminal does', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('true', { session: 'second' });
    const r = lab.run('exit', { session: 'second' });
    expect(r.output).toBe('logout\n');
    expect(r.prompt).toBe('[root@localhost ~]# ');
    expect(lab.session('second').frames).toHaveLength(1);
  });

  it('with reopen: false the session just ends: no prompt, no login shell, no pid taken', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('true', { session: 'second' });
    const before = nextPid(lab);
    const r = lab.run('exit', { session: 'second', reopen: false });
    expect(r).toMatchObject({ output: 'logout\n', exitCode: 0, prompt: '' });
    expect(nextPid(lab)).toBe(before);
  });

  it('with reopen: false a shell that goes on keeps its prompt', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('echo hi', { reopen: false })).toMatchObject({ output: 'hi\n', prompt: '[root@localhost ~]# ' });
  });
});
