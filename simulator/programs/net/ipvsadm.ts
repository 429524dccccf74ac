/**
 * ipvsadm 1.27 (CentOS 7): edits and lists the IPVS table of the caller's namespace, the same table
 * the packet walk consults. `-A/-E/-D -t|-u VIP:port [-s sched]`, `-a/-e/-d ... -r real[:port]
 * [-g|-i|-m] [-w weight]`, `-C`, `-Z`, `-L|-l [-n] [-c] [--stats] [--exact] [-t|-u VIP:port]`, `-S [-n]`,
 * `-R` (one command a line on standard input, as ipvsadm-restore feeds it).
 * Without -n, addresses and ports are shown by name where /etc/hosts and /etc/services have one.
 */
import { deleteIpvsService, findIpvsService, inactiveConns, ipvsConnections, IPVS_SCHEDULERS, setIpvsService, sortedDests, sortedServices } from '../../kernel/net/ipvs.ts';
import type { IpvsDest, IpvsService, IpvsStats } from '../../kernel/net/types.ts';
import type { ExecContext, Program } from '../../kernel/types.ts';
import { netCtx, readFileOr } from './common.ts';

const CMDS: Record<string, string> = { A: 'add-service', E: 'edit-service', D: 'delete-service', C: 'flush', L: 'list', l: 'list', a: 'add-server', d: 'delete-server', e: 'edit-server', S: 'save', R: 'restore', Z: 'zero' };
const LONG_CMDS: Record<string, string> = { '--add-service': 'A', '--edit-service': 'E', '--delete-service': 'D', '--clear': 'C', '--list': 'L', '--add-server': 'a', '--delete-server': 'd', '--edit-server': 'e', '--save': 'S', '--restore': 'R', '--zero': 'Z' };

/** The few /etc/services names the book's ports have. */
const PORT_NAMES: Record<number, string> = { 21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 80: 'http', 443: 'https', 8080: 'webcache' };

const FWD_SWITCH: Record<IpvsDest['forward'], string> = { Masq: '-m', Route: '-g', Tunnel: '-i' };

interface Parsed {
  cmd?: string;
  proto?: 'TCP' | 'UDP';
  vip?: string;
  vport?: number;
  sched?: string;
  real?: { ip: string; port: number };
  forward?: IpvsDest['forward'];
  weight?: number;
  numeric: boolean;
  stats: boolean;
  rate: boolean;
  exact: boolean;
  conns: boolean;
}

class Fail {
  message: string;
  code: number;
  constructor(message: string, code = 2) {
    this.message = message;
    this.code = code;
  }
}

function addrPort(text: string, what: string): { ip: string; port?: number } {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(text);
  if (!m || (m[1] as string).split('.').some((o) => Number(o) > 255) || (m[2] !== undefined && Number(m[2]) > 65535)) throw new Fail(`illegal ${what} address[:port] specified`);
  return { ip: m[1] as string, ...(m[2] !== undefined ? { port: Number(m[2]) } : {}) };
}

function parse(given: string[]): Parsed {
  // Bundled flags (`-Ln`, `-Lnc`) are separate options to getopt.
  const args = given.flatMap((a) => (/^-[A-Za-z]{2,}$/.test(a) ? a.slice(1).split('').map((c) => `-${c}`) : [a]));
  const p: Parsed = { numeric: false, stats: false, rate: false, exact: false, conns: false };
  const command = (c: string): void => {
    if (p.cmd !== undefined) throw new Fail('multiple commands specified');
    p.cmd = c;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Fail(`option requires an argument -- '${a.replace(/^-+/, '')}'`);
      return v;
    };
    if (LONG_CMDS[a]) command(LONG_CMDS[a]);
    else if (a === '-t' || a === '-u' || a === '--tcp-service' || a === '--udp-service') {
      const s = addrPort(value(), 'virtual server');
      p.proto = a === '-t' || a === '--tcp-service' ? 'TCP' : 'UDP';
      p.vip = s.ip;
      p.vport = s.port ?? 0;
    } else if (a === '-s' || a === '--scheduler') p.sched = value();
    else if (a === '-r' || a === '--real-server') {
      const r = addrPort(value(), 'real server');
      p.real = { ip: r.ip, port: r.port ?? -1 };
    } else if (a === '-w' || a === '--weight') {
      const w = value();
      if (!/^\d+$/.test(w) || Number(w) > 65535) throw new Fail('illegal weight specified');
      p.weight = Number(w);
    } else if (a === '-m' || a === '--masquerading') p.forward = 'Masq';
    else if (a === '-g' || a === '--gatewaying') p.forward = 'Route';
    else if (a === '-i' || a === '--ipip') p.forward = 'Tunnel';
    else if (a === '-n' || a === '--numeric') p.numeric = true;
    else if (a === '--stats') p.stats = true;
    else if (a === '--rate') p.rate = true;
    else if (a === '--exact') p.exact = true;
    else if (a === '-c' || a === '--connection') p.conns = true;
    else if (/^-[AEDCLladeSRZ]$/.test(a)) command(a.slice(1));
    else throw new Fail(a.startsWith('-') ? `invalid option \`${a}'` : `unexpected argument ${a}`);
  }
  return p;
}

function need(p: Parsed, option: 'service-address' | 'real-server', cmd: string): void {
  if ((option === 'service-address' && p.vip === undefined) || (option === 'real-server' && p.real === undefined)) throw new Fail(`You need to supply the '${option}' option for the '${CMDS[cmd]}' command`);
}

export const ipvsadm: Program = (ctx) => {
  try {
    return run(ctx, parse(ctx.argv.slice(1)));
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    ctx.stderr(`${e.message}\n`);
    return e.code;
  }
};

function run(ctx: ExecContext, p: Parsed): number {
  const n = netCtx(ctx);
  const cmd = p.cmd ?? 'L';
  const { world } = ctx;
  const svc = (): IpvsService | undefined => findIpvsService(world, n.host, n.netns, p.proto as 'TCP' | 'UDP', p.vip as string, p.vport as number);
  // libipvs's errors, printed by ipvsadm before it exits 255.
  const kernelError = (text: string): number => {
    ctx.stderr(`${text}\n`);
    return 255;
  };
  switch (cmd) {
    case 'R': {
      // Each line of standard input is one command (what -S printed); the last one's status is kept.
      let result = 0;
      for (const line of ctx.stdin.split('\n')) {
        const words = line.trim().split(/\s+/).filter(Boolean);
        if (words.length === 0) continue;
        const q = parse(words);
        if (q.cmd === 'R') throw new Fail("Try `ipvsadm -h' or 'ipvsadm --help' for more information.");
        result = run(ctx, q);
      }
      return result;
    }
    case 'A':
    case 'E': {
      need(p, 'service-address', cmd);
      if (p.vport === 0) throw new Fail('Zero port specified for non-persistent service');
      const existing = svc();
      if (cmd === 'A' && existing) return kernelError('Service already exists');
      if (cmd === 'E' && !existing) return kernelError('No such service');
      const sched = p.sched ?? (cmd === 'E' ? (existing as IpvsService).scheduler : 'wlc');
      if (!IPVS_SCHEDULERS.includes(sched)) return kernelError('Scheduler or persistence engine not found');
      setIpvsService(world, n.host, n.netns, { protocol: p.proto as 'TCP' | 'UDP', ip: p.vip as string, port: p.vport as number, scheduler: sched });
      return 0;
    }
    case 'D':
      need(p, 'service-address', cmd);
      return deleteIpvsService(world, n.host, n.netns, p.proto as 'TCP' | 'UDP', p.vip as string, p.vport as number) ? 0 : kernelError('No such service');
    case 'C':
      n.ns.ipvs = [];
      return 0;
    case 'Z':
      for (const s of n.ns.ipvs) {
        if (p.vip !== undefined && s !== svc()) continue;
        delete s.stats;
        for (const d of s.dests) delete d.stats;
      }
      return 0;
    case 'a':
    case 'e':
    case 'd': {
      need(p, 'service-address', cmd);
      need(p, 'real-server', cmd);
      const s = svc();
      if (!s) return kernelError('Service not defined');
      const real = p.real as { ip: string; port: number };
      const port = real.port < 0 ? (p.vport as number) : real.port;
      const at = s.dests.findIndex((d) => d.ip === real.ip && d.port === port);
      if (cmd === 'a') {
        if (at >= 0) return kernelError('Destination already exists');
        s.dests.push({ ip: real.ip, port, forward: p.forward ?? 'Route', weight: p.weight ?? 1, activeConn: 0, inActConn: 0 });
        return 0;
      }
      if (at < 0) return kernelError('No such destination');
      if (cmd === 'd') s.dests.splice(at, 1);
      else {
        const d = s.dests[at] as IpvsDest;
        d.forward = p.forward ?? 'Route';
        d.weight = p.weight ?? 1;
      }
      return 0;
    }
    case 'S': {
      let out = '';
      for (const s of sortedServices(n.ns.ipvs)) {
        const name = `${s.protocol === 'TCP' ? '-t' : '-u'} ${show(ctx, s.ip, s.port, p.numeric)}`;
        out += `-A ${name} -s ${s.scheduler}\n`;
        for (const d of sortedDests(s.dests)) out += `-a ${name} -r ${show(ctx, d.ip, d.port, p.numeric)} ${FWD_SWITCH[d.forward]} -w ${d.weight}\n`;
      }
      ctx.stdout(out);
      return 0;
    }
    default:
      return p.conns ? listConnections(ctx, p) : list(ctx, p, p.vip !== undefined ? svc() : undefined);
  }
}

/** `ip:port`, or with names (`localhost:http`) when not numeric. */
function show(ctx: ExecContext, ip: string, port: number, numeric: boolean): string {
  if (numeric) return `${ip}:${port}`;
  const hosts = (readFileOr(netCtx(ctx).fs, '/etc/hosts') ?? '').split('\n').map((l) => l.replace(/#.*/, '').trim().split(/\s+/));
  const name = hosts.find((f) => f[0] === ip && f[1])?.[1] ?? ip;
  return `${name}:${PORT_NAMES[port] ?? port}`;
}

/** `-c`: the connection table as /proc/net/ip_vs_conn gives it (in the lab, connections waiting out TIME_WAIT). */
function listConnections(ctx: ExecContext, p: Parsed): number {
  const n = netCtx(ctx);
  const name = (addr: string): string => {
    const i = addr.lastIndexOf(':');
    return show(ctx, addr.slice(0, i), Number(addr.slice(i + 1)), p.numeric);
  };
  let out = `IPVS connection entries\npro expire ${'state'.padEnd(11)} ${'source'.padEnd(18)} ${'virtual'.padEnd(18)} destination\n`;
  for (const c of ipvsConnections(n.ns.ipvs, ctx.world.clock.now)) {
    const expire = `${String(Math.floor(c.expiresSec / 60)).padStart(2, '0')}:${String(c.expiresSec % 60).padStart(2, '0')}`;
    out += `${c.protocol.padEnd(3)} ${expire.padEnd(6)} ${c.state.padEnd(11)} ${name(c.client).padEnd(18)} ${name(c.vip).padEnd(18)} ${name(c.dest)}\n`;
  }
  ctx.stdout(out);
  return 0;
}

/** print_largenum: right in 9, scaled K/M/G/T past 100 million unless --exact. */
function largeNum(v: number, exact: boolean): string {
  if (exact) return String(v).padStart(String(v).length <= 8 ? 9 : String(v).length + 1);
  if (v < 1e8) return String(v).padStart(9);
  for (const [limit, div, unit] of [[1e9, 1e3, 'K'], [1e11, 1e6, 'M'], [1e14, 1e9, 'G']] as const) if (v < limit) return `${String(Math.floor(v / div)).padStart(8)}${unit}`;
  return `${String(Math.floor(v / 1e12)).padStart(8)}T`;
}

function list(ctx: ExecContext, p: Parsed, only: IpvsService | undefined): number {
  const n = netCtx(ctx);
  if (p.vip !== undefined && !only) {
    ctx.stderr('No such service\n');
    return 1;
  }
  const now = ctx.world.clock.now;
  const zero: IpvsStats = { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 };
  const nums = (s: IpvsStats | undefined): string => {
    const st = s ?? zero;
    return [st.conns, st.inPkts, st.outPkts, st.inBytes, st.outBytes].map((v) => largeNum(v, p.exact)).join('');
  };
  let out = only ? '' : 'IP Virtual Server version 1.2.1 (size=4096)\n';
  if (p.stats || p.rate) out += `${'Prot LocalAddress:Port'.padEnd(33)} ${p.stats ? '   Conns   InPkts  OutPkts  InBytes OutBytes' : '     CPS    InPPS   OutPPS    InBPS   OutBPS'}\n  -> RemoteAddress:Port\n`;
  else out += 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
  for (const s of only ? [only] : sortedServices(n.ns.ipvs)) {
    const name = `${s.protocol}  ${show(ctx, s.ip, s.port, p.numeric)}`.slice(0, 33);
    // --rate: the kernel's rate estimator over the last seconds; lab commands are instants, so 0.
    if (p.stats || p.rate) out += `${name.padEnd(33)}${p.stats ? nums(s.stats) : nums(undefined)}\n`;
    else out += `${name} ${s.scheduler}\n`;
    for (const d of sortedDests(s.dests)) {
      const dname = show(ctx, d.ip, d.port, p.numeric).slice(0, 28);
      if (p.stats) out += `  -> ${dname.padEnd(28)}${nums(d.stats)}\n`;
      else if (p.rate) out += `  -> ${dname.padEnd(28)} ${'0'.padStart(8)} ${'0'.padStart(8)} ${'0'.padStart(8)}${largeNum(0, p.exact)}${largeNum(0, p.exact)}\n`;
      else out += `  -> ${dname.padEnd(28)} ${d.forward.padEnd(7)} ${String(d.weight).padEnd(6)} ${String(d.activeConn).padEnd(10)} ${String(inactiveConns(d, now)).padEnd(10)}\n`;
    }
  }
  ctx.stdout(out);
  return 0;
}
