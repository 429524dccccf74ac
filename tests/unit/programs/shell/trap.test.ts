/**
 * `trap`: its listing and errors in bash, dash and busybox ash, the EXIT trap, and signal traps in
 * a container's shell, which run between commands as the real shells run them.
 */
import { describe, expect, it } from 'vitest';
import { restoreLab } from '../../../../simulator/index.ts';
import { quiet, terminal } from './helpers.ts';

describe('trap in bash', () => {
  it('lists traps as bash does, EXIT first, signals with SIG, quotes escaped', () => {
    const { run } = terminal();
    expect(run('trap').out).toBe('');
    run(`trap 'echo it'"'"'s' USR1`);
    run("trap 'echo bye' EXIT");
    run("trap '' INT");
    expect(run('trap').out).toBe("trap -- 'echo bye' EXIT\ntrap -- '' SIGINT\ntrap -- 'echo it'\\''s' SIGUSR1\n");
    expect(run('trap -p USR1').out).toBe("trap -- 'echo it'\\''s' SIGUSR1\n");
    run('trap - USR1 INT');
    expect(run('trap').out).toBe("trap -- 'echo bye' EXIT\n");
  });

  it('rejects an unknown condition with status 1 and keeps the good ones', () => {
    const { run } = terminal();
    expect(run("trap 'echo x' FOO TERM")).toEqual({ out: 'bash: trap: FOO: invalid signal specification\n', code: 1 });
    expect(run('trap').out).toBe("trap -- 'echo x' SIGTERM\n");
    expect(run('trap -x').code).toBe(2);
  });

  it('names signals without SIG when bash runs as sh', () => {
    const { run } = terminal();
    expect(run(`sh -c 'trap "echo x" 15; trap'`).out).toBe("trap -- 'echo x' TERM\n");
  });

  it('runs the EXIT trap when a script ends, with the exit status in $?, and an exit there sets the status', () => {
    const { run } = terminal();
    expect(run(`bash -c 'trap "echo done" EXIT; echo body'`).out).toBe('body\ndone\n');
    expect(run(`bash -c 'trap "echo status \\$?" EXIT; exit 3'`)).toEqual({ out: 'status 3\n', code: 3 });
    expect(run(`bash -c 'trap "exit 5" EXIT; true'`).code).toBe(5);
  });

  it('runs a signal trap after the command that raised it, and goes on', () => {
    const { run } = terminal();
    expect(run(`bash -c 'trap "echo usr1" USR1; kill -USR1 $$; echo after'`).out).toBe('usr1\nafter\n');
    expect(run(`bash -c 'trap "echo term; exit 7" TERM; kill $$; echo never'`)).toEqual({ out: 'term\n', code: 7 });
  });

  it('gives a subshell no traps of its parent but the ignored ones, runs its own EXIT trap, and lists the parent\'s in $(trap)', () => {
    const { run } = terminal();
    expect(run(`bash -c 'trap "echo parent" EXIT; ( trap "echo sub" EXIT; echo in; exit 3 ); echo $?'`).out).toBe('in\nsub\n3\nparent\n');
    expect(run(`bash -c 'trap "echo t" TERM; trap "" INT; ( trap ); echo "[$(trap)]"'`).out).toBe("trap -- '' SIGINT\n[trap -- '' SIGINT\ntrap -- 'echo t' SIGTERM]\n");
  });

  it('prints the signal table for trap -l', () => {
    const { run } = terminal();
    const table = run('trap -l').out.split('\n');
    expect(table[0]).toBe(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP');
    expect(table[6]).toBe('31) SIGSYS\t34) SIGRTMIN\t35) SIGRTMIN+1\t36) SIGRTMIN+2\t37) SIGRTMIN+3');
    expect(table[12]).toBe('63) SIGRTMAX-1\t64) SIGRTMAX\t');
  });
});

describe('trap in busybox ash', () => {
  it('lists short names with dash-style quoting and words errors as ash does', () => {
    const { run } = terminal();
    const r = run(`docker run --rm busybox sh -c 'trap "a'"'"'b" INT; trap "echo x" 0; trap; trap y FOO; echo $?'`);
    expect(r.out.split('\n').filter((l) => !/Pull|Digest|Status|Unable|latest/.test(l)).join('\n')).toBe(
      "trap -- 'echo x' EXIT\ntrap -- 'a'\"'\"'b' INT\nsh: trap: line 1: FOO: invalid signal specification\n1\nx\n",
    );
  });
});

describe('a trapped signal in a container', () => {
  it('docker stop ends a sleeping loop through its TERM trap when the sleep ends', () => {
    const { run } = terminal();
    run(`docker run -d --name tt busybox sh -c 'trap "echo bye; exit 0" TERM; echo start; while true; do sleep 1; done'`);
    run('sleep 2');
    // The trap waits for the `sleep 1` in progress: well under docker's 10 s grace period.
    expect(run('time docker stop tt').out).toMatch(/^tt\n\nreal\t0m(0\.\d{3}|1\.000)s\n/);
    expect(run('docker logs tt').out).toBe('start\nbye\n');
    expect(run("docker inspect -f '{{.State.ExitCode}}' tt").out).toBe('0\n');
  });

  it('a trap that does not exit leaves the loop running until docker stop kills it', () => {
    const { run } = terminal();
    run(`docker run -d --name t2 busybox sh -c 'trap "echo got TERM" TERM; while true; do sleep 1; done'`);
    expect(run('time docker stop t2').out).toMatch(/^t2\n\nreal\t0m10\.000s\n/);
    expect(run('docker logs t2').out).toBe('got TERM\n');
    expect(run("docker inspect -f '{{.State.ExitCode}}' t2").out).toBe('137\n');
  });

  it('interrupts the wait builtin at once: the trap stops the job and sets the exit code', () => {
    const { run } = terminal();
    run(`docker run -d --name t3 busybox sh -c 'trap "echo stopping; kill \\$child; exit 3" TERM; sleep 1000 & child=$!; wait $child'`);
    run('sleep 1');
    expect(run('time docker stop t3').out).toMatch(/^t3\n\nreal\t0m0\.\d{3}s\n/);
    expect(run('docker logs t3').out).toBe('stopping\n');
    expect(run("docker inspect -f '{{.State.ExitCode}}' t3").out).toBe('3\n');
  });

  it('runs the trap of a loop spinning on the CPU at once', () => {
    const { run } = terminal();
    run(`docker run -d --name t4 busybox sh -c 'n=4; trap "echo spun; exit \\$n" TERM; while :; do :; done'`);
    run('sleep 2');
    run('docker stop t4');
    expect(run('docker logs t4').out).toBe('spun\n');
    expect(run("docker inspect -f '{{.State.ExitCode}}' t4").out).toBe('4\n');
  });

  it("runs an INT trap on the reader's Ctrl+C in a foreground docker run, which the client waits for", () => {
    const { run } = terminal();
    expect(quiet(run(`docker run --rm busybox sh -c 'trap "echo bye; exit 5" INT; while true; do sleep 1; done'`).out)).toBe('^C\nbye\n');
    expect(run('echo $?').out).toBe('5\n');
    // A trap that does not exit leaves the loop running: the client stops waiting.
    const r = run(`docker run --name keep busybox sh -c 'trap "echo got" INT; while true; do sleep 1; done'`);
    expect([quiet(r.out), r.code]).toEqual(['^C\ngot\n', 130]);
    expect(run("docker inspect -f '{{.State.Status}}' keep").out).toBe('running\n');
  });

  it('keeps a pending trap across a snapshot', () => {
    const { lab, run } = terminal();
    run(`docker run -d --name t5 busybox sh -c 'trap "echo bye; exit 0" TERM; while true; do sleep 5; done'`);
    run('docker kill -s TERM t5');
    const copy = restoreLab(lab.snapshot());
    copy.run('sleep 6');
    expect(copy.run('docker logs t5').output).toBe('bye\n');
    expect(copy.run("docker ps -a --format '{{.Status}}'").output).toMatch(/^Exited \(0\)/);
  });
});
