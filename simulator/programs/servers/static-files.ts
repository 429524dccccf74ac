/** What a static web server finds at a URL path under its document root. */
import { normalizePath, type Inode, type Vfs } from '../../kernel/vfs.ts';

export type Lookup =
  | { kind: 'file'; path: string; node: Inode; data: string; size: number }
  | { kind: 'dir-no-slash'; path: string }
  | { kind: 'dir'; path: string; entries: string[] }
  | { kind: 'missing' };

/** Decodes %XX escapes; undefined when malformed. */
export function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path.split('?')[0] as string);
  } catch {
    return undefined;
  }
}

/**
 * Looks up a URL path under `root`, trying the `index` names for a directory (in order).
 */
export function lookupStatic(fs: Vfs, root: string, urlPath: string, index: string[]): Lookup {
  const rel = normalizePath(urlPath);
  const abs = normalizePath(root + rel);
  const node = fs.tryStat(abs);
  if (!node) return { kind: 'missing' };
  if (node.type === 'dir') {
    if (!urlPath.endsWith('/')) return { kind: 'dir-no-slash', path: abs };
    for (const name of index) {
      const f = fs.tryStat(`${abs}/${name}`);
      if (f && f.type === 'file') return { kind: 'file', path: `${abs}/${name}`, node: f, data: f.data ?? '', size: f.size ?? (f.data ?? '').length };
    }
    let entries: string[];
    try {
      entries = fs.readdir(abs);
    } catch {
      entries = [];
    }
    return { kind: 'dir', path: abs, entries };
  }
  if (node.type !== 'file') return { kind: 'missing' };
  return { kind: 'file', path: abs, node, data: node.data ?? '', size: node.size ?? (node.data ?? '').length };
}
