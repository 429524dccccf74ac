/**
 * df (coreutils 8.22): the mounted filesystems of the caller's mount namespace with their size,
 * used and available space (1K blocks, or `-h`), pseudo filesystems left out unless `-a`; with
 * file operands, the filesystem each lives on.
 */
import type { Program } from '../../kernel/types.ts';
import type { MountEntry } from '../../kernel/mounts.ts';
import { parseOptions, q, errno } from '../coreutils/common.ts';
import { normalizePath } from '../../kernel/vfs.ts';
import { humanCeil, mountUsage, table } from './disk.ts';

export const df: Program = (ctx) => {
  const opts = parseOptions(ctx, 'df', { short: 'ahHkTtx:iPl', long: { all: 'a', 'human-readable': 'h', si: 'H', 'print-type': 'T', 'type=': 't', 'exclude-type=': 'x', portability: 'P', local: 'l', inodes: 'i' } });
  if (typeof opts === 'number') return opts;
  const fs = ctx.host.fsFor(ctx.pid);
  const human = opts.has('h');
  let mounts: MountEntry[] = fs.mounts();
  let status = 0;
  if (opts.operands.length > 0) {
    mounts = [];
    for (const name of opts.operands) {
      try {
        mounts.push(fs.mountOf(normalizePath(name, ctx.cwd)));
      } catch (e) {
        ctx.stderr(`df: ${q(name)}: ${errno(e)}\n`);
        status = 1;
      }
    }
  }
  const types = opts.values('t');
  const excluded = opts.values('x');
  const rows: string[][] = [];
  const typed = opts.has('T');
  rows.push(['Filesystem', ...(typed ? ['Type'] : []), human ? 'Size' : '1K-blocks', 'Used', human ? 'Avail' : 'Available', 'Use%', 'Mounted on']);
  const seen: Record<string, boolean> = {};
  for (const m of mounts) {
    const usage = mountUsage(ctx.host, m);
    if (!usage && !opts.has('a')) continue;
    if (types.length > 0 && !types.includes(m.fstype)) continue;
    if (excluded.includes(m.fstype)) continue;
    if (opts.operands.length === 0 && seen[m.target]) continue;
    seen[m.target] = true;
    const u = usage ?? { total: 0, used: 0, avail: 0 };
    const size = (kb: number): string => (human ? humanCeil(kb * 1024) : String(kb));
    const pct = u.used + u.avail > 0 ? `${Math.ceil((u.used * 100) / (u.used + u.avail))}%` : '-';
    rows.push([m.device, ...(typed ? [m.fstype] : []), size(u.total), size(u.used), size(u.avail), pct, m.target]);
  }
  // coreutils 8.22's minimum field widths: source 14, type 4, numbers 5, Use% 4.
  ctx.stdout(table(rows, typed ? [0, 1, 6] : [0, 5], typed ? [14, 4, 5, 5, 5, 4, 0] : [14, 5, 5, 5, 4, 0]));
  return status;
};
