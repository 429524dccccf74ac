/**
 * Waits inside a command substitution or a pipeline stage of a script on the lab clock take lab
 * time as they do on a real host: the script carries on when the subshell or the stage ends.
 */
import { describe, expect, it } from 'vitest';
import { restoreLab } from '../../../../simulator/index.ts';
import { terminal } from './helpers.ts';

/** Seconds of the day of each line's `HH:MM:SS`. */
function seconds(log: string): number[] {
  return log
    .trim()
    .split('\n')
    .map((l) => {
      const m = /(\d\d):(\d\d):(\d\d)/.exec(l) as RegExpExecArray;
      return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    });
}

/** A lab with busybox pulled. */
function lab(): ReturnType<typeof terminal> {
  const t = terminal();
  t.run('docker pull -q busybox');
  return t;
}

describe('a wait inside $(…) in a script on the clock', () => {
  it('takes lab time: docker run -d returns at once and each line comes a second later', () => {
    const { lab: l, run } = lab();
    const before = l.now;
    run(`docker run -d --name subst busybox sh -c 'for i in 1 2 3; do echo "$i $(sleep 1; date +%T)"; done; echo end'`);
    expect(l.now - before).toBeLessThan(2_500);
    run('sleep 5');
    const log = run('docker logs subst').out;
    expect(log.split('\n').map((x) => x.split(' ')[0])).toEqual(['1', '2', '3', 'end', '']);
    // The first date is a second after the start, then one a second.
    const started = seconds(run(`docker inspect -f '{{.State.StartedAt}}' subst`).out.replace('T', ' '))[0] as number;
    const at = seconds(log.split('\n').slice(0, 3).join('\n'));
    expect(at.map((s) => s - started)).toEqual([1, 2, 3]);
    expect(run('docker ps -a --format "{{.Status}}"').out).toMatch(/^Exited \(0\) /);
  });

  it('works out each expansion once: arithmetic before the wait is not done again', () => {
    const { run } = lab();
    run(`docker run -d --name once busybox sh -c 'n=0; while true; do echo "$((n+=1)) $(sleep 1; echo x) $n"; done'`);
    run('sleep 4');
    const lines = run('docker logs once').out.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['1 x 1', '2 x 2', '3 x 3']);
  });

  it('gives the value and status of the subshell to assignments, if and case', () => {
    const { run } = lab();
    const script = `x=$(sleep 1; echo hi; exit 3); echo "x=$x status=$?"; if [ "$(sleep 1; echo y)" = y ]; then echo yes; fi; case $(sleep 1; echo b) in b) echo case-b;; esac; for w in $(sleep 1; echo p q); do echo "w=$w"; done`;
    const r = run(`docker run --rm busybox sh -c '${script}'`);
    expect(r).toEqual({ out: 'x=hi status=3\nyes\ncase-b\nw=p\nw=q\n', code: 0 });
  });

  it('shows the subshell and its sleep as processes while it waits', () => {
    const { run } = lab();
    run(`docker run -d --name ps busybox sh -c 'while true; do echo "$(sleep 10; date)"; done'`);
    const top = run('docker top ps -o pid,ppid,args').out.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
    // The subshell is forked first, then its sleep.
    expect(top.map((f) => f.slice(2).join(' '))).toEqual(['sh -c while true; do echo "$(sleep 10; date)"; done', 'sh -c while true; do echo "$(sleep 10; date)"; done', 'sleep 10']);
    // The subshell is a child of the script, the sleep a child of the subshell.
    expect(top[1]![1]).toBe(top[0]![0]);
    expect(top[2]![1]).toBe(top[1]![0]);
  });

  it('runs a lone command of a substitution in the subshell process itself, as the shell does', () => {
    const { run } = lab();
    run(`docker run -d --name lone busybox sh -c 'while true; do echo "[$(sleep 10)]"; done'`);
    const top = run('docker top lone -o pid,ppid,args').out.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
    expect(top.map((f) => f.slice(2).join(' '))).toEqual([`sh -c while true; do echo "[$(sleep 10)]"; done`, 'sleep 10']);
    expect(top[1]![1]).toBe(top[0]![0]);
    run('sleep 20');
    expect(run('docker logs lone').out).toBe('[]\n[]\n');
  });
});

describe('a wait inside a pipeline stage of a script on the clock', () => {
  it('logs one line per period, as tee also appends it to its file', () => {
    const { run } = lab();
    run(`docker run -d --name tee busybox sh -c 'while true; do date +%T | tee -a /tmp/log; sleep 2; done'`);
    run('sleep 6');
    const log = run('docker logs tee').out;
    const at = seconds(log);
    expect(at.length).toBeGreaterThanOrEqual(4);
    at.forEach((s, k) => expect(s - at[0]!).toBe(2 * k));
    // The file has the same lines, and those written since.
    expect(run('docker exec tee cat /tmp/log').out.startsWith(log)).toBe(true);
  });

  it('runs a stage that sleeps as a subshell process, the next stage reading what it wrote', () => {
    const { lab: l, run } = lab();
    const before = l.now;
    run(`docker run -d --name stage busybox sh -c 'while true; do (sleep 1; date +%T) | tee -a /tmp/log | sed "s/^/got /"; done'`);
    expect(l.now - before).toBeLessThan(2_500);
    // The stage's subshell is forked with the other stages, then it forks its sleep.
    const top = run('docker top stage -o pid,ppid,args').out.trim().split('\n').slice(1).map((x) => x.trim().split(/\s+/));
    const script = 'sh -c while true; do (sleep 1; date +%T) | tee -a /tmp/log | sed "s/^/got /"; done';
    expect(top.map((f) => f.slice(2).join(' '))).toEqual([script, script, 'tee -a /tmp/log', 'sed s/^/got /', 'sleep 1']);
    expect(top.slice(1, 4).map((f) => f[1])).toEqual([top[0]![0], top[0]![0], top[0]![0]]);
    expect(top[4]![1]).toBe(top[1]![0]);
    run('sleep 3');
    const log = run('docker logs stage').out.trim().split('\n');
    expect(log.every((x) => x.startsWith('got '))).toBe(true);
    const at = seconds(log.join('\n'));
    at.forEach((s, k) => expect(s - at[0]!).toBe(k));
    expect(run('docker exec stage cat /tmp/log').out.startsWith(log.map((x) => x.slice(4) + '\n').join(''))).toBe(true);
  });

  it('waits on a sleep as a stage of its own and keeps the statuses for pipefail', () => {
    const { run } = lab();
    run('docker pull -q centos:7');
    const r = run(`docker run --rm centos:7 bash -c 'set -o pipefail; sleep 1 | (exit 4) | sleep 1; echo "status $?"; date +%s > /tmp/a; sleep 1 | cat; echo done'`);
    expect(r).toEqual({ out: 'status 4\ndone\n', code: 0 });
  });

  it('carries on the same way after a snapshot taken while a substitution or a stage waits', () => {
    const { lab: l, run } = lab();
    run(`docker run -d --name snap busybox sh -c 'n=0; while true; do n=$((n+1)); echo "$n $(sleep 1; date +%T)" | (sleep 1; cat); done'`);
    for (const wait of [700, 600]) {
      l.advance(wait);
      const copy = restoreLab(l.snapshot());
      for (const x of [l, copy]) x.advance(5_000);
      expect(copy.run('docker logs snap').output).toBe(l.run('docker logs snap').output);
      expect(copy.snapshot()).toBe(l.snapshot());
    }
    const lines = run('docker logs snap').out.trim().split('\n');
    expect(lines.slice(0, 3).map((x) => x.split(' ')[0])).toEqual(['1', '2', '3']);
    // Each turn waits a second in the substitution and a second in the stage.
    const at = seconds(lines.join('\n'));
    at.forEach((s, k) => expect(s - at[0]!).toBe(2 * k));
  });

  it('passes each line of a loop that never ends through the line filters after it', () => {
    const { run } = lab();
    run(`docker run -d --name feed busybox sh -c 'while true; do date +%T; sleep 1; done | tee /tmp/log | grep -v 7$ | sed "s/^/at /"'`);
    run('sleep 6');
    const log = run('docker logs feed').out.trim().split('\n');
    expect(log.every((x) => /^at \d\d:\d\d:\d[0-68-9]$/.test(x))).toBe(true);
    const all = run('docker exec feed cat /tmp/log').out.trim().split('\n');
    const at = seconds(all.join('\n'));
    expect(at.length).toBeGreaterThanOrEqual(8);
    at.forEach((s, k) => expect(s - at[0]!).toBe(k));
    expect(all.filter((x) => !x.endsWith('7')).map((x) => `at ${x}`).slice(0, log.length)).toEqual(log);
    // Every stage is a process, as on a real host.
    expect(run('docker top feed -o pid,args').out).toMatch(/tee \/tmp\/log\n.*grep -v 7\$\n.*sed s\/\^\/at \/\n/);
  });

  it('says plainly when what comes after a loop that never ends needs all of its output', () => {
    const { run } = lab();
    run(`docker run -d --name count busybox sh -c 'while true; do date; sleep 1; done | wc -l'`);
    run('sleep 3');
    expect(run('docker logs count')).toEqual({ out: 'podbook: piping the output of a loop that never ends is not simulated\n', code: 0 });
  });

  it('docker stop ends the script and every process it waits on', () => {
    const { run } = lab();
    run(`docker run -d --name stop busybox sh -c 'while true; do (sleep 5; echo x) | cat; done'`);
    expect(run('docker stop stop').out).toBe('stop\n');
    expect(run('docker ps -a --format "{{.Status}}"').out).toMatch(/^Exited \(137\) /);
    expect(run('ps -e -o args | grep -c "sleep 5"').out).toBe('1\n');
  });
});
