/** tr (coreutils 8.22): translate, `-d` delete, `-s` squeeze, `-c` complement; ranges, escapes and `[:class:]`. */
import type { Program } from '../../kernel/types.ts';
import { parseOptions, usageError, q } from './common.ts';

const CLASSES: Record<string, string> = { alpha: 'A-Za-z', digit: '0-9', alnum: '0-9A-Za-z', upper: 'A-Z', lower: 'a-z', space: '\t\n\v\f\r ', blank: '\t ', punct: '!-/:-@[-`{-~', xdigit: '0-9A-Fa-f' };

function expandSet(text: string): string[] {
  let src = text.replace(/\[:([a-z]+):\]/g, (m, c: string) => CLASSES[c] ?? m);
  src = src.replace(/\\([0-7]{1,3}|.)/g, (_m, e: string) => (/^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', t: '\t', r: '\r', '\\': '\\', v: '\v', f: '\f' } as Record<string, string>)[e] ?? e));
  const chars = [...src];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined) {
      const a = c.codePointAt(0) as number;
      const b = (chars[i + 2] as string).codePointAt(0) as number;
      for (let v = a; v <= b; v++) out.push(String.fromCodePoint(v));
      i += 2;
    } else out.push(c);
  }
  return out;
}

export const tr: Program = (ctx) => {
  const opts = parseOptions(ctx, 'tr', { short: 'dscC', long: { delete: 'd', 'squeeze-repeats': 's', complement: 'c' } });
  if (typeof opts === 'number') return opts;
  const [a, b] = opts.operands;
  const del = opts.has('d');
  const squeeze = opts.has('s');
  if (a === undefined) return usageError(ctx, 'tr', 'missing operand');
  if (b === undefined && !del && !squeeze) return usageError(ctx, 'tr', `missing operand after ${q(a)}\nTwo strings must be given when translating.`);
  if (opts.operands.length > (del && !squeeze ? 1 : 2)) return usageError(ctx, 'tr', `extra operand ${q(opts.operands[del && !squeeze ? 1 : 2] as string)}`);
  const set1 = expandSet(a);
  const complement = opts.has('c') || opts.has('C');
  const in1 = (c: string): boolean => set1.includes(c) !== complement;
  const set2 = b !== undefined ? expandSet(b) : [];
  let out = '';
  let last = '';
  for (const c of ctx.stdin) {
    let ch: string | null = c;
    if (del && in1(c)) ch = null;
    else if (!del && b !== undefined && in1(c)) {
      const idx = complement ? set2.length - 1 : set1.indexOf(c);
      ch = set2[Math.min(idx, set2.length - 1)] ?? c;
    }
    if (ch === null) continue;
    const squeezeSet = del ? set2 : b !== undefined ? set2 : set1;
    if (squeeze && ch === last && (del || b !== undefined ? squeezeSet.includes(ch) : in1(ch))) continue;
    out += ch;
    last = ch;
  }
  ctx.stdout(out);
  return 0;
};
