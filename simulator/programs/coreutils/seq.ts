/** seq (coreutils 8.22): `seq LAST`, `seq FIRST LAST`, `seq FIRST INCR LAST`; `-s SEP`, `-w`, `-f FORMAT`. */
import type { Program } from '../../kernel/types.ts';
import { printfText } from '../shell/format-builtins.ts';
import { q, usageError } from './common.ts';

export const seq: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let sep = '\n';
  let equal = false;
  let format: string | undefined;
  const nums: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-s') sep = args[++i] ?? '';
    else if (a.startsWith('-s') && a.length > 2) sep = a.slice(2);
    else if (a === '-w') equal = true;
    else if (a === '-f') format = args[++i];
    else if (/^-[^0-9.]/.test(a)) return usageError(ctx, 'seq', `invalid option -- '${a[1]}'`);
    else nums.push(a);
  }
  if (nums.length === 0) return usageError(ctx, 'seq', 'missing operand');
  if (nums.length > 3) return usageError(ctx, 'seq', `extra operand ${q(nums[3] as string)}`);
  for (const n of nums) {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(n)) {
      ctx.stderr(`seq: invalid floating point argument: ${q(n)}\nTry 'seq --help' for more information.\n`);
      return 1;
    }
  }
  const [first, incr, last] = nums.length === 1 ? ['1', '1', nums[0] as string] : nums.length === 2 ? [nums[0] as string, '1', nums[1] as string] : (nums as [string, string, string]);
  const decimals = Math.max(...[first, incr].map((n) => (n.includes('.') ? n.length - n.indexOf('.') - 1 : 0)));
  const a = Number(first);
  const step = Number(incr);
  const b = Number(last);
  if (step === 0) {
    ctx.stderr(`seq: invalid Zero increment value: ${q(incr)}\nTry 'seq --help' for more information.\n`);
    return 1;
  }
  const out: string[] = [];
  const width = equal ? Math.max(...[a, b].map((v) => v.toFixed(decimals).length)) : 0;
  for (let k = 0; k < 10_000_000; k++) {
    const v = a + k * step;
    if (step > 0 ? v > b + 1e-12 : v < b - 1e-12) break;
    let text = format ? printfText(format, [String(v)], () => undefined).text : v.toFixed(decimals);
    if (equal) text = text.startsWith('-') ? '-' + text.slice(1).padStart(width - 1, '0') : text.padStart(width, '0');
    out.push(text);
    if (out.length >= 4096) {
      ctx.stdout(out.join(sep) + sep);
      out.length = 0;
    }
  }
  if (out.length) ctx.stdout(out.join(sep) + '\n');
  else if (sep !== '\n') ctx.stdout('');
  return 0;
};
