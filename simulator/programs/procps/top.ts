/**
 * top (procps-ng 3.3.10) in batch mode: `top -b -n 1` prints the summary (uptime, load average,
 * task states, CPU split, KiB Mem/Swap) and the process table sorted by %CPU. %CPU is the rate the
 * scheduler gives each process right now, so cgroup weights and quotas show as they do on a host.
 */
import type { Program } from '../../kernel/types.ts';
import { memOf } from '../../kernel/memory.ts';
import { commOf, memInfo } from '../../kernel/proc-info.ts';
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
