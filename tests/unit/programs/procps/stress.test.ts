import { describe, expect, it } from 'vitest';
import { lab, runAs } from './helpers.ts';
import { piDigits } from '../../../../simulator/programs/procps/pi.ts';
import type { ExitInfo } from '../../../../simulator/kernel/process.ts';

describe('stress', () => {
  it('dispatches cpu hogs as child processes that keep a core busy', () => {
    const { host } = lab();
    const main = host.spawn({ ppid: 1, argv: ['stress', '--cpu', '2'], prog: 'stress' });
    const r = runAs(host, main.pid, ['stress', '--cpu', '2']);
    expect(r.out).toBe(`stress: info: [${r.pid}] dispatching hogs: 2 cpu, 0 io, 0 vm, 0 hdd\n`);
    expect(r.code).toBe(-1);
    const workers = host.procList().filter((p) => p.ppid === r.pid);
    expect(workers.map((w) => host.cpuRate(w.pid))).toEqual([1, 1]);
  });

  it('is OOM-killed past memory+swap: FAIL lines, exit 1, and the cgroup counts the kill', () => {
    const { host } = lab();
    host.cgroupCreate('/docker/m', (c) => ((c.memory.limit = 400 * 2 ** 20), (c.memory.memswLimit = 450 * 2 ** 20)));
    const shell = host.spawn({ ppid: 1, argv: ['bash'], prog: 'bash', cgroup: '/docker/m' });
    const ok = runAs(host, shell.pid, ['stress', '--vm', '1', '--vm-bytes', '300M', '--timeout', '5s'], true);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('successful run completed in 5s\n');
    const bad = runAs(host, shell.pid, ['stress', '--vm', '1', '--vm-bytes', '500M'], true);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^stress: FAIL: \[\d+\] \(416\) <-- worker \d+ got signal 9\nstress: WARN: \[\d+\] \(418\) now reaping child worker processes\nstress: FAIL: \[\d+\] \(452\) failed run completed in 0s\n$/);
    expect(host.cgroup('/docker/m')?.memory.oomKills).toBe(1);
  });

  it('ends after --timeout in the background and tells the exit hook', () => {
    const { host } = lab();
    const exits: ExitInfo[] = [];
    host.world.exitHooks['t'] = (_w, info) => exits.push(info);
    const logs: string[] = [];
    host.world.outputHooks['t'] = (_w, _p, _s, text) => logs.push(text);
    const main = host.spawn({ ppid: 1, argv: ['stress', '--cpu', '1', '--timeout', '10s'], prog: 'stress', onExit: 't', onOutput: 't' });
    const child = runAs(host, main.pid, ['stress', '--cpu', '1', '--timeout', '10s']);
    const proc = host.proc(child.pid);
    if (proc) Object.assign(proc, { onExit: 't', onOutput: 't' });
    host.world.advance(10_000);
    expect(logs).toEqual([`stress: info: [${child.pid}] successful run completed in 10s\n`]);
    expect(exits.map((e) => e.exitCode)).toEqual([0]);
  });
});

describe('perl bpi', () => {
  it('computes real digits of pi, rounded as Math::BigFloat rounds', () => {
    expect(piDigits(10)).toBe('3.141592654');
    expect(piDigits(2000).length).toBe(2001);
    // Checked against a Gauss–Legendre computation: digit 2000 is 0 followed by 99…, so it rounds up.
    expect(piDigits(2000).endsWith('27590099465764078951'.slice(0, 5) + '1')).toBe(true);
  });

  it('charges CPU time: the clock moves by the work at the process share', () => {
    const { lab: l } = lab();
    const before = l.now;
    const r = l.run("perl -Mbignum=bpi -wle 'print bpi(2000)'");
    expect(r.output.length).toBe(2002);
    expect(l.now - before).toBe(2000 + 2600);
  });
});
