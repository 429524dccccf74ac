/**
 * RPM packages: what a root file system has installed, kept where rpm keeps it: the database under
 * /var/lib/rpm (rpmdb.ts), so the host, every container and every image layer have their own. The
 * repositories yum installs from are yum-repo.ts.
 */
import type { Vfs } from '../../kernel/vfs.ts';
import type { UnitSpec } from './units.ts';
import { readRpmdb, rpmdbText, tableOf, type InstalledTable } from './rpmdb.ts';

export interface PackageFile {
  /** Program model the file runs (an executable). */
  prog?: string;
  mode?: number;
  data?: string;
  dir?: boolean;
}

export interface PackageSpec {
  name: string;
  version: string;
  release: string;
  arch: 'x86_64' | 'noarch';
  repo: 'base' | 'updates' | 'extras' | string;
  summary: string;
  /** Download size in bytes and installed size in bytes. */
  downloadSize: number;
  installedSize: number;
  requires?: string[];
  files?: Record<string, PackageFile>;
  units?: UnitSpec[];
  /** The system account its %pre scriptlet makes (`groupadd -g N -r`, `useradd -r -u N`) when missing. */
  account?: { name: string; id: number; gecos: string; home: string; shell: string };
}

/** What a CentOS 7.9 minimal install has (the packages the simulator's own programs come from). */
const BASE: [string, string, string, string][] = [
  ['bash', '4.2.46', '34.el7', 'x86_64'],
  ['centos-release', '7', '9.2009.1.el7.centos', 'x86_64'],
  ['coreutils', '8.22', '24.el7_9.2', 'x86_64'],
  ['findutils', '4.5.11', '6.el7', 'x86_64'],
  ['gawk', '4.0.2', '4.el7_3.1', 'x86_64'],
  ['grep', '2.20', '3.el7', 'x86_64'],
  ['hostname', '3.13', '3.el7_7.1', 'x86_64'],
  ['iproute', '4.11.0', '30.el7', 'x86_64'],
  ['kernel', '3.10.0', '1160.el7', 'x86_64'],
  ['procps-ng', '3.3.10', '28.el7', 'x86_64'],
  ['rpm', '4.11.3', '45.el7', 'x86_64'],
  ['sed', '4.2.2', '7.el7', 'x86_64'],
  ['shadow-utils', '4.6', '5.el7', 'x86_64'],
  ['systemd', '219', '78.el7_9.7', 'x86_64'],
  ['tar', '1.26', '35.el7', 'x86_64'],
  ['which', '2.20', '7.el7', 'x86_64'],
  ['yum', '3.4.3', '168.el7.centos', 'noarch'],
];

/** The database a minimal install's root starts with (the lab hosts' and the centos:7 image's). */
export function baseRpmdb(): string {
  return rpmdbText(tableOf(BASE));
}

/** The packages installed in the file system `fs` (the caller's root: a container's inside a container). */
export function installedTable(fs: Vfs): InstalledTable {
  return readRpmdb(fs, BASE);
}

export function nevra(name: string, p: { version: string; release: string; arch: string }): string {
  return `${name}-${p.version}-${p.release}.${p.arch}`;
}
