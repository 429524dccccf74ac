/** base64 (coreutils 8.22): encodes (76-column lines, `-w N`, `-w 0` for one line) or decodes with `-d`. */
import type { Program } from '../../kernel/types.ts';
import { base64Decode, base64Encode } from '../../core/base64.ts';
import { utf8Decode, utf8Encode } from '../../core/utf8.ts';
import { parseOptions, q, readInput, usageError } from './common.ts';

/** File content is text: its bytes are its UTF-8 encoding. */
export function toBytes(text: string): Uint8Array {
  return utf8Encode(text);
}

export function fromBytes(bytes: Uint8Array): string {
  const text = utf8Decode(bytes);
  if (!text.includes('\ufffd')) return text;
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

export const base64: Program = (ctx) => {
  const opts = parseOptions(ctx, 'base64', { short: 'dw:i', long: { decode: 'd', 'wrap=': 'w', 'ignore-garbage': 'i' } });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length > 1) return usageError(ctx, 'base64', `extra operand ${q(opts.operands[1] as string)}`);
  const text = readInput(ctx, 'base64', opts.operands[0] ?? '-');
  if (text === null) return 1;
  if (opts.has('d')) {
    const clean = opts.has('i') ? text.replace(/[^A-Za-z0-9+/=]/g, '') : text.replace(/\n/g, '');
    const bytes = base64Decode(clean);
    if (bytes === null) {
      ctx.stderr('base64: invalid input\n');
      return 1;
    }
    ctx.stdout(fromBytes(bytes));
    return 0;
  }
  const wrapText = opts.value('w') ?? '76';
  if (!/^\d+$/.test(wrapText)) {
    ctx.stderr(`base64: invalid wrap size: ${q(wrapText)}\n`);
    return 1;
  }
  const wrap = Number(wrapText);
  const encoded = base64Encode(toBytes(text));
  if (wrap === 0) ctx.stdout(encoded);
  else {
    let out = '';
    for (let i = 0; i < encoded.length; i += wrap) out += encoded.slice(i, i + wrap) + '\n';
    ctx.stdout(out);
  }
  return 0;
};
