/**
 * A client that cannot wait for ever (a notebook cell, `npm run sim --script`) waits for a
 * foreground container only while it can still end by itself: once its shell is in a loop it never
 * leaves, or nothing on the clock concerns it, it stops there as if the reader pressed Ctrl+C, as
 * `docker logs -f` does. A terminal follows it until Ctrl+C.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';
import { WAIT_HORIZON_MS } from '../../../../simulator/runtime/engine/attach.ts';

function lab(): { lab: ReturnType<typeof createLab>; run: (line: string) => { out: string; code: number; ms: number } } {
  const l = createLab('docker', { seed: 1 });
  const run = (line: string): { out: string; code: number; ms: number } => {
    const before = l.now;
    const r = l.run(line);
    return { out: r.output, code: r.exitCode, ms: l.now - before };
  };
  run('docker pull -q busybox');
  return { lab: l, run };
}

/** Lab time a command line takes beyond the reader's think time (index.ts THINK_TIME_MS). */
const THINK = 2_000;

describe('docker run without -d in a cell', () => {
  it('stops an endless loop as soon as it is in it: what it printed, then ^C (130)', () => {
    const { run } = lab();
    const r = run(`docker run --name fg busybox sh -c 'while true; do date; sleep 1; done'`);
    expect(r.out).toMatch(/^Mon Jun {2}2 \d\d:\d\d:\d\d UTC 2025\n\^C\n$/);
    expect(r.code).toBe(130);
    expect(r.ms).toBe(THINK);
    // The container goes on, as the real one does after the client's Ctrl+C (sh as PID 1 ignores SIGINT).
    expect(run('docker ps --format "{{.Names}} {{.Status}}"').out).toMatch(/^fg Up \d seconds\n$/);
  });

  it('waits through what comes before the loop', () => {
    const { run } = lab();
    const r = run(`docker run --name fg busybox sh -c 'echo start; sleep 3; echo "ready $(sleep 1; echo now)"; while true; do sleep 1; date +%T | tee -a /tmp/log; done'`);
    expect(r).toEqual({ out: 'start\nready now\n^C\n', code: 130, ms: THINK + 4_000 });
  });

  it('still runs a script that ends, however long it waits', () => {
    const { run } = lab();
    expect(run(`docker run --rm busybox sh -c 'for i in 1 2 3; do sleep 1; echo $i; done; sleep 300; echo end'`)).toEqual({ out: '1\n2\n3\nend\n', code: 0, ms: THINK + 303_000 });
  });

  it('stops a busy loop, sleep infinity or a server at once, however busy the lab is', () => {
    const { run } = lab();
    run(`docker run -d --name tick busybox sh -c 'while [ -d / ]; do date; sleep 1; done'`);
    expect(run(`docker run --name spin busybox sh -c 'while :; do :; done'`)).toEqual({ out: '^C\n', code: 130, ms: THINK });
    expect(run('docker run --name inf busybox sleep infinity')).toEqual({ out: '^C\n', code: 130, ms: THINK });
    expect(run('docker stats --no-stream --format "{{.Name}} {{.CPUPerc}}"').out).toContain('spin 100.00%\n');
  });

  it('stops a loop piped into a filter after its first line', () => {
    const { run } = lab();
    const r = run(`docker run --name piped busybox sh -c 'while true; do date +%T; sleep 1; done | tee -a /tmp/log'`);
    expect(r.out).toMatch(/^\d\d:\d\d:\d\d\n\^C\n$/);
    expect(r).toMatchObject({ code: 130, ms: THINK });
  });

  it('knows a loop under set -e is endless when nothing in it can fail', () => {
    const { run } = lab();
    expect(run(`docker run --name strict busybox sh -c 'set -e; while true; do date +%T; sleep 1; done'`)).toMatchObject({ code: 130, ms: THINK });
  });

  it('looks through docker-init (--init) at the command it runs', () => {
    const { run } = lab();
    expect(run(`docker run --init --name init busybox sh -c 'while true; do sleep 1; done'`)).toEqual({ out: '^C\n', code: 130, ms: THINK });
  });

  it('follows a pipeline waiting inside a substitution to its end', () => {
    const { run } = lab();
    expect(run(`docker run --rm busybox sh -c 'x=$( (sleep 1; echo a) | sleep 2 | (sleep 1; echo b) ); echo "got $x"'`)).toMatchObject({ out: 'got b\n', code: 0 });
  });

  it('gives up on a loop it cannot tell endless after a while of lab time', () => {
    const { run } = lab();
    const r = run(`docker run --name slow busybox sh -c 'n=0; while [ $n -ge 0 ]; do n=$((n+1)); sleep 60; done'`);
    expect(r.out).toBe('^C\n');
    expect(r.code).toBe(130);
    expect(r.ms).toBeGreaterThan(WAIT_HORIZON_MS - 60_000);
    expect(r.ms).toBeLessThanOrEqual(WAIT_HORIZON_MS + THINK);
  });

  it('docker logs -f prints what was logged and stops at once, as before', () => {
    const { run } = lab();
    run(`docker run -d --name tick busybox sh -c 'while true; do echo tick; sleep 1; done'`);
    const r = run('docker logs -f tick');
    expect(r.code).toBe(130);
    expect(r.ms).toBe(THINK);
    expect(r.out).toMatch(/^(tick\n){2,3}\^C\n$/);
  });
});

describe('docker wait and docker start -a on an endless loop', () => {
  it('stop as if Ctrl+C were pressed in a cell', () => {
    const { run } = lab();
    run(`docker run -d --name fg busybox sh -c 'while true; do date; sleep 1; done'`);
    run(`docker run -d --name brief busybox sh -c 'exit 3'`);
    expect(run('docker wait brief fg')).toEqual({ out: '3\n^C\n', code: 130, ms: THINK });
    run(`docker create --name later busybox sh -c 'echo up; while true; do sleep 1; done'`);
    expect(run('docker start -a later')).toEqual({ out: 'up\n^C\n', code: 130, ms: THINK });
  });

  it('docker wait follows in a terminal until the container stops', () => {
    const { lab: l } = lab();
    l.run(`docker run -d --name fg busybox sh -c 'while true; do date; sleep 1; done'`);
    expect(l.run('docker wait fg', { follow: true })).toMatchObject({ output: '', streaming: true });
    expect(l.pump(1_000)).toMatchObject({ output: '', done: false });
    l.run('docker kill fg', { session: 'other' });
    expect(l.pump(500)).toMatchObject({ output: '137\n', done: true, exitCode: 0 });
  });
});

describe('docker run without -d in a terminal', () => {
  it('follows an endless loop as lab time passes, until Ctrl+C', () => {
    const { lab: l, run } = lab();
    const first = l.run(`docker run --name fg busybox sh -c 'while true; do echo "$(sleep 1; echo tick)"; done'`, { follow: true });
    expect(first).toMatchObject({ output: '', streaming: true });
    expect(l.pump(3_000)).toMatchObject({ output: 'tick\ntick\ntick\n', done: false });
    expect(l.interrupt()).toMatchObject({ done: true, exitCode: 130 });
    expect(run('docker ps --format "{{.Names}}"').out).toBe('fg\n');
  });
});
