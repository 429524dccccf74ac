/** Copying trees on a host's filesystem with the public Vfs calls (cp, mv, tar extraction, yum). */
import type { Vfs, Inode } from '../../kernel/vfs.ts';

export interface CopyOptions {
  /** Copy symlinks as links (cp -R, -P, -a) rather than what they point to. */
  noDereference: boolean;
  /** Keep mode bits and times (cp -p, -a, mv). */
  preserve: boolean;
}

export function copyTree(fs: Vfs, from: string, to: string, options: CopyOptions): void {
  const node = fs.stat(from, !options.noDereference);
  copyNode(fs, node, from, to, options);
}

function copyNode(fs: Vfs, node: Inode, from: string, to: string, options: CopyOptions): void {
  if (node.type === 'symlink') {
    if (fs.tryStat(to, false)) fs.remove(to);
    fs.symlink(node.target ?? '', to);
    return;
  }
  if (node.type === 'dir') {
    const existing = fs.tryStat(to);
    const dir = existing && existing.type === 'dir' ? existing : fs.mkdir(to, { mode: node.mode });
    for (const name of fs.readdir(from)) {
      const child = fs.stat(`${from}/${name}`, false);
      copyNode(fs, child, `${from}/${name}`, `${to}/${name}`, options);
    }
    if (options.preserve) dir.mtime = node.mtime;
    return;
  }
  const written = fs.writeFile(to, node.data ?? '', {
    mode: node.mode,
    ...(node.prog !== undefined ? { prog: node.prog } : {}),
    ...(node.size !== undefined && !node.data ? { size: node.size } : {}),
  });
  if (options.preserve) {
    written.mtime = node.mtime;
    written.uid = node.uid;
    written.gid = node.gid;
  }
}

/** True when `inner` is `outer` or inside it. */
export function isWithin(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer === '/' ? '/' : outer + '/');
}
