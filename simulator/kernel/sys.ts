/**
 * The kernel's own state on a host, beside its disk and process table: hardware size, namespaces,
 * mount tables, in-memory filesystems, overlays, cgroups and the scheduler's bookkeeping. Plain
 * data; `bootSys` fills it for a fresh host (and for a saved host from before it existed).
 */
import type { IoState } from './blkio.ts';
import { HIERARCHIES, HIERARCHY_LINKS, newCgroup, type CgroupState } from './cgroup.ts';
import { FIRST_DYNAMIC_NS, INITIAL_NS, NS_TYPES, type NsInfo } from './namespaces.ts';
import type { MountEntry, MountSource } from './mounts.ts';
import { emptyFs, type FsState } from './vfs.ts';
import { TreeFs } from './filesystems/tree.ts';

export interface OverlayState {
  /** Image layer digests, top first (the world's layer store holds them). */
  lowers: string[];
  /** The container's writable layer. */
  upper: FsState;
}

export interface DiskInfo {
  /** `major:minor`, the key blkio throttles use. */
  dev: string;
  name: string;
  /** Sustained direct-I/O throughput and operations per second of the device. */
  readBps: number;
  writeBps: number;
  iops: number;
}

export interface SysState {
  cpus: number;
  /** Physical memory and swap, bytes. */
  memTotal: number;
  swapTotal: number;
  bootedAt: number;
  nextNsId: number;
  namespaces: Record<number, NsInfo>;
  /** Mount tables by mount namespace id. */
  mountNs: Record<number, MountEntry[]>;
  nextMountId: number;
  /** In-memory and extra filesystems by id (`dev`, `shm`, `sysfs`, `boot`, a container's tmpfs…). */
  filesystems: Record<string, FsState>;
  overlays: Record<string, OverlayState>;
  cgroups: CgroupState;
  sched: {
    /** Time up to which CPU usage has been accrued at `rates`. */
    settledAt: number;
    /** Current CPU rate of each busy process, in CPUs (1 = one full core). */
    rates: Record<number, number>;
    /** The same rates split by core (pid -> CPUs used on each core). */
    cores?: Record<number, number[]>;
    /** Pending completion event (queue seq), if any. */
    event?: number;
    /** Load averages (1, 5, 15 min) in the kernel's 11-bit fixed point, and when last updated. */
    load: [number, number, number];
    loadAt: number;
  };
  /** Block devices blkio can throttle, by name (`sda`). */
  disks: Record<string, DiskInfo>;
  /** Direct I/O in flight (blkio.ts), made on first use. */
  io?: IoState;
}

const ROOT_OPTS = 'rw,seclabel,relatime,attr2,inode64,noquota';

function tree(now: number, build: (fs: TreeFs) => void): FsState {
  const state = emptyFs(now);
  state.inodes[state.root]!.mode = 0o755;
  build(new TreeFs(state, () => now));
  return state;
}

/** The mounts a CentOS 7 host has after boot, in /proc/mounts order. */
function hostMounts(sys: SysState): MountEntry[] {
  const out: MountEntry[] = [];
  const add = (target: string, source: MountSource, fstype: string, device: string, options: string, readOnly = false): void => {
    out.push({ id: sys.nextMountId++, parent: out[0]?.id ?? 0, target, root: '/', source, fstype, device, options, readOnly });
  };
  add('/', { kind: 'fs', id: 'root' }, 'xfs', '/dev/mapper/centos-root', ROOT_OPTS);
  add('/sys', { kind: 'fs', id: 'sysfs' }, 'sysfs', 'sysfs', 'rw,seclabel,nosuid,nodev,noexec,relatime');
  add('/proc', { kind: 'proc', pidNs: INITIAL_NS.pid }, 'proc', 'proc', 'rw,nosuid,nodev,noexec,relatime');
  add('/dev', { kind: 'fs', id: 'dev' }, 'devtmpfs', 'devtmpfs', 'rw,seclabel,nosuid,size=1918628k,nr_inodes=479657,mode=755');
  add('/dev/shm', { kind: 'fs', id: 'shm' }, 'tmpfs', 'tmpfs', 'rw,seclabel,nosuid,nodev');
  add('/dev/pts', { kind: 'fs', id: 'pts' }, 'devpts', 'devpts', 'rw,seclabel,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000');
  add('/sys/fs/cgroup', { kind: 'fs', id: 'cgroup' }, 'tmpfs', 'tmpfs', 'ro,seclabel,nosuid,nodev,noexec,mode=755', true);
  for (const h of HIERARCHIES) add(`/sys/fs/cgroup/${h.dir}`, { kind: 'cgroup', hierarchy: h.dir }, 'cgroup', 'cgroup', `rw,seclabel,nosuid,nodev,noexec,relatime,${h.mountOpts}`);
  add('/dev/mqueue', { kind: 'fs', id: 'mqueue' }, 'mqueue', 'mqueue', 'rw,seclabel,relatime');
  add('/boot', { kind: 'fs', id: 'boot' }, 'xfs', '/dev/sda1', ROOT_OPTS);
  return out;
}

/** Device nodes of /dev: name -> [type, major, minor, mode]. */
const DEVICES: [string, 'chardev' | 'blockdev', number, number, number][] = [
  ['null', 'chardev', 1, 3, 0o666],
  ['zero', 'chardev', 1, 5, 0o666],
  ['full', 'chardev', 1, 7, 0o666],
  ['random', 'chardev', 1, 8, 0o666],
  ['urandom', 'chardev', 1, 9, 0o666],
  ['tty', 'chardev', 5, 0, 0o666],
  ['console', 'chardev', 5, 1, 0o600],
  ['ptmx', 'chardev', 5, 2, 0o666],
  ['sda', 'blockdev', 8, 0, 0o660],
  ['sda1', 'blockdev', 8, 1, 0o660],
  ['sda2', 'blockdev', 8, 2, 0o660],
  ['dm-0', 'blockdev', 253, 0, 0o660],
  ['dm-1', 'blockdev', 253, 1, 0o660],
];

/** A /dev tree: the usual device nodes, fd links and empty pts/shm/mqueue mount points. */
export function devTree(now: number): FsState {
  return tree(now, (fs) => {
    for (const [name, type, major, minor, mode] of DEVICES) fs.mknod([name], { type, mode, uid: 0, gid: type === 'blockdev' ? 6 : 0, rdev: [major, minor] });
    for (const dir of ['pts', 'shm', 'mqueue', 'mapper']) fs.mkdir([dir], 0o755, 0, 0);
    fs.setattr(['shm'], { mode: 0o1777 });
    fs.symlink('/proc/self/fd', ['fd'], 0, 0);
    fs.symlink('/proc/self/fd/0', ['stdin'], 0, 0);
    fs.symlink('/proc/self/fd/1', ['stdout'], 0, 0);
    fs.symlink('/proc/self/fd/2', ['stderr'], 0, 0);
    fs.symlink('../dm-0', ['mapper', 'centos-root'], 0, 0);
    fs.symlink('../dm-1', ['mapper', 'centos-swap'], 0, 0);
  });
}

/** The /sys/fs/cgroup tmpfs: one directory per hierarchy (mount points) and the alias symlinks. */
export function cgroupRootTree(now: number): FsState {
  return tree(now, (fs) => {
    for (const h of HIERARCHIES) fs.mkdir([h.dir], 0o555, 0, 0);
    for (const [link, target] of Object.entries(HIERARCHY_LINKS)) fs.symlink(target, [link], 0, 0);
  });
}

export function bootSys(now: number, options: { cpus?: number; memTotal?: number; swapTotal?: number } = {}): SysState {
  const sys: SysState = {
    cpus: options.cpus ?? 2,
    memTotal: options.memTotal ?? 3880452 * 1024,
    swapTotal: options.swapTotal ?? 2097148 * 1024,
    bootedAt: now,
    nextNsId: FIRST_DYNAMIC_NS,
    namespaces: {},
    mountNs: {},
    nextMountId: 18,
    filesystems: {
      sysfs: tree(now, (fs) => {
        for (const dir of [['fs'], ['fs', 'cgroup'], ['kernel'], ['class'], ['class', 'net'], ['block'], ['block', 'sda'], ['block', 'sda', 'queue'], ['devices'], ['module']]) fs.mkdir(dir, 0o755, 0, 0);
        // The elevator: deadline is CentOS 7's default for a SCSI disk; `echo cfq >` it makes blkio.weight count.
        fs.write(['block', 'sda', 'queue', 'scheduler'], 'noop [deadline] cfq\n', { mode: 0o644 }, false);
      }),
      dev: devTree(now),
      shm: tree(now, (fs) => fs.setattr([], { mode: 0o1777 })),
      pts: tree(now, () => undefined),
      mqueue: tree(now, (fs) => fs.setattr([], { mode: 0o1777 })),
      cgroup: cgroupRootTree(now),
      boot: tree(now, (fs) => {
        fs.write(['vmlinuz-3.10.0-1160.el7.x86_64'], '', { mode: 0o755, size: 6769256 }, false);
        fs.write(['initramfs-3.10.0-1160.el7.x86_64.img'], '', { mode: 0o600, size: 21229672 }, false);
        fs.mkdir(['grub2'], 0o755, 0, 0);
      }),
    },
    overlays: {},
    cgroups: { nodes: {} },
    sched: { settledAt: now, rates: {}, load: [0, 0, 0], loadAt: now },
    disks: { sda: { dev: '8:0', name: 'sda', readBps: 180 * 1024 * 1024, writeBps: 160 * 1024 * 1024, iops: 4000 } },
  };
  for (const type of NS_TYPES) {
    const id = INITIAL_NS[type];
    sys.namespaces[id] = { id, type, creator: 1, ...(type === 'pid' ? { level: 0 } : {}) };
  }
  sys.mountNs[INITIAL_NS.mnt] = hostMounts(sys);
  const root = newCgroup(undefined, HIERARCHIES.map((h) => h.dir));
  root.cpuset.cpus = sys.cpus === 1 ? '0' : `0-${sys.cpus - 1}`;
  sys.cgroups.nodes['/'] = root;
  for (const path of ['/system.slice', '/user.slice']) sys.cgroups.nodes[path] = newCgroup(root, HIERARCHIES.map((h) => h.dir));
  return sys;
}
