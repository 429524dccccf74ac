/** sha256sum (coreutils 8.22): `HASH  NAME` per file, `-` for standard input; `-c` is not simulated. */
import type { Program } from '../../kernel/types.ts';
import { sha256, toHex } from '../../core/sha256.ts';
import { parseOptions, readInput } from './common.ts';
import { toBytes } from './base64.ts';

export const sha256sum: Program = (ctx) => {
  const opts = parseOptions(ctx, 'sha256sum', { short: 'bctw', long: { binary: 'b', check: 'c', text: 't', warn: 'w', tag: 'tag' } });
  if (typeof opts === 'number') return opts;
  if (opts.has('c')) {
    ctx.stderr("podbook: 'sha256sum -c' is not simulated\n");
    return 1;
  }
  let status = 0;
  for (const name of opts.operands.length ? opts.operands : ['-']) {
    const text = readInput(ctx, 'sha256sum', name);
    if (text === null) {
      status = 1;
      continue;
    }
    const hex = toHex(sha256(toBytes(text)));
    ctx.stdout(opts.has('tag') ? `SHA256 (${name}) = ${hex}\n` : `${hex}  ${name}\n`);
  }
  return status;
};
