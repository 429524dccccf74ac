/**
 * Name resolution the way glibc does it on these hosts: `/etc/hosts` first, then the nameservers of
 * `/etc/resolv.conf`, asked over UDP port 53 by the real path. A DNS server is a UDP listener whose
 * service is `dns:<zone>`; the zone (`net.dns[zone]`) holds the records, and layers above register
 * their own zones (Docker's embedded DNS at 127.0.0.11 per container, CoreDNS for a cluster) and
 * keep the records current. A zone can forward names it does not hold to another zone.
 */
import type { World } from '../world.ts';
import { isIpv4 } from './addr.ts';
import { listen } from './listen.ts';
import { udpSend, type NetErrno } from './path.ts';
import { getNetns, netState } from './state.ts';
import type { DnsZone } from './types.ts';

export const DNS_SERVICE_PREFIX = 'dns:';

/**
 * Creates or replaces a zone and binds its server on `ip:53/udp` in the namespace (once).
 * Call again with new records to update them.
 */
export function registerDnsZone(world: World, name: string, zone: DnsZone, pid?: number, command?: string): void {
  const net = netState(world);
  const existed = net.dns[name];
  net.dns[name] = { ...zone, records: normalise(zone.records) };
  if (!existed) {
    listen(world, zone.host, zone.netns, { proto: 'udp', ip: zone.ip, port: 53, service: DNS_SERVICE_PREFIX + name, ...(pid !== undefined ? { pid } : {}), ...(command ? { command } : {}) });
  }
}

/**
 * Serves an existing zone at one more address: Docker's embedded DNS answers one network's names at
 * 127.0.0.11 inside every container of that network, from one shared zone. Idempotent.
 */
export function bindDnsZone(world: World, zone: string, host: string, netns: number, ip: string, pid?: number, command?: string): void {
  if (!netState(world).dns[zone]) throw new Error(`no DNS zone ${zone}`);
  const ns = getNetns(world, host, netns);
  const service = DNS_SERVICE_PREFIX + zone;
  if (ns.listeners.some((l) => l.proto === 'udp' && l.port === 53 && l.ip === ip && l.service === service)) return;
  listen(world, host, netns, { proto: 'udp', ip, port: 53, service, ...(pid !== undefined ? { pid } : {}), ...(command ? { command } : {}) });
}

/** Sets or removes (`addresses` empty) one name of a zone. */
export function setDnsRecord(world: World, zone: string, name: string, addresses: string[]): void {
  const z = netState(world).dns[zone];
  if (!z) throw new Error(`no DNS zone ${zone}`);
  const key = name.toLowerCase().replace(/\.$/, '');
  if (addresses.length === 0) delete z.records[key];
  else z.records[key] = [...addresses];
}

function normalise(records: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(records)) out[k.toLowerCase().replace(/\.$/, '')] = [...v];
  return out;
}

/** Looks a name up in a zone (and the zones it forwards to). */
export function zoneLookup(world: World, zone: string, name: string, depth = 0): string[] | undefined {
  const z = netState(world).dns[zone];
  if (!z || depth > 4) return undefined;
  const hit = z.records[name.toLowerCase().replace(/\.$/, '')];
  if (hit) return hit;
  return z.forward ? zoneLookup(world, z.forward, name, depth + 1) : undefined;
}

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
}

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1 };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0]) conf.nameservers.push(rest[0]);
    else if (key === 'search' || key === 'domain') conf.search = rest;
    else if (key === 'options') for (const o of rest) if (o.startsWith('ndots:')) conf.ndots = Number(o.slice(6)) || 0;
  }
  return conf;
}

/** `/etc/hosts` lookup: the first line naming `name` (case-insensitive). */
export function hostsLookup(text: string, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/#.*$/, '').trim().split(/\s+/);
    if (fields.length < 2 || !isIpv4(fields[0] as string)) continue;
    if (fields.slice(1).some((f) => f.toLowerCase() === want)) return fields[0];
  }
  return undefined;
}

export type DnsAnswer =
  | { ok: true; server: string; name: string; addresses: string[]; authoritative: boolean }
  | { ok: false; server?: string; reason: 'NXDOMAIN' | 'no-servers' | NetErrno };

/**
 * Asks a nameserver over UDP from a namespace, trying the search domains as the resolver does
 * (names with fewer dots than ndots get the search list first).
 */
export function dnsQuery(world: World, host: string, netns: number, server: string, name: string, search: string[] = [], ndots = 1): DnsAnswer {
  const dots = (name.match(/\./g) ?? []).length;
  const bare = name.replace(/\.$/, '');
  const candidates = name.endsWith('.') ? [bare] : dots >= ndots ? [bare, ...search.map((s) => `${bare}.${s}`)] : [...search.map((s) => `${bare}.${s}`), bare];
  const r = udpSend(world, host, netns, server, 53);
  if (!r.ok) return { ok: false, server, reason: r.errno };
  const service = r.delivery.listener.service ?? '';
  if (!service.startsWith(DNS_SERVICE_PREFIX)) return { ok: false, server, reason: 'ECONNREFUSED' };
  for (const c of candidates) {
    const zone = service.slice(DNS_SERVICE_PREFIX.length);
    const hit = zoneLookup(world, zone, c);
    if (hit && hit.length > 0) return { ok: true, server, name: c, addresses: hit, authoritative: !!netState(world).dns[zone]?.authoritative && !!netState(world).dns[zone]?.records[c.toLowerCase()] };
  }
  return { ok: false, server, reason: 'NXDOMAIN' };
}

export type Resolution = { ok: true; address: string; via: 'hosts' | 'dns'; server?: string } | { ok: false; reason: 'NXDOMAIN' | 'no-servers' | NetErrno; server?: string };

/**
 * getaddrinfo for IPv4: a literal address, then `/etc/hosts`, then each nameserver in
 * `/etc/resolv.conf` (127.0.0.1 when there is none, as glibc assumes). `readFile` reads the calling
 * process's filesystem (a container sees its own /etc/hosts).
 */
export function resolveName(world: World, host: string, netns: number, name: string, readFile: (path: string) => string | undefined): Resolution {
  if (isIpv4(name)) return { ok: true, address: name, via: 'hosts' };
  const fromHosts = hostsLookup(readFile('/etc/hosts') ?? '', name);
  if (fromHosts) return { ok: true, address: fromHosts, via: 'hosts' };
  const conf = parseResolvConf(readFile('/etc/resolv.conf') ?? '');
  const servers = conf.nameservers.length > 0 ? conf.nameservers : ['127.0.0.1'];
  let last: Resolution = { ok: false, reason: 'no-servers' };
  for (const server of servers.slice(0, 3)) {
    const a = dnsQuery(world, host, netns, server, name, conf.search, conf.ndots);
    if (a.ok) return { ok: true, address: a.addresses[0] as string, via: 'dns', server };
    last = { ok: false, reason: a.reason, server };
    if (a.reason === 'NXDOMAIN') return last;
  }
  return last;
}
