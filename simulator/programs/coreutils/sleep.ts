/** sleep (coreutils 8.22): moves the lab clock forward; events falling due in between run. */
import type { Program } from '../../kernel/types.ts';
import { q, usageError } from './common.ts';

export function parseDuration(text: string): number | null {
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
  ctx.world.advance(Math.round(total));
  return 0;
};
