/**
 * The block layer: direct I/O of processes sharing a disk, computed analytically like the CPU
 * scheduler (sched.ts). Between changes (a job starts or ends, a weight or throttle changes) every
 * job moves at a constant rate, so progress is accrued lazily and the only events are completions.
 *
 * The disk is shared in device time: a byte costs 1/bandwidth of it, or 1/(iops × request size)
 * when small requests make the operation rate the limit. With the CFQ elevator the busy blkio
 * cgroups get device time in proportion to their `blkio.weight` (jobs in one cgroup share their
 * group's part); with deadline or noop (CentOS 7's default for a SCSI disk is deadline) every job
 * gets an equal part and weights do nothing. Throttles (`blkio.throttle.*_device` of the job's
 * cgroup and its ancestors) cap a job; the device time a capped job leaves goes to the others.
 */
import type { Host } from './host.ts';
import type { Proc } from './process.ts';
import { parentPath } from './cgroup.ts';

export const IO_EVENT = 'kernel/io';

export interface IoSpec {
  /** Disk name (`sda`). */
  disk: string;
  dir: 'read' | 'write';
  bytes: number;
  /** Size of each request (dd's block size). */
  requestBytes: number;
}

export interface IoJob extends IoSpec {
  pid: number;
  /** The blkio cgroup the job is charged to (the process's when it started). */
  cgroup: string;
  left: number;
  /** Bytes and requests already charged to the job's cgroup. */
  charged: number;
  chargedOps: number;
  startedAt: number;
  /** Exact completion time (ms, fractional) once done. */
  finishedAt?: number;
  /** workDone hook run when the job completes (absent for a foreground job). */
  done?: string;
}

export interface IoState {
  jobs: IoJob[];
  settledAt: number;
  rates: number[];
  event?: number;
}

function state(host: Host): IoState {
  return (host.sys.io ??= { jobs: [], settledAt: host.world.clock.now, rates: [] });
}

/** The device-mapper volume the root filesystem lives on (dm-0 on sda): its throttles count too. */
const ROOT_LV = '253:0';

/** The elevator of a disk, as /sys/block/<disk>/queue/scheduler names it (`noop [deadline] cfq`). */
export function elevator(host: Host, disk: string): string {
  const fs = host.sys.filesystems['sysfs'];
  const dir = fs?.inodes[fs.root];
  let node = dir;
  for (const name of ['block', disk, 'queue', 'scheduler']) {
    const ino = node?.entries?.[name];
    node = ino === undefined ? undefined : fs?.inodes[ino];
  }
  const text = node?.data ?? '';
  return /\[(\w+)\]/.exec(text)?.[1] ?? /^\s*(\w+)/.exec(text)?.[1] ?? 'deadline';
}

function blkioPath(host: Host, proc: Proc | undefined): string {
  return proc ? host.cgroupOf(proc, 'blkio') : '/';
}

/** The tightest throttle (bytes/s) on a job from its cgroup and their ancestors, Infinity when none. */
function throttle(host: Host, job: IoJob, dev: string): number {
  const bpsKey = job.dir === 'read' ? 'readBps' : 'writeBps';
  const iopsKey = job.dir === 'read' ? 'readIops' : 'writeIops';
  let limit = Infinity;
  for (let path: string | undefined = job.cgroup; path !== undefined; path = parentPath(path)) {
    const node = host.cgroup(path);
    for (const d of [dev, ROOT_LV]) {
      const bps = node?.blkio[bpsKey][d];
      const iops = node?.blkio[iopsKey][d];
      if (bps !== undefined) limit = Math.min(limit, bps);
      if (iops !== undefined) limit = Math.min(limit, iops * job.requestBytes);
    }
  }
  return limit;
}

/** Rates (bytes/ms) of the jobs, in `jobs` order. */
export function computeRates(host: Host, jobs: IoJob[]): number[] {
  const rates = jobs.map(() => 0);
  for (const diskName of [...new Set(jobs.map((j) => j.disk))].sort()) {
    const disk = host.sys.disks[diskName];
    if (!disk) continue;
    const members = jobs.map((_, i) => i).filter((i) => (jobs[i] as IoJob).disk === diskName);
    const cfq = elevator(host, diskName) === 'cfq';
    // Device seconds per byte, the cap in bytes/s and the sharing group of each job.
    const cost = (i: number): number => {
      const j = jobs[i] as IoJob;
      return Math.max(1 / (j.dir === 'read' ? disk.readBps : disk.writeBps), 1 / (disk.iops * Math.max(1, j.requestBytes)));
    };
    const cap = (i: number): number => throttle(host, jobs[i] as IoJob, disk.dev);
    const group = (i: number): string => (cfq ? (jobs[i] as IoJob).cgroup : `job${i}`);
    const weight = (g: string): number => (cfq ? (host.cgroup(g)?.blkio.weight ?? 500) : 1);
    let open = [...members];
    let time = 1;
    // Water-filling: share the device time by weight; a job over its cap keeps only the cap.
    for (let round = 0; round < members.length + 1 && open.length > 0 && time > 1e-12; round++) {
      const groups: Record<string, number[]> = {};
      for (const i of open) (groups[group(i)] ??= []).push(i);
      const total = Object.keys(groups).reduce((s, g) => s + weight(g), 0);
      const share: Record<number, number> = {};
      for (const [g, list] of Object.entries(groups)) for (const i of list) share[i] = (time * weight(g)) / total / list.length;
      const capped = open.filter((i) => (share[i] as number) / cost(i) > cap(i));
      if (capped.length === 0) {
        for (const i of open) rates[i] = (share[i] as number) / cost(i) / 1000;
        break;
      }
      for (const i of capped) {
        rates[i] = cap(i) / 1000;
        time -= cap(i) * cost(i);
      }
      open = open.filter((i) => !capped.includes(i));
    }
  }
  return rates;
}

/** Accrues progress (and the cgroups' io_service_bytes/io_serviced) up to now. */
export function settle(host: Host): void {
  const s = state(host);
  const now = host.world.clock.now;
  const dt = now - s.settledAt;
  if (dt <= 0) return;
  s.jobs.forEach((job, i) => {
    const rate = s.rates[i] ?? 0;
    if (job.finishedAt !== undefined || rate <= 0) return;
    if (rate * dt >= job.left - 1e-6) {
      job.finishedAt = s.settledAt + job.left / rate;
      job.left = 0;
    } else job.left -= rate * dt;
    charge(host, job);
  });
  s.settledAt = now;
}

function charge(host: Host, job: IoJob): void {
  const done = job.bytes - job.left;
  const bytes = job.left === 0 ? job.bytes : Math.floor(done);
  const ops = job.left === 0 ? Math.ceil(job.bytes / job.requestBytes) : Math.floor(done / job.requestBytes);
  const node = host.cgroup(job.cgroup);
  const dev = host.sys.disks[job.disk]?.dev;
  if (node && dev) {
    const b = (node.blkio.bytes[dev] ??= { read: 0, write: 0 });
    const o = (node.blkio.ops[dev] ??= { read: 0, write: 0 });
    b[job.dir] += bytes - job.charged;
    o[job.dir] += ops - job.chargedOps;
  }
  job.charged = bytes;
  job.chargedOps = ops;
}

/** Recomputes rates after a change and schedules the next completion. */
export function reschedule(host: Host): void {
  const s = state(host);
  // Jobs of processes that are gone stop (a killed dd); finished ones leave.
  s.jobs = s.jobs.filter((j) => j.finishedAt === undefined && host.proc(j.pid) !== undefined && host.proc(j.pid)?.state !== 'Z');
  s.rates = computeRates(host, s.jobs);
  if (s.event !== undefined) {
    host.world.queue.cancel(s.event);
    delete s.event;
  }
  let next = Infinity;
  s.jobs.forEach((job, i) => {
    const rate = s.rates[i] ?? 0;
    if (rate > 0) next = Math.min(next, Math.max(host.world.clock.now + 1, Math.ceil(s.settledAt + job.left / rate - 1e-9)));
  });
  if (next < Infinity) s.event = host.world.queue.schedule(next, IO_EVENT, { host: host.name });
}

/** The completion event: runs the hooks of background jobs that are done. */
export function onIoEvent(host: Host): void {
  const s = state(host);
  delete s.event;
  settle(host);
  const finished = s.jobs.filter((j) => j.finishedAt !== undefined);
  reschedule(host);
  for (const job of finished) {
    const proc = host.proc(job.pid);
    if (!proc || !job.done) continue;
    proc.data = { ...(proc.data ?? {}), ioMs: (job.finishedAt as number) - job.startedAt };
    host.world.workDone[job.done]?.(host, proc);
  }
}

function start(host: Host, pid: number, spec: IoSpec, done?: string): IoJob {
  settle(host);
  const job: IoJob = { ...spec, pid, cgroup: blkioPath(host, host.proc(pid)), left: spec.bytes, charged: 0, chargedOps: 0, startedAt: host.world.clock.now, ...(done ? { done } : {}) };
  state(host).jobs.push(job);
  reschedule(host);
  return job;
}

/** Starts background I/O; `world.workDone[done]` runs when it completes (proc.data.ioMs: how long it took). */
export function startIo(host: Host, pid: number, spec: IoSpec, done: string): void {
  start(host, pid, spec, done);
}

/**
 * Foreground I/O: virtual time advances (running whatever else falls due, other jobs included)
 * until the transfer is done. Returns how long it took in ms, fractional (dd prints it to 1 µs).
 */
export function runIo(host: Host, pid: number, spec: IoSpec): number {
  if (spec.bytes <= 0) return 0;
  const job = start(host, pid, spec);
  for (let i = 0; i < 100000 && job.finishedAt === undefined; i++) {
    const s = state(host);
    const index = s.jobs.indexOf(job);
    const rate = s.rates[index] ?? 0;
    if (index < 0 || rate <= 0) break;
    host.world.advance(Math.max(1, Math.ceil(s.settledAt + job.left / rate - host.world.clock.now - 1e-9)));
    settle(host);
    if (job.finishedAt !== undefined) reschedule(host);
  }
  return (job.finishedAt ?? host.world.clock.now) - job.startedAt;
}
