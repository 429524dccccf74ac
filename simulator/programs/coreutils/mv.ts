/**
 * mv (coreutils 8.22): rename(2) within a filesystem (the same inode under a new name, so hard
 * links stay links); across mounts rename fails with EXDEV and mv copies, then removes the source.
 */
import type { Program } from '../../kernel/types.ts';
import { basename, FsError } from '../../kernel/vfs.ts';
import { abs, errno, parseOptions, q, usageError } from './common.ts';
import { copyTree, isWithin } from './copy.ts';

export const mv: Program = (ctx) => {
  const opts = parseOptions(ctx, 'mv', { short: 'finvuT', long: { force: 'f', interactive: 'i', 'no-clobber': 'n', verbose: 'v', update: 'u', 'no-target-directory': 'T' } });
  if (typeof opts === 'number') return opts;
  const ops = opts.operands;
  if (ops.length === 0) return usageError(ctx, 'mv', 'missing file operand');
  if (ops.length === 1) return usageError(ctx, 'mv', `missing destination file operand after ${q(ops[0] as string)}`);
  const fs = ctx.host.fs;
  const dest = ops[ops.length - 1] as string;
  const destPath = abs(ctx, dest);
  const destIsDir = fs.tryStat(destPath)?.type === 'dir' && !opts.has('T');
  if (ops.length > 2 && !destIsDir) {
    ctx.stderr(`mv: target ${q(dest)} is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const src of ops.slice(0, -1)) {
    const srcPath = abs(ctx, src);
    const node = fs.tryStat(srcPath, false);
    if (!node) {
      ctx.stderr(`mv: cannot stat ${q(src)}: No such file or directory\n`);
      status = 1;
      continue;
    }
    const target = destIsDir ? `${destPath === '/' ? '' : destPath}/${basename(srcPath)}` : destPath;
    const shown = destIsDir ? `${dest.replace(/\/+$/, '')}/${basename(srcPath)}` : dest;
    const existing = fs.tryStat(target, false);
    if (target === srcPath || (existing && existing.ino === node.ino && existing.type !== 'dir' && sameFs(ctx, srcPath, target))) {
      ctx.stderr(`mv: ${q(src)} and ${q(shown)} are the same file\n`);
      status = 1;
      continue;
    }
    if (node.type === 'dir' && isWithin(srcPath, target)) {
      ctx.stderr(`mv: cannot move ${q(src)} to a subdirectory of itself, ${q(shown)}\n`);
      status = 1;
      continue;
    }
    if (existing && opts.has('n')) continue;
    if (existing?.type === 'dir' && node.type !== 'dir') {
      ctx.stderr(`mv: cannot overwrite directory ${q(shown)} with non-directory\n`);
      status = 1;
      continue;
    }
    if (existing && existing.type !== 'dir' && node.type === 'dir') {
      ctx.stderr(`mv: cannot overwrite non-directory ${q(shown)} with directory ${q(src)}\n`);
      status = 1;
      continue;
    }
    try {
      try {
        fs.rename(srcPath, target);
      } catch (e) {
        if (!(e instanceof FsError) || e.code !== 'EXDEV') throw e;
        // Another filesystem: copy everything (owners, modes, times), then remove the original.
        if (existing?.type === 'dir' && Object.keys(existing.entries ?? {}).length > 0) throw new FsError('ENOTEMPTY', target);
        if (existing) fs.remove(target, { recursive: true });
        copyTree(fs, srcPath, target, { noDereference: true, preserve: true });
        fs.remove(srcPath, { recursive: true });
      }
      if (opts.has('v')) ctx.stdout(`${q(src)} -> ${q(shown)}\n`);
    } catch (e) {
      ctx.stderr(`mv: cannot move ${q(src)} to ${q(shown)}: ${errno(e)}\n`);
      status = 1;
    }
  }
  return status;
};

/** Whether two paths are on the same mounted filesystem (inode numbers only compare there). */
function sameFs(ctx: Parameters<Program>[0], a: string, b: string): boolean {
  return ctx.host.fs.locate(a, false).mount.id === ctx.host.fs.locate(b, false).mount.id;
}
