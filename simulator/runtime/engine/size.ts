/**
 * The size of a container's writable layer as the daemon reports it (`SizeRw`, `docker ps -s`):
 * the bytes of the files in its overlay's upper directory, leaving out the mount points runc made
 * there (the daemon keeps those in the init layer). `SizeRootFs` adds the image's layers.
 */
import type { Host } from '../../kernel/host.ts';
import { walkLayer } from '../../kernel/layers.ts';
import type { ContainerRecord, EngineState } from './state.ts';

const INIT_PATHS = ['/dev', '/proc', '/sys', '/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/.dockerenv'];

export function containerSizeRw(host: Host, c: ContainerRecord): number {
  let upper;
  try {
    upper = host.overlay(c.id).upper.state;
  } catch {
    return 0;
  }
  let total = 0;
  for (const { path, node, whiteout } of walkLayer(upper)) {
    if (whiteout || INIT_PATHS.some((m) => path === m || path.startsWith(m + '/'))) continue;
    if (node.type === 'file') total += node.size ?? (node.data ?? '').length;
    else if (node.type === 'symlink') total += (node.target ?? '').length;
  }
  return total;
}

export function containerSizeRootFs(host: Host, state: EngineState, c: ContainerRecord): number {
  return (state.images[c.imageId]?.size ?? 0) + containerSizeRw(host, c);
}

/** Bytes of the files under a directory of the host (a volume's `_data`), as `du -b` counts them. */
export function dirSize(host: Host, path: string): number {
  const fs = host.fs;
  const walk = (p: string): number => {
    const node = fs.tryStat(p, false);
    if (!node) return 0;
    if (node.type === 'file') return node.size ?? (node.data ?? '').length;
    if (node.type === 'symlink') return (node.target ?? '').length;
    if (node.type !== 'dir') return 0;
    return fs.readdir(p).reduce((n, name) => n + walk(`${p}/${name}`), 0);
  };
  return walk(path);
}
