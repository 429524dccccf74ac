/**
 * busybox df (1.36/1.37): every mount of the caller's namespace with blocks (pseudo filesystems
 * only with -a), in mount order without merging repeats; the device in 20 columns (a longer one
 * gets a line of its own), numbers right in 9: 1K blocks, or with -h busybox's own human sizes
 * (`17.0G`, `64.0M`, `0`), Use% rounded to the nearest percent.
 */
import type { MountEntry } from '../../kernel/mounts.ts';
import type { Program } from '../../kernel/types.ts';
import { normalizePath } from '../../kernel/vfs.ts';
import { errno } from '../coreutils/common.ts';
import { mountUsage } from '../procps/disk.ts';

/** libbb's make_human_readable_str with one fractional digit and unit suffixes. */
export function bbHuman(bytes: number): string {
  if (bytes === 0) return '0';
  let val = bytes;
  let frac = 0;
  let unit = 0;
  while (val >= 1024) {
    frac = Math.floor(((val % 1024) * 10 + 512) / 1024);
    val = Math.floor(val / 1024);
    unit++;
  }
  if (frac >= 10) {
    val++;
    frac = 0;
  }
  return unit === 0 ? String(val) : `${val}.${frac}${'KMGTPEZY'[unit - 1]}`;
}

export const busyboxDf: Program = (ctx) => {
  const flags = new Set<string>();
  const operands: string[] = [];
  for (const a of ctx.argv.slice(1)) {
    if (/^-[a-zA-Z]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
    else operands.push(a);
  }
  const fs = ctx.host.fsFor(ctx.pid);
  let mounts: MountEntry[] = fs.mounts();
  let status = 0;
  if (operands.length > 0) {
    mounts = [];
    for (const name of operands) {
      try {
        mounts.push(fs.mountOf(normalizePath(name, ctx.cwd)));
      } catch (e) {
        ctx.stderr(`df: ${name}: ${errno(e)}\n`);
        status = 1;
      }
    }
  }
  const human = flags.has('h');
  const typed = flags.has('T');
  let out = `Filesystem           ${typed ? 'Type       ' : ''}${(human ? '     Size' : '1K-blocks').padEnd(15)}Used Available Use% Mounted on\n`;
  for (const m of mounts) {
    const usage = mountUsage(ctx.host, m);
    if (!usage && !flags.has('a') && operands.length === 0) continue;
    const u = usage ?? { total: 0, used: 0, avail: 0 };
    const num = (kb: number): string => (human ? bbHuman(kb * 1024) : String(kb)).padStart(9);
    const pct = u.used + u.avail > 0 ? Math.floor((u.used * 100 + Math.floor((u.used + u.avail) / 2)) / (u.used + u.avail)) : 0;
    out += m.device.length > 20 ? `${m.device}\n${' '.repeat(20)}` : m.device.padEnd(20);
    if (typed) out += m.fstype.length > 10 ? ` ${m.fstype}\n${' '.repeat(30)}` : ` ${m.fstype.padEnd(10)}`;
    out += ` ${num(u.total)} ${num(u.used)} ${num(u.avail)} ${String(pct).padStart(3)}% ${m.target}\n`;
  }
  ctx.stdout(out);
  return status;
};
