/**
 * `kill` as the shells have it built in (bash, dash and busybox ash all do): the shell signals
 * from its own process, so no child is forked, `%N` names one of its jobs, and each shell words
 * its errors its own way. /usr/bin/kill (procps/kill.ts) is what `env kill` or `command -p` finds.
 */
import { parseSignal, signalName, SIGNALS } from '../../kernel/signals.ts';
import type { Fds, Shell } from './interpreter.ts';
import { signalTable } from './trap.ts';
import { signalAs } from '../procps/kill.ts';

const BASH_USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';
const DASH_USAGE = 'Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]';

/** `-l` with operands: a number (or an exit status above 128) gives the name, a name its number (dash takes numbers only). */
function listOne(shell: Shell, operand: string, fds: Fds): boolean {
  const s = shell.speaker();
  if (s.dialect === 'dash' && !/^\d+$/.test(operand)) {
    fds.err(`${shell.errPrefix()}kill: Illegal number: ${operand}\n`);
    return false;
  }
  if (/^\d+$/.test(operand)) {
    const n = Number(operand) & (Number(operand) > 128 ? 0x7f : 0xff);
    if (n > 0 && n < SIGNALS.length) {
      fds.out(`${signalName(n)}\n`);
      return true;
    }
  } else {
    const n = parseSignal(operand);
    if (n !== undefined && n > 0) {
      fds.out(`${n}\n`);
      return true;
    }
  }
  if (s.dialect === 'bash') fds.err(`${shell.errPrefix()}kill: ${operand}: invalid signal specification\n`);
  else if (s.dialect === 'dash') fds.err(`${shell.errPrefix()}kill: invalid signal number or exit status: ${operand}\n`);
  else fds.err(`${s.name}: unknown signal '${operand}'\n`);
  return false;
}

/** busybox's `kill -l`: one signal a line, `N) NAME` (29 is POLL there), then glibc's real-time bounds. */
function ashList(): string {
  let out = '';
  for (let n = 1; n < SIGNALS.length; n++) out += `${String(n).padStart(2)}) ${SIGNALS[n] as string}\n`;
  return out + '34) RTMIN\n64) RTMAX\n';
}

/** The pid a `%N` job spec names, among this shell's jobs still running. */
function jobPid(shell: Shell, spec: string): number | undefined {
  const n = spec === '%%' || spec === '%+' || spec === '%' ? undefined : Number(spec.slice(1));
  const jobs = shell.jobProcs();
  const job = n === undefined ? jobs[jobs.length - 1] : jobs.find((p) => p.data?.['jobNumber'] === n);
  return job?.pid;
}

export function killBuiltin(shell: Shell, argv: string[], fds: Fds): number {
  const s = shell.speaker();
  const prefix = shell.errPrefix();
  const args = argv.slice(1);
  const usage = (): number => {
    if (s.dialect === 'bash') {
      fds.err(BASH_USAGE);
      return 2;
    }
    if (s.dialect === 'dash') {
      fds.err(`${prefix}kill: ${DASH_USAGE}\n`);
      return 2;
    }
    fds.err(`${s.name}: you need to specify whom to kill\n`);
    return 1;
  };
  const badSignal = (name: string): number => {
    if (s.dialect === 'bash') fds.err(`${prefix}kill: ${name}: invalid signal specification\n`);
    else if (s.dialect === 'dash') fds.err(`${prefix}kill: invalid signal number or name: ${name}\n`);
    else fds.err(`${s.name}: bad signal name '${name}'\n`);
    return s.dialect === 'dash' ? 2 : 1;
  };
  if (args.length === 0) return usage();
  let signal = 15;
  let i = 0;
  const first = args[0] as string;
  if (first === '-l' || first === '-L') {
    if (args.length === 1) {
      if (s.dialect === 'bash') fds.out(signalTable());
      else if (s.dialect === 'dash') fds.out(['0', ...SIGNALS.slice(1).map((n, k) => (k + 1 === 29 ? 'IO' : n))].join('\n') + '\n');
      else fds.out(ashList());
      return 0;
    }
    let status = 0;
    for (const a of args.slice(1)) if (!listOne(shell, a, fds)) status = s.dialect === 'dash' ? 2 : 1;
    return status;
  }
  if (first === '-s' || first === '-n') {
    const name = args[1];
    if (name === undefined) {
      if (s.dialect === 'dash') {
        fds.err(`${prefix}kill: No arg for ${first} option\n`);
        return 2;
      }
      if (s.dialect === 'bash') fds.err(`${prefix}kill: ${first}: option requires an argument\n`);
      return usage();
    }
    const n = parseSignal(name);
    if (n === undefined || (first === '-n' && !/^\d+$/.test(name))) return badSignal(name);
    signal = n;
    i = 2;
  } else if (first === '--') {
    i = 1;
  } else if (first.startsWith('-') && first.length > 1) {
    // `kill -9 pid`, `kill -KILL pid`, `kill -SIGKILL pid`.
    const n = parseSignal(first.slice(1));
    if (n === undefined) return badSignal(first.slice(1));
    signal = n;
    i = 1;
  }
  const targets = args.slice(i);
  if (targets.length === 0) return usage();
  let status = 0;
  for (const target of targets) {
    let pid: number | undefined;
    if (target.startsWith('%')) {
      pid = jobPid(shell, target);
      if (pid === undefined) {
        if (s.dialect === 'bash') fds.err(`${prefix}kill: ${target}: no such job\n`);
        else if (s.dialect === 'dash') fds.err(`${prefix}kill: No such job: ${target}\n`);
        else fds.err(`${s.name}: ${target}: no such job\n`);
        status = 1;
        continue;
      }
    } else if (/^\d+$/.test(target)) pid = Number(target);
    else {
      if (s.dialect === 'bash') fds.err(`${prefix}kill: ${target}: arguments must be process or job IDs\n`);
      else if (s.dialect === 'dash') fds.err(`${prefix}kill: Illegal number: ${target}\n`);
      else fds.err(`${s.name}: invalid number '${target}'\n`);
      status = s.dialect === 'dash' ? 2 : 1;
      continue;
    }
    // kill(2) from the shell's own process, the pid as the shell sees it (its PID namespace).
    const error = signalAs({ host: shell.host, pid: shell.frame.pid }, pid, signal);
    if (error) {
      if (s.dialect === 'bash') fds.err(`${prefix}kill: (${pid}) - ${error}\n`);
      // dash's message ends with a line of its own (its format and its warning both add one).
      else if (s.dialect === 'dash') fds.err(`${prefix}kill: ${error}\n\n`);
      else fds.err(`${s.name}: can't kill pid ${pid}: ${error}\n`);
      status = 1;
    }
  }
  return status;
}
