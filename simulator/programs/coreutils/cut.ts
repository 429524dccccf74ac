/** cut (coreutils 8.22): `-f` fields with `-d` (tab by default, `-s` drops lines without one), `-c`/`-b` characters. */
import type { Program } from '../../kernel/types.ts';
import { lines, parseOptions, readInput, usageError } from './common.ts';

function parseList(text: string): ((n: number) => boolean) | string {
  const ranges: [number, number][] = [];
  for (const part of text.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '' ) || part === '') return part === '' ? 'fields and positions are numbered from 1' : `invalid byte, character or field list`;
    const a = m[1] === '' ? 1 : Number(m[1]);
    const b = m[2] ? (m[3] === '' ? Infinity : Number(m[3])) : a;
    if (a === 0 || b === 0) return 'fields and positions are numbered from 1';
    if (b < a) return 'invalid decreasing range';
    ranges.push([a, b]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

export const cut: Program = (ctx) => {
  const opts = parseOptions(ctx, 'cut', { short: 'd:f:c:b:s', long: { 'delimiter=': 'd', 'fields=': 'f', 'characters=': 'c', 'bytes=': 'b', 'only-delimited': 's', 'output-delimiter=': 'o' } });
  if (typeof opts === 'number') return opts;
  const listText = opts.value('f') ?? opts.value('c') ?? opts.value('b');
  if (listText === undefined) return usageError(ctx, 'cut', 'you must specify a list of bytes, characters, or fields');
  const fieldMode = opts.value('f') !== undefined;
  const delim = opts.value('d') ?? '\t';
  if (opts.value('d') !== undefined && [...delim].length !== 1) return usageError(ctx, 'cut', 'the delimiter must be a single character');
  if (opts.value('d') !== undefined && !fieldMode) return usageError(ctx, 'cut', 'an input delimiter may be specified only when operating on fields');
  const pick = parseList(listText);
  if (typeof pick === 'string') return usageError(ctx, 'cut', pick);
  const outDelim = opts.value('o') ?? delim;
  let status = 0;
  for (const name of opts.operands.length ? opts.operands : ['-']) {
    const text = readInput(ctx, 'cut', name);
    if (text === null) {
      status = 1;
      continue;
    }
    let out = '';
    for (const line of lines(text)) {
      if (fieldMode) {
        if (!line.includes(delim)) {
          if (!opts.has('s')) out += line + '\n';
          continue;
        }
        out += line.split(delim).filter((_f, i) => pick(i + 1)).join(outDelim) + '\n';
      } else out += [...line].filter((_c, i) => pick(i + 1)).join('') + '\n';
    }
    ctx.stdout(out);
  }
  return status;
};
