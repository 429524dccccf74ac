/**
 * One simulated Linux host: its filesystems and mount namespaces, process table, namespaces,
 * cgroups, CPU scheduler and the listeners its servers hold. `Host` is a view over `HostState`
 * (plain data inside the world snapshot); it holds no state itself.
 *
 * For the layers above (the Docker engine, kubelet), a container is made with this API:
 *
 *   const mnt = host.createNamespace('mnt', { creator: shimPid, empty: true });
 *   const pidNs = host.createNamespace('pid', { creator: shimPid });
 *   const uts = host.createNamespace('uts', { hostname: 'hwhost' });
 *   const root = host.createOverlay(id, layerDigests);               // layers from putLayer()
 *   host.setupContainerMounts({ mntNs: mnt, id, root, rootOptions, pidNs, cgroupPath: `/docker/${id}` });
 *   host.bindMount(mnt, '/etc/hosts', `/var/lib/docker/containers/${id}/hosts`);
 *   host.cgroupCreate(`/docker/${id}`, (cg) => { cg.cpu.shares = 512; cg.memory.limit = 400 << 20; });
 *   const init = host.spawn({ ppid: shimPid, argv, prog, ns: { mnt, pid: pidNs, uts, ipc, net }, cgroup: `/docker/${id}`, onExit: 'docker' });
 *   // world.exitHooks.docker(world, info) is called when it exits (info.exitCode, info.oomKilled).
 */
import type { FsState } from './vfs.ts';
import { emptyFs, FsError, normalizePath, Vfs, type MountView } from './vfs.ts';
import type { ExitInfo, Proc, ProcTableState } from './process.ts';
import type { World } from './world.ts';
import { isReaper, TIMER_EVENT } from './hooks.ts';
import { bootSys, devTree, cgroupRootTree, type SysState } from './sys.ts';
import { INITIAL_NS, NS_TYPES, type NsInfo, type NsType } from './namespaces.ts';
import { withAccess, type MountEntry, type MountOptions, type MountSource } from './mounts.ts';
import type { FsBackend } from './filesystems/backend.ts';
import { TreeFs } from './filesystems/tree.ts';
import { OverlayFs } from './filesystems/overlay.ts';
import { SysFs } from './filesystems/sysfs.ts';
import { getLayer } from './layers.ts';
import { HIERARCHIES, newCgroup, parentPath, type CgroupNode } from './cgroup.ts';
import { defaultAction, signalName } from './signals.ts';
import { part } from '../lazy/index.ts';
import * as sched from './sched.ts';
import * as memory from './memory.ts';
import * as blkio from './blkio.ts';

export interface HostState {
  name: string;
  hostname: string;
  /** Primary address on the lab network, e.g. 192.168.81.4. */
  ip: string;
  fs: FsState;
  procs: ProcTableState;
  /** Socket address -> service name (`unix:/var/run/docker.sock` -> `dockerd`). */
  listeners: Record<string, string>;
  /** Kernel release and distribution, as `uname -r` and /etc/os-release show them. */
  kernel: { release: string; os: string };
  /** Namespaces, mounts, cgroups, scheduler (made at boot; filled in by the Host view if absent). */
  sys?: SysState;
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin';

export type SpawnSpec = Pick<Proc, 'ppid' | 'argv' | 'prog'> &
  Partial<Omit<Proc, 'ns'>> & {
    /** Namespaces to enter instead of the parent's, by type (ids from createNamespace). */
    ns?: Partial<Record<NsType, number>>;
    /** cgroup path to join in every hierarchy (default: the parent's). */
    cgroup?: string;
  };

/** Errors of kill(2). */
export type KillResult = 0 | 'ESRCH' | 'EPERM';

export class Host {
  readonly state: HostState;
  readonly world: World;
  /** The host's own view: the initial mount namespace, as root. */
  readonly fs: Vfs;

  constructor(state: HostState, world: World) {
    this.state = state;
    this.world = world;
    state.sys ??= bootSys(world.clock.now);
    this.fs = new Vfs(state.fs, () => world.clock.now, { view: this.mountView(INITIAL_NS.mnt) });
  }

  get name(): string {
    return this.state.name;
  }

  /** The kernel state (namespaces, mounts, cgroups, scheduler). */
  get sys(): SysState {
    return this.state.sys as SysState;
  }

  // ---- processes ----------------------------------------------------------------------------

  proc(pid: number): Proc | undefined {
    return this.state.procs.procs[pid];
  }

  /** All processes, ordered by pid. */
  procList(): Proc[] {
    return Object.values(this.state.procs.procs).sort((a, b) => a.pid - b.pid);
  }

  /**
   * Starts a process. It inherits the parent's user, terminal, namespaces, cgroups, cwd and
   * environment unless the spec says otherwise; in a new PID namespace it gets pid 1 there (and
   * the next pids of every namespace above it).
   */
  spawn(spec: SpawnSpec): Proc {
    sched.settle(this);
    const pid = this.state.procs.nextPid++;
    const parent = this.proc(spec.ppid);
    const { ns: nsOverride, cgroup, ...rest } = spec;
    const ns: Record<string, number> = { ...(parent?.ns ?? {}), ...(nsOverride ?? {}) };
    for (const type of NS_TYPES) if (ns[type] === INITIAL_NS[type]) delete ns[type];
    let cgroups = { ...(spec.cgroups ?? parent?.cgroups ?? {}) };
    if (cgroup !== undefined) cgroups = this.cgroupMap(cgroup);
    for (const path of Object.values(cgroups)) if (!this.sys.cgroups.nodes[path]) this.cgroupCreate(path);
    const proc: Proc = {
      pid,
      uid: parent?.uid ?? 0,
      gid: parent?.gid ?? 0,
      state: 'S',
      tty: parent?.tty ?? '?',
      startedAt: this.world.clock.now,
      cpuMs: 0,
      cwd: parent?.cwd ?? '/',
      env: { ...(parent?.env ?? {}) },
      ...(parent?.root ? { root: parent.root } : {}),
      ...rest,
      ns,
      cgroups,
    };
    const chain = this.pidNsChain(ns['pid'] ?? INITIAL_NS.pid);
    if (chain.length > 1) {
      proc.nsPids = chain.slice(1).map((id) => {
        const info = this.sys.namespaces[id] as NsInfo;
        info.nextPid ??= 1;
        return info.nextPid++;
      });
    } else delete proc.nsPids;
    this.state.procs.procs[pid] = proc;
    if (proc.demand) sched.reschedule(this);
    return proc;
  }

  /** Removes a finished process from the table without running exit hooks (a foreground command's end). */
  reap(pid: number): void {
    const proc = this.proc(pid);
    if (!proc) return;
    sched.settle(this);
    delete this.state.procs.procs[pid];
    if (proc.demand) sched.reschedule(this);
    this.collectNamespaces(proc);
  }

  /**
   * Ends a process with an exit status: its children are re-parented (or, when it is the init of a
   * PID namespace, killed with the rest of that namespace), its exit hook runs, and it leaves the
   * table. `signal` records a death by signal (exitCode should then be 128 + signal).
   */
  exit(pid: number, exitCode: number, options: { signal?: number; oomKilled?: boolean } = {}): void {
    const proc = this.proc(pid);
    if (!proc || proc.state === 'Z') return;
    sched.settle(this);
    if (this.sys.io?.jobs.length) blkio.settle(this);
    proc.exitCode = exitCode;
    if (options.signal !== undefined) proc.exitSignal = options.signal;
    if (options.oomKilled) proc.oomKilled = true;
    proc.state = 'Z';
    delete this.sys.sched.rates[pid];
    delete proc.demand;
    delete proc.work;
    delete proc.mem;
    const pidNs = this.nsOf(proc, 'pid');
    const isNsInit = pidNs !== INITIAL_NS.pid && proc.nsPids?.[proc.nsPids.length - 1] === 1;
    if (isNsInit) {
      for (const other of this.procList()) {
        if (other.pid !== pid && other.state !== 'Z' && this.pidIn(other, pidNs) !== undefined) this.exit(other.pid, 137, { signal: 9 });
      }
      // The namespace is gone: so are the zombies nobody in it collected.
      for (const other of this.procList()) if (other.pid !== pid && other.state === 'Z' && this.pidIn(other, pidNs) !== undefined) this.remove(other);
    } else {
      for (const child of this.procList()) {
        if (child.ppid !== pid) continue;
        child.ppid = this.reaperFor(child);
        if (child.state === 'Z' && this.collects(this.proc(child.ppid))) this.remove(child);
      }
    }
    // The parent collects the exit status now, or the process stays a zombie until it does.
    if (this.collects(this.proc(proc.ppid))) this.remove(proc);
    sched.reschedule(this);
    this.rescheduleIo();
    if (proc.onExit) {
      const hook = this.world.exitHooks[proc.onExit];
      const info: ExitInfo = { host: this.name, pid, exitCode, oomKilled: proc.oomKilled === true, proc, ...(options.signal !== undefined ? { signal: options.signal } : {}) };
      if (hook) hook(this.world, info);
    }
  }

  /** Takes a finished process out of the table for good. */
  private remove(proc: Proc): void {
    delete this.state.procs.procs[proc.pid];
    this.collectNamespaces(proc);
  }

  /** Whether a parent collects its children as they exit (see `Proc.reaper`). */
  private collects(parent: Proc | undefined): boolean {
    if (!parent || parent.state === 'Z') return true;
    if (parent.reaper !== undefined) return parent.reaper;
    const pidNs = this.nsOf(parent, 'pid');
    const isNsInit = pidNs !== INITIAL_NS.pid && parent.nsPids?.[parent.nsPids.length - 1] === 1;
    return !isNsInit || isReaper(parent.prog);
  }

  /**
   * waitpid(2) by `parent`: collects a zombie child (`child`, or any) and returns its status, or
   * ECHILD when there is no such child, or 0 when the child is still running.
   */
  wait(parent: number, child?: number): { pid: number; exitCode: number; signal?: number } | 0 | 'ECHILD' {
    const kids = this.procList().filter((p) => p.ppid === parent && p.pid !== parent && (child === undefined || p.pid === child));
    if (kids.length === 0) return 'ECHILD';
    const done = kids.find((p) => p.state === 'Z');
    if (!done) return 0;
    this.remove(done);
    return { pid: done.pid, exitCode: done.exitCode ?? 0, ...(done.exitSignal !== undefined ? { signal: done.exitSignal } : {}) };
  }

  /**
   * Makes a process collect (or stop collecting) its children, as an init does that handles
   * SIGCHLD (tini, docker-init) or `prctl(PR_SET_CHILD_SUBREAPER)` plus a wait loop. Zombies already
   * waiting are collected at once.
   */
  setReaper(pid: number, reaps: boolean): void {
    const proc = this.proc(pid);
    if (!proc) return;
    proc.reaper = reaps;
    if (reaps) for (const child of this.procList()) if (child.ppid === pid && child.state === 'Z') this.remove(child);
  }

  /** The process that adopts an orphan: its PID namespace's init (pid 1 of the host at the top). */
  private reaperFor(child: Proc): number {
    const ns = this.nsOf(child, 'pid');
    if (ns === INITIAL_NS.pid) return 1;
    const init = this.procList().find((p) => this.nsOf(p, 'pid') === ns && p.nsPids?.[p.nsPids.length - 1] === 1);
    return init?.pid ?? 1;
  }

  /**
   * kill(2). `sender` is the host pid of the signalling process (for permission and PID-namespace
   * rules; absent = the kernel or a root process on the host). A PID namespace's init ignores
   * signals it has no handler for, and KILL/STOP sent from inside its own namespace; the host's
   * pid 1 ignores everything without a handler.
   */
  kill(pid: number, signal: number, sender?: number): KillResult {
    const proc = this.proc(pid);
    if (!proc) return 'ESRCH';
    const from = sender === undefined ? undefined : this.proc(sender);
    if (from && from.uid !== 0 && from.uid !== proc.uid) return 'EPERM';
    // A zombie still has its pid: signals to it succeed and do nothing.
    if (signal === 0 || proc.state === 'Z') return 0;
    const name = signalName(signal);
    const pidNs = this.nsOf(proc, 'pid');
    const isInit = pid === 1 || (pidNs !== INITIAL_NS.pid && proc.nsPids?.[proc.nsPids.length - 1] === 1);
    const fromInside = from !== undefined && isInit && (pid === 1 || this.nsOf(from, 'pid') === pidNs);
    if (signal === 9 || signal === 19) {
      if (isInit && (pid === 1 || fromInside)) return 0;
      if (signal === 9) this.exit(pid, 137, { signal: 9 });
      else this.stop(proc);
      return 0;
    }
    if (signal === 18) this.cont(proc);
    const disposition = proc.signals?.[name];
    if (disposition === 'ignore') return 0;
    if (disposition) {
      const handler = this.world.signalHandlers[disposition];
      const result = handler ? handler({ host: this, world: this.world, proc, signal }) : undefined;
      if (result !== undefined && this.proc(pid)) this.exit(pid, result);
      return 0;
    }
    if (isInit) return 0;
    const action = defaultAction(signal);
    if (action === 'term' || action === 'core') this.exit(pid, 128 + signal, { signal });
    else if (action === 'stop') this.stop(proc);
    return 0;
  }

  private stop(proc: Proc): void {
    sched.settle(this);
    proc.state = 'T';
    sched.reschedule(this);
  }

  private cont(proc: Proc): void {
    if (proc.state !== 'T') return;
    sched.settle(this);
    proc.state = proc.demand ? 'R' : 'S';
    sched.reschedule(this);
    const code = proc.data?.['timedExit'];
    if (typeof code === 'number') {
      delete proc.data?.['timedExit'];
      this.exit(proc.pid, code);
    }
  }

  /**
   * Finds an executable the way execvp does: a name with a slash is a path, otherwise each PATH entry.
   * Returns the absolute path and program name, or why it failed. `fs` is the caller's view.
   */
  findExecutable(name: string, path: string, cwd: string, fs: Vfs = this.fs): { path: string; prog: string } | { error: 'ENOENT' | 'EACCES' | 'EISDIR' } {
    const candidates = name.includes('/') ? [name.startsWith('/') ? name : `${cwd}/${name}`] : path.split(':').filter(Boolean).map((dir) => `${dir}/${name}`);
    let found: 'ENOENT' | 'EACCES' | 'EISDIR' = 'ENOENT';
    for (const candidate of candidates) {
      const node = fs.tryStat(candidate);
      if (!node) continue;
      if (node.type === 'dir') {
        found = 'EISDIR';
        continue;
      }
      if ((node.mode & 0o111) === 0 || !node.prog) {
        found = 'EACCES';
        continue;
      }
      return { path: candidate, prog: node.prog };
    }
    return { error: found };
  }

  /** Runs `world.timerHooks[hook]` for this process after `delayMs` (if it is still alive then). */
  setTimer(pid: number, delayMs: number, hook: string, data: unknown = null): number {
    return this.world.queue.after(delayMs, TIMER_EVENT, { host: this.name, pid, hook, data });
  }

  /** Output of a running process after its program returned: goes to its `onOutput` sink, if any. */
  emit(pid: number, stream: 'stdout' | 'stderr', text: string): void {
    const proc = this.proc(pid);
    const hook = proc?.onOutput ? this.world.outputHooks[proc.onOutput] : undefined;
    if (proc && hook) hook(this.world, proc, stream, text);
  }

  // ---- CPU, memory ----------------------------------------------------------------------------

  /** Sets how many CPU threads a process keeps busy (0 = sleeping); the scheduler shares the CPUs. */
  setDemand(pid: number, threads: number): void {
    const proc = this.proc(pid);
    if (!proc) return;
    sched.settle(this);
    if (threads > 0) proc.demand = threads;
    else delete proc.demand;
    if (proc.state === 'R' || proc.state === 'S') proc.state = threads > 0 ? 'R' : 'S';
    sched.reschedule(this);
  }

  /**
   * Gives a process `cpuMs` of CPU work to do in the background; when it is done the named hook in
   * `world.workDone` runs (or, without one, the process exits 0).
   */
  startWork(pid: number, cpuMs: number, done?: string): void {
    const proc = this.proc(pid);
    if (!proc) return;
    sched.settle(this);
    proc.work = { leftMs: cpuMs, ...(done ? { done } : {}) };
    proc.demand = Math.max(1, proc.demand ?? 0);
    if (proc.state === 'S') proc.state = 'R';
    sched.reschedule(this);
  }

  /**
   * Runs `cpuMs` of CPU work in the foreground: virtual time advances (running whatever else falls
   * due) until the process has had that much CPU at its fair share. Returns the elapsed ms.
   */
  burnCpu(pid: number, cpuMs: number): number {
    return sched.burn(this, pid, cpuMs);
  }

  /** Current CPU rate of a process, in CPUs (top's %CPU / 100). */
  cpuRate(pid: number): number {
    sched.settle(this);
    return this.sys.sched.rates[pid] ?? 0;
  }

  /** Brings every process's and cgroup's CPU time and block I/O up to now. */
  settle(): void {
    sched.settle(this);
    if (this.sys.io?.jobs.length) blkio.settle(this);
  }

  /** Recomputes CPU shares after cgroup parameters or process states were changed directly. */
  reschedule(): void {
    sched.settle(this);
    sched.reschedule(this);
  }

  /**
   * Sets a process's resident memory. Past its cgroup's limit the excess goes to swap if
   * memsw allows; past memsw the OOM killer kills it (exit 137, `oomKilled`) and 'oom' is returned.
   */
  setMemory(pid: number, rssBytes: number): 'ok' | 'oom' {
    return memory.charge(this, pid, rssBytes);
  }

  // ---- namespaces -------------------------------------------------------------------------------

  /** The namespace id of a type a process is in. */
  nsOf(proc: Proc, type: NsType): number {
    return proc.ns[type] ?? INITIAL_NS[type];
  }

  namespace(id: number): NsInfo | undefined {
    return this.sys.namespaces[id];
  }

  /**
   * Makes a namespace. `pid`: nested under `parent` (default the creator's, else the host's);
   * `mnt`: a copy of `copyFrom`'s mount table (default the creator's) or, with `empty`, no mounts
   * at all (the engine then mounts the container root); `uts`: with `hostname`.
   */
  createNamespace(type: NsType, options: { creator?: number; parent?: number; hostname?: string; domainname?: string; copyFrom?: number; empty?: boolean; pinned?: boolean } = {}): number {
    const id = this.sys.nextNsId++;
    const creator = options.creator !== undefined ? this.proc(options.creator) : undefined;
    const info: NsInfo = { id, type, ...(options.creator !== undefined ? { creator: options.creator } : {}) };
    if (options.pinned) info.pinned = true;
    if (type === 'pid' || type === 'user') {
      const parent = options.parent ?? (creator ? this.nsOf(creator, type) : INITIAL_NS[type]);
      info.parent = parent;
      info.level = (this.sys.namespaces[parent]?.level ?? 0) + 1;
      if (type === 'pid') info.nextPid = 1;
    }
    if (type === 'uts') {
      const from = creator ? this.sys.namespaces[this.nsOf(creator, 'uts')] : undefined;
      info.hostname = options.hostname ?? from?.hostname ?? this.state.hostname;
      info.domainname = options.domainname ?? from?.domainname ?? '(none)';
    }
    this.sys.namespaces[id] = info;
    if (type === 'mnt') {
      const from = options.copyFrom ?? (creator ? this.nsOf(creator, 'mnt') : INITIAL_NS.mnt);
      this.sys.mountNs[id] = options.empty ? [] : (this.sys.mountNs[from] ?? []).map((m) => ({ ...m, id: this.sys.nextMountId++ }));
    }
    return id;
  }

  /** Unpins a namespace and forgets it if no process is in it any more. */
  releaseNamespace(id: number): void {
    const info = this.sys.namespaces[id];
    if (!info || id === INITIAL_NS[info.type]) return;
    delete info.pinned;
    if (this.procList().some((p) => p.ns[info.type] === id)) return;
    delete this.sys.namespaces[id];
    if (info.type === 'mnt') delete this.sys.mountNs[id];
  }

  /** Forgets namespaces no process uses any more (unless pinned, like a named network namespace). */
  private collectNamespaces(gone: Proc): void {
    for (const [type, id] of Object.entries(gone.ns)) {
      const info = this.sys.namespaces[id];
      if (!info || info.pinned || id === INITIAL_NS[type as NsType]) continue;
      if (this.procList().some((p) => p.ns[type] === id)) continue;
      if (type === 'pid' && Object.values(this.sys.namespaces).some((n) => n.parent === id)) continue;
      delete this.sys.namespaces[id];
      if (type === 'mnt') delete this.sys.mountNs[id];
    }
  }

  /** PID namespaces from the host's down to `ns`. */
  pidNsChain(ns: number): number[] {
    const chain: number[] = [];
    for (let id: number | undefined = ns; id !== undefined; id = this.sys.namespaces[id]?.parent) {
      chain.unshift(id);
      if (id === INITIAL_NS.pid) break;
    }
    if (chain[0] !== INITIAL_NS.pid) chain.unshift(INITIAL_NS.pid);
    return chain;
  }

  /** The pid of `proc` as seen from PID namespace `ns`, or undefined when it is not visible there. */
  pidIn(proc: Proc, ns: number): number | undefined {
    if (ns === INITIAL_NS.pid) return proc.pid;
    const chain = this.pidNsChain(this.nsOf(proc, 'pid'));
    const level = chain.indexOf(ns);
    if (level < 1) return undefined;
    return proc.nsPids?.[level - 1];
  }

  /** The process with pid `nsPid` in PID namespace `ns`. */
  procByNsPid(ns: number, nsPid: number): Proc | undefined {
    if (ns === INITIAL_NS.pid) return this.proc(nsPid);
    return this.procList().find((p) => this.pidIn(p, ns) === nsPid);
  }

  /** The process a caller means by `pid`: translated through the caller's PID namespace. */
  procAs(callerPid: number, pid: number): Proc | undefined {
    const caller = this.proc(callerPid);
    return caller ? this.procByNsPid(this.nsOf(caller, 'pid'), pid) : this.proc(pid);
  }

  /** Processes visible from PID namespace `ns` with their pids there, by that pid. */
  visibleProcs(ns: number): { proc: Proc; pid: number; ppid: number }[] {
    const out: { proc: Proc; pid: number; ppid: number }[] = [];
    for (const proc of this.procList()) {
      const pid = this.pidIn(proc, ns);
      if (pid === undefined) continue;
      const parent = this.proc(proc.ppid);
      out.push({ proc, pid, ppid: parent ? (this.pidIn(parent, ns) ?? 0) : 0 });
    }
    return out.sort((a, b) => a.pid - b.pid);
  }

  /** The hostname a process sees (its UTS namespace); the host's own without a pid. */
  hostnameFor(pid?: number): string {
    const proc = pid === undefined ? undefined : this.proc(pid);
    const uts = proc ? this.nsOf(proc, 'uts') : INITIAL_NS.uts;
    if (uts === INITIAL_NS.uts) return this.state.hostname;
    return this.sys.namespaces[uts]?.hostname ?? this.state.hostname;
  }

  /** sethostname(2) in the caller's UTS namespace. */
  setHostname(pid: number, hostname: string): void {
    const proc = this.proc(pid);
    const uts = proc ? this.nsOf(proc, 'uts') : INITIAL_NS.uts;
    if (uts === INITIAL_NS.uts) this.state.hostname = hostname;
    else (this.sys.namespaces[uts] as NsInfo).hostname = hostname;
  }

  // ---- filesystems and mounts -----------------------------------------------------------------

  /** The filesystem as a process sees it: its mount namespace, its root directory, its user. */
  fsFor(pid: number): Vfs {
    const proc = this.proc(pid);
    if (!proc) return this.fs;
    const mnt = this.nsOf(proc, 'mnt');
    return new Vfs(this.state.fs, () => this.world.clock.now, {
      view: this.mountView(mnt, pid),
      cred: { uid: proc.uid, gid: proc.gid, ...(proc.groups ? { groups: proc.groups } : {}) },
      ...(proc.root ? { root: proc.root } : {}),
    });
  }

  /** A root view of a mount namespace (what the engine uses to prepare a container's files). */
  fsOfNamespace(mntNs: number): Vfs {
    return new Vfs(this.state.fs, () => this.world.clock.now, { view: this.mountView(mntNs) });
  }

  /** The mount table of a namespace as a Vfs sees it; `caller` is who `/proc/self` means. */
  mountView(mntNs: number, caller?: number): MountView {
    return { mounts: () => this.sys.mountNs[mntNs] ?? [], backend: (m) => this.backend(m.source, caller) };
  }

  /** The filesystem behind a mount source. */
  backend(source: MountSource, caller?: number): FsBackend {
    const now = (): number => this.world.clock.now;
    switch (source.kind) {
      case 'fs': {
        if (source.id === 'root') return new TreeFs(this.state.fs, now);
        const fs = this.sys.filesystems[source.id];
        if (!fs) throw new FsError('ENOENT', source.id);
        if (source.id === 'sysfs') {
          return new SysFs(fs, now, (apply) => {
            this.settle();
            const node = apply();
            this.rescheduleIo();
            return node;
          });
        }
        return new TreeFs(fs, now);
      }
      case 'overlay':
        return this.overlay(source.id);
      case 'layer': {
        const layer = getLayer(this.world, source.digest);
        if (!layer) throw new FsError('ENOENT', source.digest);
        return new TreeFs(layer, now, true);
      }
      // The generators of /proc and /sys/fs/cgroup are in the extras part: most commands read neither.
      case 'proc':
        return new (part('extras').ProcFs)(this, source.pidNs, caller);
      case 'cgroup':
        return new (part('extras').CgroupFs)(this, source.hierarchy);
      case 'upper': {
        const ov = this.sys.overlays[source.id];
        if (!ov) throw new FsError('ENOENT', source.id);
        return new TreeFs(ov.upper, now);
      }
    }
  }

  /** Adds a mount to a namespace's table; the mount point is created when missing (as runc does). */
  mount(mntNs: number, target: string, source: MountSource, options: MountOptions): MountEntry {
    const table = (this.sys.mountNs[mntNs] ??= []);
    const abs = normalizePath(target);
    const readOnly = options.readOnly ?? false;
    if (abs !== '/' && table.length > 0) this.ensureMountPoint(mntNs, abs, source, options.root ?? '/');
    const parent = [...table].reverse().find((m) => m.target === '/' || abs.startsWith(m.target + '/'));
    const entry: MountEntry = {
      id: this.sys.nextMountId++,
      parent: parent?.id ?? 0,
      target: abs,
      root: normalizePath(options.root ?? '/'),
      source,
      fstype: options.fstype,
      device: options.device,
      options: withAccess(options.options ?? 'rw,relatime', readOnly),
      readOnly,
      ...(options.hidden ? { hidden: true } : {}),
    };
    table.push(entry);
    return entry;
  }

  private ensureMountPoint(mntNs: number, target: string, source: MountSource, root: string): void {
    const view = this.fsOfNamespace(mntNs);
    if (view.tryStat(target)) return;
    try {
      const sourceNode = this.backend(source).lookup(root.split('/').filter(Boolean));
      if (sourceNode && sourceNode.type !== 'dir') {
        view.mkdir(target.slice(0, target.lastIndexOf('/')) || '/', { parents: true });
        view.writeFile(target, '');
      } else view.mkdir(target, { parents: true });
    } catch {
      // A read-only parent: the mount still works as a path prefix.
    }
  }

  /**
   * Bind-mounts `from` (a path in `fromView`, default the host's own view) at `target` in a
   * namespace: the same files, optionally read-only (writes then fail with EROFS).
   */
  bindMount(mntNs: number, target: string, from: string, options: { readOnly?: boolean; fromView?: Vfs } = {}): MountEntry {
    const view = options.fromView ?? this.fs;
    const loc = view.locate(from);
    if (!loc.node) throw new FsError('ENOENT', from);
    const base = loc.mount.options.split(',').filter((o) => o !== 'rw' && o !== 'ro').join(',');
    return this.mount(mntNs, target, loc.mount.source, { fstype: loc.mount.fstype, device: loc.mount.device, options: base, readOnly: options.readOnly ?? false, root: '/' + loc.rel.join('/') });
  }

  /** Removes the topmost mount at `target`; EBUSY while something is mounted below it. */
  umount(mntNs: number, target: string): 0 | 'EINVAL' | 'EBUSY' {
    const table = this.sys.mountNs[mntNs] ?? [];
    const abs = normalizePath(target);
    let index = -1;
    for (let i = table.length - 1; i >= 0; i--) if ((table[i] as MountEntry).target === abs) {
      index = i;
      break;
    }
    if (index < 0) return 'EINVAL';
    if (table.some((m, i) => i > index && m.target.startsWith(abs === '/' ? '/' : abs + '/'))) return 'EBUSY';
    table.splice(index, 1);
    return 0;
  }

  /** Makes an empty in-memory filesystem (tmpfs, a container's /dev) and returns its mount source. */
  createTmpfs(id: string, mode = 0o755): MountSource {
    const fs = emptyFs(this.world.clock.now);
    fs.inodes[fs.root]!.mode = mode;
    this.sys.filesystems[id] = fs;
    return { kind: 'fs', id };
  }

  removeFilesystem(id: string): void {
    delete this.sys.filesystems[id];
  }

  /** Makes an overlay of image layers (digests, top first) with an empty upper directory. */
  createOverlay(id: string, lowers: string[]): MountSource {
    const upper = emptyFs(this.world.clock.now);
    upper.inodes[upper.root]!.mode = 0o755;
    this.sys.overlays[id] = { lowers: [...lowers], upper };
    return { kind: 'overlay', id };
  }

  /** The overlay's filesystem: read/write it, `diff()` its changes, `upper.state` for commit. */
  overlay(id: string): OverlayFs {
    const ov = this.sys.overlays[id];
    if (!ov) throw new FsError('ENOENT', id);
    const lowers = ov.lowers.map((digest) => {
      const layer = getLayer(this.world, digest);
      if (!layer) throw new FsError('ENOENT', digest);
      return layer;
    });
    return new OverlayFs(ov.upper, lowers, () => this.world.clock.now);
  }

  /** A root view of an overlay on its own (a stopped container's files, for `docker cp` or `export`). */
  overlayView(id: string, readOnly = false): Vfs {
    const mount: MountEntry = { id: 0, parent: 0, target: '/', root: '/', source: { kind: 'overlay', id }, fstype: 'overlay', device: 'overlay', options: readOnly ? 'ro' : 'rw', readOnly };
    return new Vfs(this.state.fs, () => this.world.clock.now, { view: { mounts: () => [mount], backend: () => this.overlay(id) } });
  }

  removeOverlay(id: string): void {
    delete this.sys.overlays[id];
  }

  /**
   * Mounts what a Docker container gets besides its volumes: the root (`root`, usually an overlay;
   * `rootOptions` is what /proc/mounts shows for it), /proc of its PID namespace, a fresh /dev
   * tmpfs with the standard devices, /dev/pts, /dev/shm, /dev/mqueue, a read-only /sys and the
   * cgroup hierarchies read-only with the container's own cgroup as their root.
   */
  setupContainerMounts(spec: { mntNs: number; id: string; root: MountSource; rootOptions: string; pidNs: number; cgroupPath: string; readOnlyRoot?: boolean; shmSize?: string }): void {
    const ns = spec.mntNs;
    const now = this.world.clock.now;
    this.sys.mountNs[ns] = [];
    this.mount(ns, '/', spec.root, { fstype: 'overlay', device: 'overlay', options: spec.rootOptions, readOnly: spec.readOnlyRoot ?? false });
    this.mount(ns, '/proc', { kind: 'proc', pidNs: spec.pidNs }, { fstype: 'proc', device: 'proc', options: 'rw,nosuid,nodev,noexec,relatime' });
    const devId = `dev-${spec.id}`;
    this.sys.filesystems[devId] = devTree(now);
    this.mount(ns, '/dev', { kind: 'fs', id: devId }, { fstype: 'tmpfs', device: 'tmpfs', options: 'rw,nosuid,size=65536k,mode=755' });
    this.mount(ns, '/dev/pts', { kind: 'fs', id: 'pts' }, { fstype: 'devpts', device: 'devpts', options: 'rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666' });
    this.mount(ns, '/sys', { kind: 'fs', id: 'sysfs' }, { fstype: 'sysfs', device: 'sysfs', options: 'nosuid,nodev,noexec,relatime', readOnly: true });
    // The read-only tmpfs holding the hierarchy mount points is the same for every container.
    this.sys.filesystems['cgroup-ro'] ??= cgroupRootTree(now);
    this.mount(ns, '/sys/fs/cgroup', { kind: 'fs', id: 'cgroup-ro' }, { fstype: 'tmpfs', device: 'tmpfs', options: 'nosuid,nodev,noexec,relatime,mode=755', readOnly: true });
    for (const h of HIERARCHIES) {
      this.mount(ns, `/sys/fs/cgroup/${h.dir}`, { kind: 'cgroup', hierarchy: h.dir }, { fstype: 'cgroup', device: 'cgroup', options: `nosuid,nodev,noexec,relatime,${h.mountOpts}`, readOnly: true, root: spec.cgroupPath });
    }
    this.mount(ns, '/dev/mqueue', { kind: 'fs', id: 'mqueue' }, { fstype: 'mqueue', device: 'mqueue', options: 'rw,nosuid,nodev,noexec,relatime' });
    const shmId = `shm-${spec.id}`;
    this.sys.filesystems[shmId] = emptyFs(now);
    this.sys.filesystems[shmId]!.inodes[1]!.mode = 0o1777;
    this.mount(ns, '/dev/shm', { kind: 'fs', id: shmId }, { fstype: 'tmpfs', device: 'shm', options: `rw,nosuid,nodev,noexec,relatime,size=${spec.shmSize ?? '65536k'}` });
  }

  /** Drops the in-memory filesystems setupContainerMounts made (after the container is removed). */
  teardownContainerMounts(id: string): void {
    for (const prefix of ['dev-', 'shm-']) delete this.sys.filesystems[prefix + id];
  }

  // ---- cgroups ------------------------------------------------------------------------------------

  /** Every hierarchy mapped to one path (what a container's processes get). */
  cgroupMap(path: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const h of HIERARCHIES) out[h.dir] = path;
    return out;
  }

  cgroup(path: string): CgroupNode | undefined {
    return this.sys.cgroups.nodes[path];
  }

  /** Creates a cgroup (and missing parents) in every hierarchy; `init` sets its limits. */
  cgroupCreate(path: string, init?: (node: CgroupNode) => void, hierarchies: string[] = HIERARCHIES.map((h) => h.dir)): CgroupNode {
    const abs = normalizePath(path);
    let node = this.sys.cgroups.nodes[abs];
    if (!node) {
      const up = parentPath(abs);
      const parent = up === undefined ? undefined : this.cgroupCreate(up, undefined, hierarchies);
      node = newCgroup(parent, [...hierarchies]);
      this.sys.cgroups.nodes[abs] = node;
    } else for (const h of hierarchies) if (!node.hierarchies.includes(h)) node.hierarchies.push(h);
    if (init) {
      sched.settle(this);
      init(node);
      sched.reschedule(this);
    }
    return node;
  }

  /** Changes a cgroup's parameters (the schedulers take the new weights and limits from now on). */
  cgroupUpdate(path: string, change: (node: CgroupNode) => void): CgroupNode | undefined {
    const node = this.cgroup(path);
    if (!node) return undefined;
    sched.settle(this);
    if (this.sys.io?.jobs.length) blkio.settle(this);
    change(node);
    sched.reschedule(this);
    this.rescheduleIo();
    return node;
  }

  // ---- block I/O ----------------------------------------------------------------------------------

  /** Direct I/O in the foreground, sharing the disk with other jobs; returns the ms it took (fractional). */
  runIo(pid: number, spec: blkio.IoSpec): number {
    return blkio.runIo(this, pid, spec);
  }

  /** Direct I/O in the background; `world.workDone[done]` runs when it completes (`proc.data.ioMs`). */
  startIo(pid: number, spec: blkio.IoSpec, done: string): void {
    blkio.startIo(this, pid, spec, done);
  }

  /** Re-shares the disks after a weight, throttle, elevator or process change. */
  rescheduleIo(): void {
    if (!this.sys.io?.jobs.length) return;
    blkio.settle(this);
    blkio.reschedule(this);
  }

  /** rmdir of a cgroup: EBUSY while it has tasks or children. */
  cgroupRemove(path: string): 0 | 'ENOENT' | 'EBUSY' {
    const abs = normalizePath(path);
    if (abs === '/' || !this.sys.cgroups.nodes[abs]) return 'ENOENT';
    if (Object.keys(this.sys.cgroups.nodes).some((p) => p.startsWith(abs + '/'))) return 'EBUSY';
    if (this.procList().some((p) => Object.values(p.cgroups).includes(abs))) return 'EBUSY';
    delete this.sys.cgroups.nodes[abs];
    return 0;
  }

  /** The cgroup path of a process in a hierarchy (a record keyed `cpu` counts for `cpu,cpuacct`). */
  cgroupOf(proc: Proc, hierarchy: string): string {
    const direct = proc.cgroups[hierarchy];
    if (direct !== undefined) return direct;
    for (const controller of hierarchy.split(',')) if (proc.cgroups[controller] !== undefined) return proc.cgroups[controller];
    return '/';
  }

  /** Moves a process into a cgroup (all hierarchies unless named). */
  cgroupAttach(pid: number, path: string, hierarchies: string[] = HIERARCHIES.map((h) => h.dir)): void {
    const proc = this.proc(pid);
    if (!proc) return;
    sched.settle(this);
    this.cgroupCreate(path, undefined, hierarchies);
    for (const h of hierarchies) proc.cgroups[h] = path;
    sched.reschedule(this);
  }

  /** Host pids of the processes in a cgroup of a hierarchy (its `tasks` file). */
  cgroupTasks(path: string, hierarchy: string): number[] {
    return this.procList().filter((p) => this.cgroupOf(p, hierarchy) === path).map((p) => p.pid);
  }

  /** cgroup memory.usage_in_bytes (the cgroup and its descendants) and swap in use. */
  cgroupMemory(path: string): { usage: number; swap: number } {
    return memory.usage(this, path);
  }

  /** CPUs a cgroup and its descendants use right now (`docker stats` CPU % is this × 100). */
  cgroupCpuRate(path: string): number {
    sched.settle(this);
    let total = 0;
    for (const proc of this.procList()) {
      const p = this.cgroupOf(proc, 'cpu,cpuacct');
      if (path === '/' || p === path || p.startsWith(path + '/')) total += this.sys.sched.rates[proc.pid] ?? 0;
    }
    return total;
  }

  /** `major:minor` of a block device path as blkio files key it (`/dev/sda` -> `8:0`), if it is one. */
  deviceNumber(path: string): string | undefined {
    const node = this.fs.tryStat(path);
    return node?.type === 'blockdev' && node.rdev ? `${node.rdev[0]}:${node.rdev[1]}` : undefined;
  }

  /** cpuacct.usage: CPU ns used by a cgroup and its descendants. */
  cgroupCpuUsageNs(path: string): number {
    sched.settle(this);
    let total = 0;
    for (const [p, node] of Object.entries(this.sys.cgroups.nodes)) if (p === path || path === '/' || p.startsWith(path + '/')) total += node.cpu.usageNs;
    return total;
  }

  /** The freezer (docker pause/unpause): frozen tasks stop running and show state D. */
  freeze(path: string, frozen: boolean): void {
    sched.settle(this);
    const node = this.cgroupCreate(path);
    node.freezer = frozen ? 'FROZEN' : 'THAWED';
    for (const proc of this.procList()) {
      const p = this.cgroupOf(proc, 'freezer');
      if (p !== path && !p.startsWith(path + '/')) continue;
      if (frozen && proc.state !== 'Z') proc.state = 'D';
      else if (!frozen && proc.state === 'D') proc.state = proc.demand ? 'R' : 'S';
    }
    sched.reschedule(this);
    // A timed wait that ran out while frozen ends now (hooks.ts TIMED_EXIT).
    if (!frozen) {
      for (const proc of this.procList()) {
        const code = proc.data?.['timedExit'];
        if (typeof code !== 'number' || proc.state === 'D' || proc.state === 'T') continue;
        delete proc.data?.['timedExit'];
        this.exit(proc.pid, code);
      }
    }
  }
}
