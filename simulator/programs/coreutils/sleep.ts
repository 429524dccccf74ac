/**
 * sleep (coreutils 8.22). In the foreground it moves the lab clock forward (events falling due in
 * between run); detached (a container's script) it stays in the process table and ends on the clock.
 */
import { STILL_RUNNING, type Program } from '../../kernel/types.ts';
import { FOREVER_STREAM, TIMED_EXIT, type TimedExit } from '../../kernel/hooks.ts';
import { q, usageError } from './common.ts';

export function parseDuration(text: string): number | null {
  // strtod's `inf`/`infinity`: sleep never ends by itself.
  if (/^inf(inity)?$/i.test(text)) return Infinity;
  const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as string]!;
}

export const sleep: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0) return usageError(ctx, 'sleep', 'missing operand');
  let total = 0;
  for (const a of args) {
    const ms = parseDuration(a);
    if (ms === null) {
      if (/^-[^0-9.]/.test(a)) return usageError(ctx, 'sleep', `invalid option -- '${a[1]}'`);
      ctx.stderr(`sleep: invalid time interval ${q(a)}\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    total += ms;
  }
  const ms = Math.round(total);
  if (ctx.detached && ms > 0) {
    const proc = ctx.host.proc(ctx.pid);
    if (proc) {
      proc.state = 'S';
      if (Number.isFinite(ms)) ctx.host.setTimer(ctx.pid, ms, TIMED_EXIT, { code: 0 } satisfies TimedExit);
      return STILL_RUNNING;
    }
  }
  if (!Number.isFinite(ms)) {
    // In the foreground for ever: a terminal keeps it there until Ctrl+C; elsewhere it stops as if interrupted.
    if (ctx.session?.follow && ctx.isTTY) {
      ctx.session.stream = { kind: FOREVER_STREAM, host: ctx.host.name, data: {} };
      return 0;
    }
    ctx.stdout('^C\n');
    return 130;
  }
  ctx.world.advance(ms);
  return 0;
};
