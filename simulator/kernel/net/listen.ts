/**
 * The socket listen table of each namespace: a server process binds an address and port; `ss -l`
 * and `netstat -l` read it; connections that reach it are answered by its named service.
 */
import type { World } from '../world.ts';
import { getNetns } from './state.ts';
import type { Listener } from './types.ts';

export class BindError extends Error {
  readonly code = 'EADDRINUSE';
}

/**
 * Binds and listens (`0.0.0.0:80` for all addresses). Throws BindError when the port is taken on
 * an overlapping address (`Address already in use`). Returns the stored listener.
 */
export function listen(world: World, host: string, netns: number, l: Listener): Listener {
  const ns = getNetns(world, host, netns);
  const wild = (ip: string): boolean => ip === '0.0.0.0' || ip === '::';
  const clash = ns.listeners.find((x) => x.proto === l.proto && x.port === l.port && (x.ip === l.ip || wild(x.ip) || wild(l.ip)));
  if (clash) throw new BindError('Address already in use');
  const stored: Listener = { backlog: 128, ...l };
  ns.listeners.push(stored);
  return stored;
}

/** Closes listeners: of one process (all its sockets) or one address/port. */
export function unlisten(world: World, host: string, netns: number, match: { pid?: number; proto?: 'tcp' | 'udp'; port?: number; ip?: string }): number {
  const ns = getNetns(world, host, netns);
  const before = ns.listeners.length;
  ns.listeners = ns.listeners.filter(
    (l) => !((match.pid === undefined || l.pid === match.pid) && (match.proto === undefined || l.proto === match.proto) && (match.port === undefined || l.port === match.port) && (match.ip === undefined || l.ip === match.ip)),
  );
  return before - ns.listeners.length;
}

/** Closes every socket of a process in every namespace of a host (the process exited). */
export function closeSocketsOf(world: World, host: string, pid: number): void {
  const hn = (world.state.ext['net'] as { hosts?: Record<string, { namespaces: Record<string, { listeners: Listener[] }> }> } | undefined)?.hosts?.[host];
  if (!hn) return;
  for (const ns of Object.values(hn.namespaces)) ns.listeners = ns.listeners.filter((l) => l.pid !== pid);
}

/**
 * The listeners of a namespace whose owners are still alive: a socket whose process has exited is
 * closed (the kernel closes a dead process's descriptors), so it is dropped here on first sight.
 */
export function liveListeners(world: World, host: string, netns: number): Listener[] {
  const ns = getNetns(world, host, netns);
  const procs = world.state.hosts[host]?.procs.procs ?? {};
  const alive = ns.listeners.filter((l) => l.pid === undefined || (procs[l.pid] !== undefined && procs[l.pid]?.state !== 'Z'));
  if (alive.length !== ns.listeners.length) ns.listeners = alive;
  return alive;
}
