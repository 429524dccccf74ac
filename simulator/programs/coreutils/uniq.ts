/** uniq (coreutils 8.22): collapses adjacent equal lines; `-c` counts (`%7d `), `-d`, `-u`, `-i`. */
import type { Program } from '../../kernel/types.ts';
import { lines, parseOptions, readInput } from './common.ts';

export const uniq: Program = (ctx) => {
  const opts = parseOptions(ctx, 'uniq', { short: 'cdui', long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i' } });
  if (typeof opts === 'number') return opts;
  const text = readInput(ctx, 'uniq', opts.operands[0] ?? '-');
  if (text === null) return 1;
  const groups: { line: string; n: number }[] = [];
  const same = (a: string, b: string): boolean => (opts.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b);
  for (const line of lines(text)) {
    const last = groups[groups.length - 1];
    if (last && same(last.line, line)) last.n++;
    else groups.push({ line, n: 1 });
  }
  let out = '';
  for (const g of groups) {
    if (opts.has('d') && g.n < 2) continue;
    if (opts.has('u') && g.n > 1) continue;
    out += (opts.has('c') ? `${String(g.n).padStart(7)} ` : '') + g.line + '\n';
  }
  if (opts.operands[1] !== undefined) ctx.host.fs.writeFile(opts.operands[1].startsWith('/') ? opts.operands[1] : `${ctx.cwd}/${opts.operands[1]}`, out);
  else ctx.stdout(out);
  return 0;
};
