/**
 * The host's sysfs: a plain tree, except the files the kernel answers itself. A disk's
 * `queue/scheduler` lists the elevators with the active one in brackets; writing a name switches
 * it (the block layer re-shares the disk at once), any other name is EINVAL.
 */
import { FsError, type FsState, type Inode, type WriteOptions } from '../vfs.ts';
import { TreeFs } from './tree.ts';

export const ELEVATORS = ['noop', 'deadline', 'cfq'];

export class SysFs extends TreeFs {
  /** Runs a change of the block layer's settings (the host settles I/O before it and re-shares after). */
  private readonly change: (apply: () => Inode) => Inode;

  constructor(state: FsState, now: () => number, change: (apply: () => Inode) => Inode) {
    super(state, now);
    this.change = change;
  }

  override write(path: string[], data: string, options: WriteOptions, append: boolean): Inode {
    if (path.length !== 4 || path[0] !== 'block' || path[2] !== 'queue' || path[3] !== 'scheduler') return super.write(path, data, options, append);
    const existing = this.lookup(path);
    // Opening with O_TRUNC changes nothing; the value is what is written.
    if (data === '' && existing) return existing;
    const name = data.trim();
    if (!ELEVATORS.includes(name)) throw new FsError('EINVAL', '/sys/' + path.join('/'));
    return this.change(() => super.write(path, ELEVATORS.map((e) => (e === name ? `[${e}]` : e)).join(' ') + '\n', options, false));
  }
}
