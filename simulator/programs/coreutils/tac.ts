/** tac (coreutils 8.22): lines in reverse order. */
import type { Program } from '../../kernel/types.ts';
import { lines, parseOptions, readInput } from './common.ts';

export const tac: Program = (ctx) => {
  const opts = parseOptions(ctx, 'tac', { short: '' });
  if (typeof opts === 'number') return opts;
  let status = 0;
  for (const name of opts.operands.length ? opts.operands : ['-']) {
    const text = readInput(ctx, 'tac', name);
    if (text === null) {
      status = 1;
      continue;
    }
    ctx.stdout(lines(text).reverse().map((l) => l + '\n').join(''));
  }
  return status;
};
