/**
 * Interfaces and addresses: bridges, veth pairs across namespaces, vxlan devices, moving a device
 * into another namespace, enslaving a port to a bridge, addresses and explicit routes. These are the
 * calls `ip link`/`ip addr`/`ip route`/`brctl` and the Docker engine's network drivers make.
 */
import type { World } from '../world.ts';
import { makeMac, parseCidr } from './addr.ts';
import { getNetns, hostNet, linkByIndex, removePeer } from './state.ts';
import type { IfAddr, Link, LinkKind, Route, VxlanInfo } from './types.ts';
import { ROOT_NETNS } from './types.ts';

export class NetError extends Error {
  /** RTNETLINK errno name: EEXIST, ENODEV, EADDRNOTAVAIL, EINVAL, ENETUNREACH, ESRCH. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function blankLink(world: World, host: string, name: string, kind: LinkKind, mac?: string): Link {
  const hn = hostNet(world, host);
  const ifindex = hn.nextIfindex++;
  return {
    ifindex,
    name,
    kind,
    mac: mac ?? makeMac(`${host}/${ifindex}/${hn.macSeq++}/${name}`),
    mtu: kind === 'vxlan' ? 1450 : 1500,
    up: false,
    addrs: [],
    ipv6: kind !== 'vxlan',
    qdisc: kind === 'ether' ? 'pfifo_fast' : 'noop',
    txqlen: kind === 'ether' ? 1000 : 0,
    stats: { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 },
  };
}

function ensureFree(world: World, host: string, netns: number, name: string): void {
  if (getNetns(world, host, netns).links[name]) throw new NetError('EEXIST', 'RTNETLINK answers: File exists');
}

/** Finds an interface by name; throws NetError ENODEV (`Cannot find device "x"`). */
export function getLink(world: World, host: string, netns: number, name: string): Link {
  const link = getNetns(world, host, netns).links[name];
  if (!link) throw new NetError('ENODEV', `Cannot find device "${name}"`);
  return link;
}

/** Creates a bridge (`ip link add docker0 type bridge`); down until `setLinkUp`. */
export function addBridge(world: World, host: string, netns: number, name: string, options: { mac?: string; mtu?: number } = {}): Link {
  ensureFree(world, host, netns, name);
  const link = blankLink(world, host, name, 'bridge', options.mac);
  if (options.mtu) link.mtu = options.mtu;
  getNetns(world, host, netns).links[name] = link;
  return link;
}

/** Creates a plain Ethernet device, optionally cabled to an L2 segment shared with other hosts. */
export function addEther(world: World, host: string, netns: number, name: string, options: { mac?: string; segment?: string } = {}): Link {
  ensureFree(world, host, netns, name);
  const link = blankLink(world, host, name, 'ether', options.mac);
  if (options.segment) link.segment = options.segment;
  getNetns(world, host, netns).links[name] = link;
  return link;
}

export interface VethEnd {
  netns: number;
  name: string;
  mac?: string;
}

/**
 * Creates a veth pair with one end in each namespace (both on `host`), as Docker does: the host end
 * `vethXXXX` in the root namespace, the container end named `eth0` in the container's. Both start
 * down. Returns [a, b].
 */
export function addVethPair(world: World, host: string, a: VethEnd, b: VethEnd): [Link, Link] {
  ensureFree(world, host, a.netns, a.name);
  ensureFree(world, host, b.netns, b.name);
  if (a.netns === b.netns && a.name === b.name) throw new NetError('EEXIST', 'RTNETLINK answers: File exists');
  const la = blankLink(world, host, a.name, 'veth', a.mac);
  const lb = blankLink(world, host, b.name, 'veth', b.mac);
  la.qdisc = lb.qdisc = 'noop';
  la.peer = { host, netns: b.netns, ifindex: lb.ifindex };
  lb.peer = { host, netns: a.netns, ifindex: la.ifindex };
  getNetns(world, host, a.netns).links[a.name] = la;
  getNetns(world, host, b.netns).links[b.name] = lb;
  if (a.netns !== b.netns) {
    peerNsid(world, host, a.netns, b.netns);
    peerNsid(world, host, b.netns, a.netns);
  }
  return [la, lb];
}

/** The id namespace `of` uses for namespace `peer` (assigned on first use, from 0, as the kernel does). */
export function peerNsid(world: World, host: string, of: number, peer: number): number {
  const ns = getNetns(world, host, of);
  const ids = (ns.nsids ??= {});
  const existing = ids[String(peer)];
  if (existing !== undefined) return existing;
  const next = Object.keys(ids).length;
  ids[String(peer)] = next;
  return next;
}

/** Creates a VXLAN device (flannel.1) over `dev`; the FDB maps inner MACs to remote VTEPs. */
export function addVxlan(world: World, host: string, netns: number, name: string, info: Omit<VxlanInfo, 'fdb'> & { fdb?: Record<string, string> }, mac?: string): Link {
  ensureFree(world, host, netns, name);
  const link = blankLink(world, host, name, 'vxlan', mac);
  link.vxlan = { ...info, fdb: { ...(info.fdb ?? {}) } };
  link.qdisc = 'noqueue';
  getNetns(world, host, netns).links[name] = link;
  return link;
}

/** Deletes an interface; a veth takes its peer with it, a bridge releases its ports. */
export function deleteLink(world: World, host: string, netns: number, name: string): void {
  const ns = getNetns(world, host, netns);
  const link = getLink(world, host, netns, name);
  if (link.kind === 'loopback') throw new NetError('EOPNOTSUPP', 'RTNETLINK answers: Operation not supported');
  if (link.peer) removePeer(world, link.peer);
  if (link.kind === 'bridge') for (const port of Object.values(ns.links)) if (port.master === name) delete port.master;
  delete ns.links[name];
  ns.routes = ns.routes.filter((r) => r.dev !== name);
  ns.neigh = ns.neigh.filter((n) => n.dev !== name);
}

/** `ip link set NAME up|down`. */
export function setLinkUp(world: World, host: string, netns: number, name: string, up: boolean): void {
  const link = getLink(world, host, netns, name);
  link.up = up;
  if (link.kind === 'loopback' && up && !link.addrs.some((a) => a.ip === '127.0.0.1')) link.addrs.unshift({ ip: '127.0.0.1', prefix: 8, scope: 'host' });
  if (up && hasCarrier(world, host, netns, link)) link.hadCarrier = true;
  // Bringing a veth up can give its peer carrier too.
  if (link.peer) {
    const peer = linkByIndex(getNetns(world, link.peer.host, link.peer.netns), link.peer.ifindex);
    if (peer && peer.up && hasCarrier(world, link.peer.host, link.peer.netns, peer)) peer.hadCarrier = true;
    if (peer?.master) {
      const br = getNetns(world, link.peer.host, link.peer.netns).links[peer.master];
      if (br && br.up && hasCarrier(world, link.peer.host, link.peer.netns, br)) br.hadCarrier = true;
    }
  }
  if (link.master) {
    const br = getNetns(world, host, netns).links[link.master];
    if (br && br.up && hasCarrier(world, host, netns, br)) br.hadCarrier = true;
  }
}

/** `ip link set NAME master BRIDGE` (`brctl addif`); `bridge` undefined means `nomaster`. */
export function setMaster(world: World, host: string, netns: number, name: string, bridge: string | undefined): void {
  const link = getLink(world, host, netns, name);
  if (bridge === undefined) {
    delete link.master;
    return;
  }
  const br = getLink(world, host, netns, bridge);
  if (br.kind !== 'bridge') throw new NetError('EOPNOTSUPP', 'RTNETLINK answers: Operation not supported');
  link.master = bridge;
  if (br.up && hasCarrier(world, host, netns, br)) br.hadCarrier = true;
}

/** `ip link set NAME netns OTHER [name NEW]`: moves a device, keeping its index. */
export function moveLink(world: World, host: string, from: number, name: string, to: number, newName?: string): Link {
  const link = getLink(world, host, from, name);
  const target = newName ?? name;
  ensureFree(world, host, to, target);
  delete getNetns(world, host, from).links[name];
  link.name = target;
  link.up = false;
  link.addrs = [];
  delete link.master;
  getNetns(world, host, to).links[target] = link;
  if (link.peer) {
    const peer = linkByIndex(getNetns(world, link.peer.host, link.peer.netns), link.peer.ifindex);
    if (peer?.peer) peer.peer.netns = to;
    if (link.peer.netns !== to) {
      peerNsid(world, host, to, link.peer.netns);
      peerNsid(world, host, link.peer.netns, to);
    }
  }
  getNetns(world, host, from).routes = getNetns(world, host, from).routes.filter((r) => r.dev !== name);
  return link;
}

/** `ip link set NAME name NEW` (the device must be down, as the kernel insists). */
export function renameLink(world: World, host: string, netns: number, name: string, newName: string): void {
  const ns = getNetns(world, host, netns);
  const link = getLink(world, host, netns, name);
  if (link.up) throw new NetError('EBUSY', 'RTNETLINK answers: Device or resource busy');
  ensureFree(world, host, netns, newName);
  delete ns.links[name];
  link.name = newName;
  ns.links[newName] = link;
  for (const port of Object.values(ns.links)) if (port.master === name) port.master = newName;
  for (const r of ns.routes) if (r.dev === name) r.dev = newName;
}

/** `ip addr add IP/PREFIX dev NAME`: the connected route appears while the link is up. */
export function addAddress(world: World, host: string, netns: number, name: string, cidr: string, extra: Partial<IfAddr> = {}): IfAddr {
  const link = getLink(world, host, netns, name);
  const parsed = parseCidr(cidr);
  if (!parsed) throw new NetError('EINVAL', `Error: any valid prefix is expected rather than "${cidr}".`);
  if (link.addrs.some((a) => a.ip === parsed.ip && a.prefix === parsed.prefix)) throw new NetError('EEXIST', 'RTNETLINK answers: File exists');
  const addr: IfAddr = { ip: parsed.ip, prefix: parsed.prefix, scope: parsed.ip.startsWith('127.') ? 'host' : 'global', ...extra };
  link.addrs.push(addr);
  return addr;
}

/** `ip addr del IP/PREFIX dev NAME`; throws EADDRNOTAVAIL when absent. */
export function deleteAddress(world: World, host: string, netns: number, name: string, cidr: string): void {
  const link = getLink(world, host, netns, name);
  const parsed = parseCidr(cidr);
  const i = parsed ? link.addrs.findIndex((a) => a.ip === parsed.ip && (!cidr.includes('/') || a.prefix === parsed.prefix)) : -1;
  if (i < 0) throw new NetError('EADDRNOTAVAIL', 'RTNETLINK answers: Cannot assign requested address');
  link.addrs.splice(i, 1);
}

/** `ip route add ...`; EEXIST when the same destination and metric exist. */
export function addRoute(world: World, host: string, netns: number, route: Route): void {
  const ns = getNetns(world, host, netns);
  getLink(world, host, netns, route.dev);
  if (ns.routes.some((r) => r.dst === route.dst && (r.metric ?? 0) === (route.metric ?? 0))) throw new NetError('EEXIST', 'RTNETLINK answers: File exists');
  ns.routes.push({ ...route });
}

/** `ip route del DST`; ESRCH (`No such process`) when absent, as RTNETLINK says. */
export function deleteRoute(world: World, host: string, netns: number, dst: string): void {
  const ns = getNetns(world, host, netns);
  const i = ns.routes.findIndex((r) => r.dst === dst);
  if (i < 0) throw new NetError('ESRCH', 'RTNETLINK answers: No such process');
  ns.routes.splice(i, 1);
}

/** `sysctl -w net.ipv4.ip_forward=1` (Docker turns it on in the root namespace). */
export function setIpForward(world: World, host: string, netns: number, on: boolean): void {
  getNetns(world, host, netns).ipForward = on;
}

/**
 * Whether a link has carrier (LOWER_UP): a NIC when up, a veth when both ends are up, a bridge
 * when at least one port has carrier, loopback when up.
 */
export function hasCarrier(world: World, host: string, netns: number, link: Link): boolean {
  if (!link.up) return false;
  switch (link.kind) {
    case 'loopback':
    case 'ether':
    case 'dummy':
    case 'vxlan':
      return true;
    case 'veth': {
      if (!link.peer) return false;
      const ns = hostNet(world, link.peer.host).namespaces[String(link.peer.netns)];
      const peer = ns && linkByIndex(ns, link.peer.ifindex);
      return !!peer?.up;
    }
    case 'bridge': {
      const ns = getNetns(world, host, netns);
      return Object.values(ns.links).some((port) => port.master === link.name && port.kind !== 'bridge' && hasCarrier(world, host, netns, port));
    }
  }
}

export { ROOT_NETNS };
