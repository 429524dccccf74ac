/**
 * ps (procps-ng 3.3.10, CentOS 7): UNIX (`-ef`, `-o`), BSD (`aux`, `axf`) and GNU (`--forest`)
 * options; columns and widths as that version prints them; `f` draws the forest with `\_ `.
 * Processes are those of the caller's PID namespace, numbered as it numbers them.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { memOf } from '../../kernel/memory.ts';
import { commOf, DEFUNCT, memInfo } from '../../kernel/proc-info.ts';
import { argsOf, cpuHms, cpuMss, startTime, tenths, userNames, userOf, visible, type Row } from './common.ts';

interface Column {
  header: string;
  width: number;
  left?: boolean;
  value: (r: Row, c: Ctx) => string;
}

interface Ctx {
  now: number;
  names: Record<number, string>;
  memTotalKb: number;
  rows: Row[];
  forest: Record<number, string>;
  /** Pids with a child on the same terminal (those are not in the foreground: no `+`). */
  ttyParents: Set<number>;
}

const MULTI_THREADED = ['dockerd', 'containerd', 'containerd-shim', 'kubelet', 'kube-proxy', 'flanneld', 'coredns', 'registry'];

function pcpu(r: Row, c: Ctx): number {
  const secs = Math.floor((c.now - r.proc.startedAt) / 1000);
  if (secs <= 0) return 0;
  return Math.floor(r.proc.cpuMs / 10) / secs;
}

function isLeader(r: Row): boolean {
  const p = r.proc;
  return r.pid === 1 || p.nsPids?.[p.nsPids.length - 1] === 1 || (p.argv[0] ?? '').startsWith('-') || (p.tty === '?' && r.ppid === 1 && p.prog !== 'containerd-shim' && p.state !== 'Z') || p.data?.['sessionLeader'] === true;
}

function stat(r: Row, c: Ctx): string {
  const p = r.proc;
  let s: string = p.state;
  if ((p.nice ?? 0) < 0) s += '<';
  if ((p.nice ?? 0) > 0) s += 'N';
  if (isLeader(r)) s += 's';
  if (MULTI_THREADED.includes(p.prog) || (p.demand ?? 0) > 1) s += 'l';
  if (p.tty !== '?' && !c.ttyParents.has(r.pid)) s += '+';
  return s;
}

const COLUMNS: Record<string, Column> = {
  pid: { header: 'PID', width: 5, value: (r) => String(r.pid) },
  ppid: { header: 'PPID', width: 5, value: (r) => String(r.ppid) },
  uid: { header: 'UID', width: 5, value: (r) => String(r.proc.uid) },
  euid: { header: 'EUID', width: 5, value: (r) => String(r.proc.uid) },
  gid: { header: 'GID', width: 5, value: (r) => String(r.proc.gid) },
  user: { header: 'USER', width: 8, left: true, value: (r, c) => userOf(c.names, r.proc.uid) },
  euser: { header: 'EUSER', width: 8, left: true, value: (r, c) => userOf(c.names, r.proc.uid) },
  uname: { header: 'USER', width: 8, left: true, value: (r, c) => userOf(c.names, r.proc.uid) },
  ruser: { header: 'RUSER', width: 8, left: true, value: (r, c) => userOf(c.names, r.proc.uid) },
  group: { header: 'GROUP', width: 8, left: true, value: (r) => (r.proc.gid === 0 ? 'root' : String(r.proc.gid)) },
  comm: { header: 'COMMAND', width: 15, left: true, value: (r, c) => (c.forest[r.pid] ?? '') + commOf(r.proc) + (r.proc.state === 'Z' ? DEFUNCT : '') },
  ucmd: { header: 'CMD', width: 15, left: true, value: (r, c) => (c.forest[r.pid] ?? '') + commOf(r.proc) + (r.proc.state === 'Z' ? DEFUNCT : '') },
  cmd: { header: 'CMD', width: 27, left: true, value: (r, c) => (c.forest[r.pid] ?? '') + argsOf(r.proc) },
  args: { header: 'COMMAND', width: 27, left: true, value: (r, c) => (c.forest[r.pid] ?? '') + argsOf(r.proc) },
  command: { header: 'COMMAND', width: 27, left: true, value: (r, c) => (c.forest[r.pid] ?? '') + argsOf(r.proc) },
  '%cpu': { header: '%CPU', width: 4, value: (r, c) => tenths(pcpu(r, c)) },
  pcpu: { header: '%CPU', width: 4, value: (r, c) => tenths(pcpu(r, c)) },
  c: { header: 'C', width: 2, value: (r, c) => String(Math.min(99, Math.floor(pcpu(r, c)))) },
  '%mem': { header: '%MEM', width: 4, value: (r, c) => tenths(((memOf(r.proc).rss / 1024) * 100) / c.memTotalKb) },
  pmem: { header: '%MEM', width: 4, value: (r, c) => tenths(((memOf(r.proc).rss / 1024) * 100) / c.memTotalKb) },
  vsz: { header: 'VSZ', width: 6, value: (r) => String(Math.floor(memOf(r.proc).vsz / 1024)) },
  vsize: { header: 'VSZ', width: 6, value: (r) => String(Math.floor(memOf(r.proc).vsz / 1024)) },
  rss: { header: 'RSS', width: 5, value: (r) => String(Math.floor(memOf(r.proc).rss / 1024)) },
  rssize: { header: 'RSS', width: 5, value: (r) => String(Math.floor(memOf(r.proc).rss / 1024)) },
  tty: { header: 'TT', width: 8, left: true, value: (r) => r.proc.tty },
  tname: { header: 'TTY', width: 8, left: true, value: (r) => r.proc.tty },
  stat: { header: 'STAT', width: 4, left: true, value: stat },
  s: { header: 'S', width: 1, value: (r) => r.proc.state },
  state: { header: 'S', width: 1, value: (r) => r.proc.state },
  time: { header: 'TIME', width: 8, value: (r) => cpuHms(r.proc.cpuMs) },
  cputime: { header: 'TIME', width: 8, value: (r) => cpuHms(r.proc.cpuMs) },
  bsdtime: { header: 'TIME', width: 6, value: (r) => cpuMss(r.proc.cpuMs) },
  etime: { header: 'ELAPSED', width: 11, value: (r, c) => elapsed(c.now - r.proc.startedAt) },
  etimes: { header: 'ELAPSED', width: 7, value: (r, c) => String(Math.floor((c.now - r.proc.startedAt) / 1000)) },
  start: { header: 'STARTED', width: 8, value: (r, c) => startTime(r.proc.startedAt, c.now) },
  start_time: { header: 'START', width: 5, value: (r, c) => startTime(r.proc.startedAt, c.now) },
  stime: { header: 'STIME', width: 5, value: (r, c) => startTime(r.proc.startedAt, c.now) },
  bsdstart: { header: 'START', width: 6, value: (r, c) => startTime(r.proc.startedAt, c.now) },
  ni: { header: 'NI', width: 3, value: (r) => String(r.proc.nice ?? 0) },
  nice: { header: 'NI', width: 3, value: (r) => String(r.proc.nice ?? 0) },
  pri: { header: 'PRI', width: 3, value: (r) => String(19 - (r.proc.nice ?? 0)) },
  nlwp: { header: 'NLWP', width: 4, value: (r) => String(Math.max(1, r.proc.demand ?? 1)) },
  psr: { header: 'PSR', width: 3, value: () => '0' },
  pgid: { header: 'PGID', width: 5, value: (r) => String(r.pid) },
  sid: { header: 'SID', width: 5, value: (r) => String(r.pid) },
  cgroup: { header: 'CGROUP', width: 27, left: true, value: (r) => cgroupText(r) },
};

const ALIASES: Record<string, string> = { '%cpu': '%cpu', lwp: 'pid', tid: 'pid', spid: 'pid', fname: 'comm', sz: 'vsz', f: 'ni' };

function cgroupText(r: Row): string {
  const p = r.proc;
  const path = p.cgroups['cpu,cpuacct'] ?? '/';
  if (path === '/') return '-';
  const order = ['cpuset', 'memory', 'hugetlb', 'devices', 'freezer', 'pids', 'blkio', 'perf_event', 'net_cls,net_prio', 'cpu,cpuacct', 'systemd'];
  const names: Record<string, string> = { 'net_cls,net_prio': 'net_prio,net_cls', 'cpu,cpuacct': 'cpuacct,cpu', systemd: 'name=systemd' };
  const ids: Record<string, number> = { cpuset: 11, memory: 10, hugetlb: 9, devices: 8, freezer: 7, pids: 6, blkio: 5, perf_event: 4, 'net_cls,net_prio': 3, 'cpu,cpuacct': 2, systemd: 1 };
  return order.map((h) => `${ids[h]}:${names[h] ?? h}:${p.cgroups[h] ?? '/'}`).join(',');
}

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  if (d > 0) return `${d}-${String(h).padStart(2, '0')}:${mmss}`;
  if (h > 0) return `${String(h).padStart(2, '0')}:${mmss}`;
  return mmss;
}

const FORMATS = {
  unixDefault: ['pid', 'tname', 'time', 'ucmd'],
  unixFull: ['uname', 'pid', 'ppid', 'c', 'stime', 'tname', 'time', 'cmd'],
  bsdDefault: ['pid', 'tname', 'stat', 'bsdtime', 'args'],
  bsdUser: ['uname', 'pid', '%cpu', '%mem', 'vsz', 'rss', 'tname', 'stat', 'start_time', 'bsdtime', 'args'],
  unixLong: ['s', 'uid', 'pid', 'ppid', 'c', 'pri', 'ni', 'sz', 'tname', 'time', 'ucmd'],
};

const HEADERS: Record<string, string> = { uname: 'UID', tname: 'TTY' };

function usage(ctx: ExecContext, message: string): number {
  ctx.stderr(`error: ${message}\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
  return 1;
}

interface Selection {
  all: boolean;
  bsdA: boolean;
  bsdX: boolean;
  pids: number[] | undefined;
  cmds: string[] | undefined;
  users: string[] | undefined;
}

export const ps: Program = (ctx) => {
  const sel: Selection = { all: false, bsdA: false, bsdX: false, pids: undefined, cmds: undefined, users: undefined };
  let format: string[] | undefined;
  let custom: { key: string; header?: string }[] | undefined;
  let full = false;
  let bsdUser = false;
  let bsdFormat = false;
  let forest = false;
  let headers = true;
  const args = ctx.argv.slice(1);
  const list = (text: string | undefined): string[] => (text ?? '').split(/[,\s]+/).filter(Boolean);
  const addCustom = (text: string | undefined): string | undefined => {
    custom ??= [];
    for (const spec of (text ?? '').split(',')) {
      const eq = spec.indexOf('=');
      const key = (eq >= 0 ? spec.slice(0, eq) : spec).toLowerCase();
      if (key === '') continue;
      if (!COLUMNS[ALIASES[key] ?? key]) return key;
      custom.push({ key: ALIASES[key] ?? key, ...(eq >= 0 ? { header: spec.slice(eq + 1) } : {}) });
      if (eq >= 0) break;
    }
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s) as [string, string | undefined];
      const value = (): string | undefined => inline ?? args[++i];
      if (name === 'forest') forest = true;
      else if (name === 'no-headers' || name === 'no-heading') headers = false;
      else if (name === 'pid') sel.pids = list(value()).map(Number);
      else if (name === 'user') sel.users = list(value());
      else if (name === 'format') {
        const bad = addCustom(value());
        if (bad) return usage(ctx, `unknown user-defined format specifier "${bad}"`);
      } else if (name === 'help') {
        ctx.stdout('\nUsage:\n ps [options]\n\n Try \'ps --help <simple|list|output|threads|misc|all>\'\n  or \'ps --help <s|l|o|t|m|a>\'\n for additional help text.\n\nFor more details see ps(1).\n');
        return 0;
      } else if (name === 'version' || name === 'V') {
        ctx.stdout('procps-ng version 3.3.10\n');
        return 0;
      } else return usage(ctx, 'unknown gnu long option');
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j] as string;
        const rest = (): string | undefined => (j + 1 < arg.length ? arg.slice(j + 1) : args[++i]);
        if (c === 'e' || c === 'A') sel.all = true;
        else if (c === 'f') full = true;
        else if (c === 'F') full = true;
        else if (c === 'l') format = FORMATS.unixLong;
        else if (c === 'H') forest = true;
        else if (c === 'a' || c === 'd' || c === 'N' || c === 'w' || c === 'y' || c === 'j' || c === 'c') continue;
        else if (c === 'x' && arg === '-aux') continue;
        else if (c === 'u' && arg === '-aux') {
          bsdUser = true;
          sel.all = true;
        } else if (c === 'p' || c === 'q') {
          sel.pids = list(rest()).map(Number);
          break;
        } else if (c === 'C') {
          sel.cmds = list(rest());
          break;
        } else if (c === 'u' || c === 'U') {
          sel.users = list(rest());
          break;
        } else if (c === 'o') {
          const bad = addCustom(rest());
          if (bad) return usage(ctx, `unknown user-defined format specifier "${bad}"`);
          break;
        } else if (c === 'V') {
          ctx.stdout('procps-ng version 3.3.10\n');
          return 0;
        } else return usage(ctx, 'unsupported SysV option');
      }
    } else {
      for (let j = 0; j < arg.length; j++) {
        const c = arg[j] as string;
        const rest = (): string | undefined => (j + 1 < arg.length ? arg.slice(j + 1) : args[++i]);
        if (c === 'a') sel.bsdA = true;
        else if (c === 'x') sel.bsdX = true;
        else if (c === 'u') bsdUser = true;
        else if (c === 'f') forest = true;
        else if (c === 'w' || c === 'e' || c === 'c' || c === 'h') {
          if (c === 'h') headers = false;
          continue;
        } else if (c === 'o') {
          const bad = addCustom(rest());
          if (bad) return usage(ctx, `unknown user-defined format specifier "${bad}"`);
          break;
        } else if (c === 'p') {
          sel.pids = list(rest()).map(Number);
          break;
        } else if (c !== 'l' && c !== 'j' && c !== 's' && c !== 'v') return usage(ctx, 'unsupported option (BSD syntax)');
        bsdFormat = true;
      }
    }
  }
  const me = ctx.host.proc(ctx.pid);
  const all = visible(ctx);
  const names = userNames(ctx);
  let rows = all.filter((r) => {
    if (sel.pids || sel.cmds || sel.users) {
      return (sel.pids?.includes(r.pid) ?? false) || (sel.cmds?.includes(commOf(r.proc)) ?? false) || (sel.users?.some((u) => u === userOf(names, r.proc.uid) || u === String(r.proc.uid)) ?? false);
    }
    if (sel.all || (sel.bsdA && sel.bsdX)) return true;
    if (sel.bsdA) return r.proc.tty !== '?';
    if (sel.bsdX) return r.proc.uid === (me?.uid ?? 0);
    return r.proc.uid === (me?.uid ?? 0) && r.proc.tty === (me?.tty ?? '?');
  });
  const forestPrefix: Record<number, string> = {};
  if (forest) rows = forestOrder(rows, forestPrefix);
  let keys = custom?.map((c) => c.key) ?? format ?? (bsdUser ? FORMATS.bsdUser : full ? FORMATS.unixFull : bsdFormat ? FORMATS.bsdDefault : FORMATS.unixDefault);
  if (full && format === FORMATS.unixLong) keys = ['s', 'uname', 'pid', 'ppid', 'c', 'pri', 'ni', 'sz', 'tname', 'time', 'cmd'];
  const isBsd = bsdUser || (bsdFormat && !full);
  const byPid: Record<number, Row> = {};
  for (const r of all) byPid[r.pid] = r;
  const ttyParents = new Set<number>();
  for (const r of all) if (byPid[r.ppid]?.proc.tty === r.proc.tty) ttyParents.add(r.ppid);
  const c: Ctx = { now: ctx.world.clock.now, names, memTotalKb: memInfo(ctx.host).total, rows: all, forest: forestPrefix, ttyParents };
  const columns = keys.map((k, i) => {
    const col = COLUMNS[k] as Column;
    const named = custom?.[i]?.header;
    let header = named ?? (isBsd || custom ? col.header : (HEADERS[k] ?? col.header));
    if (!custom && !isBsd && k === 'uname' && !full) header = 'USER';
    if (k === 'tname' && (isBsd || custom)) header = 'TTY';
    return { ...col, header };
  });
  const allEmpty = custom !== undefined && columns.every((col) => col.header === '');
  const lines: string[] = [];
  const render = (cells: string[]): string =>
    cells
      .map((text, i) => {
        const col = columns[i] as Column;
        if (i === cells.length - 1 && col.left) return text;
        return col.left ? text.padEnd(col.width) : text.padStart(col.width);
      })
      .join(' ')
      .trimEnd();
  if (headers && !allEmpty) lines.push(render(columns.map((col) => col.header)));
  for (const r of rows) lines.push(render(columns.map((col) => col.value(r, c))));
  ctx.stdout(lines.map((l) => l + '\n').join(''));
  return rows.length === 0 ? 1 : 0;
};

/** Orders rows as a forest (parents before children, siblings by pid) and records each prefix. */
export function forestOrder(rows: Row[], prefix: Record<number, string>): Row[] {
  const byPid = new Set(rows.map((r) => r.pid));
  const children: Record<number, Row[]> = {};
  const roots: Row[] = [];
  for (const r of rows) {
    if (r.ppid !== 0 && byPid.has(r.ppid) && r.ppid !== r.pid) (children[r.ppid] ??= []).push(r);
    else roots.push(r);
  }
  const out: Row[] = [];
  const walk = (r: Row, depth: number): void => {
    prefix[r.pid] = depth === 0 ? '' : ' '.repeat(4 * (depth - 1)) + ' \\_ ';
    out.push(r);
    for (const child of children[r.pid] ?? []) walk(child, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}
