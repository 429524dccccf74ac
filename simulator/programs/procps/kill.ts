/**
 * kill (util-linux 2.23, /usr/bin/kill) and the signal sending shells and pkill share: signals by
 * name or number, pids in the caller's PID namespace, `-l` lists the signal names.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { parseSignal, SIGNALS } from '../../kernel/signals.ts';

/** Sends `signal` to the process the caller calls `pid`; the errno text on failure. */
export function signalAs(ctx: Pick<ExecContext, 'host' | 'pid'>, pid: number, signal: number): string | undefined {
  const target = ctx.host.procAs(ctx.pid, pid);
  if (!target) return 'No such process';
  const result = ctx.host.kill(target.pid, signal, ctx.pid);
  if (result === 'ESRCH') return 'No such process';
  if (result === 'EPERM') return 'Operation not permitted';
  return undefined;
}

/** The names `kill -l` prints, wrapped as util-linux does. */
export function signalList(): string {
  const names = SIGNALS.slice(1);
  let out = '';
  let line = '';
  for (const name of names) {
    if (line.length + name.length + 1 > 72) {
      out += line + '\n';
      line = '';
    }
    line += (line ? ' ' : '') + name;
  }
  return out + line + '\n';
}

export const kill: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let signal = 15;
  let i = 0;
  if (args.length === 0) {
    ctx.stderr('\nUsage:\n kill [options] <pid|name> [...]\n\nOptions:\n -a, --all              do not restrict the name-to-pid conversion to processes\n                        with the same uid as the present process\n -s, --signal <sig>     send specified signal\n -q, --queue <sig>      use sigqueue(2) rather than kill(2)\n -p, --pid              print pids without signaling them\n -l, --list [=<signal>] list signal names, or convert one to a name\n -L, --table            list signal names and numbers\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see kill(1).\n');
    return 1;
  }
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-l' || a === '--list') {
      const what = args[i + 1];
      if (what === undefined) {
        ctx.stdout(signalList());
        return 0;
      }
      const n = parseSignal(what);
      if (n === undefined || n === 0) {
        ctx.stderr(`kill: unknown signal ${what}; valid signals:\n${signalList()}`);
        return 1;
      }
      ctx.stdout(/^\d+$/.test(what) ? `${SIGNALS[n]}\n` : `${n}\n`);
      return 0;
    }
    if (a === '-L' || a === '--table') {
      ctx.stdout(SIGNALS.slice(1).map((name, k) => `${String(k + 1).padStart(2)} ${name.padEnd(8)}`).join('').replace(/(.{77})/g, '$1\n').trimEnd() + '\n');
      return 0;
    }
    if (a === '-s' || a === '--signal') {
      const n = parseSignal(args[++i] ?? '');
      if (n === undefined) {
        ctx.stderr(`kill: unknown signal ${args[i] ?? ''}; valid signals:\n${signalList()}`);
        return 1;
      }
      signal = n;
      continue;
    }
    if (/^-\w+$/.test(a) && !/^-\d+$/.test(a) ? true : /^-\d+$/.test(a) && i === 0) {
      const n = parseSignal(a.slice(1));
      if (n === undefined) {
        ctx.stderr(`kill: unknown signal ${a.slice(1)}; valid signals:\n${signalList()}`);
        return 1;
      }
      signal = n;
      continue;
    }
    break;
  }
  const targets = args.slice(i);
  if (targets.length === 0) {
    ctx.stderr('kill: not enough arguments\n');
    return 1;
  }
  let status = 0;
  for (const t of targets) {
    if (!/^-?\d+$/.test(t)) {
      ctx.stderr(`kill: cannot find process "${t}"\n`);
      status = 1;
      continue;
    }
    const failure = signalAs(ctx, Number(t), signal);
    if (failure) {
      ctx.stderr(`kill: sending signal to ${t} failed: ${failure}\n`);
      status = 1;
    }
  }
  return status;
};
