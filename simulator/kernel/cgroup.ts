/**
 * cgroups v1 as CentOS 7 mounts them under /sys/fs/cgroup: one hierarchy per controller group, the
 * same cgroup paths in each (Docker's cgroupfs driver makes `/docker/<id>` in all of them). The
 * parameters of a cgroup live in one plain record per path; a process records its path per
 * hierarchy in `proc.cgroups` (missing = `/`).
 */

/** A cgroup v1 hierarchy as mounted on CentOS 7: directory name, /proc/<pid>/cgroup id and name. */
export interface Hierarchy {
  dir: string;
  /** Hierarchy id and controller list as /proc/<pid>/cgroup prints them. */
  id: number;
  name: string;
  /** Mount options after `rw,nosuid,nodev,noexec,relatime` in /proc/mounts. */
  mountOpts: string;
}

export const HIERARCHIES: readonly Hierarchy[] = [
  { dir: 'systemd', id: 1, name: 'name=systemd', mountOpts: 'xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd' },
  { dir: 'cpu,cpuacct', id: 2, name: 'cpuacct,cpu', mountOpts: 'cpuacct,cpu' },
  { dir: 'net_cls,net_prio', id: 3, name: 'net_prio,net_cls', mountOpts: 'net_prio,net_cls' },
  { dir: 'perf_event', id: 4, name: 'perf_event', mountOpts: 'perf_event' },
  { dir: 'blkio', id: 5, name: 'blkio', mountOpts: 'blkio' },
  { dir: 'pids', id: 6, name: 'pids', mountOpts: 'pids' },
  { dir: 'freezer', id: 7, name: 'freezer', mountOpts: 'freezer' },
  { dir: 'devices', id: 8, name: 'devices', mountOpts: 'devices' },
  { dir: 'hugetlb', id: 9, name: 'hugetlb', mountOpts: 'hugetlb' },
  { dir: 'memory', id: 10, name: 'memory', mountOpts: 'memory' },
  { dir: 'cpuset', id: 11, name: 'cpuset', mountOpts: 'cpuset' },
];

/** Symlinks in /sys/fs/cgroup to the co-mounted hierarchies. */
export const HIERARCHY_LINKS: Readonly<Record<string, string>> = {
  cpu: 'cpu,cpuacct',
  cpuacct: 'cpu,cpuacct',
  net_cls: 'net_cls,net_prio',
  net_prio: 'net_cls,net_prio',
};

/** Hierarchy directory for a controller or link name (`cpu` -> `cpu,cpuacct`). */
export function hierarchyDir(name: string): string | undefined {
  if (HIERARCHY_LINKS[name]) return HIERARCHY_LINKS[name];
  return HIERARCHIES.some((h) => h.dir === name) ? name : undefined;
}

/** memory.limit_in_bytes when unlimited on a 64-bit 3.10 kernel (PAGE_COUNTER_MAX in bytes). */
export const MEMORY_UNLIMITED = 9223372036854771712;

export interface CgroupNode {
  /** Hierarchies this cgroup directory exists in. */
  hierarchies: string[];
  cpu: {
    shares: number;
    periodUs: number;
    /** -1 = no quota. */
    quotaUs: number;
    /** CPU time used by tasks directly in this cgroup, ns (cpuacct.usage adds the descendants). */
    usageNs: number;
    /** The same split by CPU (cpuacct.usage_percpu), when any was used. */
    perCpuNs?: number[];
    nrPeriods: number;
    nrThrottled: number;
    throttledNs: number;
  };
  cpuset: { cpus: string; mems: string };
  memory: {
    /** Bytes; MEMORY_UNLIMITED when unlimited. */
    limit: number;
    memswLimit: number;
    softLimit: number;
    maxUsage: number;
    memswMaxUsage: number;
    failcnt: number;
    memswFailcnt: number;
    oomKillDisable: boolean;
    swappiness: number;
    /** Processes the OOM killer killed in this cgroup (the engine reports OOMKilled from it). */
    oomKills: number;
  };
  blkio: {
    weight: number;
    /** Throttles by device `major:minor`: bytes or operations per second. */
    readBps: Record<string, number>;
    writeBps: Record<string, number>;
    readIops: Record<string, number>;
    writeIops: Record<string, number>;
    /** Bytes and operations done, by device. */
    bytes: Record<string, { read: number; write: number }>;
    ops: Record<string, { read: number; write: number }>;
  };
  /** pids.max; -1 = max. */
  pidsMax: number;
  freezer: 'THAWED' | 'FROZEN';
}

export interface CgroupState {
  nodes: Record<string, CgroupNode>;
}

export function newCgroup(parent: CgroupNode | undefined, hierarchies: string[]): CgroupNode {
  return {
    hierarchies,
    cpu: { shares: 1024, periodUs: 100000, quotaUs: -1, usageNs: 0, nrPeriods: 0, nrThrottled: 0, throttledNs: 0 },
    cpuset: { cpus: parent?.cpuset.cpus ?? '0', mems: parent?.cpuset.mems ?? '0' },
    memory: {
      limit: MEMORY_UNLIMITED,
      memswLimit: MEMORY_UNLIMITED,
      softLimit: MEMORY_UNLIMITED,
      maxUsage: 0,
      memswMaxUsage: 0,
      failcnt: 0,
      memswFailcnt: 0,
      oomKillDisable: false,
      swappiness: parent?.memory.swappiness ?? 30,
      oomKills: 0,
    },
    blkio: { weight: 500, readBps: {}, writeBps: {}, readIops: {}, writeIops: {}, bytes: {}, ops: {} },
    pidsMax: -1,
    freezer: 'THAWED',
  };
}

export function parentPath(path: string): string | undefined {
  if (path === '/') return undefined;
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Parses a cpuset list (`0-2,5`) into sorted cpu numbers; undefined when malformed. */
export function parseCpuList(text: string): number[] | undefined {
  const out: number[] = [];
  const trimmed = text.trim();
  if (trimmed === '') return [];
  for (const part of trimmed.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return undefined;
    for (let i = a; i <= b; i++) if (!out.includes(i)) out.push(i);
  }
  return out.sort((x, y) => x - y);
}

/** Formats cpu numbers as the kernel prints a cpulist (`0-1,3`). */
export function formatCpuList(cpus: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && (cpus[j + 1] as number) === (cpus[j] as number) + 1) j++;
    parts.push(i === j ? String(cpus[i]) : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Prints a byte count that may exceed 2^53 exactly (the unlimited sentinel). */
export function exactInt(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}
