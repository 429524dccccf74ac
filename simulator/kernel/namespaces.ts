/**
 * Namespaces as plain data. Each namespace has an id that doubles as its inode number, the way
 * `/proc/<pid>/ns/pid -> pid:[4026531836]` shows it. A process records only the namespaces it does
 * not share with the host (`proc.ns`); missing types mean the host's initial namespace.
 */
export type NsType = 'pid' | 'mnt' | 'uts' | 'ipc' | 'net' | 'user' | 'cgroup';

export const NS_TYPES: readonly NsType[] = ['pid', 'mnt', 'uts', 'ipc', 'net', 'user', 'cgroup'];

/** The types a 3.10 (CentOS 7) kernel shows under /proc/<pid>/ns, in the order `ls` lists them. */
export const PROC_NS_TYPES: readonly NsType[] = ['ipc', 'mnt', 'net', 'pid', 'user', 'uts'];

/** Inode numbers of the initial namespaces on a 3.10 kernel (fixed at boot). */
export const INITIAL_NS: Readonly<Record<NsType, number>> = {
  ipc: 4026531839,
  mnt: 4026531840,
  net: 4026531956,
  pid: 4026531836,
  user: 4026531837,
  uts: 4026531838,
  cgroup: 4026531835,
};

/** First inode number handed to a namespace created after boot. */
export const FIRST_DYNAMIC_NS = 4026532154;

/** The clone(2) flag names `lsns`/`unshare` talk about, per type. */
export const CLONE_FLAGS: Readonly<Record<NsType, string>> = {
  mnt: 'CLONE_NEWNS',
  uts: 'CLONE_NEWUTS',
  ipc: 'CLONE_NEWIPC',
  pid: 'CLONE_NEWPID',
  net: 'CLONE_NEWNET',
  user: 'CLONE_NEWUSER',
  cgroup: 'CLONE_NEWCGROUP',
};

export interface NsInfo {
  id: number;
  type: NsType;
  /** PID and user namespaces nest: the namespace this one was created in. */
  parent?: number;
  /** Nesting depth of a PID namespace (the host's is 0). */
  level?: number;
  /** Next pid to hand out inside a PID namespace. */
  nextPid?: number;
  /** UTS: the hostname and NIS domain name of the namespace. */
  hostname?: string;
  domainname?: string;
  /** Kept while no process is in it (a named network namespace, a container's sandbox). */
  pinned?: boolean;
  /** Host pid of the process that created the namespace (lsns shows the lowest pid still in it). */
  creator?: number;
}

export function isNsType(text: string): text is NsType {
  return (NS_TYPES as readonly string[]).includes(text);
}
