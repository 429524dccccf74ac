/**
 * wc (coreutils 8.22). Column width: one count of one input prints bare; otherwise the width is the
 * digits of the total size of the regular files, at least 7 when standard input is read.
 */
import type { Program } from '../../kernel/types.ts';
import { abs, byteLength, errno, parseOptions } from './common.ts';

export const wc: Program = (ctx) => {
  const opts = parseOptions(ctx, 'wc', { short: 'lwcmL', long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm', 'max-line-length': 'L' } });
  if (typeof opts === 'number') return opts;
  let which = ['l', 'w', 'm', 'c', 'L'].filter((f) => opts.has(f));
  if (which.length === 0) which = ['l', 'w', 'c'];
  const files = opts.operands.length ? opts.operands : ['-'];
  let status = 0;
  const rows: { counts: number[]; name: string }[] = [];
  let totalSize = 0;
  let stdinUsed = false;
  const total = which.map(() => 0);
  for (const name of files) {
    let data: string;
    if (name === '-') {
      data = ctx.stdin;
      stdinUsed = true;
    } else {
      try {
        data = ctx.host.fs.readFile(abs(ctx, name));
      } catch (e) {
        ctx.stderr(`wc: ${name}: ${errno(e)}\n`);
        status = 1;
        continue;
      }
      totalSize += byteLength(data);
    }
    const counts = which.map((f) => {
      if (f === 'l') return (data.match(/\n/g) ?? []).length;
      if (f === 'w') return data.split(/[ \t\n\r\f\v]+/).filter(Boolean).length;
      if (f === 'm') return [...data].length;
      if (f === 'c') return byteLength(data);
      return Math.max(0, ...data.split('\n').map((l) => l.replace(/\t/g, '        ').length));
    });
    counts.forEach((c, i) => (total[i] = (total[i] as number) + c));
    rows.push({ counts, name: name === '-' && opts.operands.length === 0 ? '' : name });
  }
  if (files.length > 1) rows.push({ counts: total, name: 'total' });
  let width = Math.max(String(totalSize).length, stdinUsed ? 7 : 1);
  if (which.length === 1 && files.length === 1) width = 1;
  for (const r of rows) ctx.stdout(r.counts.map((c) => String(c).padStart(width)).join(' ') + (r.name ? ` ${r.name}` : '') + '\n');
  return status;
};
