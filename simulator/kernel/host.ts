/**
 * One simulated Linux host: its filesystem, process table and the listeners its servers hold.
 * `Host` is a view over `HostState` (plain data inside the world snapshot); it holds no state itself.
 */
import type { FsState } from './vfs.ts';
import { Vfs } from './vfs.ts';
import type { Proc, ProcTableState } from './process.ts';
import type { World } from './world.ts';

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
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin';

export class Host {
  readonly state: HostState;
  readonly world: World;
  readonly fs: Vfs;

  constructor(state: HostState, world: World) {
    this.state = state;
    this.world = world;
    this.fs = new Vfs(state.fs, () => world.clock.now);
  }

  get name(): string {
    return this.state.name;
  }

  proc(pid: number): Proc | undefined {
    return this.state.procs.procs[pid];
  }

  /** All processes, ordered by pid. */
  procList(): Proc[] {
    return Object.values(this.state.procs.procs).sort((a, b) => a.pid - b.pid);
  }

  spawn(spec: Pick<Proc, 'ppid' | 'argv' | 'prog'> & Partial<Proc>): Proc {
    const pid = this.state.procs.nextPid++;
    const parent = this.proc(spec.ppid);
    const proc: Proc = {
      pid,
      uid: parent?.uid ?? 0,
      gid: parent?.gid ?? 0,
      state: 'S',
      tty: parent?.tty ?? '?',
      startedAt: this.world.clock.now,
      cpuMs: 0,
      ns: { ...(parent?.ns ?? {}) },
      cgroups: { ...(parent?.cgroups ?? {}) },
      cwd: parent?.cwd ?? '/',
      env: { ...(parent?.env ?? {}) },
      ...spec,
    };
    this.state.procs.procs[pid] = proc;
    return proc;
  }

  /** Removes a finished process from the table (it has been reaped). */
  reap(pid: number): void {
    delete this.state.procs.procs[pid];
  }

  /**
   * Finds an executable the way execvp does: a name with a slash is a path, otherwise each PATH entry.
   * Returns the absolute path and program name, or why it failed.
   */
  findExecutable(name: string, path: string, cwd: string): { path: string; prog: string } | { error: 'ENOENT' | 'EACCES' | 'EISDIR' } {
    const candidates = name.includes('/') ? [name.startsWith('/') ? name : `${cwd}/${name}`] : path.split(':').filter(Boolean).map((dir) => `${dir}/${name}`);
    let found: 'ENOENT' | 'EACCES' | 'EISDIR' = 'ENOENT';
    for (const candidate of candidates) {
      const node = this.fs.tryStat(candidate);
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
}
