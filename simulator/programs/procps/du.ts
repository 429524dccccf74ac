/**
 * du (coreutils 8.22): disk usage in 1K blocks (or `-h`) of each directory below the operands,
 * `-s` for one total per operand, `-a` for files too, `-c` for a grand total. Hard links count once.
 */
import type { Program } from '../../kernel/types.ts';
import { normalizePath, type Vfs } from '../../kernel/vfs.ts';
import { parseOptions, q, errno } from '../coreutils/common.ts';
import { blocksKb, humanCeil, unmodelledKb } from './disk.ts';

export const du: Program = (ctx) => {
  const opts = parseOptions(ctx, 'du', { short: 'achskmxbLPd:', long: { all: 'a', total: 'c', 'human-readable': 'h', summarize: 's', 'max-depth=': 'd', 'apparent-size': 'A', bytes: 'b' } });
  if (typeof opts === 'number') return opts;
  const fs: Vfs = ctx.host.fsFor(ctx.pid);
  const human = opts.has('h');
  const maxDepth = opts.has('s') ? 0 : opts.value('d') !== undefined ? Number(opts.value('d')) : Infinity;
  const seen: Record<string, boolean> = {};
  let out = '';
  let grand = 0;
  let status = 0;
  const show = (kb: number, path: string): void => {
    out += `${human ? humanCeil(kb * 1024) : opts.has('m') ? String(Math.ceil(kb / 1024)) : String(kb)}\t${path}\n`;
  };
  const walk = (path: string, shown: string, depth: number): number => {
    const node = fs.lstat(path);
    // A symlink is not followed: its mount is its directory's (procfs's ns links point nowhere).
    const mount = fs.mountOf(node.type === 'symlink' ? path.slice(0, path.lastIndexOf('/')) || '/' : path);
    // Hard links count once. Only files with several links are remembered: an overlay's layers
    // number their inodes each from 1, so a key alone would take one layer's file for another's.
    const key = `${mount.id}:${node.ino}`;
    if (node.type === 'file' && node.nlink > 1) {
      if (seen[key]) return 0;
      seen[key] = true;
    }
    let kb = blocksKb(node);
    if (node.type === 'dir') {
      kb += unmodelledKb(ctx.host, mount, path);
      let names: string[] = [];
      try {
        names = fs.readdir(path);
      } catch (e) {
        ctx.stderr(`du: cannot read directory ${q(shown)}: ${errno(e)}\n`);
        status = 1;
      }
      for (const name of names) kb += walk(path === '/' ? `/${name}` : `${path}/${name}`, shown.endsWith('/') ? shown + name : `${shown}/${name}`, depth + 1);
      if (depth <= maxDepth) show(kb, shown);
    } else if (depth === 0 || (opts.has('a') && depth <= maxDepth)) show(kb, shown);
    return kb;
  };
  const operands = opts.operands.length > 0 ? opts.operands : ['.'];
  for (const name of operands) {
    const path = normalizePath(name, ctx.cwd);
    try {
      fs.lstat(path);
    } catch (e) {
      ctx.stderr(`du: cannot access ${q(name)}: ${errno(e)}\n`);
      status = 1;
      continue;
    }
    grand += walk(path, name, 0);
  }
  if (opts.has('c')) show(grand, 'total');
  ctx.stdout(out);
  return status;
};
