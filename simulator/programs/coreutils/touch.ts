/** touch (coreutils 8.22): creates empty files or updates their time. */
import type { Program } from '../../kernel/types.ts';
import { abs, errno, parseOptions, q, usageError } from './common.ts';

export const touch: Program = (ctx) => {
  const opts = parseOptions(ctx, 'touch', { short: 'acmd:r:t:h', long: { 'no-create': 'c', date: 'd', reference: 'r' } });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length === 0) return usageError(ctx, 'touch', 'missing file operand');
  let status = 0;
  const fs = ctx.host.fs;
  for (const name of opts.operands) {
    const path = abs(ctx, name);
    try {
      const node = fs.tryStat(path);
      if (node?.type === 'dir') continue;
      if (!node && opts.has('c')) continue;
      fs.writeFile(path, node ? fs.readFile(path) : '');
    } catch (e) {
      ctx.stderr(`touch: cannot touch ${q(name)}: ${errno(e)}\n`);
      status = 1;
    }
  }
  return status;
};
