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
  /** Signal that ended the process (exitCode is then 128 + signal). */
  exitSignal?: number;
  /** Set when the OOM killer ended the process. */
  oomKilled?: boolean;
  /** Program-specific state kept in the snapshot (a server's config, a loop's progress). */
  data?: Record<string, unknown>;
  /** Root directory as a path in the mount namespace (chroot; absent = `/`). */
  root?: string;
  /** Supplementary groups. */
  groups?: number[];
  /**
   * Signal dispositions the program installed, by name without SIG (`TERM`): `ignore`, or the
   * name of a handler in `world.signalHandlers`. Missing = the default action.
   */
  signals?: Record<string, string>;
  /** Name of a hook in `world.exitHooks` told when this process exits (a container's init). */
  onExit?: string;
  /** Name of a hook in `world.outputHooks` that receives what the process writes later (`host.emit`). */
  onOutput?: string;
  /** CPU threads the process keeps busy (a busy loop is 1; sleeping is 0/absent). */
  demand?: number;
  /** Finite CPU work left, ms; when it reaches 0 the `workDone` hook runs (or the process exits 0). */
  work?: { leftMs: number; done?: string };
  /** Memory: resident and virtual size and swapped-out bytes, as ps shows (RSS/VSZ in KiB there). */
  mem?: { rss: number; vsz: number; swap?: number };
  /** Scheduling priority (ps NI, top NI). */
  nice?: number;
  /**
   * Whether the process collects its exited children. Absent: it does, unless it is the init of a
   * PID namespace whose program is not a registered reaper (hooks.ts). Children it does not collect
   * stay in the table as zombies (state Z) until it waits or exits.
   */
  reaper?: boolean;
}

/** What an exit hook is told. */
export interface ExitInfo {
  host: string;
  pid: number;
  exitCode: number;
  signal?: number;
  oomKilled: boolean;
  /** The process record as it was when it exited. */
  proc: Proc;
}

export interface ProcTableState {
  procs: Record<number, Proc>;
  nextPid: number;
}
