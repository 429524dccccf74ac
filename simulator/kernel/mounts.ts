/**
 * Mount tables. Each mount namespace is a list of mount entries (plain data in the host state);
 * a process sees the namespace named by its `ns.mnt`. An entry names its filesystem by a source
 * (the host's root disk, a tmpfs, an overlay, an image layer, procfs, sysfs, a cgroup hierarchy)
 * plus the directory of that filesystem it exposes (`root`), which is all a bind mount is.
 */

/** Where a mount's files come from. Every kind is resolved to a backend by the host. */
export type MountSource =
  /** A plain filesystem of the host: `root` is its disk (`host.state.fs`), others live in `sys.filesystems`. */
  | { kind: 'fs'; id: string }
  /** An overlay (container root filesystem) kept in `sys.overlays`. */
  | { kind: 'overlay'; id: string }
  /** One read-only image layer from the world's layer store. */
  | { kind: 'layer'; digest: string }
  /** procfs showing the processes of a PID namespace. */
  | { kind: 'proc'; pidNs: number }
  /** One cgroup v1 hierarchy, e.g. `cpu,cpuacct` or `memory`. */
  | { kind: 'cgroup'; hierarchy: string }
  /** The upper (writable) directory of an overlay in `sys.overlays`: a container's layer. */
  | { kind: 'upper'; id: string };

export interface MountEntry {
  /** Mount id (unique per host), as /proc/self/mountinfo numbers them. */
  id: number;
  /** Id of the mount this one sits on (0 for a namespace's root). */
  parent: number;
  /** Mount point, as a path in the namespace. */
  target: string;
  /** Directory of the source filesystem shown at the mount point (`/` unless a bind of a subdirectory). */
  root: string;
  source: MountSource;
  /** Type shown by /proc/mounts and `mount`: xfs, overlay, proc, tmpfs, cgroup, sysfs, devpts… */
  fstype: string;
  /** First column of /proc/mounts: `/dev/mapper/centos-root`, `overlay`, `proc`, `tmpfs`, `cgroup`. */
  device: string;
  /** Mount options as /proc/mounts prints them (`rw,relatime,...`). */
  options: string;
  readOnly: boolean;
  /**
   * Not a mount at all on a real host but a directory of its disk that the simulator keeps apart
   * (a container layer's `diff` under /var/lib/docker/overlay2): resolved like a mount, never listed.
   */
  hidden?: boolean;
}

export interface MountOptions {
  fstype: string;
  device: string;
  /** Defaults to `rw,relatime` (or `ro,relatime` when readOnly). */
  options?: string;
  readOnly?: boolean;
  root?: string;
  /** See `MountEntry.hidden`. */
  hidden?: boolean;
}

/** Escapes a path as /proc/mounts does (space, tab, newline and backslash as octal). */
export function escapeMountPath(path: string): string {
  return path.replace(/[ \t\n\\]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'));
}

/** One line of /proc/mounts (also /proc/<pid>/mounts and /etc/mtab). */
export function procMountsLine(m: MountEntry): string {
  return `${m.device} ${escapeMountPath(m.target)} ${m.fstype} ${m.options} 0 0\n`;
}

/** One line of `mount` without arguments: `proc on /proc type proc (rw,nosuid,...)`. */
export function mountCommandLine(m: MountEntry): string {
  return `${m.device} on ${m.target} type ${m.fstype} (${m.options})\n`;
}

/** The options string with its leading rw/ro flag set to match `readOnly`. */
export function withAccess(options: string, readOnly: boolean): string {
  const rest = options.split(',').filter((o) => o !== 'rw' && o !== 'ro' && o !== '');
  return [readOnly ? 'ro' : 'rw', ...rest].join(',');
}
