/**
 * The simulated CentOS 7.9 repositories (base, updates, extras) yum installs from: `yum install`
 * writes a package's files, executables included, records it in the root's rpm database and
 * registers its systemd units. Other layers add packages with `registerPackage`.
 */
import type { World } from '../../kernel/world.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import { registerUnit } from './units.ts';
import { writeRpmdb } from './rpmdb.ts';
import { installedTable, type PackageSpec } from './packages.ts';

export const REPO: Record<string, PackageSpec> = {};

/** Names yum resolves to another package (`yum install vim` installs vim-enhanced). */
export const PROVIDES: Record<string, string> = { vim: 'vim-enhanced' };

/** A package by name, provided name, or name-version[-release] (`docker-ce-18.06.2.ce`). */
export function findPackage(arg: string): PackageSpec | undefined {
  const direct = REPO[arg] ?? REPO[PROVIDES[arg] ?? ''];
  if (direct) return direct;
  return Object.values(REPO).find((p) => arg === `${p.name}-${p.version}` || arg === `${p.name}-${p.version}-${p.release}` || `${p.name}-${p.version}-${p.release}.${p.arch}` === arg || (arg.startsWith(`${p.name}-`) && `${p.version}-${p.release}`.startsWith(arg.slice(p.name.length + 1))));
}

export function registerPackage(spec: PackageSpec): void {
  REPO[spec.name] = spec;
}

/** Writes a package's files into `fs` (the caller's view: a container's root inside a container), records it in that root's rpm database and registers its units on a host. */
export function installFiles(world: World, host: string, spec: PackageSpec, fs: Vfs = world.host(host).fs): void {
  for (const [path, f] of Object.entries(spec.files ?? {})) {
    const dir = f.dir ? path : path.slice(0, path.lastIndexOf('/')) || '/';
    if (!fs.tryStat(dir)) fs.mkdir(dir, { parents: true });
    if (f.dir) continue;
    fs.writeFile(path, f.data ?? '', { mode: f.mode ?? (f.prog ? 0o755 : 0o644), ...(f.prog !== undefined ? { prog: f.prog, size: 0 } : {}) });
  }
  if (spec.account) addSystemAccount(fs, spec.account, Math.floor(world.clock.now / 86_400_000));
  for (const unit of spec.units ?? []) registerUnit(world, host, unit);
  const table = installedTable(fs);
  table[spec.name] = { version: spec.version, release: spec.release, arch: spec.arch };
  writeRpmdb(fs, table);
}

/** A scriptlet's account: group and user with the same fixed id, no password ageing (a system account). */
function addSystemAccount(fs: Vfs, a: NonNullable<PackageSpec['account']>, day: number): void {
  const has = (path: string): boolean => fs.tryStat(path) !== undefined && fs.readFile(path).split('\n').some((l) => l.split(':')[0] === a.name);
  const append = (path: string, line: string): void => {
    if (!fs.tryStat(path) || has(path)) return;
    const old = fs.readFile(path);
    fs.writeFile(path, `${old}${old === '' || old.endsWith('\n') ? '' : '\n'}${line}\n`);
  };
  const newGroup = !has('/etc/group');
  append('/etc/group', `${a.name}:x:${a.id}:`);
  if (newGroup) append('/etc/gshadow', `${a.name}:!::`);
  if (has('/etc/passwd')) return;
  append('/etc/passwd', `${a.name}:x:${a.id}:${a.id}:${a.gecos}:${a.home}:${a.shell}`);
  append('/etc/shadow', `${a.name}:!!:${day}::::::`);
}

const HTTPD_UNIT = `[Unit]
Description=The Apache HTTP Server
After=network.target remote-fs.target nss-lookup.target
Documentation=man:httpd(8)
Documentation=man:apachectl(8)

[Service]
Type=notify
EnvironmentFile=/etc/sysconfig/httpd
ExecStart=/usr/sbin/httpd $OPTIONS -DFOREGROUND
ExecReload=/usr/sbin/httpd $OPTIONS -k graceful
ExecStop=/bin/kill -WINCH \${MAINPID}
KillSignal=SIGCONT
PrivateTmp=true

[Install]
WantedBy=multi-user.target
`;

for (const spec of [
  { name: 'apr', version: '1.4.8', release: '7.el7', arch: 'x86_64', repo: 'base', summary: 'Apache Portable Runtime library', downloadSize: 106_344, installedSize: 226_686 },
  { name: 'apr-util', version: '1.5.2', release: '6.el7_9.1', arch: 'x86_64', repo: 'updates', summary: 'Apache Portable Runtime Utility library', downloadSize: 94_220, installedSize: 198_751, requires: ['apr'] },
  { name: 'httpd-tools', version: '2.4.6', release: '99.el7.centos.1', arch: 'x86_64', repo: 'updates', summary: 'Tools for use with the Apache HTTP Server', downloadSize: 96_256, installedSize: 169_875, requires: ['apr', 'apr-util'] },
  { name: 'mailcap', version: '2.1.41', release: '2.el7', arch: 'noarch', repo: 'base', summary: 'Helper application and MIME type associations for file types', downloadSize: 31_952, installedSize: 63_578 },
  {
    name: 'httpd', version: '2.4.6', release: '99.el7.centos.1', arch: 'x86_64', repo: 'updates', summary: 'Apache HTTP Server', downloadSize: 2_835_000, installedSize: 9_822_278, requires: ['apr', 'apr-util', 'httpd-tools', 'mailcap'],
    files: {
      '/usr/sbin/httpd': { prog: 'httpd' },
      '/etc/httpd/conf/httpd.conf': { data: 'ServerRoot "/etc/httpd"\nListen 80\nInclude conf.modules.d/*.conf\nUser apache\nGroup apache\nServerAdmin root@localhost\nDocumentRoot "/var/www/html"\n' },
      '/etc/sysconfig/httpd': { data: '#\n# This file can be used to set additional environment variables for\n# the httpd process, or pass additional options to the httpd\n# executable.\n#\nLANG=C\n' },
      '/var/www/html': { dir: true },
      '/var/www/cgi-bin': { dir: true },
      '/var/log/httpd': { dir: true },
    },
    units: [{ name: 'httpd.service', description: 'The Apache HTTP Server', path: '/usr/lib/systemd/system/httpd.service', docs: ['man:httpd(8)', 'man:apachectl(8)'], file: HTTPD_UNIT, hook: 'httpd' }],
    account: { name: 'apache', id: 48, gecos: 'Apache', home: '/usr/share/httpd', shell: '/sbin/nologin' },
  },
  { name: 'wget', version: '1.14', release: '18.el7_6.1', arch: 'x86_64', repo: 'base', summary: 'A utility for retrieving files using the HTTP or FTP protocols', downloadSize: 560_272, installedSize: 2_055_009, files: { '/usr/bin/wget': { prog: 'wget' } } },
  { name: 'net-tools', version: '2.0', release: '0.25.20131004git.el7', arch: 'x86_64', repo: 'base', summary: 'Basic networking tools', downloadSize: 313_788, installedSize: 939_930, files: { '/usr/bin/netstat': { prog: 'netstat' }, '/usr/sbin/ifconfig': { prog: 'ifconfig' }, '/usr/sbin/route': { prog: 'route' } } },
  { name: 'bridge-utils', version: '1.5', release: '9.el7', arch: 'x86_64', repo: 'base', summary: 'Utilities for configuring the linux ethernet bridge', downloadSize: 32_968, installedSize: 56_165, files: { '/usr/sbin/brctl': { prog: 'brctl' } } },
  { name: 'yum-utils', version: '1.1.31', release: '54.el7_8', arch: 'noarch', repo: 'base', summary: 'Utilities based around the yum package manager', downloadSize: 122_880, installedSize: 343_424, files: { '/usr/bin/yum-config-manager': { prog: 'yum-config-manager' } } },
  { name: 'device-mapper-persistent-data', version: '0.8.5', release: '3.el7_9.2', arch: 'x86_64', repo: 'updates', summary: 'Device-mapper Persistent Data Tools', downloadSize: 434_176, installedSize: 1_215_488 },
  { name: 'lvm2', version: '2.02.187', release: '6.el7_9.5', arch: 'x86_64', repo: 'updates', summary: 'Userland logical volume management tools', downloadSize: 1_363_148, installedSize: 3_447_808 },
  { name: 'bash-completion', version: '2.1', release: '8.el7', arch: 'noarch', repo: 'base', summary: 'Programmable completion for Bash', downloadSize: 87_040, installedSize: 269_312 },
  { name: 'epel-release', version: '7', release: '11', arch: 'noarch', repo: 'extras', summary: 'Extra Packages for Enterprise Linux repository configuration', downloadSize: 15_360, installedSize: 25_600 },
  { name: 'conntrack-tools', version: '1.4.4', release: '7.el7', arch: 'x86_64', repo: 'base', summary: 'Manipulate netfilter connection tracking table and run High Availability', downloadSize: 191_488, installedSize: 563_200, files: { '/usr/sbin/conntrack': { prog: 'conntrack' } } },
  { name: 'ntpdate', version: '4.2.6p5', release: '29.el7.centos.2', arch: 'x86_64', repo: 'base', summary: 'Utility to set the date and time via NTP', downloadSize: 88_064, installedSize: 123_904, files: { '/usr/sbin/ntpdate': { prog: 'ntpdate' } }, units: [{ name: 'ntpdate.service', description: 'Set time via NTP', path: '/usr/lib/systemd/system/ntpdate.service', file: '[Unit]\nDescription=Set time via NTP\nAfter=network-online.target nss-lookup.target\nBefore=time-sync.target\nWants=time-sync.target network-online.target\n\n[Service]\nType=oneshot\nExecStart=/usr/libexec/ntpdate-wrapper\nRemainAfterExit=yes\n\n[Install]\nWantedBy=multi-user.target\n' }] },
  { name: 'vim-enhanced', version: '7.4.629', release: '8.el7_9', arch: 'x86_64', repo: 'updates', summary: 'A version of the VIM editor which includes recent enhancements', downloadSize: 1_126_400, installedSize: 2_336_768, files: { '/usr/bin/vim': { prog: 'vim' } } },
  { name: 'libseccomp', version: '2.3.1', release: '4.el7', arch: 'x86_64', repo: 'base', summary: 'Enhanced seccomp library', downloadSize: 57_344, installedSize: 133_120 },
  { name: 'libtool-ltdl', version: '2.4.2', release: '22.el7_3', arch: 'x86_64', repo: 'base', summary: 'Runtime libraries for GNU Libtool Dynamic Module Loader', downloadSize: 50_176, installedSize: 68_608 },
  { name: 'tree', version: '1.6.0', release: '10.el7', arch: 'x86_64', repo: 'base', summary: 'File system tree viewer', downloadSize: 47_104, installedSize: 89_088, files: { '/usr/bin/tree': { prog: 'tree' } } },
  { name: 'rpcbind', version: '0.2.0', release: '49.el7', arch: 'x86_64', repo: 'base', summary: 'Universal Addresses to RPC Program Number Mapper', downloadSize: 61_440, installedSize: 104_448, files: { '/usr/sbin/rpcbind': { prog: 'rpcbind' } }, units: [{ name: 'rpcbind.service', description: 'RPC bind service', path: '/usr/lib/systemd/system/rpcbind.service', vendorPreset: 'enabled', docs: ['man:rpcbind(8)'], file: '[Unit]\nDescription=RPC bind service\n' }] },
  { name: 'nfs-utils', version: '1.3.0', release: '0.68.el7.2', arch: 'x86_64', repo: 'updates', summary: 'NFS utilities and supporting clients and daemons for the kernel NFS server', downloadSize: 420_864, installedSize: 1_092_608, requires: ['rpcbind'], files: { '/usr/sbin/showmount': { prog: 'showmount' }, '/usr/sbin/exportfs': { prog: 'exportfs' }, '/etc/exports': { data: '' } }, units: [{ name: 'nfs-server.service', description: 'NFS server and services', path: '/usr/lib/systemd/system/nfs-server.service', file: '[Unit]\nDescription=NFS server and services\n' }] },
  {
    // Not on a minimal install; popt and libnl3, which it links, are (so yum pulls nothing else in).
    name: 'ipvsadm', version: '1.27', release: '8.el7', arch: 'x86_64', repo: 'base', summary: 'Utility to administer the Linux Virtual Server', downloadSize: 45_680, installedSize: 76_612,
    files: {
      '/usr/sbin/ipvsadm': { prog: 'ipvsadm' },
      '/usr/sbin/ipvsadm-save': { data: '#!/bin/bash\nexec /usr/sbin/ipvsadm -S "$@"\n', mode: 0o755 },
      '/usr/sbin/ipvsadm-restore': { data: '#!/bin/bash\nexec /usr/sbin/ipvsadm -R "$@"\n', mode: 0o755 },
      '/etc/sysconfig/ipvsadm-config': { data: 'IPVS_MODULES_UNLOAD="yes"\nIPVS_SAVE_ON_STOP="no"\nIPVS_SAVE_ON_RESTART="no"\nIPVS_STATUS_NUMERIC="yes"\n', mode: 0o600 },
    },
    units: [{ name: 'ipvsadm.service', description: 'Initialise the Linux Virtual Server', path: '/usr/lib/systemd/system/ipvsadm.service', file: '[Unit]\nDescription=Initialise the Linux Virtual Server\nAfter=syslog.target network.target\n\n[Service]\nType=oneshot\nExecStart=/bin/bash -c "exec /sbin/ipvsadm-restore < /etc/sysconfig/ipvsadm"\nExecStop=/bin/bash -c "exec /sbin/ipvsadm-save -n > /etc/sysconfig/ipvsadm"\nExecStop=/sbin/ipvsadm -C\nRemainAfterExit=yes\n\n[Install]\nWantedBy=multi-user.target\n' }],
  },
  { name: 'telnet', version: '0.17', release: '66.el7', arch: 'x86_64', repo: 'updates', summary: 'The client program for the Telnet remote login protocol', downloadSize: 65_212, installedSize: 113_450, files: { '/usr/bin/telnet': { prog: 'telnet' } } },
] as PackageSpec[]) {
  registerPackage(spec);
}
