/**
 * Builds the state of a freshly booted CentOS 7 host, as the notes' machines were: the usual
 * directory tree, /etc files, systemd as pid 1 and root's login shell.
 */
import { emptyFs, Vfs } from '../kernel/vfs.ts';
import type { HostState } from '../kernel/host.ts';
import { DEFAULT_PATH } from '../kernel/host.ts';
import { INSTALL_PATHS } from '../programs/registry.ts';
import { bootSys } from '../kernel/sys.ts';
import { baseRpmdb } from '../programs/coreutils/packages.ts';
import { centos7Accounts } from '../programs/coreutils/accounts.ts';
import { centos7Release } from '../runtime/hub/rootfs.ts';

export interface HostSpec {
  name: string;
  ip: string;
  /** Extra executables: program name -> path. */
  programs?: Record<string, string>;
  /** CPUs and memory (bytes) of the machine; 2 CPUs and 3.7 GiB by default. */
  cpus?: number;
  memTotal?: number;
}

/** The hosts booted this long before the lab's first moment. */
const UPTIME_AT_START_MS = 5 * 60 * 1000;

const DIRS = ['/boot', '/dev', '/etc', '/home', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/srv', '/sys', '/tmp', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib64', '/usr/local/bin', '/usr/local/sbin', '/var/lib', '/var/log', '/var/run'];

export function centosHost(spec: HostSpec, now: number): HostState {
  const fs = emptyFs(now);
  const vfs = new Vfs(fs, () => now);
  for (const dir of DIRS) vfs.mkdir(dir, { parents: true });
  vfs.stat('/tmp').mode = 0o1777;
  vfs.stat('/root').mode = 0o550;
  for (const [link, target] of [['/bin', 'usr/bin'], ['/sbin', 'usr/sbin'], ['/lib', 'usr/lib'], ['/lib64', 'usr/lib64']] as const) vfs.symlink(target, link);
  vfs.writeFile('/etc/hostname', `${spec.name}\n`);
  vfs.writeFile('/etc/hosts', '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n');
  // The release files centos-release writes (redhat-release and system-release are links to it).
  for (const [path, file] of Object.entries(centos7Release())) {
    if (typeof file === 'string') vfs.writeFile(path, file);
    else if ('link' in file) vfs.symlink(file.link, path);
  }
  // Installed the day the lab's hosts booted; shadow and gshadow are unreadable but to root (mode 0).
  for (const [path, text] of Object.entries(centos7Accounts(true, Math.floor((now - UPTIME_AT_START_MS) / 86_400_000)))) {
    vfs.writeFile(path, text, { mode: path.endsWith('shadow') ? 0 : 0o644 });
  }
  vfs.mkdir('/var/lib/rpm');
  vfs.writeFile('/var/lib/rpm/Packages', baseRpmdb());
  for (const [prog, path] of Object.entries({ ...INSTALL_PATHS, ...(spec.programs ?? {}) })) {
    vfs.writeFile(path, '', { mode: 0o755, prog, size: 0 });
  }
  return {
    name: spec.name,
    hostname: spec.name,
    ip: spec.ip,
    fs,
    procs: {
      procs: {
        1: { pid: 1, ppid: 0, uid: 0, gid: 0, argv: ['/usr/lib/systemd/systemd', '--switched-root', '--system', '--deserialize', '22'], prog: 'systemd', state: 'S', tty: '?', startedAt: now - UPTIME_AT_START_MS, cpuMs: 0, ns: {}, cgroups: {}, cwd: '/', env: {} },
      },
      nextPid: 1000,
    },
    listeners: {},
    kernel: { release: '3.10.0-1160.el7.x86_64', os: 'CentOS Linux 7 (Core)' },
    sys: bootSys(now - UPTIME_AT_START_MS, { ...(spec.cpus ? { cpus: spec.cpus } : {}), ...(spec.memTotal ? { memTotal: spec.memTotal } : {}) }),
  };
}

/** Environment of root's login shell. */
export function loginEnv(hostname: string): Record<string, string> {
  return { HOME: '/root', HOSTNAME: hostname, LANG: 'en_US.UTF-8', LOGNAME: 'root', PATH: DEFAULT_PATH, PWD: '/root', SHELL: '/bin/bash', SHLVL: '1', TERM: 'xterm', USER: 'root' };
}
