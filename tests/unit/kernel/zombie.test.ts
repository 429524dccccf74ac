/**
 * Zombies: a process that exits stays in the table (state Z) until its parent waits for it. Parents
 * that collect their children (shells, servers, inits) do so at once; a PID namespace's init whose
 * program is not an init never does, so orphans handed to it pile up as zombies (what `--init`
 * fixes: docker-init reaps everything it adopts).
 */
import { describe, expect, it } from 'vitest';
import { freshHost } from './helpers.ts';
import { registerReaper } from '../../../simulator/kernel/hooks.ts';

function container(initProg: string) {
  const host = freshHost();
  const shim = host.spawn({ ppid: 1, argv: ['containerd-shim'], prog: 'containerd-shim' });
  const pidNs = host.createNamespace('pid', { creator: shim.pid });
  const init = host.spawn({ ppid: shim.pid, argv: [initProg, '1000'], prog: initProg, ns: { pid: pidNs } });
  return { host, shim, init, pidNs };
}

describe('zombies', () => {
  it('keeps an exited child of a parent that never waits as Z, with its status', () => {
    const { host, init, pidNs } = container('sleep');
    const child = host.spawn({ ppid: init.pid, argv: ['sleep', '1'], prog: 'sleep' });
    host.exit(child.pid, 0);
    expect(host.proc(child.pid)?.state).toBe('Z');
    expect(host.proc(child.pid)?.exitCode).toBe(0);
    expect(host.visibleProcs(pidNs).map((v) => [v.pid, v.ppid, v.proc.state])).toEqual([[1, 0, 'S'], [2, 1, 'Z']]);
    // kill(2) on a zombie succeeds and changes nothing.
    expect(host.kill(child.pid, 9)).toBe(0);
    expect(host.proc(child.pid)?.state).toBe('Z');
  });

  it('removes a child at once when its parent collects children', () => {
    const { host, init } = container('bash');
    const child = host.spawn({ ppid: init.pid, argv: ['sleep', '1'], prog: 'sleep' });
    host.exit(child.pid, 0);
    expect(host.proc(child.pid)).toBeUndefined();
    const onHost = host.spawn({ ppid: 1, argv: ['sleep', '1'], prog: 'sleep' });
    host.exit(onHost.pid, 0);
    expect(host.proc(onHost.pid)).toBeUndefined();
  });

  it('hands orphans to the namespace init, which leaves them as zombies unless it reaps', () => {
    const { host, init } = container('sleep');
    const shell = host.spawn({ ppid: init.pid, argv: ['sh'], prog: 'sh' });
    const orphan = host.spawn({ ppid: shell.pid, argv: ['sleep', '1'], prog: 'sleep' });
    host.exit(shell.pid, 0);
    expect(host.proc(shell.pid)?.state).toBe('Z');
    expect(host.proc(orphan.pid)?.ppid).toBe(init.pid);
    host.exit(orphan.pid, 0);
    expect(host.proc(orphan.pid)?.state).toBe('Z');
    // waitpid by the parent collects one and reports its status.
    expect(host.wait(init.pid, orphan.pid)).toEqual({ pid: orphan.pid, exitCode: 0 });
    expect(host.proc(orphan.pid)).toBeUndefined();
    expect(host.wait(init.pid, orphan.pid)).toBe('ECHILD');
    // Becoming a reaper collects every zombie child at once.
    host.setReaper(init.pid, true);
    expect(host.proc(shell.pid)).toBeUndefined();
  });

  it('lets docker-init (a registered reaper) collect the orphans it adopts', () => {
    registerReaper('docker-init');
    const { host, init } = container('docker-init');
    const app = host.spawn({ ppid: init.pid, argv: ['sh'], prog: 'sh' });
    const worker = host.spawn({ ppid: app.pid, argv: ['sleep', '1'], prog: 'sleep' });
    host.exit(app.pid, 0);
    host.exit(worker.pid, 0);
    expect(host.proc(app.pid)).toBeUndefined();
    expect(host.proc(worker.pid)).toBeUndefined();
  });

  it('clears the zombies of a PID namespace when its init exits', () => {
    const { host, init } = container('sleep');
    const child = host.spawn({ ppid: init.pid, argv: ['sleep', '1'], prog: 'sleep' });
    host.exit(child.pid, 0);
    host.exit(init.pid, 137, { signal: 9 });
    expect(host.proc(child.pid)).toBeUndefined();
    expect(host.proc(init.pid)).toBeUndefined();
  });
});
