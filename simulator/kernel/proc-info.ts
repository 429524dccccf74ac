/**
 * Process and memory facts that /proc shows and that ps, top, free and pkill print too. Kept apart
 * from /proc itself (procfs.ts), which the sandbox loads only when something reads /proc.
 */
import type { Host } from './host.ts';
import type { Proc } from './process.ts';
import { formatLoad, settle } from './sched.ts';
import { memOf } from './memory.ts';

export const kb = (bytes: number): number => Math.floor(bytes / 1024);

/** Memory figures of a host, kB, as /proc/meminfo, free and top report them (free's `used` is
 * total - free - buffers - cached - reclaimable slab, as procps 3.3.10 computes it). */
export function memInfo(host: Host): { total: number; free: number; available: number; buffers: number; cached: number; sReclaimable: number; buffCache: number; shmem: number; swapTotal: number; swapFree: number; used: number; slab: number } {
  let rss = 0;
  let swap = 0;
  for (const proc of host.procList()) {
    const m = memOf(proc);
    rss += m.rss;
    swap += m.swap;
  }
  const total = kb(host.sys.memTotal);
  const buffers = 2108;
  const cached = 571040;
  const sReclaimable = 53588;
  const slab = 107384;
  const buffCache = buffers + cached + sReclaimable;
  const used = Math.min(total - buffCache, 96_000 + kb(rss));
  const free = total - used - buffCache;
  return { total, free, available: free + Math.floor(cached * 0.7) + sReclaimable, buffers, cached, sReclaimable, buffCache, shmem: 9316, swapTotal: kb(host.sys.swapTotal), swapFree: kb(host.sys.swapTotal - swap), used, slab };
}

/** `[sleep] <defunct>`-style suffix procps adds to a zombie's command. */
export const DEFUNCT = ' <defunct>';

/** The `comm` of a process: the executable's base name, at most 15 characters. */
export function commOf(proc: Proc): string {
  // A program that rewrites its argv (nginx's `nginx: worker process`) keeps the name it was exec'd as.
  const named = proc.data?.['comm'];
  if (typeof named === 'string') return named;
  const first = proc.argv[0] ?? proc.prog;
  const base = first.startsWith('-') ? first.slice(1) : first.slice(first.lastIndexOf('/') + 1);
  return (base || proc.prog).slice(0, 15);
}

/** Load averages, running/total and the last pid, as /proc/loadavg prints them. */
export function loadavgText(host: Host): string {
  settle(host);
  const [a, b, c] = host.sys.sched.load;
  const procs = host.procList();
  const running = procs.filter((p) => p.state === 'R').length;
  return `${formatLoad(a)} ${formatLoad(b)} ${formatLoad(c)} ${Math.max(1, running)}/${procs.length} ${host.state.procs.nextPid - 1}\n`;
}

/** Seconds since boot and idle CPU-seconds, as /proc/uptime prints them. */
export function uptimeSeconds(host: Host): { up: number; idle: number } {
  settle(host);
  const up = (host.world.clock.now - host.sys.bootedAt) / 1000;
  const busy = host.procList().reduce((s, p) => s + p.cpuMs, 0) / 1000;
  return { up, idle: Math.max(0, up * host.sys.cpus - busy) };
}
