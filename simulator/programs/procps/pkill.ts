/**
 * pgrep and pkill (procps-ng 3.3.10): match process names (or, with -f, whole command lines)
 * against an extended regular expression; pkill signals them, pgrep prints their pids. Exit 0 when
 * something matched, 1 when nothing did, 2 for bad usage.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { commOf } from '../../kernel/proc-info.ts';
import { parseSignal } from '../../kernel/signals.ts';
import { argsOf, userNames, userOf, visible } from './common.ts';
import { signalAs } from './kill.ts';

function matcher(ctx: ExecContext, prog: 'pgrep' | 'pkill'): number {
  const args = ctx.argv.slice(1);
  let signal = 15;
  let full = false;
  let exact = false;
  let list = false;
  let newest = false;
  let oldest = false;
  let user: string | undefined;
  let pattern: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (prog === 'pkill' && /^-[A-Za-z0-9]+$/.test(a) && parseSignal(a.slice(1)) !== undefined && !['-f', '-x', '-n', '-o', '-l', '-u'].includes(a)) {
      signal = parseSignal(a.slice(1)) as number;
      continue;
    }
    if (a === '--signal') {
      const n = parseSignal(args[++i] ?? '');
      if (n === undefined) {
        ctx.stderr(`${prog}: Unknown signal "${args[i] ?? ''}".\n`);
        return 2;
      }
      signal = n;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'f') full = true;
        else if (c === 'x') exact = true;
        else if (c === 'l' && prog === 'pgrep') list = true;
        else if (c === 'n') newest = true;
        else if (c === 'o') oldest = true;
        else if (c === 'u') user = args[++i];
        else {
          ctx.stderr(`${prog}: invalid option -- '${c}'\n\nUsage:\n ${prog} [options] <pattern>\n\nFor more details see pgrep(1).\n`);
          return 2;
        }
      }
      continue;
    }
    if (pattern !== undefined) {
      ctx.stderr(`${prog}: only one pattern can be provided\nTry \`${prog} --help' for more information.\n`);
      return 2;
    }
    pattern = a;
  }
  if (pattern === undefined && user === undefined) {
    ctx.stderr(`${prog}: no matching criteria specified\nTry \`${prog} --help' for more information.\n`);
    return 2;
  }
  let re: RegExp;
  try {
    re = new RegExp(exact ? `^(?:${pattern ?? ''})$` : (pattern ?? ''));
  } catch {
    ctx.stderr(`${prog}: regex error\n`);
    return 2;
  }
  const names = userNames(ctx);
  let rows = visible(ctx).filter((r) => r.proc.pid !== ctx.pid && re.test(full ? argsOf(r.proc) : commOf(r.proc)) && (user === undefined || userOf(names, r.proc.uid) === user || String(r.proc.uid) === user));
  if (newest && rows.length > 0) rows = [rows.reduce((a, b) => (b.proc.startedAt >= a.proc.startedAt ? b : a))];
  if (oldest && rows.length > 0) rows = [rows.reduce((a, b) => (b.proc.startedAt < a.proc.startedAt ? b : a))];
  if (prog === 'pgrep') {
    ctx.stdout(rows.map((r) => (list ? `${r.pid} ${commOf(r.proc)}\n` : `${r.pid}\n`)).join(''));
    return rows.length > 0 ? 0 : 1;
  }
  for (const r of rows) {
    const failure = signalAs(ctx, r.pid, signal);
    if (failure) ctx.stderr(`pkill: killing pid ${r.pid} failed: ${failure}\n`);
  }
  return rows.length > 0 ? 0 : 1;
}

export const pkill: Program = (ctx) => matcher(ctx, 'pkill');
export const pgrep: Program = (ctx) => matcher(ctx, 'pgrep');
