/** env and printenv (coreutils 8.22). */
import type { Program } from '../../kernel/types.ts';
import { runProgram } from './run.ts';

export const env: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let vars: Record<string, string> = { ...ctx.env };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-i' || a === '-' || a === '--ignore-environment') vars = {};
    else if (a === '-u' || a === '--unset') delete vars[args[++i] ?? ''];
    else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-') && a.length > 1 && !a.includes('=')) {
      ctx.stderr(`env: invalid option -- '${a[1]}'\nTry 'env --help' for more information.\n`);
      return 125;
    } else break;
  }
  for (; i < args.length && (args[i] as string).includes('=') && !(args[i] as string).startsWith('='); i++) {
    const a = args[i] as string;
    const eq = a.indexOf('=');
    vars[a.slice(0, eq)] = a.slice(eq + 1);
  }
  if (i >= args.length) {
    for (const [k, v] of Object.entries(vars)) ctx.stdout(`${k}=${v}\n`);
    return 0;
  }
  return runProgram(ctx, 'env', args.slice(i), { env: vars });
};

export const printenv: Program = (ctx) => {
  const names = ctx.argv.slice(1).filter((a) => a !== '-0');
  if (names.length === 0) {
    for (const [k, v] of Object.entries(ctx.env)) ctx.stdout(`${k}=${v}\n`);
    return 0;
  }
  let status = 0;
  for (const n of names) {
    const v = ctx.env[n];
    if (v === undefined) status = 1;
    else ctx.stdout(v + '\n');
  }
  return status;
};
