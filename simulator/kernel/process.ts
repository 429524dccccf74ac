/**
 * The process table of a host. Processes are plain records; what a process *does* is the program
 * model named by `prog`, looked up in the world's program registry when it runs or is signalled.
 */
export type ProcState = 'R' | 'S' | 'D' | 'T' | 'Z';

export interface Proc {
  /** Pid in the host's (initial) PID namespace. */
  pid: number;
  ppid: number;
  /** Pids as seen from each nested PID namespace, outermost first after the host's. */
  nsPids?: number[];
  uid: number;
  gid: number;
  /** argv as `ps` shows it. */
  argv: string[];
  prog: string;
  state: ProcState;
  /** Controlling terminal (`pts/0`) or `?`. */
  tty: string;
  startedAt: number;
  /** CPU time consumed, ms. */
  cpuMs: number;
  /** Namespace ids by type (pid, mnt, net, uts, ipc, user, cgroup). */
  ns: Record<string, number>;
  /** cgroup path per hierarchy, e.g. { cpu: '/docker/<id>' }. */
  cgroups: Record<string, string>;
  cwd: string;
  env: Record<string, string>;
  exitCode?: number;
  /** Program-specific state kept in the snapshot (a server's config, a loop's progress). */
  data?: Record<string, unknown>;
}

export interface ProcTableState {
  procs: Record<number, Proc>;
  nextPid: number;
}
