/** tee (coreutils 8.22): copies standard input to standard output and files; `-a` appends. */
import type { Program } from '../../kernel/types.ts';
import { abs, errno, parseOptions } from './common.ts';

export const tee: Program = (ctx) => {
  const opts = parseOptions(ctx, 'tee', { short: 'ai', long: { append: 'a', 'ignore-interrupts': 'i' } });
  if (typeof opts === 'number') return opts;
  let status = 0;
  for (const name of opts.operands) {
    try {
      if (opts.has('a')) ctx.host.fs.appendFile(abs(ctx, name), ctx.stdin);
      else ctx.host.fs.writeFile(abs(ctx, name), ctx.stdin);
    } catch (e) {
      ctx.stderr(`tee: ${name}: ${errno(e)}\n`);
      status = 1;
    }
  }
  ctx.stdout(ctx.stdin);
  return status;
};
