/**
 * top (procps-ng 3.3.10) in batch mode: `top -b -n 1` prints the summary (uptime, load average,
 * task states, CPU split, KiB Mem/Swap) and the process table sorted by %CPU. %CPU is the rate the
 * scheduler gives each process right now, so cgroup weights and quotas show as they do on a host.
 */
import { STILL_RUNNING, type Program } from '../../kernel/types.ts';
import type { Proc } from '../../kernel/process.ts';
import { memOf } from '../../kernel/memory.ts';
import { commOf, loadavgText, memInfo } from '../../kernel/proc-info.ts';
import { formatLoad } from '../../kernel/sched.ts';
import { dateParts } from '../../core/format.ts';
import { argsOf, cpuTimePlus, userNames, userOf, visible } from './common.ts';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `up 5 min`, `up  1:33`, `up 2 days,  3:04` as top and uptime print it. */
export function uptimeText(ms: number): string {
  const mins = Math.floor(ms / 60000);
  const days = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  let out = 'up ';
  if (days > 0) out += `${days} day${days > 1 ? 's' : ''}, `;
  out += h > 0 ? `${String(h).padStart(2)}:${pad2(m)}` : `${m} min`;
  return out;
}

function fixed1(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1);
}

function usage(): string {
  return '  top -hv | -bcHiOSs -d secs -n max -u|U user -p pid(s) -o field -w [cols]\n';
}

export const top: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let batch = false;
  let iterations = 0;
  let full = false;
  let pids: number[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-')) {
      ctx.stderr(`top: unknown option '${a[0]}'\nUsage:\n${usage()}`);
      return 1;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      const value = (): string | undefined => (j + 1 < a.length ? a.slice(j + 1) : args[++i]);
      if (c === 'b') batch = true;
      else if (c === 'c') full = true;
      else if (c === 'i' || c === 'H' || c === 'S' || c === 's') continue;
      else if (c === 'n' || c === 'd' || c === 'p' || c === 'u' || c === 'U' || c === 'o' || c === 'w') {
        const v = value();
        if (v === undefined) {
          ctx.stderr(`top: -${c} requires argument\nUsage:\n${usage()}`);
          return 1;
        }
        if (c === 'n') {
          if (!/^\d+$/.test(v)) {
            ctx.stderr(`top: bad iterations argument '${v}'\n`);
            return 1;
          }
          iterations = Number(v);
        }
        if (c === 'p') pids = v.split(',').map(Number);
        break;
      } else if (c === 'v' || c === 'h') {
        ctx.stdout(`  procps-ng version 3.3.10\nUsage:\n${usage()}`);
        return 0;
      } else {
        ctx.stderr(`top: unknown option '${c}'\nUsage:\n${usage()}`);
        return 1;
      }
    }
  }
  if (!batch) {
    ctx.stderr("podbook: interactive 'top' is not simulated; use 'top -b -n 1'\n");
    return 1;
  }
  const host = ctx.host;
  const frames = Math.max(1, iterations || 1);
  let out = '';
  for (let frame = 0; frame < frames; frame++) {
    if (frame > 0) ctx.world.advance(3000);
    const rows = visible(ctx);
    const names = userNames(ctx);
    const now = ctx.world.clock.now;
    const p = dateParts(now);
    const [l1, l5, l15] = host.sys.sched.load;
    const users = host.procList().filter((proc) => (proc.argv[0] ?? '').startsWith('-') && proc.tty !== '?').length;
    out += `top - ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)} ${uptimeText(now - host.sys.bootedAt)}, ${String(users).padStart(2)} user${users === 1 ? '' : 's'},  load average: ${formatLoad(l1)}, ${formatLoad(l5)}, ${formatLoad(l15)}\n`;
    const count = (s: string): number => rows.filter((r) => r.proc.state === s).length;
    const running = count('R');
    const stopped = count('T');
    const zombie = count('Z');
    out += `Tasks: ${String(rows.length).padStart(3)} total, ${String(running).padStart(3)} running, ${String(rows.length - running - stopped - zombie).padStart(3)} sleeping, ${String(stopped).padStart(3)} stopped, ${String(zombie).padStart(3)} zombie\n`;
    const rates = host.sys.sched.rates;
    const busy = Object.values(rates).reduce((s, r) => s + r, 0);
    const us = (busy / host.sys.cpus) * 100;
    out += `%Cpu(s):${fixed1(us).padStart(5)} us,  0.0 sy,  0.0 ni,${fixed1(100 - us).padStart(5)} id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st\n`;
    const m = memInfo(host);
    out += `KiB Mem : ${String(m.total).padStart(8)} total, ${String(m.free).padStart(8)} free, ${String(m.used).padStart(8)} used, ${String(m.buffCache).padStart(8)} buff/cache\n`;
    out += `KiB Swap: ${String(m.swapTotal).padStart(8)} total, ${String(m.swapFree).padStart(8)} free, ${String(m.swapTotal - m.swapFree).padStart(8)} used. ${String(m.available).padStart(8)} avail Mem \n\n`;
    out += '  PID USER      PR  NI    VIRT    RES    SHR S  %CPU %MEM     TIME+ COMMAND\n';
    const table = rows
      .filter((r) => !pids || pids.includes(r.pid))
      .map((r) => ({ r, cpu: (rates[r.proc.pid] ?? 0) * 100 }))
      .sort((a, b) => b.cpu - a.cpu || a.r.pid - b.r.pid);
    const lines: string[] = [];
    for (const { r, cpu } of table) {
      const mem = memOf(r.proc);
      const res = Math.floor(mem.rss / 1024);
      const shr = Math.floor(res * 0.6);
      const nice = r.proc.nice ?? 0;
      lines.push(
        `${String(r.pid).padStart(5)} ${userOf(names, r.proc.uid).slice(0, 8).padEnd(8)} ${String(20 + nice).padStart(3)} ${String(nice).padStart(3)} ` +
        `${String(Math.floor(mem.vsz / 1024)).padStart(7)} ${String(res).padStart(6)} ${String(shr).padStart(6)} ${r.proc.state} ` +
        `${fixed1(cpu).padStart(5)} ${fixed1((res * 100) / m.total).padStart(4)} ${cpuTimePlus(r.proc.cpuMs).padStart(9)} ${full ? argsOf(r.proc) : commOf(r.proc)}\n`,
      );
    }
    out += lines.join('') + '\n';
  }
  ctx.stdout(out);
  return 0;
};

/**
 * busybox top (1.37 as the busybox image builds it, defconfig: global and per-process CPU
 * percentages with one decimal, the CPU column, `-m` not modelled): a `Mem:` line from
 * /proc/meminfo, a `CPU:` line, `Load average:` with /proc/loadavg as it reads, then
 * `  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND` sorted by %CPU, VSZ, then CPU time.
 * Alpine's build leaves the decimals out (`   0%`). The first scan only seeds the CPU counters:
 * the first screen comes 0.1 s later. Without -b it draws the screen for the terminal (home,
 * clear, header in reverse video, as many processes as fit) and quits there, as a reader who
 * presses q after the first screen; as a detached container's command it keeps running.
 */
export const busyboxTop: Program = (ctx) => {
  let batch = false;
  let iterations = 0;
  let delayMs = 5000;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    // Every argument is an option, with or without its dash (`top bn1`).
    const a = (args[i] as string).replace(/^-/, '');
    for (let j = 0; j < a.length; j++) {
      const c = a[j] as string;
      if (c === 'b') batch = true;
      else if (c === 'H' || c === 'm') continue;
      else if (c === 'n' || c === 'd') {
        const v = (j + 1 < a.length ? a.slice(j + 1) : args[++i])?.replace(/^-/, '');
        if (v === undefined) {
          ctx.stderr(`top: option requires an argument -- '${c}'\n${BUSYBOX_TOP_USAGE}`);
          return 1;
        }
        if (c === 'n') {
          if (!/^\d+$/.test(v)) {
            ctx.stderr(`top: invalid number '${v}'\n`);
            return 1;
          }
          iterations = Number(v);
        } else {
          const secs = Number(v);
          if (!/^\d*\.?\d+$/.test(v) || !Number.isFinite(secs)) {
            ctx.stderr(`top: invalid number '${v}'\n`);
            return 1;
          }
          delayMs = Math.round(secs * 1000);
        }
        break;
      } else {
        ctx.stderr(`top: invalid option -- '${c}'\n${BUSYBOX_TOP_USAGE}`);
        return 1;
      }
    }
  }
  if (ctx.detached && iterations === 0) {
    // `docker run -d busybox top`: it redraws every few seconds for as long as the container runs.
    const proc = ctx.host.proc(ctx.pid);
    if (proc) proc.state = 'S';
    return STILL_RUNNING;
  }
  const decimals = !ctx.host.fsFor(ctx.pid).tryStat('/etc/alpine-release');
  const width = batch ? LINE_BUF_WIDTH : Math.max(10, Number(ctx.env['COLUMNS']) || 80);
  const lines = batch ? Infinity : Math.max(5, Number(ctx.env['LINES']) || 24);
  const frames = batch ? Math.max(1, iterations || 1) : 1;
  ctx.world.advance(100);
  let out = '';
  for (let frame = 0; frame < frames; frame++) {
    if (frame > 0) ctx.world.advance(delayMs);
    out += busyboxTopScreen(ctx, { batch, decimals, width, lines });
  }
  ctx.stdout(`${out}\n`);
  return 0;
};

const BUSYBOX_TOP_USAGE = 'Usage: top [-bmH] [-n COUNT] [-d SECONDS]\n';
/** busybox's line buffer less its newline and NUL: what a batch-mode line can hold. */
const LINE_BUF_WIDTH = 446;

/** busybox's percentage of `value` over `total`: ` 12.3% `, `  100% ` (decimals) or `  12% `. */
function bbPercent(value: number, total: number, decimals: boolean): string {
  if (!decimals) return `${String(Math.floor((100 * value) / total)).padStart(4)}% `;
  if (value >= total) return '  100% ';
  const v = Math.floor((1000 * value) / total);
  const t = Math.floor(v / 100);
  return ` ${t ? String(t) : ' '}${Math.floor((v % 100) / 10)}.${v % 10}% `;
}

/** smart_ulltoa5: five characters, scaled by 1024 past 99999 (`120m` style, `9.5g`). */
function bbSize5(kb: number): string {
  if (kb <= 99999) return String(kb).padStart(5);
  let v = kb * 10;
  let idx = 0;
  do {
    v = Math.floor(v / 1024);
    idx++;
  } while (v >= 100000);
  const unit = ' mgtpezy'[idx] as string;
  const u = Math.floor(v / 10);
  if (u >= 100) return `${String(Math.floor(u / 10)).padStart(3)}${u % 10}${unit}`;
  return `${String(u).padStart(2)}.${v % 10}${unit}`;
}

/** A row's fixed columns as busybox prints them: tenths (`  0.1`) or whole percents (`   0%`). */
function bbStat(tenthsValue: number, decimals: boolean): string {
  return decimals ? `${String(Math.floor(tenthsValue / 10)).padStart(3)}.${tenthsValue % 10}` : `${String(tenthsValue).padStart(4)}%`;
}

/** The command column: the command line, `{comm} args` when argv[0] is not the name, `[comm]` without one. */
function bbCommand(proc: Proc): string {
  const comm = commOf(proc);
  if (proc.argv.length === 0 || proc.state === 'Z') return `[${comm}]`;
  const first = (proc.argv[0] as string).split(' ')[0] as string;
  let base = first.slice(first.lastIndexOf('/') + 1);
  if (base.startsWith('-')) base = base.slice(1);
  const line = proc.argv.join(' ');
  return base.startsWith(comm) ? line : `{${comm}} ${line}`;
}

function busyboxTopScreen(ctx: Parameters<Program>[0], o: { batch: boolean; decimals: boolean; width: number; lines: number }): string {
  const host = ctx.host;
  const m = memInfo(host);
  const cut = (text: string, max: number): string => text.slice(0, Math.max(0, max));
  // The header lines go through a 100-byte buffer, the screen width less one.
  const headWidth = Math.min(o.width, 100) - 1;
  let out = o.batch ? '' : '\x1b[H\x1b[J';
  out += `${cut(`Mem: ${m.total - m.free}K used, ${m.free}K free, ${m.shmem}K shrd, ${m.buffers}K buff, ${m.cached}K cached`, headWidth)}\n`;
  const rates = host.sys.sched.rates;
  const busy = Math.min(host.sys.cpus, Object.values(rates).reduce((s, r) => s + r, 0));
  const total = host.sys.cpus;
  const pct = (v: number): string => bbPercent(v, total, o.decimals);
  out += `${cut(`CPU:${pct(busy)}usr${pct(0)}sys${pct(0)}nic${pct(total - busy)}idle${pct(0)}io${pct(0)}irq${pct(0)}sirq`, headWidth)}\n`;
  out += `${cut(`Load average: ${loadavgText(host).replace(/\n$/, '')}`, headWidth)}\n`;
  let rowsLeft = o.lines - 3;
  const header = '  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND'.slice(0, o.width);
  out += o.batch ? header : `\x1b[7m${header}\x1b[m`;
  rowsLeft--;
  const names = userNames(ctx);
  const scale = o.decimals ? 1000 : 100;
  const table = visible(ctx)
    .map((r) => ({ r, vsz: Math.floor(memOf(r.proc).vsz / 1024), rate: rates[r.proc.pid] ?? 0 }))
    .sort((a, b) => b.rate - a.rate || b.vsz - a.vsz || b.r.proc.cpuMs - a.r.proc.cpuMs || a.r.pid - b.r.pid);
  for (const { r, vsz, rate } of table) {
    if (rowsLeft-- <= 0) break;
    const nice = r.proc.nice ?? 0;
    // top reads its own /proc/self/stat while it runs.
    const st = r.proc.pid === ctx.pid ? 'R' : r.proc.state;
    const state = `${st}${vsz === 0 && st !== 'Z' ? 'W' : ''}${nice < 0 ? '<' : nice > 0 ? 'N' : ''}`.padEnd(3);
    const pmem = Math.floor((vsz * scale) / m.total + (o.decimals ? 0.05 : 0.5));
    const pcpu = busy > 0 ? Math.floor(((rate * scale) / total) + (o.decimals ? 0.05 : 0.5)) : 0;
    const ids = `${String(r.pid).padStart(5)} ${String(r.ppid).padStart(5)} ${userOf(names, r.proc.uid).slice(0, 8).padEnd(8)}`;
    const row = `${ids} ${state}  ${bbSize5(vsz)}${bbStat(pmem, o.decimals)}   0${bbStat(pcpu, o.decimals)} ${bbCommand(r.proc)}`;
    out += `\n${cut(row, o.width)}`;
  }
  return out + (o.batch ? '\n' : '\r');
}
