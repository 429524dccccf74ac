/**
 * The cgroup v1 filesystem of one hierarchy: a directory per cgroup holding the controller files of
 * that hierarchy, read from and written to the cgroup records (writing `cpu.shares` changes the
 * weight the scheduler uses at once). `mkdir` makes a cgroup, `rmdir` removes an empty one, and
 * writing a pid to `tasks` or `cgroup.procs` moves that process.
 */
import { FsError, type Inode, type WriteOptions } from './vfs.ts';
import type { Attrs, FsBackend } from './filesystems/backend.ts';
import type { Host } from './host.ts';
import { MEMORY_UNLIMITED, exactInt, formatCpuList, parseCpuList, parentPath, type CgroupNode } from './cgroup.ts';
import { settle } from './sched.ts';
import { settle as settleIo } from './blkio.ts';

interface FileDef {
  mode: number;
  read: (ctx: Ctx) => string;
  /** Applies a written value; throws FsError('EINVAL') when the kernel would refuse it. */
  write?: (ctx: Ctx, value: string) => void;
  rootOnly?: boolean;
  nonRoot?: boolean;
}

interface Ctx {
  host: Host;
  hierarchy: string;
  path: string;
  node: CgroupNode;
}

const invalid = (): never => {
  throw new FsError('EINVAL', 'cgroup');
};

function int(value: string, min = -Infinity, max = Infinity): number {
  const text = value.trim();
  if (!/^-?\d+$/.test(text)) invalid();
  const n = Number(text);
  if (n < min || n > max) invalid();
  return n;
}

/** memory.limit_in_bytes syntax: bytes with an optional k/m/g suffix, or -1. */
function bytes(value: string): number {
  const m = /^(-1|\d+)([kKmMgG]?)$/.exec(value.trim());
  if (!m) return invalid();
  if (m[1] === '-1') return MEMORY_UNLIMITED;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] as string).toLowerCase()] as number;
  const n = Number(m[1]) * unit;
  return n >= MEMORY_UNLIMITED ? MEMORY_UNLIMITED : Math.floor(n / 4096) * 4096;
}

const devLines = (map: Record<string, number>): string =>
  Object.keys(map)
    .sort()
    .map((dev) => `${dev} ${map[dev]}\n`)
    .join('');

function setDev(map: Record<string, number>, value: string): void {
  const m = /^\s*(\d+):(\d+)\s+(\d+)\s*$/.exec(value);
  if (!m) return invalid();
  const dev = `${m[1]}:${m[2]}`;
  if (Number(m[3]) === 0) delete map[dev];
  else map[dev] = Number(m[3]);
}

function ioStat(map: Record<string, { read: number; write: number }>): string {
  let out = '';
  let total = 0;
  for (const dev of Object.keys(map).sort()) {
    const { read, write } = map[dev] as { read: number; write: number };
    out += `${dev} Read ${read}\n${dev} Write ${write}\n${dev} Sync ${read + write}\n${dev} Async 0\n${dev} Total ${read + write}\n`;
    total += read + write;
  }
  return out + `Total ${total}\n`;
}

function tasks(ctx: Ctx): string {
  return ctx.host.cgroupTasks(ctx.path, ctx.hierarchy).map((pid) => `${pid}\n`).join('');
}

function moveTask(ctx: Ctx, value: string): void {
  const pid = int(value, 1);
  if (!ctx.host.proc(pid)) throw new FsError('ESRCH', String(pid));
  ctx.host.cgroupAttach(pid, ctx.path, [ctx.hierarchy]);
}

const flag = (get: (c: CgroupNode) => boolean, set?: (c: CgroupNode, v: boolean) => void): FileDef => ({
  mode: 0o644,
  read: (ctx) => (get(ctx.node) ? '1\n' : '0\n'),
  write: (ctx, v) => set?.(ctx.node, int(v, 0, 1) === 1),
});

const constant = (text: string, mode = 0o444): FileDef => ({ mode, read: () => text });

const COMMON: Record<string, FileDef> = {
  'cgroup.clone_children': flag(() => false),
  'cgroup.event_control': { mode: 0o222, read: () => invalid(), write: () => undefined },
  'cgroup.procs': { mode: 0o644, read: tasks, write: moveTask },
  'cgroup.sane_behavior': { ...constant('0\n'), rootOnly: true },
  notify_on_release: flag(() => false),
  release_agent: { mode: 0o644, read: () => '\n', rootOnly: true },
  tasks: { mode: 0o644, read: tasks, write: moveTask },
};

function usage(ctx: Ctx): { usage: number; swap: number } {
  return ctx.host.cgroupMemory(ctx.path);
}

const BY_HIERARCHY: Record<string, Record<string, FileDef>> = {
  'cpu,cpuacct': {
    'cpu.cfs_period_us': { mode: 0o644, read: (c) => `${c.node.cpu.periodUs}\n`, write: (c, v) => void (c.node.cpu.periodUs = int(v, 1000, 1000000)) },
    'cpu.cfs_quota_us': { mode: 0o644, read: (c) => `${c.node.cpu.quotaUs}\n`, write: (c, v) => {
      const n = int(v);
      if (n !== -1 && n < 1000) invalid();
      c.node.cpu.quotaUs = n < 0 ? -1 : n;
    } },
    'cpu.rt_period_us': constant('1000000\n', 0o644),
    'cpu.rt_runtime_us': constant('0\n', 0o644),
    'cpu.shares': { mode: 0o644, read: (c) => `${c.node.cpu.shares}\n`, write: (c, v) => void (c.node.cpu.shares = Math.min(262144, Math.max(2, int(v)))) },
    'cpu.stat': { mode: 0o444, read: (c) => `nr_periods ${c.node.cpu.nrPeriods}\nnr_throttled ${c.node.cpu.nrThrottled}\nthrottled_time ${c.node.cpu.throttledNs}\n` },
    'cpuacct.stat': { mode: 0o444, read: (c) => {
      const ticks = Math.floor(c.host.cgroupCpuUsageNs(c.path) / 1e7);
      return `user ${ticks - Math.floor(ticks / 50)}\nsystem ${Math.floor(ticks / 50)}\n`;
    } },
    'cpuacct.usage': { mode: 0o644, read: (c) => `${c.host.cgroupCpuUsageNs(c.path)}\n`, write: (c, v) => {
      if (int(v) !== 0) invalid();
      for (const [p, n] of Object.entries(c.host.sys.cgroups.nodes)) {
        if (p !== c.path && c.path !== '/' && !p.startsWith(c.path + '/')) continue;
        n.cpu.usageNs = 0;
        delete n.cpu.perCpuNs;
      }
    } },
    'cpuacct.usage_percpu': { mode: 0o444, read: (c) => {
      const per = new Array<number>(c.host.sys.cpus).fill(0);
      for (const [p, n] of Object.entries(c.host.sys.cgroups.nodes)) {
        if (p !== c.path && c.path !== '/' && !p.startsWith(c.path + '/')) continue;
        (n.cpu.perCpuNs ?? []).forEach((v, i) => (per[i] = (per[i] ?? 0) + v));
      }
      return per.join(' ') + ' \n';
    } },
  },
  memory: {
    'memory.failcnt': { mode: 0o644, read: (c) => `${c.node.memory.failcnt}\n`, write: (c) => void (c.node.memory.failcnt = 0) },
    'memory.force_empty': { mode: 0o200, read: () => invalid(), write: () => undefined },
    'memory.limit_in_bytes': { mode: 0o644, read: (c) => `${exactInt(c.node.memory.limit)}\n`, write: (c, v) => {
      // The root cgroup cannot be limited.
      if (c.path === '/') invalid();
      const n = bytes(v);
      if (n > c.node.memory.memswLimit) invalid();
      c.node.memory.limit = n;
    } },
    'memory.max_usage_in_bytes': { mode: 0o644, read: (c) => `${Math.max(c.node.memory.maxUsage, usage(c).usage)}\n`, write: (c) => void (c.node.memory.maxUsage = 0) },
    'memory.memsw.failcnt': { mode: 0o644, read: (c) => `${c.node.memory.memswFailcnt}\n`, write: (c) => void (c.node.memory.memswFailcnt = 0) },
    'memory.memsw.limit_in_bytes': { mode: 0o644, read: (c) => `${exactInt(c.node.memory.memswLimit)}\n`, write: (c, v) => {
      if (c.path === '/') invalid();
      const n = bytes(v);
      if (n < c.node.memory.limit) invalid();
      c.node.memory.memswLimit = n;
    } },
    'memory.memsw.max_usage_in_bytes': { mode: 0o644, read: (c) => {
      const u = usage(c);
      return `${Math.max(c.node.memory.memswMaxUsage, u.usage + u.swap)}\n`;
    }, write: (c) => void (c.node.memory.memswMaxUsage = 0) },
    'memory.memsw.usage_in_bytes': { mode: 0o444, read: (c) => {
      const u = usage(c);
      return `${u.usage + u.swap}\n`;
    } },
    'memory.move_charge_at_immigrate': constant('0\n', 0o644),
    'memory.oom_control': { mode: 0o644, read: (c) => `oom_kill_disable ${c.node.memory.oomKillDisable ? 1 : 0}\nunder_oom 0\n`, write: (c, v) => void (c.node.memory.oomKillDisable = int(v, 0, 1) === 1) },
    'memory.soft_limit_in_bytes': { mode: 0o644, read: (c) => `${exactInt(c.node.memory.softLimit)}\n`, write: (c, v) => void (c.node.memory.softLimit = bytes(v)) },
    'memory.stat': { mode: 0o444, read: (c) => {
      const u = usage(c);
      const own = u.usage;
      const lim = (n: number): string => exactInt(n);
      return (
        `cache 0\nrss ${own}\nrss_huge 0\nmapped_file 0\nswap ${u.swap}\npgpgin ${Math.floor(own / 4096)}\npgpgout 0\npgfault ${Math.floor(own / 4096)}\npgmajfault 0\n` +
        `inactive_anon 0\nactive_anon ${own}\ninactive_file 0\nactive_file 0\nunevictable 0\nhierarchical_memory_limit ${lim(c.node.memory.limit)}\nhierarchical_memsw_limit ${lim(c.node.memory.memswLimit)}\n` +
        `total_cache 0\ntotal_rss ${own}\ntotal_rss_huge 0\ntotal_mapped_file 0\ntotal_swap ${u.swap}\ntotal_pgpgin ${Math.floor(own / 4096)}\ntotal_pgpgout 0\ntotal_pgfault ${Math.floor(own / 4096)}\ntotal_pgmajfault 0\n` +
        `total_inactive_anon 0\ntotal_active_anon ${own}\ntotal_inactive_file 0\ntotal_active_file 0\ntotal_unevictable 0\n`
      );
    } },
    'memory.swappiness': { mode: 0o644, read: (c) => `${c.node.memory.swappiness}\n`, write: (c, v) => void (c.node.memory.swappiness = int(v, 0, 100)) },
    'memory.usage_in_bytes': { mode: 0o444, read: (c) => `${usage(c).usage}\n` },
    'memory.use_hierarchy': constant('1\n', 0o644),
  },
  blkio: {
    'blkio.reset_stats': { mode: 0o200, read: () => invalid(), write: (c) => {
      c.node.blkio.bytes = {};
      c.node.blkio.ops = {};
    } },
    'blkio.throttle.io_service_bytes': { mode: 0o444, read: (c) => ioStat(c.node.blkio.bytes) },
    'blkio.throttle.io_serviced': { mode: 0o444, read: (c) => ioStat(c.node.blkio.ops) },
    'blkio.throttle.read_bps_device': { mode: 0o644, read: (c) => devLines(c.node.blkio.readBps), write: (c, v) => setDev(c.node.blkio.readBps, v) },
    'blkio.throttle.read_iops_device': { mode: 0o644, read: (c) => devLines(c.node.blkio.readIops), write: (c, v) => setDev(c.node.blkio.readIops, v) },
    'blkio.throttle.write_bps_device': { mode: 0o644, read: (c) => devLines(c.node.blkio.writeBps), write: (c, v) => setDev(c.node.blkio.writeBps, v) },
    'blkio.throttle.write_iops_device': { mode: 0o644, read: (c) => devLines(c.node.blkio.writeIops), write: (c, v) => setDev(c.node.blkio.writeIops, v) },
    'blkio.weight': { mode: 0o644, read: (c) => `${c.node.blkio.weight}\n`, write: (c, v) => void (c.node.blkio.weight = int(v, 10, 1000)) },
    'blkio.weight_device': constant('', 0o644),
  },
  cpuset: {
    'cpuset.cpu_exclusive': flag(() => false),
    'cpuset.cpus': { mode: 0o644, read: (c) => `${c.node.cpuset.cpus}\n`, write: (c, v) => {
      const list = parseCpuList(v);
      const parent = parentPath(c.path);
      const allowed = parseCpuList(parent === undefined ? `0-${c.host.sys.cpus - 1}` : (c.host.cgroup(parent)?.cpuset.cpus ?? '')) ?? [];
      if (!list || list.some((cpu) => !allowed.includes(cpu))) invalid();
      c.node.cpuset.cpus = formatCpuList(list as number[]);
    } },
    'cpuset.mem_exclusive': flag(() => false),
    'cpuset.mems': { mode: 0o644, read: (c) => `${c.node.cpuset.mems}\n`, write: (c, v) => {
      const list = parseCpuList(v);
      if (!list || list.some((n) => n !== 0)) invalid();
      c.node.cpuset.mems = formatCpuList(list as number[]);
    } },
    'cpuset.sched_load_balance': constant('1\n', 0o644),
  },
  pids: {
    'pids.current': { mode: 0o444, read: (c) => `${c.host.procList().filter((p) => { const g = c.host.cgroupOf(p, 'pids'); return c.path === '/' || g === c.path || g.startsWith(c.path + '/'); }).length}\n`, nonRoot: true },
    'pids.max': { mode: 0o644, read: (c) => (c.node.pidsMax < 0 ? 'max\n' : `${c.node.pidsMax}\n`), write: (c, v) => void (c.node.pidsMax = v.trim() === 'max' ? -1 : int(v, 0)), nonRoot: true },
  },
  freezer: {
    'freezer.parent_freezing': { ...flag(() => false), mode: 0o444, nonRoot: true },
    'freezer.self_freezing': { mode: 0o444, read: (c) => (c.node.freezer === 'FROZEN' ? '1\n' : '0\n'), nonRoot: true },
    'freezer.state': { mode: 0o644, read: (c) => `${c.node.freezer}\n`, write: (c, v) => {
      const s = v.trim();
      if (s !== 'FROZEN' && s !== 'THAWED') invalid();
      c.host.freeze(c.path, s === 'FROZEN');
    }, nonRoot: true },
  },
  devices: {
    'devices.allow': { mode: 0o200, read: () => invalid(), write: () => undefined },
    'devices.deny': { mode: 0o200, read: () => invalid(), write: () => undefined },
    'devices.list': constant('a *:* rwm\n'),
  },
  'net_cls,net_prio': {
    'net_cls.classid': constant('0\n', 0o644),
    'net_prio.ifpriomap': constant('lo 0\neth0 0\n', 0o644),
    'net_prio.prioidx': constant('1\n'),
  },
  hugetlb: {
    'hugetlb.2MB.failcnt': constant('0\n', 0o644),
    'hugetlb.2MB.limit_in_bytes': constant(`${exactInt(MEMORY_UNLIMITED)}\n`, 0o644),
    'hugetlb.2MB.max_usage_in_bytes': constant('0\n', 0o644),
    'hugetlb.2MB.usage_in_bytes': constant('0\n'),
  },
  perf_event: {},
  systemd: {},
};

export class CgroupFs implements FsBackend {
  private readonly host: Host;
  private readonly hierarchy: string;

  constructor(host: Host, hierarchy: string) {
    this.host = host;
    this.hierarchy = hierarchy;
  }

  private cgPath(parts: string[]): string {
    return '/' + parts.join('/');
  }

  private group(parts: string[]): CgroupNode | undefined {
    const node = this.host.cgroup(this.cgPath(parts));
    return node && (parts.length === 0 || node.hierarchies.includes(this.hierarchy)) ? node : undefined;
  }

  private files(path: string): Record<string, FileDef> {
    const out: Record<string, FileDef> = {};
    for (const [name, def] of Object.entries({ ...COMMON, ...(BY_HIERARCHY[this.hierarchy] ?? {}) })) {
      if (def.rootOnly && path !== '/') continue;
      if (def.nonRoot && path === '/') continue;
      out[name] = def;
    }
    return out;
  }

  lookup(path: string[]): Inode | undefined {
    const dir = this.group(path);
    const p = this.cgPath(path);
    const stamp = this.host.sys.bootedAt;
    if (dir) return { ino: inoLike(this.hierarchy + p), type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: stamp, nlink: 2 };
    const parent = this.group(path.slice(0, -1));
    if (!parent || path.length === 0) return undefined;
    const def = this.files(this.cgPath(path.slice(0, -1)))[path[path.length - 1] as string];
    if (!def) return undefined;
    return { ino: inoLike(this.hierarchy + p), type: 'file', mode: def.mode, uid: 0, gid: 0, mtime: stamp, nlink: 1, size: 0 };
  }

  list(path: string[]): string[] {
    const p = this.cgPath(path);
    if (!this.group(path)) throw new FsError('ENOENT', p);
    const prefix = p === '/' ? '/' : p + '/';
    const children = Object.entries(this.host.sys.cgroups.nodes)
      .filter(([c, node]) => c !== p && c.startsWith(prefix) && !c.slice(prefix.length).includes('/') && node.hierarchies.includes(this.hierarchy))
      .map(([c]) => c.slice(prefix.length));
    return [...Object.keys(this.files(p)), ...children];
  }

  private ctx(parts: string[]): { ctx: Ctx; def: FileDef } {
    const dirParts = parts.slice(0, -1);
    const node = this.group(dirParts);
    const def = node ? this.files(this.cgPath(dirParts))[parts[parts.length - 1] as string] : undefined;
    if (!node || !def) throw new FsError('ENOENT', this.cgPath(parts));
    return { ctx: { host: this.host, hierarchy: this.hierarchy, path: this.cgPath(dirParts), node }, def };
  }

  read(path: string[]): string {
    const { ctx, def } = this.ctx(path);
    settle(this.host);
    if (this.host.sys.io?.jobs.length) settleIo(this.host);
    return def.read(ctx);
  }

  write(path: string[], data: string, _options: WriteOptions, _append: boolean): Inode {
    const { ctx, def } = this.ctx(path);
    if (!def.write) throw new FsError('EACCES', this.cgPath(path));
    // Opening with O_TRUNC writes nothing; `echo 512 > file` writes one line; several lines are several writes.
    if (data === '') return this.lookup(path) as Inode;
    const lines = data.split('\n').filter((l) => l.trim() !== '');
    settle(this.host);
    if (this.host.sys.io?.jobs.length) settleIo(this.host);
    for (const line of lines.length > 0 ? lines : ['']) def.write(ctx, line);
    this.host.reschedule();
    this.host.rescheduleIo();
    return this.lookup(path) as Inode;
  }

  mkdir(path: string[]): Inode {
    if (this.lookup(path)) throw new FsError('EEXIST', this.cgPath(path));
    if (!this.group(path.slice(0, -1))) throw new FsError('ENOENT', this.cgPath(path));
    this.host.cgroupCreate(this.cgPath(path), undefined, [this.hierarchy]);
    return this.lookup(path) as Inode;
  }

  remove(path: string[]): void {
    const p = this.cgPath(path);
    if (!this.group(path)) throw new FsError(this.lookup(path) ? 'EPERM' : 'ENOENT', p);
    const node = this.host.cgroup(p) as CgroupNode;
    const busy = this.host.cgroupTasks(p, this.hierarchy).length > 0 || this.list(path).some((n) => this.group([...path, n]));
    if (busy) throw new FsError('EBUSY', p);
    node.hierarchies = node.hierarchies.filter((h) => h !== this.hierarchy);
    if (node.hierarchies.length === 0) this.host.cgroupRemove(p);
  }

  symlink(_target: string, path: string[]): Inode {
    throw new FsError('EPERM', this.cgPath(path));
  }

  link(_from: string[], to: string[]): Inode {
    throw new FsError('EPERM', this.cgPath(to));
  }

  rename(from: string[]): void {
    throw new FsError('EPERM', this.cgPath(from));
  }

  setattr(path: string[], _attrs: Attrs): Inode {
    const node = this.lookup(path);
    if (!node) throw new FsError('ENOENT', this.cgPath(path));
    return node;
  }
}

function inoLike(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return 1000 + (h % 1000000);
}
