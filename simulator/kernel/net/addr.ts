/** IPv4 addresses, prefixes and MAC addresses as numbers and text. */
import { sha256Hex } from '../../core/sha256.ts';

/** Parses a dotted quad; NaN when it is not one. */
export function ipToNum(ip: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return NaN;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return NaN;
    n = n * 256 + octet;
  }
  return n;
}

export function numToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function isIpv4(text: string): boolean {
  return !Number.isNaN(ipToNum(text));
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Network address of ip/prefix as a number. */
export function networkOf(ip: string, prefix: number): number {
  return (ipToNum(ip) & maskOf(prefix)) >>> 0;
}

export function broadcastOf(ip: string, prefix: number): string {
  return numToIp((networkOf(ip, prefix) | (~maskOf(prefix) >>> 0)) >>> 0);
}

export interface Cidr {
  ip: string;
  prefix: number;
}

/** `10.0.0.0/8` or a bare address (= /32); undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const [ip, p] = text.split('/') as [string, string | undefined];
  if (!isIpv4(ip)) return undefined;
  const prefix = p === undefined ? 32 : Number(p);
  if (!/^\d+$/.test(p ?? '32') || prefix > 32) return undefined;
  return { ip, prefix };
}

export function inCidr(ip: string, cidr: Cidr): boolean {
  const n = ipToNum(ip);
  return !Number.isNaN(n) && ((n & maskOf(cidr.prefix)) >>> 0) === networkOf(cidr.ip, cidr.prefix);
}

/** `172.17.0.5/16` -> `172.17.0.0/16`. */
export function cidrString(ip: string, prefix: number): string {
  return `${numToIp(networkOf(ip, prefix))}/${prefix}`;
}

export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.');
}

/**
 * A deterministic MAC for a new interface. `prefix` fixes the first bytes (Docker's `02:42` plus the
 * IPv4 address for container eth0; VMware's `00:0c:29` for a lab NIC); the rest comes from a hash
 * of `seed` so each lab always gets the same addresses. Locally administered, unicast.
 */
export function makeMac(seed: string, prefix = ''): string {
  const hex = sha256Hex(seed);
  const wanted = prefix ? prefix.split(':') : [];
  const bytes: string[] = [];
  for (let i = 0; i < 6; i++) bytes.push(wanted[i] ?? hex.slice(i * 2, i * 2 + 2));
  if (!prefix) bytes[0] = ((parseInt(bytes[0] as string, 16) & 0xfc) | 0x02).toString(16).padStart(2, '0');
  return bytes.join(':');
}

/** Docker's container MAC: 02:42 followed by the IPv4 address bytes. */
export function dockerMac(ip: string): string {
  const n = ipToNum(ip);
  return ['02', '42', ...[(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** IPv6 link-local address (EUI-64 from the MAC) as iproute2 prints it: `fe80::42:acff:fe11:2`. */
export function linkLocal6(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const bytes = [(b[0] as number) ^ 2, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]] as number[];
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  return `fe80::${compress6(groups)}`;
}

/** Joins the interface-id groups, dropping leading zero groups the way inet_ntop compresses them. */
function compress6(groups: string[]): string {
  while (groups.length > 1 && groups[0] === '0') groups.shift();
  return groups.join(':');
}
