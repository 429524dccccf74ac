/** head (coreutils 8.22): `-n N` / `-N` lines (negative: all but the last N), `-c N` bytes, headers for several files. */
import type { Program } from '../../kernel/types.ts';
import { abs, errno, parseOptions, q } from './common.ts';

/** `-5` is `-n 5` for head and tail (the obsolete form both still accept). */
export function obsoleteCount(args: string[]): string[] {
  return args.map((a, i) => (i === 0 && /^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
}

/** Offset just past the first `count` lines (scanning, so a huge input costs only what is read). */
export function endOfFirstLines(data: string, count: number): number {
  let pos = 0;
  for (let k = 0; k < count; k++) {
    const nl = data.indexOf('\n', pos);
    if (nl < 0) return data.length;
    pos = nl + 1;
  }
  return pos;
}

/** Offset where the last `count` lines start. */
export function startOfLastLines(data: string, count: number): number {
  if (count === 0) return data.length;
  let pos = data.endsWith('\n') ? data.length - 1 : data.length;
  for (let k = 0; k < count; k++) {
    const nl = data.lastIndexOf('\n', pos - 1);
    if (nl < 0) return 0;
    pos = nl;
  }
  return pos + 1;
}

export function parseCount(text: string): number | null {
  const m = /^([+-]?)(\d+)([bkKmMG]?)$/.exec(text);
  if (!m) return null;
  const mult = { '': 1, b: 512, k: 1024, K: 1024, m: 1048576, M: 1048576, G: 1073741824 }[m[3] as string] ?? 1;
  return Number(m[2]) * mult;
}

export const head: Program = (ctx) => {
  const opts = parseOptions(ctx, 'head', { short: 'n:c:qv', long: { 'lines=': 'n', 'bytes=': 'c', quiet: 'q', silent: 'q', verbose: 'v' } }, obsoleteCount(ctx.argv.slice(1)));
  if (typeof opts === 'number') return opts;
  const lineText = opts.value('n');
  const byteText = opts.value('c');
  const useBytes = byteText !== undefined && opts.flags.lastIndexOf('c') > opts.flags.lastIndexOf('n');
  const text = useBytes ? (byteText as string) : (lineText ?? '10');
  const count = parseCount(text.replace(/^-/, ''));
  if (count === null) {
    ctx.stderr(`head: invalid number of ${useBytes ? 'bytes' : 'lines'}: ${q(text)}\n`);
    return 1;
  }
  const allBut = text.startsWith('-');
  const files = opts.operands.length ? opts.operands : ['-'];
  let status = 0;
  files.forEach((name, i) => {
    let data: string;
    try {
      data = name === '-' ? ctx.stdin : ctx.host.fs.readFile(abs(ctx, name));
    } catch (e) {
      ctx.stderr(`head: cannot open ${q(name)} for reading: ${errno(e)}\n`);
      status = 1;
      return;
    }
    if ((files.length > 1 && !opts.has('q')) || opts.has('v')) ctx.stdout(`${i > 0 ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`);
    if (useBytes) {
      ctx.stdout(allBut ? data.slice(0, Math.max(0, data.length - count)) : data.slice(0, count));
      return;
    }
    ctx.stdout(allBut ? data.slice(0, startOfLastLines(data, count)) : data.slice(0, endOfFirstLines(data, count)));
  });
  return status;
};
