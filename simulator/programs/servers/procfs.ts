/**
 * The filesystem a server process sees: its mount namespace's view when the kernel offers one
 * (`host.fsFor(pid)`), else the container root the engine recorded (`proc.data.root`), else the
 * host's. Servers read their document roots and write their data through this, so a bind mount
 * or a volume changes what they serve and keep.
 */
import type { Host } from '../../kernel/host.ts';
import type { Vfs } from '../../kernel/vfs.ts';

export function processFs(host: Host, pid: number | undefined): Vfs {
  const h = host as Host & { fsFor?: (pid: number) => Vfs };
  if (pid === undefined) return host.fs;
  if (typeof h.fsFor === 'function') return h.fsFor(pid);
  const root = host.proc(pid)?.data?.['root'];
  return typeof root === 'string' && root !== '' && root !== '/' ? host.fs.chroot(root) : host.fs;
}
