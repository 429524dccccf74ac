/**
 * /proc, generated on every read from the kernel's state: one directory per process visible in
 * the mount's PID namespace (pids as that namespace numbers them), `self`, the namespace links
 * (`ns/pid -> pid:[4026531836]`), and the system files (meminfo, cpuinfo, loadavg, uptime, mounts).
 * The numbers are the same ones `free`, `top` and `ps` print.
 */
import { FsError, type Inode, type WriteOptions } from './vfs.ts';
import type { Attrs, FsBackend } from './filesystems/backend.ts';
import type { Host } from './host.ts';
import type { Proc } from './process.ts';
import { PROC_NS_TYPES, isNsType } from './namespaces.ts';
import { HIERARCHIES } from './cgroup.ts';
import { procMountsLine } from './mounts.ts';
import { commOf, kb, loadavgText, memInfo, uptimeSeconds } from './proc-info.ts';
import { settle } from './sched.ts';
import { memOf } from './memory.ts';

const PID_FILES = ['cgroup', 'cmdline', 'comm', 'environ', 'mountinfo', 'mounts', 'oom_score_adj', 'stat', 'status'];
const PID_LINKS = ['cwd', 'exe', 'root'];
const ROOT_FILES = ['cgroups', 'cmdline', 'cpuinfo', 'filesystems', 'loadavg', 'meminfo', 'stat', 'swaps', 'uptime', 'version'];
const SYS_FILES: Record<string, string[]> = {
  'sys/kernel': ['hostname', 'domainname', 'osrelease', 'ostype', 'pid_max'],
  'sys/vm': ['swappiness', 'overcommit_memory'],
  'sys/fs': ['file-max'],
};
const SYS_DIRS = ['sys', 'sys/kernel', 'sys/vm', 'sys/fs', 'sys/net'];

/** A stable inode number for a generated path. */
function inoOf(path: string): number {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619) >>> 0;
  return 4026532000 - (h % 100000000);
}

function meminfoText(host: Host): string {
  const m = memInfo(host);
  const rows: [string, number, boolean][] = [
    ['MemTotal', m.total, true], ['MemFree', m.free, true], ['MemAvailable', m.available, true], ['Buffers', m.buffers, true], ['Cached', m.cached, true],
    ['SwapCached', 0, true], ['Active', m.used + 262240, true], ['Inactive', 310288, true], ['Active(anon)', m.used, true], ['Inactive(anon)', 8700, true],
    ['Active(file)', 262240, true], ['Inactive(file)', 301588, true], ['Unevictable', 0, true], ['Mlocked', 0, true], ['SwapTotal', m.swapTotal, true],
    ['SwapFree', m.swapFree, true], ['Dirty', 8, true], ['Writeback', 0, true], ['AnonPages', m.used, true], ['Mapped', 35552, true], ['Shmem', m.shmem, true],
    ['Slab', m.slab, true], ['SReclaimable', m.sReclaimable, true], ['SUnreclaim', 53796, true], ['KernelStack', 4304, true], ['PageTables', 5284, true],
    ['NFS_Unstable', 0, true], ['Bounce', 0, true], ['WritebackTmp', 0, true], ['CommitLimit', Math.floor(m.total / 2) + m.swapTotal, true],
    ['Committed_AS', 565000 + m.used, true], ['VmallocTotal', 34359738367, true], ['VmallocUsed', 185744, true], ['VmallocChunk', 34359310332, true],
    ['HardwareCorrupted', 0, true], ['AnonHugePages', 38912, true], ['CmaTotal', 0, true], ['CmaFree', 0, true], ['HugePages_Total', 0, false],
    ['HugePages_Free', 0, false], ['HugePages_Rsvd', 0, false], ['HugePages_Surp', 0, false], ['Hugepagesize', 2048, true], ['DirectMap4k', 83904, true],
    ['DirectMap2M', 4110336, true],
  ];
  return rows.map(([label, value, unit]) => `${label}:`.padEnd(Math.max(16, label.length + 1)) + String(value).padStart(Math.max(1, 24 - Math.max(16, label.length + 1))) + (unit ? ' kB' : '') + '\n').join('');
}

const CPU_FLAGS = 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon nopl xtopology tsc_reliable nonstop_tsc eagerfpu pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch ssbd ibrs ibpb stibp fsgsbase tsc_adjust bmi1 avx2 smep bmi2 invpcid mpx rdseed adx smap clflushopt xsaveopt xsavec arat md_clear spec_ctrl intel_stibp flush_l1d arch_capabilities';

function cpuinfoText(host: Host): string {
  let out = '';
  for (let i = 0; i < host.sys.cpus; i++) {
    out += `processor\t: ${i}\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 158\nmodel name\t: Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz\nstepping\t: 10\nmicrocode\t: 0xde\ncpu MHz\t\t: 3192.001\ncache size\t: 12288 KB\n`;
    out += `physical id\t: 0\nsiblings\t: ${host.sys.cpus}\ncore id\t\t: ${i}\ncpu cores\t: ${host.sys.cpus}\napicid\t\t: ${i}\ninitial apicid\t: ${i}\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 22\nwp\t\t: yes\n`;
    out += `flags\t\t: ${CPU_FLAGS}\nbogomips\t: 6384.00\nclflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: 45 bits physical, 48 bits virtual\npower management:\n\n`;
  }
  return out;
}

const STATE_TEXT: Record<string, string> = { R: 'R (running)', S: 'S (sleeping)', D: 'D (disk sleep)', T: 'T (stopped)', Z: 'Z (zombie)' };

export class ProcFs implements FsBackend {
  private readonly host: Host;
  private readonly pidNs: number;
  private readonly caller: number | undefined;

  constructor(host: Host, pidNs: number, caller?: number) {
    this.host = host;
    this.pidNs = pidNs;
    this.caller = caller;
  }

  private procAt(name: string | undefined): Proc | undefined {
    if (name === undefined || !/^[1-9]\d*$/.test(name)) return undefined;
    return this.host.procByNsPid(this.pidNs, Number(name));
  }

  private selfPid(): number | undefined {
    const me = this.caller !== undefined ? this.host.proc(this.caller) : undefined;
    if (me) return this.host.pidIn(me, this.pidNs);
    const visible = this.host.visibleProcs(this.pidNs);
    return visible[visible.length - 1]?.pid;
  }

  private node(path: string[], type: Inode['type'], mode: number, extra: Partial<Inode> = {}): Inode {
    // procfs reports size 0 for its files and links.
    return { ino: inoOf(path.join('/')), type, mode, uid: 0, gid: 0, mtime: this.host.sys.bootedAt, nlink: type === 'dir' ? 2 : 1, ...(type === 'dir' ? {} : { size: 0 }), ...extra };
  }

  lookup(path: string[]): Inode | undefined {
    const [first, second, third] = path;
    if (path.length === 0) return this.node(path, 'dir', 0o555);
    if (first === 'self' && path.length === 1) {
      const self = this.selfPid();
      return self === undefined ? undefined : this.node(path, 'symlink', 0o777, { target: String(self) });
    }
    if (first === 'mounts' && path.length === 1) return this.node(path, 'symlink', 0o777, { target: 'self/mounts' });
    if (path.length === 1 && ROOT_FILES.includes(first as string)) return this.node(path, 'file', 0o444);
    const rel = path.join('/');
    if (SYS_DIRS.includes(rel)) return this.node(path, 'dir', 0o555);
    if (path.length === 3 && SYS_FILES[`${first}/${second}`]?.includes(third as string)) return this.node(path, 'file', third === 'hostname' || third === 'swappiness' ? 0o644 : 0o444);
    const proc = this.procAt(first);
    if (!proc) return undefined;
    const owner = { uid: proc.uid, gid: proc.gid, mtime: proc.startedAt };
    if (path.length === 1) return this.node(path, 'dir', 0o555, owner);
    if (path.length === 2) {
      if (PID_FILES.includes(second as string)) return this.node(path, 'file', second === 'environ' ? 0o400 : second === 'oom_score_adj' ? 0o644 : 0o444, owner);
      if (second === 'ns') return this.node(path, 'dir', 0o511, owner);
      if (second === 'fd') return this.node(path, 'dir', 0o500, owner);
      if (second === 'cwd') return this.node(path, 'symlink', 0o777, { ...owner, target: proc.cwd });
      if (second === 'root') return this.node(path, 'symlink', 0o777, { ...owner, target: proc.root ?? '/' });
      if (second === 'exe') return this.node(path, 'symlink', 0o777, { ...owner, target: exePath(proc) });
      return undefined;
    }
    if (path.length === 3 && second === 'ns' && isNsType(third as string) && PROC_NS_TYPES.includes(third as never)) {
      return this.node(path, 'symlink', 0o777, { ...owner, target: `${third}:[${this.host.nsOf(proc, third as never)}]` });
    }
    if (path.length === 3 && second === 'fd' && ['0', '1', '2'].includes(third as string)) {
      return this.node(path, 'symlink', 0o700, { ...owner, target: proc.tty === '?' ? '/dev/null' : `/dev/${proc.tty}` });
    }
    return undefined;
  }

  list(path: string[]): string[] {
    const rel = path.join('/');
    if (path.length === 0) {
      const pids = this.host.visibleProcs(this.pidNs).map((v) => String(v.pid));
      return [...pids, 'self', 'mounts', 'sys', ...ROOT_FILES];
    }
    if (rel === 'sys') return ['kernel', 'vm', 'fs', 'net'];
    if (SYS_FILES[rel]) return [...(SYS_FILES[rel] as string[])];
    if (rel === 'sys/net') return [];
    if (path.length === 1 && this.procAt(path[0])) return [...PID_FILES, ...PID_LINKS, 'fd', 'ns'];
    if (path.length === 2 && path[1] === 'ns' && this.procAt(path[0])) return [...PROC_NS_TYPES];
    if (path.length === 2 && path[1] === 'fd' && this.procAt(path[0])) return ['0', '1', '2'];
    throw new FsError(this.lookup(path) ? 'ENOTDIR' : 'ENOENT', '/proc/' + rel);
  }

  read(path: string[]): string {
    const host = this.host;
    const [first, second, third] = path;
    if (path.length === 1) {
      switch (first) {
        case 'meminfo':
          return meminfoText(host);
        case 'cpuinfo':
          return cpuinfoText(host);
        case 'loadavg':
          return loadavgText(host);
        case 'uptime': {
          const u = uptimeSeconds(host);
          return `${u.up.toFixed(2)} ${u.idle.toFixed(2)}\n`;
        }
        case 'version':
          return `Linux version ${host.state.kernel.release} (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) ) #1 SMP Mon Oct 19 16:18:59 UTC 2020\n`;
        case 'cmdline':
          return 'BOOT_IMAGE=/vmlinuz-3.10.0-1160.el7.x86_64 root=/dev/mapper/centos-root ro crashkernel=auto rd.lvm.lv=centos/root rd.lvm.lv=centos/swap rhgb quiet LANG=en_US.UTF-8\n';
        case 'swaps':
          return `Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n/dev/dm-1                               partition\t${kb(host.sys.swapTotal)}\t${kb(host.sys.swapTotal) - memInfo(host).swapFree}\t-2\n`;
        case 'filesystems':
          return ['nodev\tsysfs', 'nodev\trootfs', 'nodev\tbdev', 'nodev\tproc', 'nodev\tcgroup', 'nodev\tcpuset', 'nodev\ttmpfs', 'nodev\tdevtmpfs', 'nodev\tdebugfs', 'nodev\tsecurityfs', 'nodev\tsockfs', 'nodev\tpipefs', 'nodev\tdevpts', 'nodev\tmqueue', 'nodev\tselinuxfs', 'nodev\toverlay', '\txfs', ''].join('\n');
        case 'cgroups': {
          const rows = ['cpuset', 'cpu', 'cpuacct', 'memory', 'devices', 'freezer', 'net_cls', 'blkio', 'perf_event', 'hugetlb', 'pids', 'net_prio'];
          const idOf = (c: string): number => HIERARCHIES.find((h) => h.dir.split(',').includes(c))?.id ?? 0;
          const count = Object.keys(host.sys.cgroups.nodes).length;
          return '#subsys_name\thierarchy\tnum_cgroups\tenabled\n' + rows.map((c) => `${c}\t${idOf(c)}\t${count}\t1\n`).join('');
        }
        case 'stat':
          return statText(host);
      }
    }
    if (first === 'sys') return this.sysctl(path.slice(1));
    const proc = this.procAt(first) as Proc;
    if (path.length === 2) {
      switch (second) {
        case 'cmdline':
          return proc.argv.map((a) => a + '\0').join('');
        case 'comm':
          return commOf(proc) + '\n';
        case 'environ':
          return Object.entries(proc.env).map(([k, v]) => `${k}=${v}\0`).join('');
        case 'oom_score_adj':
          return `${(proc.data?.['oomScoreAdj'] as number | undefined) ?? 0}\n`;
        case 'cgroup':
          return [...HIERARCHIES].sort((a, b) => b.id - a.id).map((h) => `${h.id}:${h.name}:${host.cgroupOf(proc, h.dir)}\n`).join('');
        case 'mounts':
          return (host.sys.mountNs[host.nsOf(proc, 'mnt')] ?? []).filter((m) => !m.hidden).map(procMountsLine).join('');
        case 'mountinfo':
          return (host.sys.mountNs[host.nsOf(proc, 'mnt')] ?? []).filter((m) => !m.hidden).map((m) => `${m.id} ${m.parent} 0:${m.id} ${m.root} ${m.target} ${m.options.split(',').slice(0, 1).join(',')},relatime - ${m.fstype} ${m.device} ${m.options}\n`).join('');
        case 'status':
          return this.status(proc);
        case 'stat':
          return this.stat(proc);
      }
    }
    throw new FsError('EINVAL', '/proc/' + path.join('/') + (third ?? ''));
  }

  private sysctl(path: string[]): string {
    const key = path.join('/');
    const host = this.host;
    switch (key) {
      case 'kernel/hostname':
        return host.hostnameFor(this.caller) + '\n';
      case 'kernel/domainname':
        return '(none)\n';
      case 'kernel/osrelease':
        return host.state.kernel.release + '\n';
      case 'kernel/ostype':
        return 'Linux\n';
      case 'kernel/pid_max':
        return '32768\n';
      case 'vm/swappiness':
        return `${host.cgroup('/')?.memory.swappiness ?? 30}\n`;
      case 'vm/overcommit_memory':
        return '0\n';
      case 'fs/file-max':
        return '379544\n';
    }
    throw new FsError('ENOENT', '/proc/sys/' + key);
  }

  private status(proc: Proc): string {
    const host = this.host;
    const pid = host.pidIn(proc, this.pidNs) ?? 0;
    const parent = host.proc(proc.ppid);
    const ppid = parent ? (host.pidIn(parent, this.pidNs) ?? 0) : 0;
    const m = memOf(proc);
    const vm = (label: string, bytes: number): string => `${label}:\t${String(kb(bytes)).padStart(8)} kB\n`;
    const cpus = host.sys.cpus;
    const mask = ((1 << cpus) - 1).toString(16);
    return (
      `Name:\t${commOf(proc)}\nState:\t${STATE_TEXT[proc.state]}\nTgid:\t${pid}\nNgid:\t0\nPid:\t${pid}\nPPid:\t${ppid}\nTracerPid:\t0\n` +
      `Uid:\t${proc.uid}\t${proc.uid}\t${proc.uid}\t${proc.uid}\nGid:\t${proc.gid}\t${proc.gid}\t${proc.gid}\t${proc.gid}\nFDSize:\t64\nGroups:\t${(proc.groups ?? []).join(' ')}${proc.groups?.length ? ' ' : ''}\n` +
      vm('VmPeak', m.vsz) + vm('VmSize', m.vsz) + vm('VmLck', 0) + vm('VmPin', 0) + vm('VmHWM', m.rss) + vm('VmRSS', m.rss) +
      vm('VmData', Math.floor(m.rss / 2)) + vm('VmStk', 139264) + vm('VmExe', 905216) + vm('VmLib', 2072576) + vm('VmPTE', 45056) + vm('VmSwap', m.swap) +
      `Threads:\t${Math.max(1, proc.demand ?? 1)}\nSigQ:\t0/14989\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\n` +
      `SigIgn:\t${sigMask(proc, 'ignore')}\nSigCgt:\t${sigMask(proc, 'handled')}\n` +
      `CapInh:\t0000000000000000\nCapPrm:\t${proc.uid === 0 ? '0000001fffffffff' : '0000000000000000'}\nCapEff:\t${proc.uid === 0 ? '0000001fffffffff' : '0000000000000000'}\nCapBnd:\t0000001fffffffff\n` +
      `Seccomp:\t0\nCpus_allowed:\t${mask}\nCpus_allowed_list:\t${cpus === 1 ? '0' : `0-${cpus - 1}`}\nMems_allowed:\t00000000,00000001\nMems_allowed_list:\t0\n` +
      `voluntary_ctxt_switches:\t${Math.floor(proc.cpuMs) + 12}\nnonvoluntary_ctxt_switches:\t${Math.floor(proc.cpuMs / 4)}\n`
    );
  }

  private stat(proc: Proc): string {
    const host = this.host;
    const pid = host.pidIn(proc, this.pidNs) ?? 0;
    const parent = host.proc(proc.ppid);
    const ppid = parent ? (host.pidIn(parent, this.pidNs) ?? 0) : 0;
    const ticks = Math.floor(proc.cpuMs / 10);
    const start = Math.floor((proc.startedAt - host.sys.bootedAt) / 10);
    const m = memOf(proc);
    return `${pid} (${commOf(proc)}) ${proc.state} ${ppid} ${pid} ${pid} 0 -1 4202752 0 0 0 0 ${ticks} 0 0 0 20 ${proc.nice ?? 0} 1 0 ${start} ${m.vsz} ${Math.floor(m.rss / 4096)} 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n`;
  }

  write(path: string[], data: string, _options: WriteOptions, _append: boolean): Inode {
    const node = this.lookup(path);
    if (!node) throw new FsError('ENOENT', '/proc/' + path.join('/'));
    const key = path.join('/');
    if (data === '' && (node.mode & 0o200) !== 0) return node;
    if (key === 'sys/kernel/hostname') {
      if (this.caller !== undefined) this.host.setHostname(this.caller, data.replace(/\n$/, ''));
      return node;
    }
    if (path.length === 2 && path[1] === 'oom_score_adj') {
      const value = Number(data.trim());
      if (!Number.isInteger(value) || value < -1000 || value > 1000) throw new FsError('EINVAL', key);
      const proc = this.procAt(path[0]) as Proc;
      (proc.data ??= {})['oomScoreAdj'] = value;
      return node;
    }
    if (key === 'sys/vm/swappiness') return node;
    throw new FsError('EACCES', '/proc/' + key);
  }

  mkdir(path: string[]): Inode {
    throw new FsError(this.lookup(path) ? 'EEXIST' : 'ENOENT', '/proc/' + path.join('/'));
  }

  symlink(_target: string, path: string[]): Inode {
    throw new FsError(this.lookup(path) ? 'EEXIST' : 'ENOENT', '/proc/' + path.join('/'));
  }

  link(_from: string[], to: string[]): Inode {
    throw new FsError('ENOENT', '/proc/' + to.join('/'));
  }

  remove(path: string[]): void {
    throw new FsError(this.lookup(path) ? 'EACCES' : 'ENOENT', '/proc/' + path.join('/'));
  }

  rename(from: string[]): void {
    throw new FsError('EACCES', '/proc/' + from.join('/'));
  }

  setattr(path: string[], _attrs: Attrs): Inode {
    throw new FsError('EPERM', '/proc/' + path.join('/'));
  }
}

function sigMask(proc: Proc, kind: 'ignore' | 'handled'): string {
  let mask = 0n;
  const names = ['', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH'];
  for (const [name, disposition] of Object.entries(proc.signals ?? {})) {
    const n = names.indexOf(name);
    if (n <= 0) continue;
    if ((disposition === 'ignore') === (kind === 'ignore')) mask |= 1n << BigInt(n - 1);
  }
  return mask.toString(16).padStart(16, '0');
}

function exePath(proc: Proc): string {
  const first = proc.argv[0] ?? proc.prog;
  if (first.startsWith('/')) return first;
  return `/usr/bin/${first.replace(/^-/, '')}`;
}

function statText(host: Host): string {
  settle(host);
  const busyTicks = Math.floor(host.procList().reduce((s, p) => s + p.cpuMs, 0) / 10);
  const u = uptimeSeconds(host);
  const idle = Math.floor(u.idle * 100);
  let out = `cpu  ${busyTicks} 0 0 ${idle} 0 0 0 0 0 0\n`;
  for (let i = 0; i < host.sys.cpus; i++) out += `cpu${i} ${Math.floor(busyTicks / host.sys.cpus)} 0 0 ${Math.floor(idle / host.sys.cpus)} 0 0 0 0 0 0\n`;
  const procs = host.procList();
  out += `intr 0\nctxt 0\nbtime ${Math.floor(host.sys.bootedAt / 1000)}\nprocesses ${host.state.procs.nextPid - 1}\nprocs_running ${Math.max(1, procs.filter((p) => p.state === 'R').length)}\nprocs_blocked 0\n`;
  return out;
}
