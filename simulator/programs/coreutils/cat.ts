/** cat (coreutils 8.22): concatenates files; `-n` numbers lines, `-E` marks line ends, `-A` shows all. */
import type { Program } from '../../kernel/types.ts';
import { parseOptions, readInput } from './common.ts';

export const cat: Program = (ctx) => {
  const opts = parseOptions(ctx, 'cat', { short: 'nbEAseTuv', long: { number: 'n', 'number-nonblank': 'b', 'show-ends': 'E', 'show-all': 'A', 'squeeze-blank': 's', 'show-tabs': 'T' } });
  if (typeof opts === 'number') return opts;
  let status = 0;
  let lineNo = 0;
  for (const name of opts.operands.length ? opts.operands : ['-']) {
    let text = readInput(ctx, 'cat', name);
    if (text === null) {
      status = 1;
      continue;
    }
    const ends = opts.has('E') || opts.has('A') || opts.has('e');
    const tabs = opts.has('T') || opts.has('A');
    if (opts.has('n') || opts.has('b') || ends || tabs || opts.has('s')) {
      const parts = text.split('\n');
      const last = parts.pop() as string;
      let prevBlank = false;
      const outLines: string[] = [];
      for (let line of parts) {
        const blank = line === '';
        if (opts.has('s') && blank && prevBlank) continue;
        prevBlank = blank;
        if (tabs) line = line.replace(/\t/g, '^I');
        if (ends) line += '$';
        if (opts.has('b') ? !blank : opts.has('n')) line = `${String(++lineNo).padStart(6)}\t${line}`;
        outLines.push(line + '\n');
      }
      text = outLines.join('') + (last === '' ? '' : (opts.has('n') || opts.has('b') ? `${String(++lineNo).padStart(6)}\t` : '') + last);
    }
    ctx.stdout(text);
  }
  return status;
};
