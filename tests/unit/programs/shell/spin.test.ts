/**
 * A busy loop in a container (`while :; do :; done`) spins for ever at one CPU, as on a real host:
 * its process stays running on the CPU scheduler, as a `stress --cpu 1` worker does, and costs the
 * lab nothing while lab time passes.
 */
import { describe, expect, it } from 'vitest';
import { restoreLab } from '../../../../simulator/index.ts';
import { terminal } from './helpers.ts';

function lab(): ReturnType<typeof terminal> {
  const t = terminal();
  t.run('docker pull -q busybox');
  return t;
}

describe('a container spinning in an endless loop', () => {
  it('stays up at 100% of a CPU, in docker stats, docker top and top', () => {
    const { lab: l, run } = lab();
    expect(run(`docker run -d --name spin busybox sh -c 'while :; do :; done'`).code).toBe(0);
    l.advance(60_000);
    expect(run('docker ps --format "{{.Names}} {{.Status}}"').out).toBe('spin Up About a minute\n');
    expect(run('docker stats --no-stream --format "{{.Name}} {{.CPUPerc}} {{.PIDs}}"').out).toBe('spin 100.00% 1\n');
    expect(run('docker top spin -o pid,stat,time,args').out).toMatch(/^PID +STAT +TIME +COMMAND\n\d+ +Rs +00:01:0\d +sh -c while :; do :; done\n$/);
    expect(run('top -b -n 1 | grep " sh$"').out).toMatch(/ R 100\.0 .* sh\n$/);
  });

  it('spins too when it counts, and shares the CPU limit of its cgroup', () => {
    const { run } = lab();
    run(`docker run -d --name count busybox sh -c 'i=0; while true; do i=$((i+1)); done'`);
    run(`docker run -d --name half --cpus 0.5 busybox sh -c 'while true; do :; done'`);
    run('sleep 10');
    expect(run('docker stats --no-stream --format "{{.Name}} {{.CPUPerc}}"').out).toBe('half 50.00%\ncount 100.00%\n');
  });

  it('an hour of lab time costs next to nothing', () => {
    const { lab: l, run } = lab();
    run(`docker run -d --name spin busybox sh -c 'while :; do :; done'`);
    const start = performance.now();
    l.advance(3_600_000);
    expect(performance.now() - start).toBeLessThan(100);
    expect(run('docker ps --format "{{.Status}}"').out).toBe('Up About an hour\n');
  });

  it('docker stop waits the 10 s grace (sh as PID 1 ignores SIGTERM), then kills it: 137', () => {
    const { lab: l, run } = lab();
    run(`docker run -d --name spin busybox sh -c 'while :; do :; done'`);
    const before = l.now;
    expect(run('docker stop spin')).toEqual({ out: 'spin\n', code: 0 });
    expect(l.now - before).toBe(12_000);
    expect(run('docker ps -a --format "{{.Status}}"').out).toMatch(/^Exited \(137\) /);
    expect(run('docker stats --no-stream --format "{{.Name}}"').out).toBe('');
  });

  it('survives a snapshot and spins on in the copy', () => {
    const { lab: l } = lab();
    l.run(`docker run -d --name spin busybox sh -c 'while :; do :; done'`);
    const copy = restoreLab(l.snapshot());
    for (const x of [l, copy]) x.advance(30_000);
    expect(copy.run('docker top spin -o pid,time').output).toBe(l.run('docker top spin -o pid,time').output);
    expect(copy.snapshot()).toBe(l.snapshot());
  });

  it('spins after what the script did first, in a background job too', () => {
    const { run } = lab();
    run(`docker run -d --name later busybox sh -c 'echo start; sleep 2; (while :; do :; done) & echo "job $!"; wait'`);
    run('sleep 3');
    expect(run('docker logs later').out).toMatch(/^start\njob \d+\n$/);
    expect(run('docker stats --no-stream --format "{{.CPUPerc}} {{.PIDs}}"').out).toBe('100.00% 2\n');
  });

  it('a busy job typed at the prompt spins until it is killed', () => {
    const { run } = lab();
    expect(run('while :; do :; done &').out).toMatch(/^\[1\] \d+\n$/);
    expect(run('ps -o stat,args | grep -c "^R.* -bash"').out).toBe('1\n');
    run('kill $!');
    expect(run('true').out).toMatch(/^\[1\]\+ {2}Terminated +while :; do\s+:;\s+done\n$/);
  });

  it('a busy loop that prints is stopped at the step limit, saying so in the log (status 130)', () => {
    const { run } = lab();
    run(`docker run -d --name noisy busybox sh -c 'while true; do echo x; done'`);
    expect(run('docker ps -a --format "{{.Status}}"').out).toMatch(/^Exited \(130\) /);
    expect(run('docker logs noisy 2>&1 >/dev/null').out).toBe('podbook: command stopped: too many steps (is it an endless loop?)\n');
  });
});
