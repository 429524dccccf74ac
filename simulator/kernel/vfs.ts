/**
 * Files as a process sees them. Filesystems keep their inodes in plain data (so a snapshot is JSON);
 * `Vfs` is the view through one mount namespace: it walks a path component by component, crossing
 * mount points, following symlinks against the caller's root, and checking permissions for non-root
 * callers. `new Vfs(fsState, now)` is the view of a single filesystem without mounts; a host builds
 * mount-aware views (`host.fs`, `host.fsFor(pid)`). Callers only ever use the Vfs methods below.
 */
import type { FsBackend } from './filesystems/backend.ts';
import { TreeFs } from './filesystems/tree.ts';
import type { MountEntry } from './mounts.ts';

export type InodeType = 'file' | 'dir' | 'symlink' | 'chardev' | 'blockdev' | 'fifo' | 'socket';

export interface Inode {
  ino: number;
  type: InodeType;
  /** Permission bits (0o755 etc.), without the type bits. */
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  nlink: number;
  /** File content (text; binary data is kept as latin1 code units). */
  data?: string;
  /** Apparent size when the content is not modelled byte for byte (binaries, images). */
  size?: number;
  /** Directory entries: name -> inode number. */
  entries?: Record<string, number>;
  /** Symlink target. */
  target?: string;
  /** For executables: the name of the program model that runs when it is exec'd. */
  prog?: string;
  /** Device numbers of a character or block device ([0, 0] in an overlay upper is a whiteout). */
  rdev?: [number, number];
  /** Extended attributes (`trusted.overlay.opaque: y` marks an opaque overlay directory). */
  xattrs?: Record<string, string>;
}

export interface FsState {
  inodes: Record<number, Inode>;
  nextIno: number;
  root: number;
  /** Bytes of files the tree stands for but does not hold (an image layer's unmodelled bulk; du counts it at the root). */
  unmodelledBytes?: number;
}

export class FsError extends Error {
  readonly code: 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY' | 'EACCES' | 'EROFS' | 'ELOOP' | 'EINVAL' | 'EXDEV' | 'EPERM' | 'EBUSY' | 'ESRCH';
  readonly path: string;
  constructor(code: FsError['code'], path: string) {
    super(`${code}: ${path}`);
    this.code = code;
    this.path = path;
  }
}

/** The strerror text Linux prints for each code, as coreutils and bash show it. */
export const ERRNO_TEXT: Record<FsError['code'], string> = {
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  EACCES: 'Permission denied',
  EROFS: 'Read-only file system',
  ELOOP: 'Too many levels of symbolic links',
  EINVAL: 'Invalid argument',
  EXDEV: 'Invalid cross-device link',
  EPERM: 'Operation not permitted',
  EBUSY: 'Device or resource busy',
  ESRCH: 'No such process',
};

export function emptyFs(now: number): FsState {
  return {
    inodes: { 1: { ino: 1, type: 'dir', mode: 0o555, uid: 0, gid: 0, mtime: now, nlink: 2, entries: {} } },
    nextIno: 2,
    root: 1,
  };
}

export function normalizePath(path: string, cwd = '/'): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || '/';
}

export interface WriteOptions {
  mode?: number;
  uid?: number;
  gid?: number;
  prog?: string;
  size?: number;
}

/** Who is asking: permission checks apply unless uid is 0. */
export interface Cred {
  uid: number;
  gid: number;
  groups?: number[];
}

/** What a mount-aware view needs from its host: the namespace's mount table and a backend per mount. */
export interface MountView {
  /** Mount entries in mount order (a later entry on the same target hides an earlier one). */
  mounts(): MountEntry[];
  backend(mount: MountEntry): FsBackend;
}

/** Where a path landed: the mount, the path inside that filesystem, and the node if it exists. */
export interface Located {
  mount: MountEntry;
  rel: string[];
  node: Inode | undefined;
  /** The path with symlinks resolved, as the caller sees it. */
  path: string;
  /** The directory the walk found the last name in (absent for `/`), so writers need not walk again. */
  parent?: Inode;
}

const R = 4;
const W = 2;
const X = 1;

function single(state: FsState, now: () => number): MountView {
  const mount: MountEntry = { id: 1, parent: 0, target: '/', root: '/', source: { kind: 'fs', id: 'root' }, fstype: 'xfs', device: 'rootfs', options: 'rw', readOnly: false };
  const backend = new TreeFs(state, now);
  return { mounts: () => [mount], backend: () => backend };
}

export class Vfs {
  /** The root filesystem's inode table when it is a plain tree (kept for code that reads inodes by number). */
  readonly state: FsState;
  private readonly now: () => number;
  private readonly view: MountView;
  /** The caller's root directory as a namespace path (`/` unless chrooted). */
  private readonly rootDir: string;
  readonly cred: Cred | undefined;

  constructor(state: FsState, now: () => number, options: { view?: MountView; cred?: Cred; root?: string } = {}) {
    this.state = state;
    this.now = now;
    this.view = options.view ?? single(state, now);
    this.rootDir = options.root && options.root !== '/' ? normalizePath(options.root) : '/';
    this.cred = options.cred && options.cred.uid !== 0 ? options.cred : undefined;
  }

  /** The same view for another user (`su`, `docker exec -u`): permissions are checked as that user. */
  as(cred: Cred): Vfs {
    return new Vfs(this.state, this.now, { view: this.view, cred, root: this.rootDir });
  }

  /** The same view with another root directory (chroot). */
  chroot(root: string): Vfs {
    const abs = this.realpath(root);
    return new Vfs(this.state, this.now, { view: this.view, ...(this.cred ? { cred: this.cred } : {}), root: this.toNs(abs) });
  }

  inode(ino: number): Inode {
    const node = this.state.inodes[ino];
    if (!node) throw new Error(`dangling inode ${ino}`);
    return node;
  }

  /** The mount table of this view's namespace, in mount order. */
  /** The mount table as /proc/mounts lists it (without the simulator's hidden directory mounts). */
  mounts(): MountEntry[] {
    return this.view.mounts().filter((m) => !m.hidden);
  }

  private toNs(path: string): string {
    if (this.rootDir === '/') return path;
    return path === '/' ? this.rootDir : this.rootDir + path;
  }

  private fromNs(path: string): string {
    if (this.rootDir === '/') return path;
    return path === this.rootDir ? '/' : path.slice(this.rootDir.length);
  }

  /** The mount a namespace path falls in, and the path inside it. */
  private at(nsPath: string): Located {
    let best: MountEntry | undefined;
    for (const m of this.view.mounts()) {
      const t = m.target;
      if (t === '/' || nsPath === t || nsPath.startsWith(t + '/')) {
        if (!best || t.length >= best.target.length) best = m;
      }
    }
    if (!best) throw new FsError('ENOENT', nsPath);
    const inner = best.target === '/' ? nsPath : nsPath.slice(best.target.length);
    const rel = (best.root + '/' + inner).split('/').filter(Boolean);
    return { mount: best, rel, node: this.view.backend(best).lookup(rel), path: this.fromNs(nsPath) };
  }

  private may(node: Inode, bits: number): boolean {
    const cred = this.cred;
    if (!cred) return true;
    if (node.uid === cred.uid) return ((node.mode >> 6) & bits) === bits;
    if (node.gid === cred.gid || (cred.groups ?? []).includes(node.gid)) return ((node.mode >> 3) & bits) === bits;
    return (node.mode & bits) === bits;
  }

  /**
   * Walks a path the way the kernel does: each directory must be searchable, mount points switch
   * filesystems, symlinks restart the walk (the last one only when `follow`). The final node may
   * be missing (then `node` is undefined) but every directory before it must exist.
   */
  locate(path: string, follow = true): Located {
    const found = this.walk(path, follow, 0);
    if (typeof found === 'string') throw new FsError(found, path);
    return found;
  }

  /** `locate` without the exception: a failed walk gives its errno (a PATH search misses often). */
  private walk(path: string, follow: boolean, depth: number): Located | 'ENOENT' | 'ENOTDIR' | 'EACCES' | 'ELOOP' {
    if (depth > 40) return 'ELOOP';
    const normal = normalizePath(path);
    const parts = normal.split('/').filter(Boolean);
    let nsPath = this.rootDir;
    let loc = this.at(nsPath);
    // Walking down, the mount only changes at a mount point: a child path falls in its parent's mount
    // unless a mount's target is that very path (so each step need not scan the whole mount table).
    const full = this.toNs(normal);
    const targets: string[] = [];
    for (const m of this.view.mounts()) {
      if (m.target !== '/' && (full === m.target || full.startsWith(m.target + '/'))) targets.push(m.target);
    }
    let backend: FsBackend | undefined;
    for (let i = 0; i < parts.length; i++) {
      const dir = loc.node;
      if (!dir) return 'ENOENT';
      if (dir.type !== 'dir') return 'ENOTDIR';
      if (!this.may(dir, X)) return 'EACCES';
      const name = parts[i] as string;
      const next = nsPath === '/' ? `/${name}` : `${nsPath}/${name}`;
      let child: Located;
      if (targets.includes(next)) {
        child = this.at(next);
        backend = undefined;
      } else {
        backend ??= this.view.backend(loc.mount);
        const rel = [...loc.rel, name];
        child = { mount: loc.mount, rel, node: backend.child ? backend.child(dir, name) : backend.lookup(rel), path: this.fromNs(next) };
      }
      const isLast = i === parts.length - 1;
      if (child.node?.type === 'symlink' && (!isLast || follow)) {
        const target = child.node.target ?? '';
        const base = target.startsWith('/') ? target : `${this.fromNs(nsPath)}/${target}`;
        const rest = parts.slice(i + 1).join('/');
        return this.walk(rest ? `${base}/${rest}` : base, follow, depth + 1);
      }
      if (!child.node && !isLast) return 'ENOENT';
      nsPath = next;
      loc = child;
      loc.parent = dir;
    }
    return loc;
  }

  private existing(path: string, follow = true): Located & { node: Inode } {
    const loc = this.locate(path, follow);
    if (!loc.node) throw new FsError('ENOENT', path);
    return loc as Located & { node: Inode };
  }

  /** Resolves a path to an inode number (numbers are per filesystem: compare mounts too). */
  resolve(path: string, follow = true): number {
    return this.existing(path, follow).node.ino;
  }

  /** The path with every symlink resolved (`realpath`, `readlink -f`). */
  realpath(path: string): string {
    return this.existing(path).path;
  }

  /** The mount entry a path lives on (`df`, `stat -f`, the mount point checks). */
  mountOf(path: string): MountEntry {
    return this.existing(path).mount;
  }

  exists(path: string): boolean {
    return this.tryStat(path) !== undefined;
  }

  stat(path: string, follow = true): Inode {
    return this.existing(path, follow).node;
  }

  lstat(path: string): Inode {
    return this.stat(path, false);
  }

  tryStat(path: string, follow = true): Inode | undefined {
    try {
      const found = this.walk(path, follow, 0);
      return typeof found === 'string' ? undefined : found.node;
    } catch {
      return undefined; // a filesystem that cannot answer (a namespace link under /proc)
    }
  }

  readlink(path: string): string {
    const node = this.lstat(path);
    if (node.type !== 'symlink') throw new FsError('EINVAL', path);
    return node.target ?? '';
  }

  readFile(path: string): string {
    const loc = this.existing(path);
    if (loc.node.type === 'dir') throw new FsError('EISDIR', path);
    if (!this.may(loc.node, R)) throw new FsError('EACCES', path);
    return this.view.backend(loc.mount).read(loc.rel, loc.node);
  }

  /** Entry names, sorted by code point (the order `ls` shows in the C locale). */
  readdir(path: string): string[] {
    const loc = this.existing(path);
    if (loc.node.type !== 'dir') throw new FsError('ENOTDIR', path);
    if (!this.may(loc.node, R)) throw new FsError('EACCES', path);
    return this.view.backend(loc.mount).list(loc.rel).sort();
  }

  /** Checks a mount is writable and the caller may change entries of the parent directory. */
  private writableParent(loc: Located, path: string): FsBackend {
    const parent = loc.parent ?? this.locate(dirname(loc.path)).node;
    if (!parent) throw new FsError('ENOENT', path);
    if (parent.type !== 'dir') throw new FsError('ENOTDIR', path);
    if (!this.may(parent, W | X)) throw new FsError('EACCES', path);
    return this.writable(loc, path);
  }

  private writable(loc: Located, path: string): FsBackend {
    const backend = this.view.backend(loc.mount);
    if (loc.mount.readOnly || backend.readOnly) throw new FsError('EROFS', path);
    return backend;
  }

  private isMountPoint(loc: Located): boolean {
    const nsPath = this.toNs(loc.path);
    return this.view.mounts().some((m) => m.target === nsPath);
  }

  writeFile(path: string, data: string, options: WriteOptions = {}): Inode {
    return this.put(path, data, options, false);
  }

  appendFile(path: string, data: string): void {
    this.put(path, data, {}, true);
  }

  private put(path: string, data: string, options: WriteOptions, append: boolean): Inode {
    const loc = this.locate(path);
    if (loc.node) {
      if (loc.node.type === 'dir') throw new FsError('EISDIR', path);
      if (!this.may(loc.node, W)) throw new FsError('EACCES', path);
      return this.writable(loc, path).write(loc.rel, data, options, append);
    }
    const backend = this.writableParent(loc, path);
    return backend.write(loc.rel, data, { ...(this.cred ? { uid: this.cred.uid, gid: this.cred.gid } : {}), ...options }, append);
  }

  mkdir(path: string, options: { parents?: boolean; mode?: number } = {}): Inode {
    const abs = normalizePath(path);
    if (options.parents && abs !== '/') {
      const existing = this.tryStat(abs);
      if (existing?.type === 'dir') return existing;
      if (!this.tryStat(dirname(abs))) this.mkdir(dirname(abs), { parents: true });
    }
    const loc = this.locate(abs);
    if (loc.node) throw new FsError('EEXIST', path);
    const backend = this.writableParent(loc, path);
    return backend.mkdir(loc.rel, options.mode ?? 0o755, this.cred?.uid ?? 0, this.cred?.gid ?? 0);
  }

  symlink(target: string, path: string): Inode {
    const loc = this.locate(path, false);
    if (loc.node) throw new FsError('EEXIST', path);
    return this.writableParent(loc, path).symlink(target, loc.rel, this.cred?.uid ?? 0, this.cred?.gid ?? 0);
  }

  /** A hard link `path` to the existing `existing` (EXDEV across filesystems, EPERM for directories). */
  link(existing: string, path: string): Inode {
    const from = this.existing(existing, false);
    const to = this.locate(path, false);
    if (to.node) throw new FsError('EEXIST', path);
    if (from.mount.source !== to.mount.source && JSON.stringify(from.mount.source) !== JSON.stringify(to.mount.source)) throw new FsError('EXDEV', path);
    return this.writableParent(to, path).link(from.rel, to.rel);
  }

  /** Removes a file, symlink or (with `recursive`, or when empty) a directory. */
  remove(path: string, options: { recursive?: boolean } = {}): void {
    const loc = this.existing(path, false);
    if (this.isMountPoint(loc)) throw new FsError('EBUSY', path);
    const backend = this.writableParent(loc, path);
    const parent = this.locate(dirname(loc.path)).node as Inode;
    if (this.cred && (parent.mode & 0o1000) !== 0 && loc.node.uid !== this.cred.uid && parent.uid !== this.cred.uid) throw new FsError('EPERM', path);
    backend.remove(loc.rel, options.recursive ?? false);
  }

  /** rename(2): replaces a file (or an empty directory) at the destination; EXDEV across mounts. */
  rename(from: string, to: string): void {
    const src = this.existing(from, false);
    const dst = this.locate(to, false);
    if (this.isMountPoint(src)) throw new FsError('EBUSY', from);
    if (src.mount.id !== dst.mount.id) throw new FsError('EXDEV', to);
    const backend = this.writableParent(src, from);
    if (src.rel.join('/') === dst.rel.join('/')) return;
    if (src.node.type === 'dir' && dst.path.startsWith(src.path === '/' ? '/' : src.path + '/')) throw new FsError('EINVAL', to);
    this.writableParent(dst, to);
    backend.rename(src.rel, dst.rel);
  }

  chmod(path: string, mode: number): Inode {
    const loc = this.existing(path);
    if (this.cred && loc.node.uid !== this.cred.uid) throw new FsError('EPERM', path);
    return this.writable(loc, path).setattr(loc.rel, { mode: mode & 0o7777 });
  }

  chown(path: string, uid: number, gid: number, follow = true): Inode {
    const loc = this.existing(path, follow);
    if (this.cred) throw new FsError('EPERM', path);
    return this.writable(loc, path).setattr(loc.rel, { uid, gid });
  }

  /** Sets the modification time (`touch` on an existing file). */
  utimes(path: string, mtime = this.now()): Inode {
    const loc = this.existing(path);
    if (!this.may(loc.node, W) && this.cred?.uid !== loc.node.uid) throw new FsError('EACCES', path);
    return this.writable(loc, path).setattr(loc.rel, { mtime });
  }

  /** True when the caller may read (4), write (2) or execute/search (1) the node at `path`. */
  access(path: string, bits: number): boolean {
    const node = this.tryStat(path);
    if (!node) return false;
    if (!this.cred) return (bits & X) === 0 || node.type === 'dir' || (node.mode & 0o111) !== 0;
    return this.may(node, bits);
  }

  /** Apparent size of a node in bytes, as `ls -l` and `du --apparent-size` count it. */
  static sizeOf(node: Inode): number {
    if (node.size !== undefined) return node.size;
    if (node.type === 'dir') return 4096;
    if (node.type === 'symlink') return (node.target ?? '').length;
    return (node.data ?? '').length;
  }
}
