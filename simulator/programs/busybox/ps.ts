/**
 * busybox ps (1.36/1.37, the images' build): every process of the caller's PID namespace as
 * `-o pid,user,time,args`: `  PID USER     TIME  COMMAND`, pid right in 5, user left in 8, CPU
 * time `m:ss` in 5, then the command line; cut to 79 columns on a terminal.
 */
import type { Program } from '../../kernel/types.ts';
import { argsOf, userNames, userOf, visible } from '../procps/common.ts';

/** busybox's format_time for the 5-wide TIME column. */
function cpuTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 3600) return `${String(Math.floor(s / 60)).padStart(2)}:${pad(s % 60)}`;
  if (s < 86400) return `${String(Math.floor(s / 3600)).padStart(2)}h${pad(Math.floor(s / 60) % 60)}`;
  const days = Math.floor(s / 86400);
  return days < 100 ? `${String(days).padStart(2)}d${pad(Math.floor(s / 3600) % 24)}` : `${String(days).padStart(4)}d`;
}

export const busyboxPs: Program = (ctx) => {
  const names = userNames(ctx);
  const width = ctx.isTTY ? (Number(ctx.env['COLUMNS']) || 80) - 1 : 2048;
  const cut = (line: string): string => `${line.slice(0, width)}\n`;
  let out = cut('PID   USER     TIME  COMMAND');
  for (const r of visible(ctx).sort((a, b) => a.pid - b.pid)) {
    out += cut(`${String(r.pid).padStart(5)} ${userOf(names, r.proc.uid).slice(0, 8).padEnd(8)} ${cpuTime(r.proc.cpuMs).padEnd(5)} ${argsOf(r.proc)}`);
  }
  ctx.stdout(out);
  return 0;
};
