/**
 * A host's filesystem: inodes held in plain data (so a snapshot is JSON), a tree of directories
 * mapping names to inode numbers, and path resolution with symlinks. Mounts and overlay stacking
 * are layered on this by the mount table; callers only ever use the Vfs methods below.
 */
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
}

export interface FsState {
  inodes: Record<number, Inode>;
  nextIno: number;
  root: number;
}

export class FsError extends Error {
  readonly code: 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY' | 'EACCES' | 'EROFS' | 'ELOOP' | 'EINVAL';
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

export class Vfs {
  readonly state: FsState;
  private readonly now: () => number;

  constructor(state: FsState, now: () => number) {
    this.state = state;
    this.now = now;
  }

  inode(ino: number): Inode {
    const node = this.state.inodes[ino];
    if (!node) throw new Error(`dangling inode ${ino}`);
    return node;
  }

  /** Resolves a path to an inode number; follows symlinks (the last one too when `follow`). */
  resolve(path: string, follow = true, depth = 0): number {
    if (depth > 40) throw new FsError('ELOOP', path);
    const parts = normalizePath(path).split('/').filter(Boolean);
    let ino = this.state.root;
    let walked = '';
    for (let i = 0; i < parts.length; i++) {
      const node = this.inode(ino);
      if (node.type !== 'dir') throw new FsError('ENOTDIR', path);
      const next = node.entries?.[parts[i] as string];
      if (next === undefined) throw new FsError('ENOENT', path);
      const child = this.inode(next);
      const isLast = i === parts.length - 1;
      if (child.type === 'symlink' && (!isLast || follow)) {
        const target = normalizePath(child.target ?? '', walked || '/');
        const rest = parts.slice(i + 1).join('/');
        return this.resolve(rest ? `${target}/${rest}` : target, follow, depth + 1);
      }
      walked += '/' + parts[i];
      ino = next;
    }
    return ino;
  }

  exists(path: string): boolean {
    try {
      this.resolve(path);
      return true;
    } catch {
      return false;
    }
  }

  stat(path: string, follow = true): Inode {
    return this.inode(this.resolve(path, follow));
  }

  tryStat(path: string, follow = true): Inode | undefined {
    try {
      return this.stat(path, follow);
    } catch {
      return undefined;
    }
  }

  readFile(path: string): string {
    const node = this.stat(path);
    if (node.type === 'dir') throw new FsError('EISDIR', path);
    return node.data ?? '';
  }

  readdir(path: string): string[] {
    const node = this.stat(path);
    if (node.type !== 'dir') throw new FsError('ENOTDIR', path);
    return Object.keys(node.entries ?? {}).sort();
  }

  private alloc(node: Omit<Inode, 'ino'>): Inode {
    const ino = this.state.nextIno++;
    const full = { ino, ...node } as Inode;
    this.state.inodes[ino] = full;
    return full;
  }

  private parentOf(path: string): Inode {
    const parent = this.stat(dirname(normalizePath(path)));
    if (parent.type !== 'dir') throw new FsError('ENOTDIR', path);
    return parent;
  }

  writeFile(path: string, data: string, options: WriteOptions = {}): Inode {
    const abs = normalizePath(path);
    const existing = this.tryStat(abs);
    if (existing) {
      if (existing.type === 'dir') throw new FsError('EISDIR', path);
      existing.data = data;
      delete existing.size;
      existing.mtime = this.now();
      if (options.prog !== undefined) existing.prog = options.prog;
      if (options.mode !== undefined) existing.mode = options.mode;
      if (options.size !== undefined) existing.size = options.size;
      return existing;
    }
    const parent = this.parentOf(abs);
    const node = this.alloc({
      type: 'file',
      mode: options.mode ?? 0o644,
      uid: options.uid ?? 0,
      gid: options.gid ?? 0,
      mtime: this.now(),
      nlink: 1,
      data,
      ...(options.prog !== undefined ? { prog: options.prog } : {}),
      ...(options.size !== undefined ? { size: options.size } : {}),
    });
    (parent.entries ??= {})[basename(abs)] = node.ino;
    parent.mtime = this.now();
    return node;
  }

  appendFile(path: string, data: string): void {
    const existing = this.tryStat(path);
    this.writeFile(path, (existing?.data ?? '') + data);
  }

  mkdir(path: string, options: { parents?: boolean; mode?: number } = {}): Inode {
    const abs = normalizePath(path);
    const existing = this.tryStat(abs);
    if (existing) {
      if (options.parents && existing.type === 'dir') return existing;
      throw new FsError('EEXIST', path);
    }
    if (options.parents && abs !== '/') this.mkdir(dirname(abs), { parents: true });
    const parent = this.parentOf(abs);
    const node = this.alloc({ type: 'dir', mode: options.mode ?? 0o755, uid: 0, gid: 0, mtime: this.now(), nlink: 2, entries: {} });
    (parent.entries ??= {})[basename(abs)] = node.ino;
    parent.nlink++;
    return node;
  }

  symlink(target: string, path: string): Inode {
    const abs = normalizePath(path);
    if (this.tryStat(abs, false)) throw new FsError('EEXIST', path);
    const parent = this.parentOf(abs);
    const node = this.alloc({ type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: this.now(), nlink: 1, target });
    (parent.entries ??= {})[basename(abs)] = node.ino;
    return node;
  }

  /** Removes a file, symlink or (with `recursive`, or when empty) a directory. */
  remove(path: string, options: { recursive?: boolean } = {}): void {
    const abs = normalizePath(path);
    const node = this.stat(abs, false);
    if (node.type === 'dir' && !options.recursive && Object.keys(node.entries ?? {}).length > 0) {
      throw new FsError('ENOTEMPTY', path);
    }
    const parent = this.parentOf(abs);
    delete parent.entries?.[basename(abs)];
    this.free(node);
  }

  private free(node: Inode): void {
    if (--node.nlink > 0 && node.type !== 'dir') return;
    for (const child of Object.values(node.entries ?? {})) {
      const c = this.state.inodes[child];
      if (c) this.free(c);
    }
    delete this.state.inodes[node.ino];
  }
}
