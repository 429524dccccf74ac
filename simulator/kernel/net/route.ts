/**
 * Route lookup in one namespace: the local table (addresses of the namespace, 127/8 on an up lo)
 * first, then the main table (explicit routes plus connected routes of up links), longest prefix
 * then lowest metric, as the kernel's FIB does.
 */
import { cidrString, inCidr, isLoopback, parseCidr } from './addr.ts';
import type { Link, Netns, Route } from './types.ts';

/** Whether `ip` is an address of this namespace (what `--dst-type LOCAL` and local delivery use). */
export function isLocalAddress(ns: Netns, ip: string): boolean {
  if (isLoopback(ip)) return !!ns.links['lo']?.up;
  return Object.values(ns.links).some((l) => l.addrs.some((a) => a.ip === ip));
}

/** The link that owns a local address. */
export function linkOfAddress(ns: Netns, ip: string): Link | undefined {
  if (isLoopback(ip)) return ns.links['lo'];
  return Object.values(ns.links).find((l) => l.addrs.some((a) => a.ip === ip));
}

/** Connected routes the kernel derives from addresses (`proto kernel scope link src X`). */
export function connectedRoutes(ns: Netns): Route[] {
  const out: Route[] = [];
  for (const link of Object.values(ns.links).sort((a, b) => a.ifindex - b.ifindex)) {
    if (!link.up || link.kind === 'loopback') continue;
    for (const a of link.addrs) {
      if (a.noprefixroute || a.prefix === 32) continue;
      out.push({ dst: cidrString(a.ip, a.prefix), dev: link.name, proto: 'kernel', scope: 'link', src: a.ip });
    }
  }
  return out;
}

/** The main routing table as `ip route` lists it: default routes first, then by destination. */
export function mainTable(ns: Netns): Route[] {
  const all = [...ns.routes.filter((r) => ns.links[r.dev]?.up || r.proto === 'static' || r.proto === 'boot'), ...connectedRoutes(ns)];
  const key = (r: Route): number => {
    if (r.dst === 'default') return -1;
    const c = parseCidr(r.dst);
    return c ? (c.ip.split('.').reduce((n, o) => n * 256 + Number(o), 0)) : 0;
  };
  return all.sort((a, b) => key(a) - key(b) || (parseCidr(a.dst)?.prefix ?? 0) - (parseCidr(b.dst)?.prefix ?? 0) || (a.metric ?? 0) - (b.metric ?? 0));
}

export interface RouteChoice {
  route: Route;
  /** Where to send the frame on the link: the gateway, or the destination itself. */
  nexthop: string;
  /** Source address the kernel picks. */
  src: string;
}

/** Looks up the route to `dst`; undefined means `Network is unreachable`. */
export function lookupRoute(ns: Netns, dst: string): RouteChoice | undefined {
  let best: Route | undefined;
  let bestPrefix = -1;
  for (const r of mainTable(ns)) {
    const link = ns.links[r.dev];
    if (!link?.up) continue;
    const prefix = r.dst === 'default' ? 0 : (parseCidr(r.dst)?.prefix ?? -1);
    const cidr = r.dst === 'default' ? { ip: '0.0.0.0', prefix: 0 } : parseCidr(r.dst);
    if (!cidr || !inCidr(dst, cidr)) continue;
    if (prefix > bestPrefix || (prefix === bestPrefix && (r.metric ?? 0) < (best?.metric ?? 0))) {
      best = r;
      bestPrefix = prefix;
    }
  }
  if (!best) return undefined;
  const link = ns.links[best.dev] as Link;
  const src = best.src ?? link.addrs.find((a) => a.scope === 'global')?.ip ?? firstAddress(ns) ?? '0.0.0.0';
  return { route: best, nexthop: best.via ?? dst, src };
}

function firstAddress(ns: Netns): string | undefined {
  for (const l of Object.values(ns.links).sort((a, b) => a.ifindex - b.ifindex)) {
    const a = l.addrs.find((x) => x.scope === 'global');
    if (a) return a.ip;
  }
  return undefined;
}
