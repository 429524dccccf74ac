/**
 * A fair CPU scheduler computed analytically. Between two changes (a process starts or stops
 * spinning, a cgroup weight or quota changes) every busy thread runs at a constant rate, so CPU
 * time is accrued lazily (`settle`) and the only events are finite jobs completing. Rates follow
 * CFS group scheduling: threads are spread over the cores their cpuset allows, and on each core
 * the time is divided by weight down the cgroup tree (a task in a cgroup is weight 1024, a child
 * cgroup weighs its cpu.shares, split across cores in proportion to its threads there); CFS
 * quotas cap a cgroup's total at quota/period CPUs, and what it leaves goes to the others.
 */
import type { Host } from './host.ts';
import type { Proc } from './process.ts';
import { parseCpuList, parentPath } from './cgroup.ts';

const CPU = 'cpu,cpuacct';
const NICE_0_WEIGHT = 1024;
/** Linux's nice-to-weight table (sched_prio_to_weight), nice -20 … 19. */
const NICE_WEIGHTS = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];

interface Thread {
  pid: number;
  group: string;
  /** cgroup paths from `/` down to the thread's own. */
  chain: string[];
  allowed: number[];
  weight: number;
  core: number;
  rate: number;
  fixed: boolean;
}

function runnable(proc: Proc): boolean {
  return (proc.demand ?? 0) > 0 && (proc.state === 'R' || proc.state === 'S');
}

function chainOf(path: string): string[] {
  const chain: string[] = [];
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) chain.unshift(p);
  return chain;
}

/** The CPUs a cgroup may use (its cpuset, or its parent's when unset), within the host's CPUs. */
function allowedCpus(host: Host, path: string): number[] {
  const all = Array.from({ length: host.sys.cpus }, (_, i) => i);
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
    const node = host.cgroup(p);
    if (!node) continue;
    const list = parseCpuList(node.cpuset.cpus);
    if (list && list.length > 0) {
      const inside = list.filter((c) => c < host.sys.cpus);
      return inside.length > 0 ? inside : all;
    }
  }
  return all;
}

/** Current rate (CPUs) of every busy process and its split over cores. */
export function computeRates(host: Host): { rates: Record<number, number>; cores: Record<number, number[]> } {
  const threads: Thread[] = [];
  for (const proc of host.procList()) {
    if (!runnable(proc)) continue;
    const group = host.cgroupOf(proc, CPU);
    const allowed = allowedCpus(host, host.cgroupOf(proc, 'cpuset'));
    const weight = NICE_WEIGHTS[Math.max(0, Math.min(39, (proc.nice ?? 0) + 20))] ?? NICE_0_WEIGHT;
    for (let t = 0; t < (proc.demand as number); t++) threads.push({ pid: proc.pid, group, chain: chainOf(group), allowed, weight, core: 0, rate: 0, fixed: false });
  }
  // Spread threads over cores like the load balancer: most constrained first, onto the emptiest core.
  const load = new Array<number>(host.sys.cpus).fill(0);
  const order = [...threads].sort((a, b) => a.allowed.length - b.allowed.length || a.pid - b.pid);
  for (const t of order) {
    let best = t.allowed[0] as number;
    for (const c of t.allowed) if ((load[c] as number) < (load[best] as number)) best = c;
    t.core = best;
    load[best] = (load[best] as number) + 1;
  }
  // Runnable threads per cgroup subtree (over all cores), for splitting a group's shares by core.
  const total: Record<string, number> = {};
  for (const t of threads) for (const p of t.chain) total[p] = (total[p] ?? 0) + 1;

  const shareCore = (core: number): void => {
    const free = threads.filter((t) => t.core === core && !t.fixed);
    const capacity = 1 - threads.filter((t) => t.core === core && t.fixed).reduce((s, t) => s + t.rate, 0);
    if (free.length === 0 || capacity <= 0) {
      for (const t of free) t.rate = 0;
      return;
    }
    const onCore: Record<string, number> = {};
    for (const t of threads) if (t.core === core) for (const p of t.chain) onCore[p] = (onCore[p] ?? 0) + 1;
    const divide = (members: Thread[], depth: number, amount: number): void => {
      // Entities at this level: threads whose group is this cgroup, and child cgroups.
      const entities: { weight: number; members: Thread[]; leaf: boolean }[] = [];
      const children: Record<string, Thread[]> = {};
      for (const t of members) {
        if (t.chain.length === depth + 1) entities.push({ weight: t.weight, members: [t], leaf: true });
        else (children[t.chain[depth + 1] as string] ??= []).push(t);
      }
      for (const path of Object.keys(children).sort()) {
        const shares = host.cgroup(path)?.cpu.shares ?? NICE_0_WEIGHT;
        entities.push({ weight: (shares * (onCore[path] ?? 0)) / (total[path] ?? 1), members: children[path] as Thread[], leaf: false });
      }
      const sum = entities.reduce((s, e) => s + e.weight, 0);
      for (const e of entities) {
        const part = sum > 0 ? (amount * e.weight) / sum : 0;
        if (e.leaf) (e.members[0] as Thread).rate = part;
        else divide(e.members, depth + 1, part);
      }
    };
    divide(free, 0, capacity);
  };

  const capped: Record<string, boolean> = {};
  for (let round = 0; round < 8; round++) {
    for (let c = 0; c < host.sys.cpus; c++) shareCore(c);
    let changed = false;
    for (const path of Object.keys(total).sort()) {
      if (capped[path]) continue;
      const node = host.cgroup(path);
      if (!node || node.cpu.quotaUs <= 0) continue;
      const cap = node.cpu.quotaUs / node.cpu.periodUs;
      const members = threads.filter((t) => t.chain.includes(path));
      const used = members.reduce((s, t) => s + t.rate, 0);
      if (used <= cap + 1e-9) continue;
      for (const t of members) {
        t.rate = t.fixed ? t.rate : (t.rate * cap) / used;
        t.fixed = true;
      }
      capped[path] = true;
      changed = true;
    }
    if (!changed) break;
  }
  const rates: Record<number, number> = {};
  const cores: Record<number, number[]> = {};
  for (const t of threads) {
    if (t.rate <= 0) continue;
    rates[t.pid] = (rates[t.pid] ?? 0) + t.rate;
    const split = (cores[t.pid] ??= new Array<number>(host.sys.cpus).fill(0));
    split[t.core] = (split[t.core] as number) + t.rate;
  }
  return { rates, cores };
}

const FSHIFT = 11;
const FIXED_1 = 1 << FSHIFT;
const EXP = [1884, 2014, 2037];
const LOAD_FREQ_MS = 5000;

/** Accrues CPU time (processes, cgroups, quota statistics) and the load average up to now. */
export function settle(host: Host): void {
  const s = host.sys.sched;
  const now = host.world.clock.now;
  const dt = now - s.settledAt;
  if (dt <= 0) return;
  let active = 0;
  for (const [pidText, rate] of Object.entries(s.rates)) {
    const proc = host.proc(Number(pidText));
    if (!proc) continue;
    const used = rate * dt;
    proc.cpuMs += used;
    if (proc.work) proc.work.leftMs -= used;
    const node = host.cgroup(host.cgroupOf(proc, CPU));
    if (!node) continue;
    node.cpu.usageNs += Math.round(used * 1e6);
    const split = s.cores?.[proc.pid];
    if (split) {
      const per = (node.cpu.perCpuNs ??= new Array<number>(host.sys.cpus).fill(0));
      split.forEach((r, c) => (per[c] = (per[c] ?? 0) + Math.round(r * dt * 1e6)));
    }
  }
  for (const proc of host.procList()) if (runnable(proc)) active += proc.demand as number;
  // Quota statistics: every period with a busy capped cgroup counts; throttled when the cap binds.
  for (const [path, node] of Object.entries(host.sys.cgroups.nodes)) {
    if (node.cpu.quotaUs <= 0) continue;
    const busy = host.procList().filter((p) => runnable(p) && (host.cgroupOf(p, CPU) === path || host.cgroupOf(p, CPU).startsWith(path + '/')));
    if (busy.length === 0) continue;
    const periods = Math.floor((dt * 1000) / node.cpu.periodUs);
    node.cpu.nrPeriods += periods;
    const used = busy.reduce((sum, p) => sum + (s.rates[p.pid] ?? 0), 0);
    const want = busy.reduce((sum, p) => sum + (p.demand as number), 0);
    if (want > used + 1e-9) {
      node.cpu.nrThrottled += periods;
      node.cpu.throttledNs += Math.round(dt * 1e6 * (1 - used / Math.min(want, host.sys.cpus)));
    }
  }
  updateLoad(host, active);
  s.settledAt = now;
}

function updateLoad(host: Host, active: number): void {
  const s = host.sys.sched;
  const boot = host.sys.bootedAt;
  const ticks = Math.floor((host.world.clock.now - boot) / LOAD_FREQ_MS) - Math.floor((s.loadAt - boot) / LOAD_FREQ_MS);
  s.loadAt = host.world.clock.now;
  const a = active * FIXED_1;
  if (ticks > 3000) {
    s.load = [a, a, a];
    return;
  }
  for (let i = 0; i < ticks; i++) {
    s.load = s.load.map((load, k) => {
      const e = EXP[k] as number;
      let next = load * e + a * (FIXED_1 - e);
      if (a >= load) next += FIXED_1 - 1;
      return Math.floor(next / FIXED_1);
    }) as [number, number, number];
  }
}

/** `0.52`: a load average as /proc/loadavg and top print it. */
export function formatLoad(fixed: number): string {
  const whole = Math.floor(fixed / FIXED_1);
  const frac = Math.floor(((fixed & (FIXED_1 - 1)) * 100) / FIXED_1);
  return `${whole}.${String(frac).padStart(2, '0')}`;
}

/** Recomputes rates (call after settle and a change) and schedules the next job completion. */
export function reschedule(host: Host): void {
  const s = host.sys.sched;
  const { rates, cores } = computeRates(host);
  s.rates = rates;
  host.sys.sched.cores = cores;
  if (s.event !== undefined) {
    host.world.queue.cancel(s.event);
    delete s.event;
  }
  let next = Infinity;
  for (const proc of host.procList()) {
    const rate = rates[proc.pid];
    if (!proc.work || !rate) continue;
    next = Math.min(next, host.world.clock.now + Math.max(1, Math.ceil(proc.work.leftMs / rate - 1e-9)));
  }
  if (next < Infinity) s.event = host.world.queue.schedule(next, SCHED_EVENT, { host: host.name });
}

export const SCHED_EVENT = 'kernel/sched';

/** The completion event: finishes every job whose work is done. */
export function onSchedEvent(host: Host): void {
  delete host.sys.sched.event;
  settle(host);
  for (const proc of host.procList()) {
    if (!proc.work || proc.work.leftMs > 1e-6) continue;
    const done = proc.work.done;
    delete proc.work;
    delete proc.demand;
    if (proc.state === 'R') proc.state = 'S';
    const hook = done ? host.world.workDone[done] : undefined;
    if (hook) hook(host, proc);
    else if (!done) host.exit(proc.pid, 0);
  }
  reschedule(host);
}

/** Foreground CPU work: advances time until the process has had `cpuMs` of CPU. */
export function burn(host: Host, pid: number, cpuMs: number): number {
  const start = host.world.clock.now;
  const proc = host.proc(pid);
  if (!proc || cpuMs <= 0) return 0;
  settle(host);
  proc.work = { leftMs: cpuMs, done: FOREGROUND_DONE };
  proc.demand = Math.max(1, proc.demand ?? 0);
  if (proc.state === 'S') proc.state = 'R';
  reschedule(host);
  for (let i = 0; i < 10000; i++) {
    const p = host.proc(pid);
    if (!p?.work) break;
    settle(host);
    const rate = host.sys.sched.rates[pid] ?? 0;
    if (rate <= 0) break;
    host.world.advance(Math.max(1, Math.ceil(p.work.leftMs / rate - 1e-9)));
  }
  const p = host.proc(pid);
  if (p?.work?.done === FOREGROUND_DONE) {
    settle(host);
    delete p.work;
    delete p.demand;
    reschedule(host);
  }
  return host.world.clock.now - start;
}

/** workDone hook name for foreground jobs: the program itself carries on. */
export const FOREGROUND_DONE = 'kernel/foreground';
