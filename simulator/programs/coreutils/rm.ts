/** rm (coreutils 8.22): `-r` for directories, `-f` ignores missing files, `-v` reports; refuses `/`. */
import type { Program } from '../../kernel/types.ts';
import { abs, errno, parseOptions, q, usageError } from './common.ts';

export const rm: Program = (ctx) => {
  const opts = parseOptions(ctx, 'rm', { short: 'rRfivdI', long: { recursive: 'r', force: 'f', verbose: 'v', dir: 'd', interactive: 'i', 'no-preserve-root': 'no-preserve-root', 'preserve-root': 'preserve-root' } });
  if (typeof opts === 'number') return opts;
  const force = opts.flags.lastIndexOf('f') > opts.flags.lastIndexOf('i');
  const recursive = opts.has('r') || opts.has('R');
  if (opts.operands.length === 0) {
    if (force) return 0;
    return usageError(ctx, 'rm', 'missing operand');
  }
  const fs = ctx.host.fs;
  let status = 0;
  for (const name of opts.operands) {
    const path = abs(ctx, name);
    if (recursive && path === '/' && !opts.has('no-preserve-root')) {
      ctx.stderr(`rm: it is dangerous to operate recursively on ${q('/')}\nrm: use --no-preserve-root to override this failsafe\n`);
      status = 1;
      continue;
    }
    if (/(^|\/)\.\.?\/*$/.test(name)) {
      ctx.stderr(`rm: cannot remove directory: ${q(name)}\n`);
      status = 1;
      continue;
    }
    const node = fs.tryStat(path, false);
    if (!node) {
      if (!force) {
        ctx.stderr(`rm: cannot remove ${q(name)}: No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (node.type === 'dir' && !recursive) {
      if (opts.has('d') && Object.keys(node.entries ?? {}).length === 0) {
        fs.remove(path);
        continue;
      }
      ctx.stderr(`rm: cannot remove ${q(name)}: Is a directory\n`);
      status = 1;
      continue;
    }
    try {
      if (opts.has('v')) report(ctx, fs, path, name);
      fs.remove(path, { recursive: true });
    } catch (e) {
      ctx.stderr(`rm: cannot remove ${q(name)}: ${errno(e)}\n`);
      status = 1;
    }
  }
  return status;
};

function report(ctx: Parameters<Program>[0], fs: Parameters<Program>[0]['host']['fs'], path: string, name: string): void {
  const node = fs.tryStat(path, false);
  if (node?.type === 'dir') {
    for (const child of fs.readdir(path)) report(ctx, fs, `${path}/${child}`, `${name.replace(/\/$/, '')}/${child}`);
    ctx.stdout(`removed directory: ${q(name)}\n`);
  } else ctx.stdout(`removed ${q(name)}\n`);
}
