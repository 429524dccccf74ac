/**
 * Image layers: read-only filesystem trees kept once per lab, keyed by their digest, and shared by
 * every overlay (and every host) that stacks them, so a hundred containers of one image add only
 * their own upper directories to a snapshot.
 */
import type { World } from './world.ts';
import { emptyFs, FsError, type FsState, type Inode, type WriteOptions } from './vfs.ts';
import { TreeFs } from './filesystems/tree.ts';
import { isWhiteout } from './filesystems/overlay.ts';

export interface LayerStore {
  layers: Record<string, FsState>;
}

function store(world: World): LayerStore {
  return world.ext<LayerStore>('kernel/layers', () => ({ layers: {} }));
}

/** Stores a layer under its digest (kept as is if already there); returns the digest. */
export function putLayer(world: World, digest: string, fs: FsState): string {
  const layers = store(world).layers;
  if (!layers[digest]) layers[digest] = fs;
  return digest;
}

export function getLayer(world: World, digest: string): FsState | undefined {
  return store(world).layers[digest];
}

export function hasLayer(world: World, digest: string): boolean {
  return digest in store(world).layers;
}

/** Drops a layer nobody uses any more (the engine decides, after `docker rmi`/`image prune`). */
export function deleteLayer(world: World, digest: string): void {
  delete store(world).layers[digest];
}

export function layerDigests(world: World): string[] {
  return Object.keys(store(world).layers).sort();
}

/** One entry of a layer being built: a file, directory, symlink or whiteout (deletion). */
export type LayerEntry =
  | ({ path: string; type: 'file'; data?: string } & WriteOptions)
  | { path: string; type: 'dir'; mode?: number; uid?: number; gid?: number; opaque?: boolean }
  | { path: string; type: 'symlink'; target: string }
  | { path: string; type: 'whiteout' };

/**
 * Builds a layer tree from entries (parents are created as 0755 root directories when missing).
 * Whiteouts are 0:0 character devices and opaque directories carry the overlay xattr, exactly
 * what an overlay upper holds, so `commit` can store an upper as a layer unchanged.
 */
export function buildLayer(entries: LayerEntry[], mtime: number): FsState {
  const state = emptyFs(mtime);
  state.inodes[state.root]!.mode = 0o755;
  const fs = new TreeFs(state, () => mtime);
  const ensureDir = (parts: string[]): void => {
    for (let i = 1; i <= parts.length; i++) {
      const node = fs.lookup(parts.slice(0, i));
      if (!node) fs.mkdir(parts.slice(0, i), 0o755, 0, 0);
      else if (node.type !== 'dir') throw new FsError('ENOTDIR', '/' + parts.slice(0, i).join('/'));
    }
  };
  for (const e of entries) {
    const parts = e.path.split('/').filter(Boolean);
    if (parts.length === 0) continue;
    ensureDir(parts.slice(0, -1));
    if (fs.lookup(parts)) fs.remove(parts, true);
    if (e.type === 'file') fs.write(parts, e.data ?? '', { mode: e.mode ?? 0o644, uid: e.uid ?? 0, gid: e.gid ?? 0, ...(e.prog !== undefined ? { prog: e.prog } : {}), ...(e.size !== undefined ? { size: e.size } : {}) }, false);
    else if (e.type === 'dir') {
      const dir = fs.mkdir(parts, e.mode ?? 0o755, e.uid ?? 0, e.gid ?? 0);
      if (e.opaque) dir.xattrs = { 'trusted.overlay.opaque': 'y' };
    } else if (e.type === 'symlink') fs.symlink(e.target, parts, 0, 0);
    else fs.mknod(parts, { type: 'chardev', mode: 0, uid: 0, gid: 0, rdev: [0, 0] });
  }
  return state;
}

/** A deep copy of a filesystem tree (an overlay upper about to become a layer). */
export function cloneFs(fs: FsState): FsState {
  return JSON.parse(JSON.stringify(fs)) as FsState;
}

/** Bytes a layer adds (file contents and apparent sizes; whiteouts and directories count 0). */
export function layerSize(fs: FsState): number {
  let total = 0;
  for (const node of Object.values(fs.inodes) as Inode[]) {
    if (node.type === 'file') total += node.size ?? (node.data ?? '').length;
    else if (node.type === 'symlink') total += (node.target ?? '').length;
  }
  return total;
}

/** Every path in a layer with its node, depth first in name order (for `docker history`, tar export). */
export function walkLayer(fs: FsState): { path: string; node: Inode; whiteout: boolean }[] {
  const tree = new TreeFs(fs, () => 0, true);
  const out: { path: string; node: Inode; whiteout: boolean }[] = [];
  const walk = (parts: string[], node: Inode): void => {
    for (const name of Object.keys(node.entries ?? {}).sort()) {
      const child = tree.node((node.entries as Record<string, number>)[name] as number);
      const path = [...parts, name];
      out.push({ path: '/' + path.join('/'), node: child, whiteout: isWhiteout(child) });
      if (child.type === 'dir') walk(path, child);
    }
  };
  walk([], tree.node(fs.root));
  return out;
}

/** Key of the shared init layer in the layer store. */
export const INIT_LAYER = 'podbook:container-init';

/**
 * Docker's `-init` layer, stacked between the image and the container's upper directory: the mount
 * points runc needs and the files it bind-mounts over, so they never show up in `docker diff`.
 * Its content is the same for every container, so it is stored once.
 */
export function ensureInitLayer(world: World): string {
  if (!hasLayer(world, INIT_LAYER)) {
    putLayer(
      world,
      INIT_LAYER,
      buildLayer(
        [
          { path: '/.dockerenv', type: 'file', mode: 0o755 },
          { path: '/dev/console', type: 'file', mode: 0o755 },
          { path: '/dev/pts', type: 'dir' },
          { path: '/dev/shm', type: 'dir' },
          { path: '/etc/hostname', type: 'file', mode: 0o755 },
          { path: '/etc/hosts', type: 'file', mode: 0o755 },
          { path: '/etc/mtab', type: 'symlink', target: '/proc/mounts' },
          { path: '/etc/resolv.conf', type: 'file', mode: 0o755 },
          { path: '/proc', type: 'dir' },
          { path: '/sys', type: 'dir' },
        ],
        0,
      ),
    );
  }
  return INIT_LAYER;
}
