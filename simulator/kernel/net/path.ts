/**
 * The packet walk: a new TCP connection, UDP datagram or ICMP echo from a namespace to an address,
 * through routing, ARP over the L2 domain (veth peers, bridge ports, the lab segment, VXLAN tunnels),
 * iptables (OUTPUT/PREROUTING DNAT, FORWARD filter, POSTROUTING MASQUERADE/SNAT, INPUT filter), hop by
 * hop until it reaches a listener or fails with the errno connect(2) would give. Every hop is
 * recorded in a Trace (kept in `net.traces` for diagrams).
 */
import { sha256Hex } from '../../core/sha256.ts';
import type { World } from '../world.ts';
import { ipToNum, isIpv4, makeMac } from './addr.ts';
import { evaluate, type PacketView, type Verdict } from './iptables.ts';
import { trackFlow, type CtPassage } from './conntrack.ts';
import { ipvsConnect } from './ipvs.ts';
import { liveListeners } from './listen.ts';
import { isLocalAddress, lookupRoute } from './route.ts';
import { findNetns, LAB_SEGMENT, linkByIndex, netState } from './state.ts';
import type { Link, Listener, Netns, Trace, TraceHop } from './types.ts';

/** How many traces are kept for diagrams. */
export const TRACE_KEEP = 20;

export type NetErrno = 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ENETUNREACH' | 'ETIMEDOUT';

/** Where a packet arrived and which socket took it. */
export interface Delivery {
  host: string;
  netns: number;
  listener: Listener;
  /** Addresses as the server sees them (after DNAT/SNAT). */
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
  /** TTL left when the packet arrived (64 minus the routers passed). */
  ttl: number;
}

export type PathResult =
  | { ok: true; delivery: Delivery; trace: Trace }
  | {
      ok: false;
      errno: NetErrno;
      trace: Trace;
      /** For ICMP errors: the address that reported them (`From 172.17.0.1 ...`). */
      reporter?: string;
    };

/** An ICMP echo exchange: reply TTL, or how it failed. */
export type EchoResult = { ok: true; ttl: number; trace: Trace; hops: number } | { ok: false; errno: NetErrno; trace: Trace; reporter?: string };

interface Walk {
  world: World;
  trace: Trace;
  proto: 'tcp' | 'udp' | 'icmp';
  src: string;
  dst: string;
  sport: number;
  dport: number;
  ttl: number;
  /** Routers passed. */
  routers: number;
  /** IPVS already rewrote this connection (the kernel marks such packets and skips them after). */
  ipvsDone?: boolean;
  /** The namespaces the flow crossed, for conntrack. */
  ct: CtPassage[];
}

function enterNs(w: Walk, host: string, netns: number): void {
  if (w.proto === 'icmp' || w.ct.some((p) => p.host === host && p.netns === netns)) return;
  w.ct.push({ host, netns, orig: { src: w.src, dst: w.dst, sport: w.sport, dport: w.dport } });
}

function leaveNs(w: Walk, host: string, netns: number): void {
  const p = w.ct.find((x) => x.host === host && x.netns === netns);
  if (p) p.out = { src: w.src, dst: w.dst, sport: w.sport, dport: w.dport };
}

/** Address of the lab's gateway (VMware NAT at .2): answers ARP and ping, and leads nowhere else. */
function isLabGateway(world: World, ip: string): boolean {
  return Object.values(world.state.hosts).some((h) => h.ip.replace(/\.\d+$/, '.2') === ip);
}

function ctx(ns: Netns): { addrType(ip: string): 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST' } {
  return {
    addrType: (ip: string) => {
      if (isLocalAddress(ns, ip)) return 'LOCAL';
      const n = ipToNum(ip);
      if (n >>> 28 === 14) return 'MULTICAST';
      if (ip.endsWith('.255')) return 'BROADCAST';
      return 'UNICAST';
    },
  };
}

function view(w: Walk, inIface?: string, outIface?: string): PacketView {
  return {
    proto: w.proto,
    src: w.src,
    dst: w.dst,
    ...(w.proto !== 'icmp' ? { sport: w.sport, dport: w.dport } : {}),
    ...(inIface !== undefined ? { inIface } : {}),
    ...(outIface !== undefined ? { outIface } : {}),
    ctstate: 'NEW',
  };
}

function hop(w: Walk, host: string, netns: number, dev: string, dir: TraceHop['dir'], note?: string, eth?: { src: string; dst: string }): TraceHop {
  const h: TraceHop = {
    host,
    netns,
    dev,
    dir,
    ...(note ? { note } : {}),
    ...(eth ? { eth } : {}),
    ip: { src: w.src, dst: w.dst, proto: w.proto, ttl: w.ttl },
    ...(w.proto === 'tcp' ? { tcp: { sport: w.sport, dport: w.dport, flags: 'SYN' } } : {}),
    ...(w.proto === 'udp' ? { udp: { sport: w.sport, dport: w.dport } } : {}),
  };
  w.trace.hops.push(h);
  return h;
}

function applyDnat(w: Walk, to: string): string {
  const [ip, port] = to.split(':') as [string, string | undefined];
  if (ip) w.dst = ip;
  if (port) w.dport = Number(port.split('-')[0]);
  return `DNAT to ${w.dst}${w.proto === 'icmp' ? '' : ':' + w.dport}`;
}

function failVerdict(v: Verdict): NetErrno | undefined {
  if (v.kind === 'DROP') return 'ETIMEDOUT';
  if (v.kind === 'REJECT') return v.with === 'icmp-host-prohibited' || v.with === 'icmp-host-unreachable' || v.with === 'icmp-net-prohibited' ? 'EHOSTUNREACH' : v.with === 'tcp-reset' || v.with === 'icmp-port-unreachable' ? 'ECONNREFUSED' : 'EHOSTUNREACH';
  return undefined;
}

/** Consults the namespace's IPVS table; on a match rewrites the destination (NAT) and says so in a hop. */
function viaIpvs(w: Walk, host: string, nsId: number, dev: string): boolean {
  if (w.proto === 'icmp' || w.ipvsDone) return false;
  const vip = `${w.dst}:${w.dport}`;
  const picked = ipvsConnect(w.world, host, nsId, w.proto, `${w.src}:${w.sport}`, w.dst, w.dport, w.trace);
  if (!picked) return false;
  w.dst = picked.ip;
  w.dport = picked.port;
  w.ipvsDone = true;
  hop(w, host, nsId, dev, 'local', `IPVS ${vip} (${picked.scheduler}): ${picked.forward} to ${picked.ip}:${picked.port}`);
  return true;
}

interface Endpoint {
  host: string;
  netns: number;
  link: Link;
}

/**
 * The stacks a frame sent on `link` can reach (the L2 domain), each with the devices it passed.
 * Veths lead to their peer; a bridge port leads into the bridge, which floods to its other ports
 * and its own stack; a NIC on a segment leads to every NIC on it; VXLAN leads to the peer VTEPs.
 */
/** A device a frame passed on its way across the L2 domain. */
interface ViaDev {
  host: string;
  netns: number;
  dev: string;
}

function l2Domain(world: World, host: string, netns: number, link: Link): { ep: Endpoint; via: ViaDev[] }[] {
  const out: { ep: Endpoint; via: ViaDev[] }[] = [];
  const seen = new Set<string>();
  const key = (h: string, n: number, l: Link): string => `${h}/${n}/${l.ifindex}`;
  const queue: { h: string; n: number; l: Link; via: ViaDev[]; arriving: boolean }[] = [{ h: host, n: netns, l: link, via: [], arriving: false }];
  seen.add(key(host, netns, link));
  const push = (h: string, n: number, l: Link, via: ViaDev[], arriving: boolean): void => {
    const k = key(h, n, l);
    if (seen.has(k) || !l.up) return;
    seen.add(k);
    queue.push({ h, n, l, via, arriving });
  };
  while (queue.length > 0) {
    const cur = queue.shift()!;
    const ns = findNetns(world, cur.h, cur.n);
    if (!ns) continue;
    const here = [...cur.via, { host: cur.h, netns: cur.n, dev: cur.l.name }];
    if (cur.arriving) {
      if (cur.l.master) {
        const br = ns.links[cur.l.master];
        if (br && br.up) {
          out.push({ ep: { host: cur.h, netns: cur.n, link: br }, via: here });
          for (const port of Object.values(ns.links)) if (port.master === br.name && port !== cur.l) push(cur.h, cur.n, port, [...here, { host: cur.h, netns: cur.n, dev: br.name }], false);
        }
        continue;
      }
      out.push({ ep: { host: cur.h, netns: cur.n, link: cur.l }, via: here });
      continue;
    }
    // Leaving on cur.l.
    switch (cur.l.kind) {
      case 'veth': {
        const p = cur.l.peer;
        const pns = p && findNetns(world, p.host, p.netns);
        const peer = pns && p && linkByIndex(pns, p.ifindex);
        if (peer && p) push(p.host, p.netns, peer, here, true);
        break;
      }
      case 'bridge':
        for (const port of Object.values(ns.links)) if (port.master === cur.l.name) push(cur.h, cur.n, port, here, false);
        break;
      case 'ether':
        if (cur.l.segment) {
          for (const [h, hn] of Object.entries(netState(world).hosts)) {
            for (const n of Object.values(hn.namespaces)) {
              for (const l of Object.values(n.links)) if (l.kind === 'ether' && l.segment === cur.l.segment && l !== cur.l) push(h, n.id, l, here, true);
            }
          }
        }
        break;
      case 'vxlan': {
        const vx = cur.l.vxlan;
        if (!vx) break;
        for (const [h, hn] of Object.entries(netState(world).hosts)) {
          if (h === cur.h) continue;
          for (const n of Object.values(hn.namespaces)) {
            for (const l of Object.values(n.links)) if (l.kind === 'vxlan' && l.vxlan?.vni === vx.vni && Object.values(vx.fdb).includes(l.vxlan.local)) push(h, n.id, l, here, true);
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** Sends the walk out of a namespace towards w.dst. Returns the final outcome. */
function transmit(w: Walk, host: string, nsId: number, local: boolean, inIface?: string, ipvsOut = false): PathResult {
  const world = w.world;
  const ns = findNetns(world, host, nsId);
  if (!ns) return fail(w, 'ENETUNREACH');
  // Local generation: OUTPUT nat may rewrite the destination before the final route.
  let route = lookupRoute(ns, w.dst);
  const dstLocal = isLocalAddress(ns, w.dst);
  if (local) {
    if (!route && !dstLocal) return fail(w, 'ENETUNREACH');
    if (w.src === '') w.src = dstLocal ? (w.dst.startsWith('127.') ? '127.0.0.1' : w.dst) : (route?.src ?? '0.0.0.0');
    enterNs(w, host, nsId);
    const outDev = dstLocal ? 'lo' : route?.route.dev;
    const v = evaluate(ns.tables, 'nat', 'OUTPUT', view(w, undefined, outDev), ctx(ns));
    if (v.kind === 'DNAT') hop(w, host, nsId, outDev ?? 'lo', 'out', `OUTPUT: ${applyDnat(w, v.to)}`);
    const f = evaluate(ns.tables, 'filter', 'OUTPUT', view(w, undefined, outDev), ctx(ns));
    const err = failVerdict(f);
    if (err) return fail(w, err, err === 'ETIMEDOUT' ? undefined : w.src);
    // IPVS's LOCAL_OUT hook: a local client's connection to a virtual service.
    viaIpvs(w, host, nsId, outDev ?? 'lo');
  }
  if (isLocalAddress(ns, w.dst)) return deliverLocal(w, host, ns, inIface ?? 'lo');
  route = lookupRoute(ns, w.dst);
  if (!route) return fail(w, local ? 'ENETUNREACH' : 'EHOSTUNREACH', local ? undefined : ns.links[inIface ?? '']?.addrs[0]?.ip);
  const outLink = ns.links[route.route.dev] as Link;
  // IPVS sends what it rewrote straight out (LOCAL_OUT, then POSTROUTING): FORWARD never sees it.
  if (!local && !ipvsOut) {
    const f = evaluate(ns.tables, 'filter', 'FORWARD', view(w, inIface, outLink.name), ctx(ns));
    const err = failVerdict(f);
    if (err) return fail(w, err, ns.links[inIface ?? '']?.addrs[0]?.ip);
  }
  const post = evaluate(ns.tables, 'nat', 'POSTROUTING', view(w, local ? undefined : inIface, outLink.name), ctx(ns));
  let note: string | undefined;
  if (post.kind === 'MASQUERADE') {
    w.src = route.src;
    note = `MASQUERADE to ${w.src}`;
  } else if (post.kind === 'SNAT') {
    w.src = post.to.split(':')[0] as string;
    note = `SNAT to ${w.src}`;
  }
  leaveNs(w, host, nsId);
  // ARP for the next hop across the L2 domain.
  const domain = l2Domain(world, host, nsId, outLink);
  const found = domain.find((d) => d.ep.link.addrs.some((a) => a.ip === route!.nexthop));
  if (!found) {
    if (outLink.segment === LAB_SEGMENT && isLabGateway(world, route.nexthop)) {
      // VMware's NAT gateway answers ARP with its own OUI.
      rememberNeighbour(ns, outLink.name, route.nexthop, makeMac(`gateway/${route.nexthop}`, '00:50:56'));
      hop(w, host, nsId, outLink.name, 'out', note ? `${note}; to the lab gateway ${route.nexthop}` : `to the lab gateway ${route.nexthop}`);
      if (w.proto === 'icmp' && w.dst === route.nexthop) return { ok: true, delivery: gatewayDelivery(w, route.nexthop), trace: finish(w, 'delivered') };
      return fail(w, 'ETIMEDOUT');
    }
    hop(w, host, nsId, outLink.name, 'out', note ? `${note}; ARP for ${route.nexthop} gets no answer` : `ARP for ${route.nexthop} gets no answer`);
    // The kernel reports the failed neighbour to a local sender as EHOSTUNREACH; a router sends ICMP.
    return fail(w, 'EHOSTUNREACH', local ? route.src : ns.links[inIface ?? '']?.addrs[0]?.ip);
  }
  rememberNeighbour(ns, outLink.name, route.nexthop, found.ep.link.mac);
  const out = hop(w, host, nsId, outLink.name, 'out', note, { src: outLink.mac, dst: found.ep.link.mac });
  if (outLink.kind === 'vxlan' && outLink.vxlan && found.ep.link.vxlan) {
    // MAC-in-UDP: the inner frame rides in a UDP datagram between the two VTEPs over the underlay.
    const vx = outLink.vxlan;
    const sport = 32768 + (parseInt(sha256Hex(`${w.src}:${w.sport}>${w.dst}:${w.dport}`).slice(0, 4), 16) % 28232);
    const outer = { src: vx.local, dst: found.ep.link.vxlan.local, sport, dport: vx.port };
    out.vxlan = { vni: vx.vni, outer };
    const encap = hop(w, host, nsId, vx.dev, 'out', `VXLAN encapsulation (VNI ${vx.vni})`);
    encap.vxlan = { vni: vx.vni, outer };
    const decap = hop(w, found.ep.host, found.ep.netns, found.ep.link.vxlan.dev, 'in', `VXLAN decapsulation (VNI ${vx.vni})`);
    decap.vxlan = { vni: vx.vni, outer };
  }
  for (const v of found.via.slice(1)) {
    if (v.host === found.ep.host && v.netns === found.ep.netns && v.dev === found.ep.link.name) continue;
    if (v.host !== host || v.netns !== nsId || v.dev !== outLink.name) hop(w, v.host, v.netns, v.dev, 'in', 'bridged');
  }
  // A SYN (74 bytes on the wire), a UDP query or an echo request (98 bytes).
  const size = w.proto === 'tcp' ? 74 : w.proto === 'icmp' ? 98 : 72;
  outLink.stats.txPackets++;
  outLink.stats.txBytes += size;
  found.ep.link.stats.rxPackets++;
  found.ep.link.stats.rxBytes += size;
  return arrive(w, found.ep);
}

function rememberNeighbour(ns: Netns, dev: string, ip: string, mac: string): void {
  const existing = ns.neigh.find((n) => n.ip === ip && n.dev === dev);
  if (existing) {
    existing.mac = mac;
    if (existing.state !== 'PERMANENT') existing.state = 'REACHABLE';
  } else ns.neigh.push({ ip, dev, mac, state: 'REACHABLE' });
}

/** A packet arrives at a stack: PREROUTING, then local delivery or forwarding. */
function arrive(w: Walk, ep: Endpoint): PathResult {
  const ns = findNetns(w.world, ep.host, ep.netns) as Netns;
  enterNs(w, ep.host, ep.netns);
  const v = evaluate(ns.tables, 'nat', 'PREROUTING', view(w, ep.link.name), ctx(ns));
  const note = v.kind === 'DNAT' ? `PREROUTING: ${applyDnat(w, v.to)}` : undefined;
  hop(w, ep.host, ep.netns, ep.link.name, 'in', note);
  if (isLocalAddress(ns, w.dst)) return deliverLocal(w, ep.host, ns, ep.link.name);
  if (!ns.ipForward) return fail(w, 'ETIMEDOUT');
  w.ttl--;
  w.routers++;
  if (w.ttl <= 0) return fail(w, 'EHOSTUNREACH');
  return transmit(w, ep.host, ep.netns, false, ep.link.name);
}

function deliverLocal(w: Walk, host: string, ns: Netns, inIface: string): PathResult {
  const f = evaluate(ns.tables, 'filter', 'INPUT', view(w, inIface), ctx(ns));
  const err = failVerdict(f);
  if (err) return fail(w, err, err === 'ETIMEDOUT' ? undefined : w.dst);
  // IPVS's LOCAL_IN hook: a packet for a local virtual address goes on to a real server.
  if (viaIpvs(w, host, ns.id, inIface) && !isLocalAddress(ns, w.dst)) return transmit(w, host, ns.id, false, inIface, true);
  const listener =
    w.proto === 'icmp'
      ? ({ proto: 'tcp', ip: '0.0.0.0', port: 0 } as Listener)
      : liveListeners(w.world, host, ns.id).find((l) => l.proto === w.proto && l.port === w.dport && (l.ip === w.dst || l.ip === '0.0.0.0' || l.ip === '::' || (l.ip === '127.0.0.1' && w.dst.startsWith('127.'))));
  hop(w, host, ns.id, inIface, 'local', listener && w.proto !== 'icmp' ? `${listener.command ?? 'socket'} listening on ${listener.ip}:${listener.port}` : undefined);
  if (!listener) return fail(w, 'ECONNREFUSED', w.dst);
  leaveNs(w, host, ns.id);
  return {
    ok: true,
    delivery: { host, netns: ns.id, listener, localIp: w.dst, localPort: w.dport, remoteIp: w.src, remotePort: w.sport, ttl: w.ttl },
    trace: finish(w, 'delivered'),
  };
}

function gatewayDelivery(w: Walk, ip: string): Delivery {
  return { host: '', netns: 0, listener: { proto: 'tcp', ip, port: 0 }, localIp: ip, localPort: 0, remoteIp: w.src, remotePort: 0, ttl: 128 };
}

function finish(w: Walk, outcome: string): Trace {
  w.trace.outcome = outcome;
  const net = netState(w.world);
  net.traces.push(w.trace);
  if (net.traces.length > TRACE_KEEP) net.traces.splice(0, net.traces.length - TRACE_KEEP);
  return w.trace;
}

function fail(w: Walk, errno: NetErrno, reporter?: string): PathResult {
  return { ok: false, errno, trace: finish(w, errno), ...(reporter ? { reporter } : {}) };
}

function startWalk(world: World, host: string, netns: number, proto: Walk['proto'], dst: string, dport: number, src?: string): Walk {
  const net = netState(world);
  const ns = findNetns(world, host, netns);
  let sport = 0;
  if (ns && proto !== 'icmp') {
    sport = ns.nextPort++;
    if (ns.nextPort > 60999) ns.nextPort = 32768;
  }
  const trace: Trace = { id: net.nextTraceId++, at: world.clock.now, proto, from: { host, netns }, dst: { ip: dst, ...(proto !== 'icmp' ? { port: dport } : {}) }, hops: [], outcome: '' };
  return { world, trace, proto, src: src ?? '', dst, sport, dport, ttl: 64, routers: 0, ct: [] };
}

/**
 * Opens a TCP connection from a namespace to dstIp:dstPort by the real path. A listener with
 * `forward` (docker-proxy) makes the onward connection from its own namespace, so the server sees
 * the proxy's address as the client. `src` forces a source address (a bound client socket).
 */
export function tcpConnect(world: World, fromHost: string, fromNetns: number, dstIp: string, dstPort: number, src?: string): PathResult {
  return connect(world, fromHost, fromNetns, 'tcp', dstIp, dstPort, src, 0);
}

/** Sends one UDP datagram (DNS queries); ECONNREFUSED when the port is closed (ICMP port unreachable). */
export function udpSend(world: World, fromHost: string, fromNetns: number, dstIp: string, dstPort: number, src?: string): PathResult {
  return connect(world, fromHost, fromNetns, 'udp', dstIp, dstPort, src, 0);
}

function connect(world: World, fromHost: string, fromNetns: number, proto: 'tcp' | 'udp', dstIp: string, dstPort: number, src: string | undefined, depth: number): PathResult {
  const w = startWalk(world, fromHost, fromNetns, proto, dstIp, dstPort, src);
  // Only IPv4 is modelled: anything else has no route.
  if (!isIpv4(dstIp) || !Number.isInteger(dstPort) || dstPort < 0 || dstPort > 65535) return fail(w, 'ENETUNREACH');
  const result = transmit(w, fromHost, fromNetns, true);
  if (result.ok) trackFlow(world, proto, w.ct);
  if (result.ok && result.delivery.listener.forward && depth < 4) {
    const fwd = result.delivery.listener.forward;
    const onward = connect(world, result.delivery.host, result.delivery.netns, proto, fwd.ip, fwd.port, undefined, depth + 1);
    onward.trace.hops.unshift(...result.trace.hops.map((h) => ({ ...h, note: h.note ?? (h.dir === 'local' ? 'proxied' : undefined) } as TraceHop)));
    return onward;
  }
  return result;
}

/** An ICMP echo request and its reply: the reply's TTL is 64 less the routers on the way. */
export function icmpEcho(world: World, fromHost: string, fromNetns: number, dstIp: string): EchoResult {
  const w = startWalk(world, fromHost, fromNetns, 'icmp', dstIp, 0);
  if (!isIpv4(dstIp)) return { ok: false, errno: 'ENETUNREACH', trace: finish(w, 'ENETUNREACH') };
  const result = transmit(w, fromHost, fromNetns, true);
  if (!result.ok) return { ok: false, errno: result.errno, trace: result.trace, ...(result.reporter ? { reporter: result.reporter } : {}) };
  const ttl = result.delivery.ttl === 128 ? 128 - w.routers : 64 - w.routers;
  return { ok: true, ttl, trace: result.trace, hops: w.routers };
}
