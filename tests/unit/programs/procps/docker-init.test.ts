/**
 * docker-init (tini) as a container's PID 1: runs the command as its child, reaps what exits below
 * it, forwards signals and exits with the child's status. ps shows what a non-reaping init leaves.
 */
import { describe, expect, it } from 'vitest';
import { lab, runAs } from './helpers.ts';
import type { ExecContext } from '../../../../simulator/kernel/types.ts';

function container(initArgv: string[], initProg: string) {
  const { host } = lab();
  const shim = host.spawn({ ppid: 1, argv: ['containerd-shim'], prog: 'containerd-shim' });
  const pidNs = host.createNamespace('pid', { creator: shim.pid });
  const init = host.spawn({ ppid: shim.pid, argv: initArgv, prog: initProg, ns: { pid: pidNs } });
  let err = '';
  const ctx: ExecContext = { argv: initArgv, env: { PATH: '/usr/sbin:/usr/bin' }, cwd: '/', stdin: '', stdout: () => undefined, stderr: (t) => (err += t), isTTY: false, host, world: host.world, pid: init.pid, session: undefined };
  return { host, init, pidNs, ctx, err: () => err };
}

describe('docker-init', () => {
  it('runs a sleep as its child and exits with it', () => {
    const { host, init, pidNs, ctx } = container(['/sbin/docker-init', '--', 'sleep', '5'], 'docker-init');
    expect(host.world.programs['docker-init']?.(ctx)).toBe(-1);
    expect(host.visibleProcs(pidNs).map((v) => [v.pid, v.ppid, v.proc.argv.join(' ')])).toEqual([[1, 0, '/sbin/docker-init -- sleep 5'], [2, 1, 'sleep 5']]);
    host.world.advance(5000);
    expect(host.proc(init.pid)).toBeUndefined();
  });

  it('forwards TERM to the child; the init exits 143', () => {
    const { host, init, ctx } = container(['/sbin/docker-init', '--', 'sleep', '1000'], 'docker-init');
    const exits: number[] = [];
    host.world.exitHooks['t'] = (_w, info) => exits.push(info.exitCode);
    init.onExit = 't';
    host.world.programs['docker-init']?.(ctx);
    host.kill(init.pid, 15);
    expect(exits).toEqual([143]);
    expect(host.proc(init.pid)).toBeUndefined();
  });

  it('reports a missing program as tini does', () => {
    const { host, ctx, err } = container(['/sbin/docker-init', '--', 'nosuch'], 'docker-init');
    expect(host.world.programs['docker-init']?.(ctx)).toBe(127);
    expect(err()).toBe('[FATAL tini (2)] exec nosuch failed: No such file or directory\n');
  });

  it('collects orphans, where a sleep as PID 1 leaves them as zombies that ps shows', () => {
    const plain = container(['sleep', '1000'], 'sleep');
    const sh = plain.host.spawn({ ppid: plain.init.pid, argv: ['sh', '-c', 'sleep 1 &'], prog: 'sh' });
    const orphan = plain.host.spawn({ ppid: sh.pid, argv: ['sleep', '1'], prog: 'sleep' });
    plain.host.exit(sh.pid, 0);
    plain.host.exit(orphan.pid, 0);
    const ps = runAs(plain.host, plain.init.pid, ['ps', '-ef']).out.split('\n');
    expect(ps[2]).toMatch(/^root +2 +1 +0 \d\d:\d\d \? +00:00:00 \[sh\] <defunct>$/);
    expect(ps[3]).toMatch(/^root +3 +1 +0 \d\d:\d\d \? +00:00:00 \[sleep\] <defunct>$/);
    expect(runAs(plain.host, plain.init.pid, ['ps', '-o', 'pid,stat,comm']).out).toContain('    3 Z    sleep <defunct>\n');
    expect(runAs(plain.host, plain.init.pid, ['top', '-b', '-n1']).out).toMatch(/ 2 zombie\n/);

    const withInit = container(['/sbin/docker-init', '--', 'sleep', '1000'], 'docker-init');
    withInit.host.world.programs['docker-init']?.(withInit.ctx);
    const app = withInit.host.procList().find((p) => p.ppid === withInit.init.pid) as { pid: number };
    const sh2 = withInit.host.spawn({ ppid: app.pid, argv: ['sh'], prog: 'sh' });
    const orphan2 = withInit.host.spawn({ ppid: sh2.pid, argv: ['sleep', '1'], prog: 'sleep' });
    withInit.host.exit(sh2.pid, 0);
    expect(withInit.host.proc(orphan2.pid)?.ppid).toBe(withInit.init.pid);
    withInit.host.exit(orphan2.pid, 0);
    expect(withInit.host.proc(orphan2.pid)).toBeUndefined();
  });
});
