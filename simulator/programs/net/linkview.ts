/** How iproute2 and net-tools describe a link: flags, operational state, qdisc, peer suffix. */
import type { World } from '../../kernel/world.ts';
import { hasCarrier } from '../../kernel/net/links.ts';
import { findNetns, linkByIndex } from '../../kernel/net/state.ts';
import type { Link } from '../../kernel/net/types.ts';

export interface LinkView {
  flags: string[];
  state: string;
  qdisc: string;
  carrier: boolean;
  /** `@if7` (peer in another namespace) or `@veth1` (same namespace). */
  suffix: string;
  /** The id this namespace gave the peer's namespace, when the peer is elsewhere. */
  netnsid?: number;
}

export function linkView(world: World, host: string, netns: number, link: Link): LinkView {
  const carrier = hasCarrier(world, host, netns, link);
  const flags: string[] = [];
  if (link.up && !carrier && link.kind !== 'loopback') flags.push('NO-CARRIER');
  if (link.kind === 'loopback') flags.push('LOOPBACK');
  else flags.push('BROADCAST', 'MULTICAST');
  if (link.up) flags.push('UP');
  if (carrier) flags.push('LOWER_UP');
  let state = 'DOWN';
  if (link.up && (link.kind === 'loopback' || link.kind === 'vxlan' || link.kind === 'dummy')) state = 'UNKNOWN';
  else if (link.up && carrier) state = 'UP';
  else if (link.up && link.kind === 'veth') state = 'LOWERLAYERDOWN';
  const everUp = link.up || link.hadCarrier;
  const qdisc = !everUp ? 'noop' : link.kind === 'ether' ? 'pfifo_fast' : 'noqueue';
  let suffix = '';
  let netnsid: number | undefined;
  if (link.peer) {
    if (link.peer.netns === netns && link.peer.host === host) {
      const ns = findNetns(world, host, netns);
      const peer = ns && linkByIndex(ns, link.peer.ifindex);
      suffix = peer ? `@${peer.name}` : '@NONE';
      // iproute2 marks a link whose same-namespace peer is down.
      if (peer && !peer.up) flags.push('M-DOWN');
    } else {
      suffix = `@if${link.peer.ifindex}`;
      netnsid = findNetns(world, host, netns)?.nsids?.[String(link.peer.netns)] ?? 0;
    }
  }
  return { flags, state, qdisc, carrier, suffix, ...(netnsid !== undefined ? { netnsid } : {}) };
}
