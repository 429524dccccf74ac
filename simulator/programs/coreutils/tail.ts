/**
 * tail (coreutils 8.22): last `-n N` lines (`+N`: from line N), `-c N` bytes. `-f` prints what is there
 * and returns: a cell cannot wait for more, so the simulator does not follow forever.
 */
import type { Program } from '../../kernel/types.ts';
import { abs, errno, parseOptions, q } from './common.ts';
import { endOfFirstLines, obsoleteCount, parseCount, startOfLastLines } from './head.ts';

export const tail: Program = (ctx) => {
  const opts = parseOptions(ctx, 'tail', { short: 'n:c:fFqvs:', long: { 'lines=': 'n', 'bytes=': 'c', 'follow?=': 'f', quiet: 'q', silent: 'q', verbose: 'v', retry: 'retry', 'sleep-interval=': 's', 'pid=': 'pid' } }, obsoleteCount(ctx.argv.slice(1)));
  if (typeof opts === 'number') return opts;
  const useBytes = opts.value('c') !== undefined && opts.flags.lastIndexOf('c') > opts.flags.lastIndexOf('n');
  const text = (useBytes ? opts.value('c') : opts.value('n')) ?? '10';
  const count = parseCount(text.replace(/^[+-]/, ''));
  if (count === null) {
    ctx.stderr(`tail: invalid number of ${useBytes ? 'bytes' : 'lines'}: ${q(text)}\n`);
    return 1;
  }
  const fromStart = text.startsWith('+');
  const files = opts.operands.length ? opts.operands : ['-'];
  let status = 0;
  files.forEach((name, i) => {
    let data: string;
    try {
      data = name === '-' ? ctx.stdin : ctx.host.fs.readFile(abs(ctx, name));
    } catch (e) {
      ctx.stderr(`tail: cannot open ${q(name)} for reading: ${errno(e)}\n`);
      status = 1;
      return;
    }
    if ((files.length > 1 && !opts.has('q')) || opts.has('v')) ctx.stdout(`${i > 0 ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`);
    if (useBytes) {
      ctx.stdout(fromStart ? data.slice(Math.max(0, count - 1)) : count === 0 ? '' : data.slice(-count));
      return;
    }
    ctx.stdout(fromStart ? data.slice(endOfFirstLines(data, Math.max(0, count - 1))) : data.slice(startOfLastLines(data, count)));
  });
  return status;
};
