/**
 * IPVS, the kernel's layer-4 load balancer, per network namespace: virtual services (`ipvsadm -A
 * -t VIP:port -s rr`) with real servers (`-a ... -r ip:port -m`), consulted by the packet walk
 * where the kernel's hooks are (LOCAL_OUT for a local client, LOCAL_IN for a packet to a local
 * VIP). A new connection gets a real server from the service's scheduler and, in NAT mode (Masq),
 * its destination rewritten to it; the service and the server count it (`--stats`), and once it is
 * over it stays in TIME_WAIT (InActConn) for the kernel's two minutes. kube-proxy's ipvs mode
 * fills the same table.
 */
import type { World } from '../world.ts';
import { ipToNum } from './addr.ts';
import { findNetns, getNetns } from './state.ts';
import type { IpvsDest, IpvsService, IpvsStats, Trace } from './types.ts';

/** ip_vs's default TCP TIME_WAIT timeout: a finished connection counts as inactive this long. */
export const IPVS_TIME_WAIT_MS = 120_000;
/** ip_vs's UDP timeout: a UDP "connection" (always counted inactive) lasts this long after its last packet. */
export const IPVS_UDP_TIMEOUT_MS = 300_000;

/** Schedulers the model chooses with; the others the kernel ships are accepted and act as wlc. */
export const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq'];

/** Adds or replaces a virtual service (`ipvsadm -A -t ip:port -s rr`). */
export function setIpvsService(world: World, host: string, netns: number, svc: Omit<IpvsService, 'dests'> & { dests?: IpvsDest[] }): IpvsService {
  const ns = getNetns(world, host, netns);
  const existing = findIpvsService(world, host, netns, svc.protocol, svc.ip, svc.port);
  const stored: IpvsService = { ...svc, dests: svc.dests ?? existing?.dests ?? [], ...(existing?.stats ? { stats: existing.stats } : {}) };
  if (existing) ns.ipvs[ns.ipvs.indexOf(existing)] = stored;
  else ns.ipvs.push(stored);
  return stored;
}

export function deleteIpvsService(world: World, host: string, netns: number, protocol: 'TCP' | 'UDP', ip: string, port: number): boolean {
  const ns = getNetns(world, host, netns);
  const before = ns.ipvs.length;
  ns.ipvs = ns.ipvs.filter((s) => !(s.protocol === protocol && s.ip === ip && s.port === port));
  return ns.ipvs.length < before;
}

export function findIpvsService(world: World, host: string, netns: number, protocol: 'TCP' | 'UDP', ip: string, port: number): IpvsService | undefined {
  return findNetns(world, host, netns)?.ipvs.find((s) => s.protocol === protocol && s.ip === ip && s.port === port);
}

/** Services in the order ipvsadm lists them: protocol number (TCP 6 before UDP 17), address, port. */
export function sortedServices(services: IpvsService[]): IpvsService[] {
  return [...services].sort((a, b) => (a.protocol === b.protocol ? 0 : a.protocol === 'TCP' ? -1 : 1) || ipToNum(a.ip) - ipToNum(b.ip) || a.port - b.port);
}

/** Real servers by address then port, as ipvsadm sorts them. */
export function sortedDests(dests: IpvsDest[]): IpvsDest[] {
  return [...dests].sort((a, b) => ipToNum(a.ip) - ipToNum(b.ip) || a.port - b.port);
}

/** InActConn: connections still in TIME_WAIT at `now`, plus any the table was given. */
export function inactiveConns(d: IpvsDest, now: number): number {
  return d.inActConn + (d.closing ?? []).filter((c) => c.until > now).length;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The scheduler's pick among the service's real servers (weight 0 means quiesced), or undefined. */
function schedule(svc: IpvsService, now: number): number | undefined {
  const live = svc.dests.map((d, i) => ({ d, i })).filter(({ d }) => d.weight > 0);
  if (live.length === 0) return undefined;
  const n = svc.dests.length;
  if (svc.scheduler === 'rr') {
    // Round robin: the next live server after the last one chosen.
    for (let k = 1; k <= n; k++) {
      const i = ((svc.last ?? -1) + k) % n;
      if ((svc.dests[i] as IpvsDest).weight > 0) return i;
    }
    return undefined;
  }
  if (svc.scheduler === 'wrr') {
    // Weighted round robin as ip_vs_wrr: step through the servers, lowering the current weight by
    // the weights' gcd each full turn; a server is chosen while its weight reaches the current one.
    const weights = svc.dests.map((d) => d.weight);
    const max = Math.max(...weights);
    const step = weights.filter((w) => w > 0).reduce(gcd);
    let i = svc.last ?? -1;
    let cw = svc.cw ?? 0;
    for (;;) {
      i = (i + 1) % n;
      if (i === 0) {
        cw -= step;
        if (cw <= 0) cw = max;
      }
      if ((weights[i] as number) >= cw) {
        svc.cw = cw;
        return i;
      }
    }
  }
  // lc and the weighted least-connection family: fewest (active × 256 + inactive) per weight.
  const overhead = (d: IpvsDest): number => d.activeConn * 256 + inactiveConns(d, now);
  const weighted = svc.scheduler !== 'lc';
  let best = live[0] as { d: IpvsDest; i: number };
  for (const c of live.slice(1)) {
    const better = weighted ? overhead(c.d) * best.d.weight < overhead(best.d) * c.d.weight : overhead(c.d) < overhead(best.d);
    if (better) best = c;
  }
  return best.i;
}

function bump(stats: IpvsStats | undefined, add: Partial<IpvsStats>): IpvsStats {
  const s = stats ?? { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 };
  for (const k of Object.keys(add) as (keyof IpvsStats)[]) s[k] += add[k] ?? 0;
  return s;
}

/**
 * A new connection meets the IPVS table of a namespace: when a service matches its destination,
 * the scheduler picks a real server, the connection is counted, and the new destination returned.
 * A service without a live real server lets the packet go on as it is.
 */
export function ipvsConnect(world: World, host: string, netns: number, proto: 'tcp' | 'udp', client: string, dst: string, dport: number, trace: Trace): { ip: string; port: number; forward: IpvsDest['forward']; scheduler: string } | undefined {
  const protocol = proto === 'tcp' ? 'TCP' : 'UDP';
  const svc = findIpvsService(world, host, netns, protocol, dst, dport);
  if (!svc) return undefined;
  const now = world.clock.now;
  const i = schedule(svc, now);
  if (i === undefined) return undefined;
  svc.last = i;
  const d = svc.dests[i] as IpvsDest;
  // The connection is over by the time the command returns: TCP waits out TIME_WAIT as inactive,
  // UDP (never active to IPVS) its timeout.
  d.closing = [...(d.closing ?? []).filter((c) => c.until > now), { client, until: now + (protocol === 'TCP' ? IPVS_TIME_WAIT_MS : IPVS_UDP_TIMEOUT_MS) }];
  svc.stats = bump(svc.stats, { conns: 1 });
  d.stats = bump(d.stats, { conns: 1 });
  trace.ipvs = { host, netns, protocol, vip: dst, vport: dport, dest: `${d.ip}:${d.port}` };
  return { ip: d.ip, port: d.port, forward: d.forward, scheduler: svc.scheduler };
}

/**
/** The connection table (`ipvsadm -Lnc`, /proc/net/ip_vs_conn): entries still in TIME_WAIT, oldest first. */
export function ipvsConnections(services: IpvsService[], now: number): { protocol: string; expiresSec: number; state: string; client: string; vip: string; dest: string }[] {
  const out: { protocol: string; expiresSec: number; state: string; client: string; vip: string; dest: string; until: number }[] = [];
  for (const s of services) {
    for (const d of s.dests) {
      for (const c of d.closing ?? []) {
        if (c.until > now) out.push({ protocol: s.protocol, expiresSec: Math.floor((c.until - now) / 1000), state: s.protocol === 'TCP' ? 'TIME_WAIT' : 'UDP', client: c.client, vip: `${s.ip}:${s.port}`, dest: `${d.ip}:${d.port}`, until: c.until });
      }
    }
  }
  return out.sort((a, b) => a.until - b.until).map(({ until: _until, ...rest }) => rest);
}

/**
 * Counts the packets of a finished TCP exchange through an IPVS service: the handshake, the
 * request and response in segments of at most 1448 bytes (a 1500 MTU with timestamps), an ACK
 * from the client for every second response segment, and the closing FIN/ACK pairs. IP and TCP
 * headers with the timestamp option are 52 bytes, a SYN with its options 60.
 */
export function ipvsAccountTcp(world: World, trace: Trace, requestBytes: number, responseBytes: number): void {
  const ref = trace.ipvs;
  if (!ref) return;
  const svc = findIpvsService(world, ref.host, ref.netns, ref.protocol, ref.vip, ref.vport);
  const d = svc?.dests.find((x) => `${x.ip}:${x.port}` === ref.dest);
  if (!svc || !d) return;
  const segs = (n: number): number => Math.ceil(n / 1448);
  const reqSegs = segs(requestBytes);
  const respSegs = segs(responseBytes);
  const acks = Math.max(respSegs > 0 ? 1 : 0, Math.floor(respSegs / 2));
  // In: SYN, ACK, request, ACKs, FIN, last ACK. Out: SYN-ACK, ACK of the request, response, FIN-ACK.
  const inPkts = 2 + reqSegs + acks + 2;
  const outPkts = 1 + 1 + respSegs + 1;
  const inBytes = 60 + 52 + reqSegs * 52 + requestBytes + acks * 52 + 2 * 52;
  const outBytes = 60 + 52 + respSegs * 52 + responseBytes + 52;
  const add = { inPkts, outPkts, inBytes, outBytes };
  svc.stats = bump(svc.stats, add);
  d.stats = bump(d.stats, add);
}
