/**
 * ln (coreutils 8.22): hard links by default (one inode, two names), `-s` symbolic links, `-f` replaces.
 */
import type { Program } from '../../kernel/types.ts';
import { basename } from '../../kernel/vfs.ts';
import { abs, errno, parseOptions, q, usageError } from './common.ts';

export const ln: Program = (ctx) => {
  const opts = parseOptions(ctx, 'ln', { short: 'sfnvT', long: { symbolic: 's', force: 'f', 'no-dereference': 'n', verbose: 'v', 'no-target-directory': 'T' } });
  if (typeof opts === 'number') return opts;
  const ops = opts.operands;
  if (ops.length === 0) return usageError(ctx, 'ln', 'missing file operand');
  const fs = ctx.host.fs;
  const dest = ops.length === 1 ? '.' : (ops[ops.length - 1] as string);
  const sources = ops.length === 1 ? ops : ops.slice(0, -1);
  const destPath = abs(ctx, dest);
  const destIsDir = (opts.has('n') ? fs.tryStat(destPath, false) : fs.tryStat(destPath))?.type === 'dir' && !opts.has('T');
  if (sources.length > 1 && !destIsDir) {
    ctx.stderr(`ln: target ${q(dest)} is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const src of sources) {
    const target = destIsDir ? `${destPath === '/' ? '' : destPath}/${basename(src)}` : destPath;
    const shown = destIsDir ? (ops.length === 1 ? basename(src) : `${dest.replace(/\/+$/, '')}/${basename(src)}`) : dest;
    try {
      if (fs.tryStat(target, false)) {
        if (!opts.has('f')) {
          ctx.stderr(`ln: failed to create ${opts.has('s') ? 'symbolic' : 'hard'} link ${q(shown)}: File exists\n`);
          status = 1;
          continue;
        }
        fs.remove(target);
      }
      if (opts.has('s')) fs.symlink(src, target);
      else {
        const from = abs(ctx, src);
        const node = fs.tryStat(from);
        if (!node) {
          ctx.stderr(`ln: failed to access ${q(src)}: No such file or directory\n`);
          status = 1;
          continue;
        }
        if (node.type === 'dir') {
          ctx.stderr(`ln: ${q(src)}: hard link not allowed for directory\n`);
          status = 1;
          continue;
        }
        fs.link(from, target);
      }
      if (opts.has('v')) ctx.stdout(`${q(shown)} -> ${q(src)}\n`);
    } catch (e) {
      ctx.stderr(`ln: failed to create ${opts.has('s') ? 'symbolic' : 'hard'} link ${q(shown)}: ${errno(e)}\n`);
      status = 1;
    }
  }
  return status;
};
