/**
 * What a mounted filesystem must answer. Paths here are component lists relative to the
 * filesystem's own root (`['etc', 'hosts']`); symlinks are returned, never followed, because the
 * mount-namespace view (Vfs) resolves them against the caller's root and mounts.
 */
import type { Inode, WriteOptions } from '../vfs.ts';

export type Attrs = Partial<Pick<Inode, 'mode' | 'uid' | 'gid' | 'mtime'>>;

export interface FsBackend {
  /** lstat: the node at `path`, or undefined when any component is missing. */
  lookup(path: string[]): Inode | undefined;
  /**
   * The entry `name` of `dir`, a directory this filesystem returned (optional: a path walk then asks
   * `lookup` with the whole path). Lets a walk take one step instead of starting from the root.
   */
  child?(dir: Inode, name: string): Inode | undefined;
  /** Entry names of a directory (unsorted). */
  list(path: string[]): string[];
  /** Content of a file (pseudo files are generated here). */
  read(path: string[], node: Inode): string;
  /** Creates or replaces (or, with `append`, extends) a regular file. */
  write(path: string[], data: string, options: WriteOptions, append: boolean): Inode;
  mkdir(path: string[], mode: number, uid: number, gid: number): Inode;
  symlink(target: string, path: string[], uid: number, gid: number): Inode;
  /** Hard link: `to` becomes another name of `from` (same filesystem only). */
  link(from: string[], to: string[]): Inode;
  /** Unlinks a name; directories only when empty unless `recursive`. */
  remove(path: string[], recursive: boolean): void;
  rename(from: string[], to: string[]): void;
  setattr(path: string[], attrs: Attrs): Inode;
  /** True for filesystems that can never be written (image layers, sysfs). */
  readonly readOnly?: boolean;
}
