/** `kill` built into the shells: no child process, and each shell's own errors. */
import { describe, expect, it } from 'vitest';
import { quiet, terminal } from './helpers.ts';

describe('kill in bash', () => {
  it('is a builtin with bash 4.2 wording', () => {
    const { run } = terminal();
    expect(run('type kill').out).toBe('kill is a shell builtin\n');
    expect(run('kill 99999')).toEqual({ out: 'bash: kill: (99999) - No such process\n', code: 1 });
    expect(run('kill -s FOO 1')).toEqual({ out: 'bash: kill: FOO: invalid signal specification\n', code: 1 });
    expect(run('kill abc')).toEqual({ out: 'bash: kill: abc: arguments must be process or job IDs\n', code: 1 });
    expect(run('kill')).toEqual({ out: 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n', code: 2 });
    expect(run('kill -l 15 KILL 143').out).toBe('TERM\n9\nTERM\n');
  });

  it('signals a job by its number and forks no process of its own', () => {
    const { run } = terminal();
    run('sleep 100 &');
    const pid = Number(run('echo $!').out);
    expect(run('kill -9 %1').code).toBe(0);
    // The next process gets the next pid: kill took none.
    run('true');
    expect(run('sleep 1 & echo $!').out).toContain(String(pid + 1));
  });
});

describe('kill in the shells of images', () => {
  it('busybox ash words its errors as busybox does', () => {
    const { run } = terminal();
    expect(quiet(run(`docker run --rm busybox sh -c 'kill 4242; echo $?; kill -FOO 1; echo $?; kill; echo $?; kill -l 9'`).out)).toBe(
      "sh: can't kill pid 4242: No such process\n1\nsh: bad signal name 'FOO'\n1\nsh: you need to specify whom to kill\n1\nKILL\n",
    );
  });

  it("dash words its errors as dash does: 'Illegal number', the usage on two lines, a blank line after 'No such process'", () => {
    const { run } = terminal();
    expect(quiet(run(`docker run --rm ubuntu sh -c 'kill -l 143; kill -l TERM; echo $?; kill -s TERM; echo $?; kill -TERM nope; echo $?; kill 99999; echo $?'`).out)).toBe(
      'TERM\nsh: 1: kill: Illegal number: TERM\n2\nsh: 1: kill: Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]\n2\nsh: 1: kill: Illegal number: nope\n2\nsh: 1: kill: No such process\n\n1\n',
    );
  });

  it('gives $$ and $! as the container numbers them', () => {
    const { run } = terminal();
    expect(quiet(run(`docker run --rm busybox sh -c 'sleep 1 & echo $! $$; wait $!; echo $?'`).out)).toBe('2 1\n0\n');
  });

  it('lets a shell in a container stop its own job', () => {
    const { run } = terminal();
    expect(quiet(run(`docker run --rm busybox sh -c 'sleep 100 & kill $!; wait $!; echo $?'`).out)).toBe('143\n');
  });
});
