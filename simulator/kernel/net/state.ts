/**
 * Network namespaces of a host: creating, finding and deleting them. The state lives in
 * `world.state.ext['net']`; a host's root namespace is made on first use with `lo` and the lab NIC
 * (`ens33`, the host's address as a /24, default route via .2 as on the notes' VMware machines).
 */
import type { World } from '../world.ts';
import { makeMac } from './addr.ts';
import { emptyTables } from './iptables.ts';
import type { HostNet, Link, NetState, Netns } from './types.ts';
import { ROOT_NETNS } from './types.ts';

export { ROOT_NETNS };

export const NET_KEY = 'net';

/** The L2 segment every lab host's NIC is cabled to. */
export const LAB_SEGMENT = 'lab';

/** Name of the lab NIC, as on the notes' CentOS 7 VMs. */
export const LAB_NIC = 'ens33';

export function netState(world: World): NetState {
  return world.ext<NetState>(NET_KEY, () => ({ hosts: {}, traces: [], nextTraceId: 1, dns: {} }));
}

export function newNetns(id: number, name?: string): Netns {
  return {
    id,
    ...(name !== undefined ? { name } : {}),
    links: {},
    routes: [],
    neigh: [],
    tables: emptyTables(),
    ipvs: [],
    listeners: [],
    connections: [],
    ipForward: false,
    nextPort: 32768,
  };
}

/** Adds the loopback interface (index 1, down until brought up, as in a fresh namespace). */
export function addLoopback(hn: HostNet, ns: Netns, up: boolean): Link {
  const lo: Link = {
    ifindex: 1,
    name: 'lo',
    kind: 'loopback',
    mac: '00:00:00:00:00:00',
    mtu: 65536,
    up,
    addrs: up ? [{ ip: '127.0.0.1', prefix: 8, scope: 'host' }] : [],
    ipv6: up,
    qdisc: 'noqueue',
    txqlen: 1000,
    stats: { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 },
  };
  ns.links['lo'] = lo;
  if (hn.nextIfindex < 2) hn.nextIfindex = 2;
  return lo;
}

/** A host's network data, booted on first use (root namespace with lo and the lab NIC). */
export function hostNet(world: World, host: string): HostNet {
  const net = netState(world);
  const existing = net.hosts[host];
  if (existing) return existing;
  if (!world.state.hosts[host]) throw new Error(`no host named ${host}`);
  // Every host of the lab is cabled at once, so the first packet finds its neighbours.
  for (const name of Object.keys(world.state.hosts)) if (!net.hosts[name]) bootHost(world, net, name);
  return net.hosts[host] as HostNet;
}

function bootHost(world: World, net: NetState, host: string): void {
  const hs = world.state.hosts[host]!;
  const hn: HostNet = { namespaces: {}, nextIfindex: 1, nextNetnsId: ROOT_NETNS + 1000, macSeq: 0 };
  net.hosts[host] = hn;
  const root = newNetns(ROOT_NETNS);
  hn.namespaces[String(ROOT_NETNS)] = root;
  addLoopback(hn, root, true);
  const nic: Link = {
    ifindex: hn.nextIfindex++,
    name: LAB_NIC,
    kind: 'ether',
    mac: makeMac(`${host}/${LAB_NIC}`, '00:0c:29'),
    mtu: 1500,
    up: true,
    segment: LAB_SEGMENT,
    addrs: [{ ip: hs.ip, prefix: 24, scope: 'global', noprefixroute: true }],
    ipv6: true,
    hadCarrier: true,
    qdisc: 'pfifo_fast',
    txqlen: 1000,
    stats: { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 },
  };
  root.links[LAB_NIC] = nic;
  const gateway = hs.ip.replace(/\.\d+$/, '.2');
  root.routes.push({ dst: 'default', via: gateway, dev: LAB_NIC, proto: 'static', metric: 100 });
  root.routes.push({ dst: hs.ip.replace(/\.\d+$/, '.0/24'), dev: LAB_NIC, proto: 'kernel', scope: 'link', src: hs.ip, metric: 100 });
}

/** A namespace by id; undefined when it does not exist. */
export function findNetns(world: World, host: string, id: number): Netns | undefined {
  return hostNet(world, host).namespaces[String(id)];
}

/** A namespace by id; throws when missing (a programming error in the caller). */
export function getNetns(world: World, host: string, id: number = ROOT_NETNS): Netns {
  const ns = findNetns(world, host, id);
  if (!ns) throw new Error(`host ${host} has no network namespace ${id}`);
  return ns;
}

/** The network namespace a process lives in (`proc.ns.net`, the root one when unset). */
export function netnsOfPid(world: World, host: string, pid: number): number {
  const proc = world.state.hosts[host]?.procs.procs[pid];
  return proc?.ns['net'] ?? ROOT_NETNS;
}

/**
 * Creates a network namespace with a down `lo` (as `unshare -n` / `ip netns add` give). Pass the id
 * the process table uses (`proc.ns.net`); without one a fresh id is allocated. `name` is the
 * `ip netns` name. Returns the namespace.
 */
export function createNetns(world: World, host: string, options: { id?: number; name?: string; loUp?: boolean } = {}): Netns {
  const hn = hostNet(world, host);
  const id = options.id ?? hn.nextNetnsId++;
  if (hn.namespaces[String(id)]) throw new Error(`network namespace ${id} exists on ${host}`);
  const ns = newNetns(id, options.name);
  addLoopback(hn, ns, options.loUp ?? false);
  hn.namespaces[String(id)] = ns;
  return ns;
}

/**
 * Deletes a namespace as the kernel does when its last process exits: veths inside are destroyed
 * with their peers, physical devices would return to the root namespace.
 */
export function deleteNetns(world: World, host: string, id: number): void {
  if (id === ROOT_NETNS) throw new Error('cannot delete the root network namespace');
  const hn = hostNet(world, host);
  const ns = hn.namespaces[String(id)];
  if (!ns) return;
  for (const link of Object.values(ns.links)) {
    if (link.peer) removePeer(world, link.peer);
  }
  delete hn.namespaces[String(id)];
}

/** Removes the far end of a veth (destroying one end destroys both). */
export function removePeer(world: World, peer: { host: string; netns: number; ifindex: number }): void {
  const ns = findNetns(world, peer.host, peer.netns);
  if (!ns) return;
  for (const [name, link] of Object.entries(ns.links)) {
    if (link.ifindex === peer.ifindex) delete ns.links[name];
  }
}

/** The namespace named `name` (`ip netns add`), if any. */
export function netnsByName(world: World, host: string, name: string): Netns | undefined {
  return Object.values(hostNet(world, host).namespaces).find((ns) => ns.name === name);
}

/** Interfaces of a namespace ordered by index, as `ip link` lists them. */
export function linksOf(ns: Netns): Link[] {
  return Object.values(ns.links).sort((a, b) => a.ifindex - b.ifindex);
}

export function linkByIndex(ns: Netns, ifindex: number): Link | undefined {
  return Object.values(ns.links).find((l) => l.ifindex === ifindex);
}
