/**
 * Disk figures df and du report: blocks a filesystem's files occupy (4 KiB blocks, as XFS and
 * tmpfs allocate them), the size of each mounted filesystem, and coreutils' human-readable sizes
 * (powers of 1024, rounded up, one decimal below 10).
 */
import type { Host } from '../../kernel/host.ts';
import type { FsState, Inode } from '../../kernel/vfs.ts';
import type { MountEntry } from '../../kernel/mounts.ts';
import { layerDigests, getLayer } from '../../kernel/layers.ts';

/** KiB a node occupies on disk. */
export function blocksKb(node: Inode): number {
  if (node.type !== 'file') return 0;
  const size = node.size ?? (node.data ?? '').length;
  return Math.ceil(size / 4096) * 4;
}

export function treeUsedKb(fs: FsState): number {
  let kb = 0;
  for (const node of Object.values(fs.inodes)) kb += blocksKb(node);
  return kb;
}

/**
 * KiB an image layer's unmodelled files occupy, counted where du meets the root of a mount that
 * shows the layer: a container's overlay root (all its image layers) or a layer's `diff` directory
 * under /var/lib/docker/overlay2. The catalog models only the files a reader looks at, so each
 * layer carries the rest of its size (what `docker images` adds up) as one figure on its tree; du
 * counts that figure in 4 KiB blocks, so `du -sh /` in a container comes to about the image's size
 * plus what the container wrote.
 */
export function unmodelledKb(host: Host, m: MountEntry, path: string): number {
  if (m.target !== path) return 0;
  const digests = m.source.kind === 'overlay' ? (host.sys.overlays[m.source.id]?.lowers ?? []) : m.source.kind === 'layer' ? [m.source.digest] : [];
  let kb = 0;
  for (const digest of digests) kb += Math.ceil((getLayer(host.world, digest)?.unmodelledBytes ?? 0) / 4096) * 4;
  return kb;
}

/** What the CentOS install itself occupies on the root filesystem (packages are not modelled as files). */
const OS_BASE_KB = 1_468_006;
const ROOT_TOTAL_KB = 17_811_456;
const BOOT_TOTAL_KB = 1_038_336;
const BOOT_USED_KB = 153_600;

/** Size, used and available KiB of a mount, or undefined for pseudo filesystems (df skips them). */
export function mountUsage(host: Host, m: MountEntry): { total: number; used: number; avail: number } | undefined {
  const src = m.source;
  const sizeOpt = /(?:^|,)size=(\d+)k/.exec(m.options);
  const halfMem = Math.floor(host.sys.memTotal / 2048);
  if (src.kind === 'fs' && src.id === 'root') return rootUsage(host);
  if (src.kind === 'overlay' || src.kind === 'layer') return rootUsage(host);
  if (src.kind === 'fs' && src.id === 'boot') return { total: BOOT_TOTAL_KB, used: BOOT_USED_KB, avail: BOOT_TOTAL_KB - BOOT_USED_KB };
  if (src.kind === 'fs' && (m.fstype === 'tmpfs' || m.fstype === 'devtmpfs')) {
    const fs = host.sys.filesystems[src.id];
    const total = sizeOpt ? Number(sizeOpt[1]) : halfMem;
    const used = fs ? treeUsedKb(fs) : 0;
    return { total, used, avail: total - used };
  }
  return undefined;
}

function rootUsage(host: Host): { total: number; used: number; avail: number } {
  let used = OS_BASE_KB + treeUsedKb(host.state.fs);
  for (const digest of layerDigests(host.world)) {
    const layer = getLayer(host.world, digest);
    if (layer) used += treeUsedKb(layer);
  }
  for (const ov of Object.values(host.sys.overlays)) used += treeUsedKb(ov.upper);
  return { total: ROOT_TOTAL_KB, used, avail: ROOT_TOTAL_KB - used };
}

/** coreutils `-h`: 1024-based, rounded up, `4.0K`, `17G`, `0` (bytes below 1 KiB as a plain number). */
export function humanCeil(bytes: number): string {
  if (bytes < 1024) return String(Math.ceil(bytes));
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  let v = bytes;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (v < 10) {
    const t = Math.ceil(v * 10 - 1e-9) / 10;
    if (t < 10) return `${t.toFixed(1)}${units[u]}`;
    v = t;
  }
  const whole = Math.ceil(v - 1e-9);
  if (whole >= 1024 && u < units.length - 1) return `1.0${units[u + 1]}`;
  return `${whole}${units[u]}`;
}

/** Pads columns as coreutils' df does: each as wide as its widest cell (at least `minWidths`), one space between. */
export function table(rows: string[][], leftColumns: number[], minWidths: number[] = []): string {
  const widths: number[] = [...minWidths];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          if (i === row.length - 1 && leftColumns.includes(i)) return cell;
          return leftColumns.includes(i) ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number);
        })
        .join(' ') + '\n',
    )
    .join('');
}
