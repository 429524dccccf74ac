/**
 * ping from iputils (CentOS 7: iputils-20160308): `-c N`, `-W s`, `-i s`, `-q`, `-w s`. Output as
 * iputils prints it: the PING header, one line per reply (times from a fixed model of each hop),
 * `From X icmp_seq=N Destination Host Unreachable` when ARP fails, then the statistics and the
 * rtt min/avg/max/mdev line. Without -c it runs until interrupted: in the foreground the model stops
 * after four packets as if the reader pressed Ctrl+C. Virtual time moves one second per packet. A
 * ping nobody waits on (a container's command, a job) sends its first echo at once and the rest on
 * the lab clock, for ever without -c, until SIGINT prints its statistics (ping-clock.ts).
 */
import { sha256Hex } from '../../core/sha256.ts';
import { icmpEcho, type EchoResult } from '../../kernel/net/path.ts';
import { isLocalAddress, lookupRoute } from '../../kernel/net/route.ts';
import { STILL_RUNNING, type ExecContext, type Program } from '../../kernel/types.ts';
import type { Host } from '../../kernel/host.ts';
import type { Proc } from '../../kernel/process.ts';
import { netCtx, resolve } from './common.ts';
import { PING_INTERRUPT, PING_TICK } from './ping-clock.ts';

/** A ping running on the lab clock, kept in its process (`data.ping`). */
interface PingRun {
  kind: 'iputils' | 'busybox';
  target: string;
  ip: string;
  label: string;
  quiet: boolean;
  host: string;
  netns: number;
  /** Echoes sent so far. */
  sent: number;
  /** How many to send (-c), or null for ever. */
  total: number | null;
  times: number[];
  errors: number;
}

/** Sends the next echo; the line it prints ('' for none), or 'unreachable' when the network is. */
function echo(ctx: { world: ExecContext['world'] }, run: PingRun): string | 'unreachable' {
  run.sent++;
  const seq = run.kind === 'iputils' ? run.sent : run.sent - 1;
  const r = icmpEcho(ctx.world, run.host, run.netns, run.ip);
  if (r.ok) {
    const us = rtt(r, run.sent, `${run.host}/${run.netns}/${run.ip}`);
    run.times.push(us);
    if (run.kind === 'busybox') return `64 bytes from ${run.ip}: seq=${seq} ttl=${r.ttl} time=${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')} ms\n`;
    return run.quiet ? '' : `64 bytes from ${run.label}: icmp_seq=${seq} ttl=${r.ttl} time=${pingTime(us)} ms\n`;
  }
  if (run.kind === 'busybox') return '';
  if (r.errno === 'ENETUNREACH') return 'unreachable';
  if (r.errno === 'EHOSTUNREACH' || r.errno === 'ECONNREFUSED') {
    run.errors++;
    return run.quiet ? '' : `From ${r.reporter ?? run.ip} icmp_seq=${seq} Destination ${r.errno === 'ECONNREFUSED' ? 'Port' : 'Host'} Unreachable\n`;
  }
  return '';
}

/** The statistics a ping prints when it ends (after its count, or on Ctrl+C). */
function statistics(run: PingRun): string {
  const total = run.sent;
  const received = run.times.length;
  const f = (us: number): string => `${Math.floor(us / 1000)}.${String(Math.round(us) % 1000).padStart(3, '0')}`;
  if (run.kind === 'busybox') {
    let out = `\n--- ${run.target} ping statistics ---\n${total} packets transmitted, ${received} packets received, ${Math.floor(((total - received) * 100) / total)}% packet loss\n`;
    if (received > 0) out += `round-trip min/avg/max = ${f(Math.min(...run.times))}/${f(Math.round(run.times.reduce((a, b) => a + b, 0) / received))}/${f(Math.max(...run.times))} ms\n`;
    return out;
  }
  const elapsed = (total - 1) * 1000 + (parseInt(sha256Hex(`${run.ip}/${total}`).slice(0, 2), 16) % 3);
  const loss = Math.round(((total - received) * 100) / total);
  let out = `\n--- ${run.target} ping statistics ---\n${total} packets transmitted, ${received} received, ${run.errors ? `+${run.errors} errors, ` : ''}${loss}% packet loss, time ${elapsed}ms\n`;
  if (received > 0) {
    const avg = run.times.reduce((a, b) => a + b, 0) / received;
    const mdev = Math.sqrt(run.times.reduce((a, b) => a + b * b, 0) / received - avg * avg);
    out += `rtt min/avg/max/mdev = ${f(Math.min(...run.times))}/${f(Math.round(avg))}/${f(Math.max(...run.times))}/${f(Math.round(mdev))} ms\n`;
  } else if (run.errors > 1) out += `pipe ${Math.min(run.errors, 4)}\n`;
  return out;
}

function status(run: PingRun): number {
  return run.times.length > 0 ? 0 : 1;
}

/**
 * A ping the reader waits on: every echo at once, then the clock moves a second per echo. Without
 * -c it stops after four, as if the reader pressed Ctrl+C.
 */
function pingInForeground(ctx: ExecContext, run: PingRun): number {
  const interrupted = run.total === null;
  const total = run.total ?? 4;
  while (run.sent < total) {
    const line = echo(ctx, run);
    if (line === 'unreachable') {
      ctx.stderr('connect: Network is unreachable\n');
      return 2;
    }
    ctx.stdout(line);
  }
  ctx.world.advance(total * 1000);
  if (interrupted) ctx.stdout('^C\n');
  ctx.stdout(statistics(run));
  return status(run);
}

/**
 * A ping nobody waits on: its first echo now, the next ones a second apart on the lab clock. Ends
 * by itself after -c echoes; without, only a signal ends it (SIGINT with its statistics).
 */
function pingOnClock(ctx: ExecContext, run: PingRun): number {
  const first = echo(ctx, run);
  if (first === 'unreachable') {
    ctx.stderr(run.kind === 'busybox' ? 'ping: sendto: Network unreachable\n' : 'connect: Network is unreachable\n');
    return 2;
  }
  ctx.stdout(first);
  if (run.total === 1) {
    ctx.stdout(statistics(run));
    return status(run);
  }
  const proc = ctx.host.proc(ctx.pid);
  if (!proc) return status(run);
  proc.data = { ...(proc.data ?? {}), ping: run, ...(run.total === null ? { forever: true } : {}) };
  proc.signals = { ...(proc.signals ?? {}), INT: PING_INTERRUPT };
  proc.state = 'S';
  ctx.host.setTimer(ctx.pid, 1000, PING_TICK);
  return STILL_RUNNING;
}

/** The lab clock's next second for a ping on the clock (ping-clock.ts). */
export function pingTick(host: Host, proc: Proc): void {
  const run = proc.data?.['ping'] as PingRun | undefined;
  if (!run) return;
  const line = echo(host, run);
  if (line === 'unreachable') {
    host.emit(proc.pid, 'stderr', 'connect: Network is unreachable\n');
    host.exit(proc.pid, 2);
    return;
  }
  if (line) host.emit(proc.pid, 'stdout', line);
  if (run.total !== null && run.sent >= run.total) {
    host.emit(proc.pid, 'stdout', statistics(run));
    host.exit(proc.pid, status(run));
    return;
  }
  host.setTimer(proc.pid, 1000, PING_TICK);
}

/** SIGINT (Ctrl+C) to a ping on the clock: it prints its statistics and ends. */
export function pingInterrupt(host: Host, proc: Proc): number | undefined {
  const run = proc.data?.['ping'] as PingRun | undefined;
  if (!run) return 130;
  host.emit(proc.pid, 'stdout', statistics(run));
  return status(run);
}

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
  const run: PingRun = { kind: 'iputils', target, ip, label, quiet, host: n.host, netns: n.netns, sent: 0, total: count ?? null, times: [], errors: 0 };
  if (ctx.detached) return pingOnClock(ctx, run);
  return pingInForeground(ctx, run);
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
  const run: PingRun = { kind: 'busybox', target, ip, label: ip, quiet: false, host: n.host, netns: n.netns, sent: 0, total: count ?? null, times: [], errors: 0 };
  if (ctx.detached) return pingOnClock(ctx, run);
  return pingInForeground(ctx, run);
};
