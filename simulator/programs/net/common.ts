/** What the network programs share: the caller's namespace and filesystem, name resolution. */
import { resolveName, type Resolution } from '../../kernel/net/dns.ts';
import { getNetns, netnsOfPid } from '../../kernel/net/state.ts';
import type { Netns } from '../../kernel/net/types.ts';
import type { ExecContext } from '../../kernel/types.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import { processFs } from '../servers/procfs.ts';

export interface NetCtx {
  host: string;
  netns: number;
  ns: Netns;
  fs: Vfs;
}

/** The calling process's network namespace and filesystem view. */
export function netCtx(ctx: ExecContext): NetCtx {
  const host = ctx.host.name;
  const netns = netnsOfPid(ctx.world, host, ctx.pid);
  return { host, netns, ns: getNetns(ctx.world, host, netns), fs: processFs(ctx.host, ctx.pid) };
}

export function readFileOr(fs: Vfs, path: string): string | undefined {
  try {
    return fs.readFile(path);
  } catch {
    return undefined;
  }
}

/** getaddrinfo from the calling process. */
export function resolve(ctx: ExecContext, n: NetCtx, name: string): Resolution {
  return resolveName(ctx.world, n.host, n.netns, name, (p) => readFileOr(n.fs, p));
}

/** strerror texts of the network errnos, as glibc prints them. */
export const NET_ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out',
};

/** Splits `host:port` / `[v6]:port`. */
export function splitHostPort(text: string): { host: string; port?: string } {
  const m = /^\[([^\]]+)\](?::(\d*))?$/.exec(text);
  if (m) return { host: m[1] as string, ...(m[2] !== undefined ? { port: m[2] } : {}) };
  const i = text.lastIndexOf(':');
  if (i >= 0 && text.indexOf(':') === i) return { host: text.slice(0, i), port: text.slice(i + 1) };
  return { host: text };
}

/** The global IPv4 addresses of the caller's namespace, in interface order (`hostname -I`). */
export function namespaceAddresses(ctx: ExecContext): string[] {
  const n = netCtx(ctx);
  return Object.values(n.ns.links)
    .sort((a, b) => a.ifindex - b.ifindex)
    .flatMap((l) => l.addrs.filter((a) => a.scope === 'global').map((a) => a.ip));
}
