/**
 * The plain filesystem: an inode table with directories mapping names to inode numbers (ext4/xfs
 * on a disk, a tmpfs, an image layer, an overlay's upper directory). Hard links share an inode.
 */
import { FsError, type FsState, type Inode, type WriteOptions } from '../vfs.ts';
import type { Attrs, FsBackend } from './backend.ts';

export class TreeFs implements FsBackend {
  readonly state: FsState;
  readonly readOnly: boolean;
  private readonly now: () => number;

  constructor(state: FsState, now: () => number, readOnly = false) {
    this.state = state;
    this.now = now;
    this.readOnly = readOnly;
  }

  node(ino: number): Inode {
    const node = this.state.inodes[ino];
    if (!node) throw new Error(`dangling inode ${ino}`);
    return node;
  }

  lookup(path: string[]): Inode | undefined {
    let node = this.node(this.state.root);
    for (const name of path) {
      if (node.type !== 'dir') return undefined;
      const next = node.entries?.[name];
      if (next === undefined) return undefined;
      node = this.node(next);
    }
    return node;
  }

  child(dir: Inode, name: string): Inode | undefined {
    const ino = dir.type === 'dir' ? dir.entries?.[name] : undefined;
    return ino === undefined ? undefined : this.node(ino);
  }

  private dirAt(path: string[], full: string[]): Inode {
    const dir = this.lookup(path);
    if (!dir) throw new FsError('ENOENT', '/' + full.join('/'));
    if (dir.type !== 'dir') throw new FsError('ENOTDIR', '/' + full.join('/'));
    return dir;
  }

  private parentOf(path: string[]): { parent: Inode; name: string } {
    if (path.length === 0) throw new FsError('EBUSY', '/');
    return { parent: this.dirAt(path.slice(0, -1), path), name: path[path.length - 1] as string };
  }

  list(path: string[]): string[] {
    return Object.keys(this.dirAt(path, path).entries ?? {});
  }

  read(_path: string[], node: Inode): string {
    return node.data ?? '';
  }

  alloc(node: Omit<Inode, 'ino'>): Inode {
    const ino = this.state.nextIno++;
    const full = { ino, ...node } as Inode;
    this.state.inodes[ino] = full;
    return full;
  }

  /** Puts an existing inode under a name (used by link, rename and layer building). */
  attach(parent: Inode, name: string, node: Inode): void {
    (parent.entries ??= {})[name] = node.ino;
    parent.mtime = this.now();
    if (node.type === 'dir') parent.nlink++;
  }

  write(path: string[], data: string, options: WriteOptions, append: boolean): Inode {
    const { parent, name } = this.parentOf(path);
    const existingIno = parent.entries?.[name];
    if (existingIno !== undefined) {
      const existing = this.node(existingIno);
      if (existing.type === 'dir') throw new FsError('EISDIR', '/' + path.join('/'));
      existing.data = append ? (existing.data ?? '') + data : data;
      delete existing.size;
      existing.mtime = this.now();
      if (options.prog !== undefined) existing.prog = options.prog;
      if (options.mode !== undefined) existing.mode = options.mode;
      if (options.size !== undefined) existing.size = options.size;
      return existing;
    }
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
    this.attach(parent, name, node);
    return node;
  }

  mkdir(path: string[], mode: number, uid: number, gid: number): Inode {
    const { parent, name } = this.parentOf(path);
    if (parent.entries?.[name] !== undefined) throw new FsError('EEXIST', '/' + path.join('/'));
    const node = this.alloc({ type: 'dir', mode, uid, gid, mtime: this.now(), nlink: 2, entries: {} });
    this.attach(parent, name, node);
    return node;
  }

  symlink(target: string, path: string[], uid: number, gid: number): Inode {
    const { parent, name } = this.parentOf(path);
    if (parent.entries?.[name] !== undefined) throw new FsError('EEXIST', '/' + path.join('/'));
    const node = this.alloc({ type: 'symlink', mode: 0o777, uid, gid, mtime: this.now(), nlink: 1, target });
    this.attach(parent, name, node);
    return node;
  }

  /** Creates a special node (device, fifo, overlay whiteout) under a name, replacing nothing. */
  mknod(path: string[], node: Omit<Inode, 'ino' | 'mtime' | 'nlink'>): Inode {
    const { parent, name } = this.parentOf(path);
    if (parent.entries?.[name] !== undefined) throw new FsError('EEXIST', '/' + path.join('/'));
    const made = this.alloc({ ...node, mtime: this.now(), nlink: node.type === 'dir' ? 2 : 1 });
    this.attach(parent, name, made);
    return made;
  }

  link(from: string[], to: string[]): Inode {
    const node = this.lookup(from);
    if (!node) throw new FsError('ENOENT', '/' + from.join('/'));
    if (node.type === 'dir') throw new FsError('EPERM', '/' + from.join('/'));
    const { parent, name } = this.parentOf(to);
    if (parent.entries?.[name] !== undefined) throw new FsError('EEXIST', '/' + to.join('/'));
    node.nlink++;
    this.attach(parent, name, node);
    return node;
  }

  remove(path: string[], recursive: boolean): void {
    const { parent, name } = this.parentOf(path);
    const ino = parent.entries?.[name];
    if (ino === undefined) throw new FsError('ENOENT', '/' + path.join('/'));
    const node = this.node(ino);
    if (node.type === 'dir' && !recursive && Object.keys(node.entries ?? {}).length > 0) throw new FsError('ENOTEMPTY', '/' + path.join('/'));
    delete parent.entries?.[name];
    parent.mtime = this.now();
    if (node.type === 'dir') parent.nlink--;
    this.release(node);
  }

  private release(node: Inode): void {
    if (node.type !== 'dir' && --node.nlink > 0) return;
    for (const child of Object.values(node.entries ?? {})) {
      const c = this.state.inodes[child];
      if (c) this.release(c);
    }
    delete this.state.inodes[node.ino];
  }

  rename(from: string[], to: string[]): void {
    const src = this.parentOf(from);
    const ino = src.parent.entries?.[src.name];
    if (ino === undefined) throw new FsError('ENOENT', '/' + from.join('/'));
    const node = this.node(ino);
    if (node.type === 'dir' && to.length > from.length && from.every((c, i) => to[i] === c)) throw new FsError('EINVAL', '/' + to.join('/'));
    const dst = this.parentOf(to);
    const existingIno = dst.parent.entries?.[dst.name];
    if (existingIno === ino) return;
    if (existingIno !== undefined) {
      const existing = this.node(existingIno);
      if (existing.type === 'dir' && node.type !== 'dir') throw new FsError('EISDIR', '/' + to.join('/'));
      if (existing.type !== 'dir' && node.type === 'dir') throw new FsError('ENOTDIR', '/' + to.join('/'));
      if (existing.type === 'dir' && Object.keys(existing.entries ?? {}).length > 0) throw new FsError('ENOTEMPTY', '/' + to.join('/'));
      this.remove(to, false);
    }
    delete src.parent.entries?.[src.name];
    if (node.type === 'dir') src.parent.nlink--;
    src.parent.mtime = this.now();
    this.attach(dst.parent, dst.name, node);
  }

  setattr(path: string[], attrs: Attrs): Inode {
    const node = this.lookup(path);
    if (!node) throw new FsError('ENOENT', '/' + path.join('/'));
    Object.assign(node, attrs);
    return node;
  }
}
