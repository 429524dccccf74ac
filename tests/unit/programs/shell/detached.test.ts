/**
 * Scripts nobody waits on (a container's command) run on the lab clock: `sleep` in them ends on a
 * timer and the script carries on from where it stopped, through snapshots too.
 */
import { describe, expect, it } from 'vitest';
import { restoreLab } from '../../../../simulator/index.ts';
import { terminal } from './helpers.ts';

const LOOP = `docker run -d --name tick busybox sh -c 'while true; do date; sleep 1; done'`;

/** Seconds of the day of each `date` line. */
function seconds(log: string): number[] {
  return log
    .trim()
    .split('\n')
    .map((l) => {
      const m = /(\d\d):(\d\d):(\d\d) UTC/.exec(l) as RegExpExecArray;
      return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    });
}

describe('a container whose command is a shell loop', () => {
  it('prints a line per second of lab time, one second apart', () => {
    const { lab, run } = terminal();
    expect(run(LOOP).code).toBe(0);
    const start = lab.now;
    const first = seconds(run('docker logs tick').out);
    // The log holds what the loop printed up to now: one line at start, then one a second.
    expect(first.length).toBe(1 + Math.floor((lab.now - start + 250) / 1000));
    run('sleep 5');
    const later = seconds(run('docker logs tick').out);
    expect(later.length).toBe(first.length + 9);
    later.forEach((s, k) => expect(s - (later[0] as number)).toBe(k));
  });

  it('shows the shell and its sleep as processes', () => {
    const { run } = terminal();
    run(LOOP);
    const top = run('docker top tick -o pid,args').out.split('\n').slice(1, 3);
    expect(top[0]).toMatch(/^\d+\s+sh -c while true; do date; sleep 1; done$/);
    expect(top[1]).toMatch(/^\d+\s+sleep 1$/);
  });

  it('stops after the 10 s timeout with 137, as sh as PID 1 ignores SIGTERM', () => {
    const { lab, run } = terminal();
    run(LOOP);
    const before = lab.now;
    expect(run('docker stop tick')).toEqual({ out: 'tick\n', code: 0 });
    expect(lab.now - before).toBe(12_000);
    expect(run('docker inspect -f "{{.State.ExitCode}}" tick').out).toBe('137\n');
    const lines = run('docker logs tick | wc -l').out;
    run('sleep 5');
    expect(run('docker logs tick | wc -l').out).toBe(lines);
  });

  it('docker stop returns when a script ends within the timeout, without killing it', () => {
    const { lab, run } = terminal();
    run('docker pull -q busybox');
    run(`docker run -d --name brief busybox sh -c 'sleep 3; echo bye'`);
    const before = lab.now;
    expect(run('docker stop brief').out).toBe('brief\n');
    expect(lab.now - before).toBe(2_000 + 1_000);
    expect(run('docker inspect -f "{{.State.ExitCode}}" brief').out).toBe('0\n');
    expect(run('docker logs brief').out).toBe('bye\n');
  });

  it('ignores docker kill -s TERM and INT (PID 1 without handlers), ends on KILL', () => {
    const { run } = terminal();
    run(LOOP);
    expect(run('docker kill -s TERM tick')).toEqual({ out: 'tick\n', code: 0 });
    run('docker kill -s INT tick');
    expect(run('docker ps --format "{{.Status}}"').out).toMatch(/^Up /);
    run('docker kill tick');
    expect(run('docker ps -a --format "{{.Status}}"').out).toMatch(/^Exited \(137\) /);
  });

  it('exec hands PID 1 to the program, which runs on the clock', () => {
    const { lab, run } = terminal();
    run('docker pull -q busybox');
    const before = lab.now;
    run(`docker run -d --name ex busybox sh -c 'date +%T; exec sleep 5'`);
    expect(lab.now - before).toBeLessThan(2_500);
    expect(run('docker top ex -o pid,args').out).toMatch(/^PID +COMMAND\n\d+ +sleep 5\n$/);
    run('sleep 2');
    expect(run('docker ps -a --format "{{.Status}}"').out).toMatch(/^Exited \(0\) /);
  });

  it('carries on the same way after a snapshot taken mid-sleep', () => {
    const { lab, run } = terminal();
    run(`docker run -d --name count busybox sh -c 'n=0; while true; do n=$((n+1)); echo "$n $(date +%T)"; sleep 2; done'`);
    lab.advance(700);
    const copy = restoreLab(lab.snapshot());
    for (const l of [lab, copy]) l.advance(6_000);
    const a = lab.run('docker logs count').output;
    expect(copy.run('docker logs count').output).toBe(a);
    expect(a.split('\n').slice(0, 3).map((l) => l.split(' ')[0])).toEqual(['1', '2', '3']);
    expect(copy.snapshot()).toBe(lab.snapshot());
  });

  it('keeps variables, functions, redirections and the exit status across sleeps', () => {
    const { run } = terminal();
    run(`docker run -d --name c7 centos:7 bash -c 'i=0; say() { local n=$1; echo "tick $n"; }; while [ $i -lt 3 ]; do i=$((i+1)); say $i; sleep 2; done > /tmp/out; echo "end $i"; exit 3'`);
    expect(run('docker exec c7 cat /tmp/out').out).toBe('tick 1\ntick 2\n');
    run('sleep 4');
    expect(run('docker ps -a --format "{{.Status}}"').out).toMatch(/^Exited \(3\) /);
    expect(run('docker logs c7').out).toBe('end 3\n');
  });

  it('resumes inside if, case, for, subshells and and-or lists', () => {
    const { run } = terminal();
    run('docker pull -q busybox');
    const script = `f() { echo "f $1"; sleep 1; echo "f done $1"; }; for w in a b; do f $w; done; (cd /tmp; sleep 1; pwd); pwd; if sleep 1 && true; then echo yes; else echo no; fi; case x in x) sleep 1; echo case;; esac; echo "status $?"`;
    const r = run(`docker run --rm busybox sh -c '${script}'`);
    expect(r.out).toBe('f a\nf done a\nf b\nf done b\n/tmp\n/\nyes\ncase\nstatus 0\n');
  });

  it('waits for a foreground docker run on the clock', () => {
    const { lab, run } = terminal();
    run('docker pull -q busybox');
    const before = lab.now;
    expect(run(`docker run --rm busybox sh -c 'for i in 1 2 3; do echo $i; sleep 1; done'`).out).toBe('1\n2\n3\n');
    expect(lab.now - before).toBeGreaterThanOrEqual(2_000 + 3_000);
    expect(lab.now - before).toBeLessThan(2_000 + 4_000);
  });

  it('leaves a foreground docker run of an endless loop attached: followed in a terminal, stopped in a cell', () => {
    const { lab, run } = terminal();
    run('docker pull -q busybox');
    const cell = run(`docker run --name fg busybox sh -c 'while true; do echo x; sleep 1; done'`);
    expect(cell.code).toBe(130);
    expect(cell.out.endsWith('x\n^C\n')).toBe(true);
    const term = lab.run(`docker run --name fg2 busybox sh -c 'while true; do echo y; sleep 1; done'`, { follow: true });
    expect(term.streaming).toBe(true);
    expect(lab.pump(2000)).toMatchObject({ output: 'y\ny\n', done: false });
    expect(lab.interrupt()).toMatchObject({ done: true, exitCode: 130 });
  });

  it('leaves standard input to read when sleep does not read it', () => {
    const { run } = terminal();
    run('docker pull -q busybox');
    const r = run(`printf 'a\\nb\\n' | docker run -i --rm busybox sh -c 'while read l; do echo "got $l"; sleep 1; done; echo eof'`);
    expect(r.out).toBe('got a\ngot b\neof\n');
  });

  it('prints nothing while paused and carries on after unpause', () => {
    const { run } = terminal();
    run(LOOP);
    run('docker pause tick');
    const paused = run('docker logs tick | wc -l').out;
    run('sleep 5');
    expect(run('docker logs tick | wc -l').out).toBe(paused);
    run('docker unpause tick');
    run('sleep 3');
    expect(Number(run('docker logs tick | wc -l').out)).toBeGreaterThan(Number(paused) + 3);
  });
});

describe('scripts in the foreground', () => {
  it('still move the clock: sleep at the prompt and bash -c typed there run to their end', () => {
    const { lab, run } = terminal();
    let before = lab.now;
    expect(run('sleep 3').code).toBe(0);
    expect(lab.now - before).toBe(2_000 + 3_000);
    before = lab.now;
    expect(run(`bash -c 'echo a; sleep 2; echo b'`).out).toBe('a\nb\n');
    expect(lab.now - before).toBe(2_000 + 2_000);
  });
});

describe('background jobs at the prompt', () => {
  it('run a loop on the clock as a process of their own, reported when killed', () => {
    const { lab, run } = terminal();
    const start = lab.now;
    const started = run('(while true; do date +%T >> /tmp/log; sleep 1; done) &').out;
    expect(started).toMatch(/^\[1\] \d+\n$/);
    // The line returns at once; the loop goes on as time passes.
    expect(lab.now - start).toBe(2_000);
    const pid = started.trim().split(' ')[1] as string;
    expect(run('ps -o pid,ppid,args').out).toMatch(new RegExp(`\\n +${pid} +\\d+ -bash\\n +\\d+ +${pid} sleep 1\\n`));
    run('sleep 3');
    const log = run('cat /tmp/log').out.trim().split('\n');
    // One line at once, then one a second: the ps, sleep 3 and cat lines took 9 s with thinking time.
    expect(log.length).toBe(10);
    expect(run(`kill ${pid}`).out).toBe('');
    expect(run('true').out).toBe('[1]+  Terminated              ( while true; do\n        date +%T >> /tmp/log;\n        sleep 1;\n    done )\n');
    const after = run('cat /tmp/log').out;
    run('sleep 3');
    expect(run('cat /tmp/log').out).toBe(after);
  });

  it('keep a lone program as the job itself, with the pid bash printed', () => {
    const { run } = terminal();
    const pid = run('sleep 5 &').out.trim().split(' ')[1];
    expect(run('ps -o pid,args').out).toContain(`${pid} sleep 5\n`);
    expect(run('sleep 2').out).toBe('');
    expect(run('true').out).toBe('[1]+  Done                    sleep 5\n');
  });

  it('write to the terminal with the next line’s output', () => {
    const { run } = terminal();
    run('for i in 1 2; do echo "tick $i"; sleep 2; done &');
    expect(run('sleep 3').out).toBe('tick 2\n');
  });
});

describe('script files run by a detached script', () => {
  it('sleep on the clock too, the caller waiting on them', () => {
    const { lab, run } = terminal();
    lab.writeFile('/root/loop.sh', '#!/bin/sh\nwhile true; do date +%T; sleep 1; done\n');
    run('chmod +x /root/loop.sh');
    run('docker run -d --name looper -v /root/loop.sh:/loop.sh busybox sh -c "/loop.sh"');
    run('sleep 3');
    expect(run('docker logs looper').out.trim().split('\n').length).toBe(8);
    expect(run('docker top looper -o pid,args').out).toMatch(/^PID +COMMAND\n\d+ +sh -c \/loop.sh\n\d+ +\/bin\/sh \/loop.sh\n\d+ +sleep 1\n$/);
  });
});

describe('a script file as the container command', () => {
  it('runs as its #! interpreter, as the kernel starts it, on the clock', () => {
    const { lab, run } = terminal();
    lab.writeFile('/root/loop.sh', '#!/bin/sh\nwhile true; do date +%T; sleep 1; done\n');
    run('chmod +x /root/loop.sh');
    run('docker pull -q busybox');
    expect(run('docker run -d --name looper -v /root/loop.sh:/loop.sh busybox /loop.sh').code).toBe(0);
    run('sleep 1');
    expect(run('docker top looper -o pid,args').out).toMatch(/^PID +COMMAND\n\d+ +\/bin\/sh \/loop.sh\n\d+ +sleep 1\n$/);
    expect(run('docker logs looper').out.trim().split('\n').length).toBe(8);
    run('docker exec -d looper /loop.sh');
    expect(run('docker top looper -o pid,args').out.match(/\/bin\/sh \/loop.sh/g)?.length).toBe(2);
  });

  it('without the execute bit is refused as runc refuses it', () => {
    const { lab, run } = terminal();
    lab.writeFile('/root/loop.sh', '#!/bin/sh\necho hi\n');
    run('docker pull -q busybox');
    const r = run('docker run -d --name nox -v /root/loop.sh:/loop.sh busybox /loop.sh');
    expect(r.code).toBe(126);
    expect(r.out).toContain('exec: "/loop.sh": permission denied: unknown');
  });
});

describe('wait', () => {
  it('at the prompt runs the clock until the jobs end, with the status of the one named', () => {
    const { lab, run } = terminal();
    const before = lab.now;
    expect(run('sleep 3 & wait; echo done').out).toMatch(/^\[1\] \d+\ndone\n$/);
    expect(lab.now - before).toBe(2_000 + 3_000);
    expect(run('(sleep 1; exit 3) & wait $!; echo "status $?"').out).toMatch(/status 3\n/);
    const bad = run('wait 77');
    expect(bad.code).toBe(127);
    expect(bad.out).toContain('bash: wait: pid 77 is not a child of this shell\n');
  });

  it('in a container suspends the script until every job has ended', () => {
    const { run } = terminal();
    run('docker pull -q busybox');
    run(`docker run -d --name jobs busybox sh -c 'for i in 4 8; do (sleep $i; echo "job $i") & done; wait; echo "all done"'`);
    expect(run('docker logs jobs').out).toBe('');
    run('sleep 1');
    expect(run('docker logs jobs').out).toBe('job 4\n');
    run('sleep 1');
    expect(run('docker logs jobs').out).toBe('job 4\njob 8\nall done\n');
    expect(run('docker ps -a --format "{{.Status}}"').out).toMatch(/^Exited \(0\) /);
  });
});
