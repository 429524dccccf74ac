/**
 * Connection tracking, per network namespace: every TCP connection and UDP exchange a namespace's
 * netfilter sees gets an entry with its original tuple (as it arrived or left the socket) and its
 * reply tuple (where answers go once DNAT/SNAT/MASQUERADE are applied). The lab's exchanges are
 * over when the command returns, so a TCP flow waits out TIME_WAIT (120 s, assured) and a UDP
 * exchange the UDP timeout (30 s, one packet each way, not assured), as nf_conntrack keeps them.
 * Failed attempts are not tracked here (the kernel keeps a refused one 10 s in CLOSE, an unanswered
 * datagram 30 s as UNREPLIED); ICMP echoes are not tracked either.
 */
import type { World } from '../world.ts';
import { findNetns } from './state.ts';
import type { CtEntry, CtTuple } from './types.ts';

export const CT_TCP_TIME_WAIT_MS = 120_000;
export const CT_UDP_TIMEOUT_MS = 30_000;

/** A flow's passage through one namespace: its tuple on the way in, and on the way out. */
export interface CtPassage {
  host: string;
  netns: number;
  orig: CtTuple;
  out?: CtTuple;
}

/** Records the finished flow in each namespace it crossed. */
export function trackFlow(world: World, proto: 'tcp' | 'udp', passages: CtPassage[]): void {
  const now = world.clock.now;
  for (const p of passages) {
    const ns = findNetns(world, p.host, p.netns);
    if (!ns || !p.out) continue;
    const reply: CtTuple = { src: p.out.dst, dst: p.out.src, sport: p.out.dport, dport: p.out.sport };
    const entry: CtEntry = proto === 'tcp' ? { proto, orig: p.orig, reply, state: 'TIME_WAIT', assured: true, until: now + CT_TCP_TIME_WAIT_MS } : { proto, orig: p.orig, reply, assured: false, until: now + CT_UDP_TIMEOUT_MS };
    ns.conntrack = [...(ns.conntrack ?? []).filter((e) => e.until > now), entry];
  }
}

/** The entries of a namespace still alive at `now`, oldest first. */
export function conntrackEntries(world: World, host: string, netns: number): CtEntry[] {
  const now = world.clock.now;
  return (findNetns(world, host, netns)?.conntrack ?? []).filter((e) => e.until > now);
}

/** `conntrack -F`: empties a namespace's table. */
export function flushConntrack(world: World, host: string, netns: number): void {
  const ns = findNetns(world, host, netns);
  if (ns) ns.conntrack = [];
}
