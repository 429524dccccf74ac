/** xargs (findutils 4.5.11) basics: words from standard input appended to a command (`echo` by default); `-n N`, `-I STR`, `-0`, `-r`. */
import type { Program } from '../../kernel/types.ts';
import { runProgram } from './run.ts';

export const xargs: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let perCall = Infinity;
  let replace: string | undefined;
  let nul = false;
  let noRunIfEmpty = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-n') perCall = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) perCall = Number(a.slice(2));
    else if (a === '-I') replace = args[++i];
    else if (a.startsWith('-I')) replace = a.slice(2);
    else if (a === '-i') replace = '{}';
    else if (a === '-0' || a === '--null') nul = true;
    else if (a === '-r' || a === '--no-run-if-empty') noRunIfEmpty = true;
    else if (a === '-t' || a === '-x') continue;
    else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-')) {
      ctx.stderr(`xargs: invalid option -- '${a[1]}'\nUsage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nRun COMMAND with arguments INITIAL-ARGS and more arguments read from input.\n\n`);
      return 1;
    } else break;
  }
  if (!Number.isInteger(perCall) && perCall !== Infinity) {
    ctx.stderr(`xargs: invalid number for -n option\n`);
    return 1;
  }
  const command = args.slice(i).length ? args.slice(i) : ['echo'];
  let items: string[];
  if (nul) items = ctx.stdin.split('\0').filter(Boolean);
  else if (replace !== undefined) items = ctx.stdin.split('\n').filter((l) => l.trim() !== '');
  else items = ctx.stdin.match(/"[^"]*"|'[^']*'|(?:\\.|[^\s])+/g)?.map((w) => w.replace(/^["']|["']$/g, '').replace(/\\(.)/g, '$1')) ?? [];
  if (items.length === 0) {
    if (noRunIfEmpty || replace !== undefined) return 0;
    return runProgram(ctx, 'xargs', command, { stdin: '' }) === 0 ? 0 : 123;
  }
  let status = 0;
  if (replace !== undefined) {
    for (const item of items) {
      const r = runProgram(ctx, 'xargs', command.map((c) => c.split(replace as string).join(item.trim())), { stdin: '' });
      if (r === 127) return 127;
      if (r !== 0) status = 123;
    }
    return status;
  }
  for (let k = 0; k < items.length; k += perCall === Infinity ? items.length : perCall) {
    const r = runProgram(ctx, 'xargs', [...command, ...items.slice(k, perCall === Infinity ? undefined : k + perCall)], { stdin: '' });
    if (r === 127 || r === 126) return r;
    if (r !== 0) status = 123;
  }
  return status;
};
