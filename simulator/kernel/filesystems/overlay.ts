/**
 * overlayfs: read-only lower layers (image layers, top first) under one writable upper directory.
 * Lookups take the topmost layer that has a name; writing copies the file (and its parent
 * directories) up first; deleting a name that a lower layer has leaves a whiteout (a 0:0 character
 * device) in the upper; a directory recreated over a whiteout is marked opaque so lower entries
 * stay hidden. The upper alone is what `docker diff` lists and what `docker commit` turns into a layer.
 */
import { FsError, type FsState, type Inode, type WriteOptions } from '../vfs.ts';
import type { Attrs, FsBackend } from './backend.ts';
import { TreeFs } from './tree.ts';

export const OPAQUE_XATTR = 'trusted.overlay.opaque';

export function isWhiteout(node: Inode): boolean {
  return node.type === 'chardev' && (node.rdev === undefined || (node.rdev[0] === 0 && node.rdev[1] === 0));
}

export function isOpaque(node: Inode): boolean {
  return node.type === 'dir' && node.xattrs?.[OPAQUE_XATTR] === 'y';
}

interface Found {
  node: Inode;
  /** Index into layers (0 = upper). */
  layer: number;
  /** Layers, top first, in which this directory exists and is visible (for listing). */
  dirs: number[];
}

export class OverlayFs implements FsBackend {
  readonly upper: TreeFs;
  readonly lowers: TreeFs[];
  private readonly layers: TreeFs[];

  /** `lowers` top first; they are never modified. */
  constructor(upper: FsState, lowers: FsState[], now: () => number) {
    this.upper = new TreeFs(upper, now);
    this.lowers = lowers.map((l) => new TreeFs(l, now, true));
    this.layers = [this.upper, ...this.lowers];
  }

  private find(path: string[], from = 0): Found | undefined {
    let dirs: number[] = [];
    for (let i = from; i < this.layers.length; i++) dirs.push(i);
    let found: Found = { node: (this.layers[from] as TreeFs).node((this.layers[from] as TreeFs).state.root), layer: from, dirs };
    for (let depth = 1; depth <= path.length; depth++) {
      const prefix = path.slice(0, depth);
      const next: number[] = [];
      let top: { node: Inode; layer: number } | undefined;
      for (const li of dirs) {
        const n = (this.layers[li] as TreeFs).lookup(prefix);
        if (!n) continue;
        if (isWhiteout(n)) break;
        if (!top) top = { node: n, layer: li };
        if (n.type !== 'dir' || top.node.type !== 'dir') break;
        next.push(li);
        if (isOpaque(n)) break;
      }
      if (!top) return undefined;
      if (top.node.type !== 'dir' && depth < path.length) return undefined;
      dirs = next;
      found = { node: top.node, layer: top.layer, dirs };
    }
    return found;
  }

  /** True when some lower layer shows a node at `path` (so deleting it needs a whiteout). */
  lowerHas(path: string[]): boolean {
    return this.lowers.length > 0 && this.find(path, 1) !== undefined;
  }

  lookup(path: string[]): Inode | undefined {
    return this.find(path)?.node;
  }

  list(path: string[]): string[] {
    const found = this.find(path);
    if (!found) throw new FsError('ENOENT', '/' + path.join('/'));
    if (found.node.type !== 'dir') throw new FsError('ENOTDIR', '/' + path.join('/'));
    const seen: Record<string, boolean> = {};
    const names: string[] = [];
    for (const li of found.dirs) {
      const layer = this.layers[li] as TreeFs;
      const dir = layer.lookup(path) as Inode;
      for (const [name, ino] of Object.entries(dir.entries ?? {})) {
        if (name in seen) continue;
        const visible = !isWhiteout(layer.node(ino));
        seen[name] = visible;
        if (visible) names.push(name);
      }
    }
    return names;
  }

  read(_path: string[], node: Inode): string {
    return node.data ?? '';
  }

  /** Makes `path` exist in the upper layer (copying it and its parents up); returns the upper node. */
  copyUp(path: string[]): Inode {
    for (let depth = 1; depth <= path.length; depth++) {
      const prefix = path.slice(0, depth);
      const inUpper = this.upper.lookup(prefix);
      if (inUpper && !isWhiteout(inUpper)) continue;
      const found = this.find(prefix);
      if (!found) throw new FsError('ENOENT', '/' + path.join('/'));
      const n = found.node;
      const base = { mode: n.mode, uid: n.uid, gid: n.gid };
      let made: Inode;
      if (n.type === 'dir') made = this.upper.mknod(prefix, { type: 'dir', ...base, entries: {} });
      else if (n.type === 'symlink') made = this.upper.symlink(n.target ?? '', prefix, n.uid, n.gid);
      else {
        made = this.upper.mknod(prefix, { type: n.type, ...base });
        for (const key of ['data', 'size', 'prog', 'rdev', 'xattrs'] as const) if (n[key] !== undefined) (made as unknown as Record<string, unknown>)[key] = structuredCopy(n[key]);
      }
      made.mtime = n.mtime;
    }
    return this.upper.lookup(path) as Inode;
  }

  /** Copies a whole directory tree up (before renaming it). */
  private copyUpTree(path: string[]): void {
    const node = this.copyUp(path);
    if (node.type !== 'dir') return;
    for (const name of this.list(path)) this.copyUpTree([...path, name]);
  }

  /** Clears a whiteout at `path` in the upper; returns whether one was there. */
  private clearWhiteout(path: string[]): boolean {
    const n = this.upper.lookup(path);
    if (n && isWhiteout(n)) {
      this.upper.remove(path, false);
      return true;
    }
    return false;
  }

  private parentDir(path: string[]): void {
    const parent = this.find(path.slice(0, -1));
    if (!parent) throw new FsError('ENOENT', '/' + path.join('/'));
    if (parent.node.type !== 'dir') throw new FsError('ENOTDIR', '/' + path.join('/'));
    this.copyUp(path.slice(0, -1));
  }

  write(path: string[], data: string, options: WriteOptions, append: boolean): Inode {
    this.parentDir(path);
    const existing = this.find(path);
    if (existing) {
      if (existing.node.type === 'dir') throw new FsError('EISDIR', '/' + path.join('/'));
      this.copyUp(path);
    } else this.clearWhiteout(path);
    return this.upper.write(path, data, options, append);
  }

  mkdir(path: string[], mode: number, uid: number, gid: number): Inode {
    this.parentDir(path);
    if (this.find(path)) throw new FsError('EEXIST', '/' + path.join('/'));
    const hadWhiteout = this.clearWhiteout(path);
    const node = this.upper.mkdir(path, mode, uid, gid);
    if (hadWhiteout || this.lowerHas(path)) node.xattrs = { ...(node.xattrs ?? {}), [OPAQUE_XATTR]: 'y' };
    return node;
  }

  symlink(target: string, path: string[], uid: number, gid: number): Inode {
    this.parentDir(path);
    if (this.find(path)) throw new FsError('EEXIST', '/' + path.join('/'));
    this.clearWhiteout(path);
    return this.upper.symlink(target, path, uid, gid);
  }

  link(from: string[], to: string[]): Inode {
    if (!this.find(from)) throw new FsError('ENOENT', '/' + from.join('/'));
    this.copyUp(from);
    this.parentDir(to);
    if (this.find(to)) throw new FsError('EEXIST', '/' + to.join('/'));
    this.clearWhiteout(to);
    return this.upper.link(from, to);
  }

  remove(path: string[], recursive: boolean): void {
    const found = this.find(path);
    if (!found) throw new FsError('ENOENT', '/' + path.join('/'));
    if (found.node.type === 'dir' && !recursive && this.list(path).length > 0) throw new FsError('ENOTEMPTY', '/' + path.join('/'));
    this.copyUp(path.slice(0, -1));
    if (this.upper.lookup(path)) this.upper.remove(path, true);
    if (this.lowerHas(path)) this.upper.mknod(path, { type: 'chardev', mode: 0, uid: 0, gid: 0, rdev: [0, 0] });
  }

  rename(from: string[], to: string[]): void {
    const src = this.find(from);
    if (!src) throw new FsError('ENOENT', '/' + from.join('/'));
    if (to.length > from.length && from.every((c, i) => to[i] === c)) throw new FsError('EINVAL', '/' + to.join('/'));
    const existing = this.find(to);
    if (existing && existing.node.type === 'dir' && src.node.type !== 'dir') throw new FsError('EISDIR', '/' + to.join('/'));
    if (existing && existing.node.type !== 'dir' && src.node.type === 'dir') throw new FsError('ENOTDIR', '/' + to.join('/'));
    if (existing && existing.node.type === 'dir' && this.list(to).length > 0) throw new FsError('ENOTEMPTY', '/' + to.join('/'));
    this.copyUpTree(from);
    this.parentDir(to);
    const dst = this.find(to);
    const dstInLower = this.lowerHas(to);
    if (dst) {
      if (dst.node.type === 'dir' && src.node.type !== 'dir') throw new FsError('EISDIR', '/' + to.join('/'));
      if (dst.node.type !== 'dir' && src.node.type === 'dir') throw new FsError('ENOTDIR', '/' + to.join('/'));
      if (dst.node.type === 'dir' && this.list(to).length > 0) throw new FsError('ENOTEMPTY', '/' + to.join('/'));
      if (this.upper.lookup(to)) this.upper.remove(to, true);
    } else this.clearWhiteout(to);
    const srcInLower = this.lowerHas(from);
    this.upper.rename(from, to);
    const moved = this.upper.lookup(to) as Inode;
    if (moved.type === 'dir' && dstInLower) moved.xattrs = { ...(moved.xattrs ?? {}), [OPAQUE_XATTR]: 'y' };
    if (srcInLower) this.upper.mknod(from, { type: 'chardev', mode: 0, uid: 0, gid: 0, rdev: [0, 0] });
  }

  setattr(path: string[], attrs: Attrs): Inode {
    if (!this.find(path)) throw new FsError('ENOENT', '/' + path.join('/'));
    this.copyUp(path);
    return this.upper.setattr(path, attrs);
  }

  /**
   * The changes in the upper layer against the lower ones, as `docker diff` lists them:
   * `A` added, `C` changed (including directories that contain changes), `D` deleted; by path.
   */
  diff(): { kind: 'A' | 'C' | 'D'; path: string }[] {
    const out: { kind: 'A' | 'C' | 'D'; path: string }[] = [];
    const walk = (path: string[]): void => {
      const dir = this.upper.lookup(path) as Inode;
      for (const name of Object.keys(dir.entries ?? {}).sort()) {
        const child = [...path, name];
        const node = this.upper.node((dir.entries as Record<string, number>)[name] as number);
        const shown = '/' + child.join('/');
        if (isWhiteout(node)) out.push({ kind: 'D', path: shown });
        else out.push({ kind: this.lowerHas(child) ? 'C' : 'A', path: shown });
        if (node.type === 'dir') walk(child);
      }
    };
    walk([]);
    return out;
  }
}

function structuredCopy<T>(value: T): T {
  return typeof value === 'object' && value !== null ? (JSON.parse(JSON.stringify(value)) as T) : value;
}
