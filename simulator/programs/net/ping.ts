/**
 * ping from iputils (CentOS 7: iputils-20160308): `-c N`, `-W s`, `-i s`, `-q`, `-w s`. Output as
 * iputils prints it: the PING header, one line per reply (times from a fixed model of each hop),
 * `From X icmp_seq=N Destination Host Unreachable` when ARP fails, then the statistics and the
 * rtt min/avg/max/mdev line. Without -c it runs until interrupted: the model stops after four packets
 * as if the reader pressed Ctrl+C. Virtual time moves one second per packet.
 */
import { sha256Hex } from '../../core/sha256.ts';
import { icmpEcho, type EchoResult } from '../../kernel/net/path.ts';
import { isLocalAddress, lookupRoute } from '../../kernel/net/route.ts';
import type { Program } from '../../kernel/types.ts';
import { netCtx, resolve } from './common.ts';

/** iputils' time format: 3 decimals under 1 ms, 2 under 10, 1 under 100, then whole ms. */
export function pingTime(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = us % 1000;
  if (us >= 100000) return String(ms);
  if (us >= 10000) return `${ms}.${Math.floor(rest / 100)}`;
  if (us >= 1000) return `${ms}.${String(Math.floor(rest / 10)).padStart(2, '0')}`;
  return `${ms}.${String(rest).padStart(3, '0')}`;
}

/** Round trip in µs: a base per kind of path plus deterministic jitter; the first packet pays for ARP. */
function rtt(result: EchoResult & { ok: true }, seq: number, salt: string): number {
  const hops = result.trace.hops;
  const crossesHosts = new Set(hops.map((h) => h.host)).size > 1;
  const local = hops.every((h) => h.dev === 'lo');
  const base = local ? 30 : crossesHosts ? 420 : 60 + 15 * hops.length;
  const jitter = parseInt(sha256Hex(`${salt}/${seq}`).slice(0, 6), 16) % (local ? 25 : crossesHosts ? 300 : 40);
  return base + jitter + (seq === 1 && !local ? (crossesHosts ? 380 : 40) : 0);
}

export const ping: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let count: number | undefined;
  let quiet = false;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string | undefined => (a.length > 2 ? a.slice(2) : args[++i]);
    if (a.startsWith('-c')) {
      const v = value();
      if (!v || !/^\d+$/.test(v) || Number(v) === 0) {
        ctx.stderr('ping: bad number of packets to transmit.\n');
        return 2;
      }
      count = Number(v);
    } else if (a.startsWith('-W') || a.startsWith('-i') || a.startsWith('-w') || a.startsWith('-s') || a.startsWith('-t') || a.startsWith('-I')) value();
    else if (a === '-q') quiet = true;
    else if (a === '-n' || a === '-4') continue;
    else if (a.startsWith('-')) {
      ctx.stderr(`ping: invalid option -- '${a.slice(1, 2)}'\n`);
      ctx.stderr('Usage: ping [-aAbBdDfhLnOqrRUvV] [-c count] [-i interval] [-I interface]\n            [-m mark] [-M pmtudisc_option] [-l preload] [-p pattern] [-Q tos]\n            [-s packetsize] [-S sndbuf] [-t ttl] [-T timestamp_option]\n            [-w deadline] [-W timeout] [hop1 ...] destination\n');
      return 2;
    } else target = a;
  }
  if (target === undefined) {
    ctx.stderr('Usage: ping [-aAbBdDfhLnOqrRUvV] [-c count] [-i interval] [-I interface]\n            [-m mark] [-M pmtudisc_option] [-l preload] [-p pattern] [-Q tos]\n            [-s packetsize] [-S sndbuf] [-t ttl] [-T timestamp_option]\n            [-w deadline] [-W timeout] [hop1 ...] destination\n');
    return 2;
  }
  const n = netCtx(ctx);
  const res = resolve(ctx, n, target);
  if (!res.ok) {
    ctx.stderr(`ping: ${target}: Name or service not known\n`);
    return 2;
  }
  const ip = res.address;
  const label = target === ip ? ip : `${target} (${ip})`;
  // connect(2) on the ICMP socket fails before anything is printed when there is no route.
  if (!lookupRoute(n.ns, ip) && !isLocalAddress(n.ns, ip)) {
    ctx.stderr('connect: Network is unreachable\n');
    return 2;
  }
  ctx.stdout(`PING ${target} (${ip}) 56(84) bytes of data.\n`);
  const interrupted = count === undefined;
  const total = count ?? 4;
  const times: number[] = [];
  let errors = 0;
  let networkUnreachable = false;
  for (let seq = 1; seq <= total; seq++) {
    const r = icmpEcho(ctx.world, n.host, n.netns, ip);
    if (r.ok) {
      const us = rtt(r, seq, `${n.host}/${n.netns}/${ip}`);
      times.push(us);
      if (!quiet) ctx.stdout(`64 bytes from ${label}: icmp_seq=${seq} ttl=${r.ttl} time=${pingTime(us)} ms\n`);
    } else if (r.errno === 'ENETUNREACH') {
      networkUnreachable = true;
      break;
    } else if (r.errno === 'EHOSTUNREACH' || r.errno === 'ECONNREFUSED') {
      errors++;
      if (!quiet) ctx.stdout(`From ${r.reporter ?? ip} icmp_seq=${seq} Destination ${r.errno === 'ECONNREFUSED' ? 'Port' : 'Host'} Unreachable\n`);
    }
  }
  if (networkUnreachable) {
    ctx.stderr('connect: Network is unreachable\n');
    return 2;
  }
  const elapsed = (total - 1) * 1000 + (parseInt(sha256Hex(`${ip}/${total}`).slice(0, 2), 16) % 3);
  ctx.world.advance(total * 1000);
  if (interrupted) ctx.stdout('^C\n');
  const received = times.length;
  const loss = Math.round(((total - received) * 100) / total);
  ctx.stdout(`\n--- ${target} ping statistics ---\n`);
  ctx.stdout(`${total} packets transmitted, ${received} received, ${errors ? `+${errors} errors, ` : ''}${loss}% packet loss, time ${elapsed}ms\n`);
  if (received > 0) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / received;
    const mdev = Math.sqrt(times.reduce((a, b) => a + b * b, 0) / received - avg * avg);
    const f = (us: number): string => `${Math.floor(us / 1000)}.${String(Math.round(us) % 1000).padStart(3, '0')}`;
    ctx.stdout(`rtt min/avg/max/mdev = ${f(min)}/${f(Math.round(avg))}/${f(max)}/${f(Math.round(mdev))} ms\n`);
  } else if (errors > 1) ctx.stdout(`pipe ${Math.min(errors, 4)}\n`);
  return received > 0 ? 0 : 1;
};

/**
 * busybox's ping applet (busybox images): `PING x (x): 56 data bytes`, `seq=` from 0, three decimals
 * always, `packets received`, and a `round-trip min/avg/max` line. ICMP errors print nothing.
 */
export const busyboxPing: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let count: number | undefined;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('-c')) {
      const v = a.length > 2 ? a.slice(2) : args[++i];
      if (!v || !/^\d+$/.test(v)) {
        ctx.stderr(`ping: invalid number '${v ?? ''}'\n`);
        return 1;
      }
      count = Number(v);
    } else if (/^-[WwisIt]/.test(a)) {
      if (a.length === 2) i++;
    } else if (a.startsWith('-')) continue;
    else target = a;
  }
  if (target === undefined) {
    ctx.stderr('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n\nSend ICMP ECHO_REQUESTs to HOST\n');
    return 1;
  }
  const n = netCtx(ctx);
  const res = resolve(ctx, n, target);
  if (!res.ok) {
    ctx.stderr(`ping: bad address '${target}'\n`);
    return 1;
  }
  const ip = res.address;
  if (!lookupRoute(n.ns, ip) && !isLocalAddress(n.ns, ip)) {
    ctx.stderr('ping: sendto: Network unreachable\n');
    return 1;
  }
  ctx.stdout(`PING ${target} (${ip}): 56 data bytes\n`);
  const interrupted = count === undefined;
  const total = count ?? 4;
  const times: number[] = [];
  for (let seq = 0; seq < total; seq++) {
    const r = icmpEcho(ctx.world, n.host, n.netns, ip);
    if (!r.ok) continue;
    const us = rtt(r, seq + 1, `${n.host}/${n.netns}/${ip}`);
    times.push(us);
    ctx.stdout(`64 bytes from ${ip}: seq=${seq} ttl=${r.ttl} time=${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')} ms\n`);
  }
  ctx.world.advance(total * 1000);
  if (interrupted) ctx.stdout('^C\n');
  const received = times.length;
  ctx.stdout(`\n--- ${target} ping statistics ---\n${total} packets transmitted, ${received} packets received, ${Math.floor(((total - received) * 100) / total)}% packet loss\n`);
  if (received > 0) {
    const f = (us: number): string => `${Math.floor(us / 1000)}.${String(Math.round(us) % 1000).padStart(3, '0')}`;
    const avg = Math.round(times.reduce((a, b) => a + b, 0) / received);
    ctx.stdout(`round-trip min/avg/max = ${f(Math.min(...times))}/${f(avg)}/${f(Math.max(...times))} ms\n`);
  }
  return received > 0 ? 0 : 1;
};
