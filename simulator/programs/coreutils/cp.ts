/** cp (coreutils 8.22): files and, with `-r`/`-a`, directories; the last operand may be a directory. */
import type { Program } from '../../kernel/types.ts';
import { basename } from '../../kernel/vfs.ts';
import { abs, errno, parseOptions, q, usageError } from './common.ts';
import { copyTree, isWithin } from './copy.ts';

export const cp: Program = (ctx) => {
  const opts = parseOptions(ctx, 'cp', { short: 'rRafipPvdLnuT', long: { recursive: 'r', archive: 'a', force: 'f', interactive: 'i', verbose: 'v', 'no-dereference': 'P', dereference: 'L', 'no-clobber': 'n', update: 'u', 'preserve?=': 'p', 'no-target-directory': 'T' } });
  if (typeof opts === 'number') return opts;
  const ops = opts.operands;
  if (ops.length === 0) return usageError(ctx, 'cp', 'missing file operand');
  if (ops.length === 1) return usageError(ctx, 'cp', `missing destination file operand after ${q(ops[0] as string)}`);
  const recursive = opts.has('r') || opts.has('R') || opts.has('a');
  const fs = ctx.host.fs;
  const dest = ops[ops.length - 1] as string;
  const destPath = abs(ctx, dest);
  const destIsDir = fs.tryStat(destPath)?.type === 'dir' && !opts.has('T');
  if (ops.length > 2 && !destIsDir) {
    ctx.stderr(`cp: target ${q(dest)} is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const src of ops.slice(0, -1)) {
    const srcPath = abs(ctx, src);
    const node = fs.tryStat(srcPath, !(recursive || opts.has('P') || opts.has('d')) || opts.has('L'));
    if (!node) {
      ctx.stderr(`cp: cannot stat ${q(src)}: No such file or directory\n`);
      status = 1;
      continue;
    }
    if (node.type === 'dir' && !recursive) {
      ctx.stderr(`cp: omitting directory ${q(src)}\n`);
      status = 1;
      continue;
    }
    const target = destIsDir ? `${destPath === '/' ? '' : destPath}/${basename(srcPath)}` : destPath;
    const shownTarget = destIsDir ? `${dest.replace(/\/+$/, '')}/${basename(srcPath)}` : dest;
    if (target === srcPath) {
      ctx.stderr(`cp: ${q(src)} and ${q(shownTarget)} are the same file\n`);
      status = 1;
      continue;
    }
    if (node.type === 'dir' && isWithin(srcPath, target)) {
      ctx.stderr(`cp: cannot copy a directory, ${q(src)}, into itself, ${q(shownTarget)}\n`);
      status = 1;
      continue;
    }
    const existing = fs.tryStat(target);
    if (existing && opts.has('n')) continue;
    if (existing?.type === 'dir' && node.type !== 'dir') {
      ctx.stderr(`cp: cannot overwrite directory ${q(shownTarget)} with non-directory\n`);
      status = 1;
      continue;
    }
    if (existing && existing.type !== 'dir' && node.type === 'dir') {
      ctx.stderr(`cp: cannot overwrite non-directory ${q(shownTarget)} with directory ${q(src)}\n`);
      status = 1;
      continue;
    }
    try {
      copyTree(fs, srcPath, target, { noDereference: (recursive || opts.has('P') || opts.has('d')) && !opts.has('L'), preserve: opts.has('a') || opts.has('p') });
      if (opts.has('v')) ctx.stdout(`${q(src)} -> ${q(shownTarget)}\n`);
    } catch (e) {
      ctx.stderr(`cp: cannot create regular file ${q(shownTarget)}: ${errno(e)}\n`);
      status = 1;
    }
  }
  return status;
};
