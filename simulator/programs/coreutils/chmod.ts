/** chmod (coreutils 8.22): octal and symbolic modes (`u+x`, `go-w`, `a=r`), `-R`. */
import type { Program } from '../../kernel/types.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import { abs, parseOptions, q, usageError } from './common.ts';

/** Applies a mode expression to a mode; null when the expression is invalid. */
export function applyMode(expr: string, mode: number, isDir: boolean): number | null {
  if (/^[0-7]{1,4}$/.test(expr)) return parseInt(expr, 8);
  let m = mode;
  for (const clause of expr.split(',')) {
    const c = /^([ugoa]*)([-+=])([rwxXst]*|[ugo])$/.exec(clause);
    if (!c) return null;
    const who = c[1] || 'a';
    let bits = 0;
    const perms = c[3] as string;
    const masks = { u: 0o4700, g: 0o2070, o: 0o1007 } as const;
    for (const p of perms) {
      if (p === 'r') bits |= 0o444;
      else if (p === 'w') bits |= 0o222;
      else if (p === 'x') bits |= 0o111;
      else if (p === 'X') bits |= isDir || mode & 0o111 ? 0o111 : 0;
      else if (p === 's') bits |= 0o6000;
      else if (p === 't') bits |= 0o1000;
    }
    let mask = 0;
    for (const w of who === 'a' ? 'ugo' : who) mask |= masks[w as 'u' | 'g' | 'o'];
    bits &= mask;
    if (c[2] === '+') m |= bits;
    else if (c[2] === '-') m &= ~bits;
    else m = (m & ~mask) | bits;
  }
  return m & 0o7777;
}

function setMode(fs: Vfs, path: string, mode: number): void {
  const node = fs.stat(path);
  if (node.type === 'file') {
    const mtime = node.mtime;
    fs.writeFile(path, node.data ?? '', { mode }).mtime = mtime;
  } else node.mode = mode;
}

export const chmod: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  // A mode like `-x` looks like an option; chmod accepts it as the mode.
  const modeIdx = args.findIndex((a) => !/^-[Rvcf]+$/.test(a) && a !== '--recursive');
  const opts = parseOptions(ctx, 'chmod', { short: 'Rvcf', long: { recursive: 'R', verbose: 'v', changes: 'c', silent: 'f', quiet: 'f' } }, args.filter((_a, i) => i !== modeIdx));
  if (typeof opts === 'number') return opts;
  const expr = args[modeIdx];
  if (expr === undefined) return usageError(ctx, 'chmod', 'missing operand');
  if (opts.operands.length === 0) return usageError(ctx, 'chmod', `missing operand after ${q(expr)}`);
  const fs = ctx.host.fs;
  if (applyMode(expr, 0, false) === null) {
    ctx.stderr(`chmod: invalid mode: ${q(expr)}\nTry 'chmod --help' for more information.\n`);
    return 1;
  }
  let status = 0;
  const visit = (path: string, name: string): void => {
    const node = fs.tryStat(path);
    if (!node) {
      ctx.stderr(`chmod: cannot access ${q(name)}: No such file or directory\n`);
      status = 1;
      return;
    }
    setMode(fs, path, applyMode(expr, node.mode, node.type === 'dir') as number);
    if (opts.has('R') && node.type === 'dir') for (const child of fs.readdir(path)) visit(`${path}/${child}`, `${name}/${child}`);
  };
  for (const name of opts.operands) visit(abs(ctx, name), name);
  return status;
};
