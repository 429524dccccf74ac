/**
 * Memory accounting per cgroup: a process's resident memory counts against its memory cgroup and
 * every ancestor. Past `memory.limit_in_bytes` the excess is swapped out while
 * `memory.memsw.limit_in_bytes` (memory + swap) allows; past that the OOM killer kills the process
 * (SIGKILL, exit 137) and the cgroup counts it, which is what Docker reports as `OOMKilled`.
 */
import type { Host } from './host.ts';
import type { Proc } from './process.ts';
import { MEMORY_UNLIMITED, parentPath } from './cgroup.ts';

/** Typical resident/virtual sizes (bytes) of programs that do not set their own. */
const TYPICAL: Record<string, [number, number]> = {
  systemd: [6_684_672, 198_225_920],
  bash: [2_007_040, 118_321_152],
  sleep: [356_352, 110_448_640],
  sh: [1_572_864, 4_669_440],
  httpd: [3_358_720, 226_934_784],
  nginx: [2_830_336, 121_528_320],
  dockerd: [78_643_200, 1_110_892_544],
  containerd: [38_797_312, 1_091_080_192],
  'containerd-shim': [5_242_880, 720_015_360],
  stress: [98_304, 7_524_352],
  perl: [5_455_872, 152_977_408],
  ps: [1_900_544, 159_088_640],
  top: [2_109_440, 164_356_096],
  cat: [360_448, 110_374_912],
};

/** Resident and virtual size of a process, bytes. */
export function memOf(proc: Proc): { rss: number; vsz: number; swap: number } {
  // A zombie has given its memory back; only its table entry is left.
  if (proc.state === 'Z') return { rss: 0, vsz: 0, swap: 0 };
  if (proc.mem) return { rss: proc.mem.rss, vsz: proc.mem.vsz, swap: proc.mem.swap ?? 0 };
  const [rss, vsz] = TYPICAL[proc.prog] ?? [1_048_576, 110_000_000];
  return { rss, vsz, swap: 0 };
}

function inside(path: string, ancestor: string): boolean {
  return ancestor === '/' || path === ancestor || path.startsWith(ancestor + '/');
}

export function usage(host: Host, path: string): { usage: number; swap: number } {
  let total = 0;
  let swap = 0;
  for (const proc of host.procList()) {
    if (!inside(host.cgroupOf(proc, 'memory'), path)) continue;
    const m = memOf(proc);
    total += m.rss;
    swap += m.swap;
  }
  return { usage: total, swap };
}

function hostSwapFree(host: Host): number {
  let used = 0;
  for (const proc of host.procList()) used += memOf(proc).swap;
  return host.sys.swapTotal - used;
}

export function charge(host: Host, pid: number, rssBytes: number): 'ok' | 'oom' {
  const proc = host.proc(pid);
  if (!proc) return 'ok';
  const before = memOf(proc);
  proc.mem = { rss: Math.max(0, rssBytes), vsz: Math.max(before.vsz, rssBytes + 7_000_000), swap: 0 };
  for (let path: string | undefined = host.cgroupOf(proc, 'memory'); path !== undefined; path = parentPath(path)) {
    const node = host.cgroup(path);
    if (!node) continue;
    const mem = node.memory;
    const now = usage(host, path);
    if (mem.limit < MEMORY_UNLIMITED && now.usage > mem.limit) {
      const excess = now.usage - mem.limit;
      const swapRoom = Math.min(hostSwapFree(host), mem.memswLimit >= MEMORY_UNLIMITED ? Infinity : mem.memswLimit - mem.limit - now.swap);
      mem.failcnt++;
      if (excess <= swapRoom) {
        proc.mem.rss -= excess;
        proc.mem.swap = (proc.mem.swap ?? 0) + excess;
      } else {
        mem.memswFailcnt++;
        mem.maxUsage = mem.limit;
        mem.memswMaxUsage = Math.max(mem.memswMaxUsage, mem.memswLimit < MEMORY_UNLIMITED ? mem.memswLimit : now.usage + now.swap);
        if (mem.oomKillDisable) {
          proc.state = 'D';
          host.reschedule();
          return 'oom';
        }
        mem.oomKills++;
        host.exit(pid, 137, { signal: 9, oomKilled: true });
        return 'oom';
      }
    }
    const after = usage(host, path);
    mem.maxUsage = Math.max(mem.maxUsage, after.usage);
    mem.memswMaxUsage = Math.max(mem.memswMaxUsage, after.usage + after.swap);
  }
  return 'ok';
}
