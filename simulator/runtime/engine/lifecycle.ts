/**
 * What happens on the host when a container starts and stops: its sandbox (namespaces, mounts,
 * cgroup) is made through the kernel, it gets an address on its network and its published ports,
 * and PID 1 runs there. PID 1's end — by itself, by a signal, or killed after the stop timeout —
 * comes back through the kernel's `docker` exit hook, which records it and releases the rest.
 */
import type { Host } from '../../kernel/host.ts';
import { STILL_RUNNING, type ExecContext } from '../../kernel/types.ts';
import { normalizePath } from '../../kernel/vfs.ts';
import { INITIAL_NS } from '../../kernel/namespaces.ts';
import { signalName } from '../../kernel/signals.ts';
import type { CgroupNode } from '../../kernel/cgroup.ts';
import type { World } from '../../kernel/world.ts';
import { ensureDefaultNetworks, allocateAddress, releaseAddress } from './networks.ts';
import { setupNetwork, teardownNetwork } from './netsetup.ts';
import { resolveLinks } from './links.ts';
import { createSandbox, releaseSandbox, removeRoot } from './sandbox.ts';
import { resolveUser } from './user.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import { startHealth, wireHealth } from './health.ts';
import { heldOnExit, heldOnRemove } from './held.ts';
import { engineState, recordEvent, type ContainerRecord, type EngineState, type PortBinding } from './state.ts';

/** Programs that keep running until signalled (servers, shells waiting on a terminal). */
const SERVERS = new Set(['httpd', 'nginx', 'registry', 'stress', 'mysqld', 'redis-server']);

/** Exit status when stopped with the image's stop signal; absent: PID 1 ignores it (137 later). */
const GRACEFUL_EXIT: Record<string, number> = { httpd: 0, nginx: 0, registry: 2, 'redis-server': 0, mysqld: 0 };

const STOP_TIMEOUT_S = 10;

const SIGNAL_NUMBERS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15, WINCH: 28 };

function parseSignalName(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : SIGNAL_NUMBERS[text.toUpperCase().replace(/^SIG/, '')] ?? 15;
}

/** Finds a command the way runc's exec does, inside a container's filesystem view. */
/**
 * What runs for a command: its program, or for a script with a `#!` line the interpreter's, with
 * the argv the kernel gives it (`/bin/sh /loop.sh`; the command's own arguments follow).
 */
type Resolved = { prog: string; argv?: string[] } | { error: string; code: number };

export function resolveInContainer(fs: Vfs, name: string, env: Record<string, string>, cwd: string): Resolved {
  return resolveProg(fs, { path: name, config: { WorkingDir: cwd } } as ContainerRecord, env);
}

/** A script's `#!` interpreter as execve runs it, if the file has one and that interpreter is a program. */
function interpreterOf(fs: Vfs, path: string, env: Record<string, string>, depth: number): { prog: string; argv: string[] } | undefined {
  let text: string;
  try {
    text = fs.readFile(path);
  } catch {
    return undefined;
  }
  if (!text.startsWith('#!') || depth > 3) return undefined;
  const line = text.slice(2, (text.indexOf('\n') + 1 || text.length + 1) - 1).trim();
  // Linux passes everything after the interpreter's name as one argument.
  const space = line.search(/\s/);
  const interp = space < 0 ? line : line.slice(0, space);
  const arg = space < 0 ? '' : line.slice(space).trim();
  if (!interp.startsWith('/')) return undefined;
  const found = resolveProg(fs, { path: interp, config: { WorkingDir: '/' } } as ContainerRecord, env, depth + 1);
  if ('error' in found) return undefined;
  return { prog: found.prog, argv: [...(found.argv ?? [interp]), ...(arg ? [arg] : []), path] };
}

function resolveProg(fs: Vfs, c: ContainerRecord, env: Record<string, string>, depth = 0): Resolved {
  const root = '';
  const name = c.path;
  const dirs = name.includes('/') ? [''] : (env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':');
  for (const dir of dirs) {
    const inside = name.includes('/') ? normalizePath(name, c.config.WorkingDir || '/') : `${dir}/${name}`;
    const node = fs.tryStat(root + inside);
    if (!node || node.type === 'dir') {
      // Symlinks inside the root point at paths relative to it.
      const link = fs.tryStat(root + inside, false);
      if (link?.type === 'symlink' && link.target) {
        const target = normalizePath(link.target, inside.slice(0, inside.lastIndexOf('/')) || '/');
        const t = fs.tryStat(root + target);
        if (t?.prog) return { prog: t.prog };
      }
      continue;
    }
    if (node.prog) return { prog: node.prog };
    const script = (node.mode & 0o111) !== 0 ? interpreterOf(fs, root + inside, env, depth) : undefined;
    if (script) return script;
    return { error: `exec: "${name}": permission denied`, code: 126 };
  }
  if (name.includes('/')) return { error: `exec: "${name}": stat ${name}: no such file or directory`, code: 127 };
  return { error: `exec: "${name}": executable file not found in $PATH`, code: 127 };
}

/**
 * PID 1's environment in the daemon's order: PATH and HOSTNAME (and TERM with a TTY) first, then
 * the image's and the client's variables, each replacing one of those in place or coming after;
 * HOME, when nothing set it, last.
 */
function containerEnv(c: ContainerRecord): Record<string, string> {
  const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: c.config.Hostname };
  if (c.config.Tty) env['TERM'] = 'xterm';
  for (const entry of c.config.Env) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  env['HOME'] ??= '/root';
  return env;
}

/** The daemon's order: PATH and HOSTNAME first, then the links' variables, then the rest. */
function withLinkEnv(env: Record<string, string>, links: string[]): Record<string, string> {
  if (links.length === 0) return env;
  const out: Record<string, string> = {};
  for (const k of ['PATH', 'HOSTNAME', 'TERM']) if (env[k] !== undefined) out[k] = env[k];
  for (const entry of links) {
    const eq = entry.indexOf('=');
    out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return { ...out, ...env };
}

export type StartResult = { ok: true } | { ok: false; status: number; message: string };

/** Starts a created or exited container: sandbox, network, ports, PID 1. */
export function startContainer(world: World, host: Host, state: EngineState, c: ContainerRecord): StartResult {
  ensureDefaultNetworks(world, state);
  const linked = resolveLinks(state, c);
  if ('error' in linked) return { ok: false, status: 500, message: linked.error };
  const env = withLinkEnv(containerEnv(c), linked.env);
  const bound = bindPorts(state, c);
  if (!bound.ok) return bound;
  for (const name of Object.keys(c.networks)) allocateAddress(state, c, name);
  const mode = String(c.hostConfig['NetworkMode'] ?? 'bridge');
  const box = createSandbox(host, c, (creator) => (mode === 'host' ? INITIAL_NS.net : host.createNamespace('net', { creator })), linked.hosts);
  const user = resolveUser(box.fs, c.config.User);
  const found = 'error' in user ? { error: user.error, code: 128 } : resolveProg(box.fs, c, env);
  if ('error' in found || 'error' in user) {
    const failed = 'error' in found ? found : { error: '', code: 128 };
    releaseSandbox(host, box.shim);
    for (const name of Object.keys(c.networks)) releaseAddress(c, name);
    c.ports = {};
    c.state = { ...c.state, status: c.state.startedAt ? 'exited' : 'created', exitCode: failed.code, error: failed.error };
    return { ok: false, status: 400, message: `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${failed.error}: unknown` };
  }
  // runc sets HOME from the user's passwd entry when the image and --env leave it unset.
  if (!c.config.Env.some((e) => e.startsWith('HOME='))) env['HOME'] = user.home ?? '/';
  setupNetwork(world, host.name, state, c, mode === 'host' ? undefined : box.ns.net);
  let argv = [...(found.argv ?? [c.path]), ...c.args];
  let prog = found.prog;
  // Official images' entrypoint scripts end in `exec "$@"`: PID 1 becomes the command they were given.
  // A script with a model of its own (`*-entrypoint`) does its work first, as PID 1, then execs.
  let entrypoint: string | undefined;
  if ((prog === 'sh' || prog === 'bash' || prog.endsWith('-entrypoint')) && /entrypoint\.sh$/.test(c.path) && c.args.length > 0) {
    const next = c.args[0]?.endsWith('.yml') ? ['registry', 'serve', ...c.args] : c.args;
    const inner = resolveProg(box.fs, { ...c, path: next[0] as string }, env);
    if ('prog' in inner) {
      if (prog.endsWith('-entrypoint')) entrypoint = prog;
      argv = next;
      prog = inner.prog;
    }
  }
  const cgroup = `/docker/${c.id}`;
  host.cgroupCreate(cgroup, (cg) => applyLimits(cg, c.hostConfig));
  // `--init`: docker-init is the namespace's PID 1 and runs the command as its child.
  let parent = box.shim;
  if (c.hostConfig['Init'] === true) {
    const init = host.spawn({ ppid: box.shim, argv: ['/sbin/docker-init', '--', ...argv], prog: 'docker-init', state: 'S', ns: box.ns, cgroup, cwd: c.config.WorkingDir || '/', env, tty: c.config.Tty ? 'pts/0' : '?' });
    init.data = { container: c.id, init: true };
    parent = init.pid;
  }
  const proc = host.spawn({ ppid: parent, argv, prog, state: 'S', ns: box.ns, cgroup, onExit: 'docker', onOutput: 'docker', cwd: c.config.WorkingDir || '/', env, tty: c.config.Tty ? 'pts/0' : '?', uid: user.uid, gid: user.gid, groups: user.groups });
  proc.data = { container: c.id };
  c.shim = box.shim;
  delete c.stoppedByUser;
  c.state = { ...c.state, status: 'running', pid: proc.pid, exitCode: 0, error: '', startedAt: world.clock.now, finishedAt: c.state.finishedAt };
  recordEvent(world, state, 'container', 'start', c.id, { image: c.image, name: c.name.slice(1) });
  startHealth(world, host, c);
  if (entrypoint && !runEntrypoint(world, host, state, c, entrypoint, [c.path, ...c.args], env)) return { ok: true };
  runInit(world, host, state, c, prog, argv, env);
  return { ok: true };
}

/** cgroup limits from the HostConfig (`-m`, `--memory-swap`, `--cpu-shares`, `--cpus`, `--cpuset-cpus`, blkio). */
function applyLimits(cg: CgroupNode, hc: Record<string, unknown>): void {
  const num = (k: string): number => (typeof hc[k] === 'number' ? (hc[k] as number) : 0);
  if (num('Memory') > 0) {
    cg.memory.limit = num('Memory');
    // Without --memory-swap the container may use as much swap again as memory.
    cg.memory.memswLimit = num('MemorySwap') > 0 ? num('MemorySwap') : num('MemorySwap') === -1 ? cg.memory.memswLimit : num('Memory') * 2;
  }
  if (num('CpuShares') > 0) cg.cpu.shares = num('CpuShares');
  if (num('NanoCpus') > 0) {
    cg.cpu.periodUs = 100000;
    cg.cpu.quotaUs = Math.round(num('NanoCpus') / 10000);
  }
  if (num('CpuPeriod') > 0) cg.cpu.periodUs = num('CpuPeriod');
  if (num('CpuQuota') > 0) cg.cpu.quotaUs = num('CpuQuota');
  if (typeof hc['CpusetCpus'] === 'string' && hc['CpusetCpus'] !== '') cg.cpuset.cpus = hc['CpusetCpus'] as string;
  if (num('BlkioWeight') > 0) cg.blkio.weight = num('BlkioWeight');
  const devices = (k: string): { Path: string; Rate: number }[] => (Array.isArray(hc[k]) ? (hc[k] as { Path: string; Rate: number }[]) : []);
  const major = (path: string): string => (/sd[a-z]$|vd[a-z]$/.test(path) ? '8:0' : '253:0');
  for (const d of devices('BlkioDeviceReadBps')) cg.blkio.readBps[major(d.Path)] = d.Rate;
  for (const d of devices('BlkioDeviceWriteBps')) cg.blkio.writeBps[major(d.Path)] = d.Rate;
  for (const d of devices('BlkioDeviceReadIOps')) cg.blkio.readIops[major(d.Path)] = d.Rate;
  for (const d of devices('BlkioDeviceWriteIOps')) cg.blkio.writeIops[major(d.Path)] = d.Rate;
}

/**
 * The host as a process in the container sees it: the same Host whose `fs` is the process's mount
 * namespace view, so programs that read `ctx.host.fs` read the container's files.
 */
export function containerView(host: Host, pid: number): Host {
  return Object.create(host, { fs: { value: host.fsFor(pid), enumerable: true } }) as Host;
}

/** PID 1 runs the image's entrypoint model before it execs the command; false if the script failed. */
function runEntrypoint(world: World, host: Host, state: EngineState, c: ContainerRecord, prog: string, argv: string[], env: Record<string, string>): boolean {
  const program = world.programs[prog];
  if (!program) return true;
  const log = (stream: 'stdout' | 'stderr') => (text: string): void => {
    c.logs.push({ stream, at: world.clock.now, text });
  };
  let code: number;
  try {
    code = program({ argv, env, cwd: c.config.WorkingDir || '/', stdin: '', stdout: log('stdout'), stderr: log('stderr'), isTTY: c.config.Tty, host: containerView(host, c.state.pid), world, pid: c.state.pid, session: undefined });
  } catch {
    code = 1;
  }
  if (code === 0) return true;
  exitContainer(world, host, state, c, code);
  return false;
}

/** Runs PID 1's program: servers stay up; anything else runs to completion and the container exits. */
function runInit(world: World, host: Host, state: EngineState, c: ContainerRecord, prog: string, argv: string[], env: Record<string, string>): void {
  const interactiveShell = (prog === 'bash' || prog === 'sh') && argv.length === 1 && c.config.OpenStdin && c.pendingStdin === undefined;
  if (prog === 'sleep') {
    const seconds = parseSleep(argv.slice(1));
    if (seconds !== null && Number.isFinite(seconds)) world.queue.after(seconds * 1000, 'docker.exit', { host: host.name, id: c.id, pid: c.state.pid, code: 0 });
    return;
  }
  // A client is still sending its input: the program reads it all when it ends (feedInput).
  if (c.awaitingInput && c.pendingStdin === undefined) {
    c.deferredInit = { prog, argv, env };
    return;
  }
  if (interactiveShell) return;
  const stdin = c.pendingStdin ?? '';
  delete c.pendingStdin;
  runProgram(world, host, state, c, prog, argv, env, stdin);
}

/**
 * The whole input of an attached client has arrived: a container not started yet reads it when
 * it starts; one whose PID 1 was waiting for it runs now.
 */
export function feedInput(world: World, host: Host, state: EngineState, c: ContainerRecord, text: string): void {
  delete c.awaitingInput;
  const init = c.deferredInit;
  if (!init) {
    if (c.state.status === 'created' || c.state.status === 'exited') c.pendingStdin = text;
    return;
  }
  delete c.deferredInit;
  if (c.state.status === 'running') runProgram(world, host, state, c, init.prog, init.argv, init.env, text);
}

function runProgram(world: World, host: Host, state: EngineState, c: ContainerRecord, prog: string, argv: string[], env: Record<string, string>, stdin: string): void {
  const log = (stream: 'stdout' | 'stderr') => (text: string): void => {
    c.logs.push({ stream, at: world.clock.now, text });
  };
  const program = world.programs[prog];
  // Nobody waits on PID 1: a script in it runs on the clock (a `sleep` in its loop ends on a timer).
  const ctx: ExecContext = { argv, env, cwd: c.config.WorkingDir || '/', stdin, stdout: log('stdout'), stderr: log('stderr'), isTTY: c.config.Tty, host: containerView(host, c.state.pid), world, pid: c.state.pid, session: undefined, detached: true };
  let code = 0;
  if (program) {
    try {
      code = program(ctx);
    } catch {
      code = 1;
    }
  }
  // A program still at work (perl computing, stress until --timeout) ends later by itself; a server
  // stays up unless it forked itself off as a daemon (`httpd` without -DFOREGROUND) and returned.
  if (code === STILL_RUNNING) return;
  if (SERVERS.has(prog) && host.proc(c.state.pid)?.data?.['daemonized'] !== true) return;
  exitContainer(world, host, state, c, code);
}

function parseSleep(args: string[]): number | null {
  if (args[0] === 'infinity') return Infinity;
  let total = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
    if (!m) return null;
    total += Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as string] as number);
  }
  return total;
}

/** Ends PID 1 with `code` (the kernel's exit hook then records it). */
export function exitContainer(world: World, host: Host, state: EngineState, c: ContainerRecord, code: number): void {
  if (c.state.status !== 'running' && c.state.status !== 'paused') return;
  if (c.state.pid && host.proc(c.state.pid)) host.exit(c.state.pid, code, code === 137 ? { signal: 9 } : {});
  else containerExited(world, host, state, c, code);
}

/** The container's PID 1 is gone: release its network, ports and shim; record the exit. */
export function containerExited(world: World, host: Host, state: EngineState, c: ContainerRecord, code: number, oomKilled = false): void {
  if (c.state.status !== 'running' && c.state.status !== 'paused') return;
  teardownNetwork(world, host.name, c, c.hostConfig['NetworkMode'] === 'host' ? undefined : networkNs(host, c));
  // docker-init (`--init`) ends with the command it ran.
  for (const p of host.procList()) if ((p.data as { container?: string; init?: boolean } | undefined)?.init && (p.data as { container?: string }).container === c.id) host.reap(p.pid);
  releaseSandbox(host, c.shim);
  delete c.shim;
  // The daemon marks the container on the cgroup's OOM event, whichever of its processes was killed.
  const oom = oomKilled || (host.cgroup(`/docker/${c.id}`)?.memory.oomKills ?? 0) > 0;
  // runc deletes the container's cgroup once its last process is gone.
  host.cgroupRemove(`/docker/${c.id}`);
  c.state = { ...c.state, status: 'exited', pid: 0, exitCode: code, oomKilled: oom, finishedAt: world.clock.now };
  unbindPorts(c);
  for (const name of Object.keys(c.networks)) releaseAddress(c, name);
  if (oom) recordEvent(world, state, 'container', 'oom', c.id, { image: c.image, name: c.name.slice(1) });
  recordEvent(world, state, 'container', 'die', c.id, { exitCode: String(code), image: c.image, name: c.name.slice(1) });
  if (c.stopping) {
    delete c.stopping;
    recordEvent(world, state, 'container', 'stop', c.id, { image: c.image, name: c.name.slice(1) });
  }
  delete c.deferredInit;
  heldOnExit(world, host.name, c);
  // --rm: removed just after (a millisecond, so a wait that ran time up to the exit stops first and
  // a foreground client can still read the output of a program that ended late).
  if (c.hostConfig['AutoRemove'] === true) world.queue.after(1, 'docker.autoremove', { host: host.name, id: c.id });
  else if (shouldRestart(c, code)) {
    // The daemon's back-off: 100 ms, doubling with each restart.
    c.state.status = 'restarting';
    world.queue.after(100 * 2 ** Math.min(c.state.restartCount, 10), 'docker.restart', { host: host.name, id: c.id });
  }
}

function shouldRestart(c: ContainerRecord, code: number): boolean {
  if (c.stoppedByUser) return false;
  const policy = (c.hostConfig['RestartPolicy'] ?? {}) as { Name?: string; MaximumRetryCount?: number };
  if (policy.Name === 'always' || policy.Name === 'unless-stopped') return true;
  if (policy.Name === 'on-failure') return code !== 0 && (!policy.MaximumRetryCount || c.state.restartCount < policy.MaximumRetryCount);
  return false;
}

/** The network namespace id the container's processes used (recorded at start). */
function networkNs(host: Host, c: ContainerRecord): number | undefined {
  void host;
  return c.netns;
}

/** Stops with the stop signal, then SIGKILL after the timeout (the clock moves by the wait). */
export function stopContainer(world: World, host: Host, state: EngineState, c: ContainerRecord, timeoutS?: number): void {
  beginStop(world, host, state, c, timeoutS);
  awaitStop(world, c);
}

/**
 * The first half of a stop: the stop signal now, and the daemon's timer for what follows (the
 * graceful servers' exit, or SIGKILL when the timeout runs out), on the lab's queue. Several stops
 * begun at one moment run their timeouts side by side, as the daemon's do for concurrent requests.
 */
export function beginStop(world: World, host: Host, state: EngineState, c: ContainerRecord, timeout?: number): void {
  // No timeout asked for: the container's own (`--stop-timeout`), else dockerd's 10 s.
  const timeoutS = timeout ?? c.config.StopTimeout ?? STOP_TIMEOUT_S;
  if (c.state.status === 'restarting') {
    c.stoppedByUser = true;
    c.state.status = 'exited';
    return;
  }
  if (c.state.status !== 'running' && c.state.status !== 'paused') return;
  if (c.stopping) return;
  c.stoppedByUser = true;
  const prog = host.proc(c.state.pid)?.prog ?? '';
  if (c.state.status === 'paused') {
    host.freeze(`/docker/${c.id}`, false);
    c.state.status = 'running';
  }
  // The stop signal first: a program with a handler for it ends on its own. dockerd logs the
  // signal as a kill event once it has sent it, before the container's exit comes back as die.
  const signal = parseSignalName(c.config.StopSignal ?? 'SIGTERM');
  recordEvent(world, state, 'container', 'kill', c.id, { image: c.image, name: c.name.slice(1), signal: String(signal) });
  host.kill(c.state.pid, signal);
  if (c.state.status !== 'running') {
    recordEvent(world, state, 'container', 'stop', c.id, { image: c.image, name: c.name.slice(1) });
    return;
  }
  // A server that shuts down on the signal takes a moment; anything else may end on its own before
  // the timeout (a script finishing), or is killed then. Its end records the stop (containerExited).
  const graceful = GRACEFUL_EXIT[prog];
  const wait = graceful !== undefined ? 100 : Math.max(0, timeoutS) * 1000;
  c.stopping = { deadline: world.clock.now + wait, code: graceful ?? 137 };
  world.queue.after(wait, 'docker.stop-timeout', { host: host.name, id: c.id, deadline: c.stopping.deadline });
}

/** The second half: runs the lab's time until the container's stop under way has ended it. */
export function awaitStop(world: World, c: ContainerRecord): void {
  for (let i = 0; i < 100_000 && c.stopping; i++) {
    const next = world.queue.peek();
    if (!next) break;
    world.advance(next.at - world.clock.now);
  }
}

export function killContainer(world: World, host: Host, state: EngineState, c: ContainerRecord, signal: number): void {
  recordEvent(world, state, 'container', 'kill', c.id, { image: c.image, name: c.name.slice(1), signal: String(signal) });
  const init = host.proc(c.state.pid);
  // PID 1 with a handler of its own for the signal (nginx's shutdowns, an init forwarding it) gets it.
  const handler = init?.signals?.[signalName(signal)];
  if (signal !== 9 && handler !== undefined && handler !== 'ignore') {
    host.kill(c.state.pid, signal);
    return;
  }
  const prog = init?.prog ?? '';
  if (signal === 9) exitContainer(world, host, state, c, 137);
  else if (signal === 15 && GRACEFUL_EXIT[prog] !== undefined) exitContainer(world, host, state, c, GRACEFUL_EXIT[prog] as number);
  // Any other PID 1 (sh, bash, sleep) has no handler, and the kernel spares a namespace's init the
  // default action: the signal does nothing.
  else if ((signal === 2 || signal === 1 || signal === 15) && GRACEFUL_EXIT[prog] !== undefined) exitContainer(world, host, state, c, 128 + signal);
}

export function removeContainer(world: World, host: Host, state: EngineState, c: ContainerRecord): void {
  removeRoot(host, c);
  delete state.containers[c.id];
  recordEvent(world, state, 'container', 'destroy', c.id, { image: c.image, name: c.name.slice(1) });
  heldOnRemove(world, host.name, c);
}

// --- Published ports ---------------------------------------------------------------------------

type BindResult = { ok: true } | { ok: false; status: number; message: string };

function bindPorts(state: EngineState, c: ContainerRecord): BindResult {
  const wanted = (c.hostConfig['PortBindings'] ?? {}) as Record<string, PortBinding[] | null>;
  const publishAll = c.hostConfig['PublishAllPorts'] === true;
  const specs: { port: string; bindings: PortBinding[] }[] = Object.entries(wanted).map(([port, b]) => ({ port, bindings: b ?? [] }));
  if (publishAll) {
    for (const port of Object.keys(c.config.ExposedPorts ?? {})) if (!wanted[port]) specs.push({ port, bindings: [{ HostIp: '', HostPort: '' }] });
  }
  const taken = new Set<string>();
  for (const other of Object.values(state.containers)) {
    if (other.id === c.id) continue;
    for (const list of Object.values(other.ports)) for (const b of list) taken.add(`${b.HostIp}|${b.HostPort}`);
  }
  const result: Record<string, PortBinding[]> = {};
  let next = 32768;
  for (const { port, bindings } of specs.sort((a, b) => portOrder(a.port) - portOrder(b.port))) {
    const list: PortBinding[] = [];
    for (const b of bindings.length ? bindings : [{ HostIp: '', HostPort: '' }]) {
      let hostPort = b.HostPort;
      if (hostPort === '') {
        while (taken.has(`0.0.0.0|${next}`) || taken.has(`::|${next}`)) next++;
        hostPort = String(next++);
      }
      const ips = b.HostIp === '' ? ['0.0.0.0', '::'] : [b.HostIp];
      for (const ip of ips) {
        if (taken.has(`${ip}|${hostPort}`)) {
          return { ok: false, status: 500, message: `failed to set up container networking: driver failed programming external connectivity on endpoint ${c.name.slice(1)} (${c.networks['bridge']?.endpointId ?? ''}): Bind for ${ip.includes(':') ? `[${ip}]` : ip}:${hostPort} failed: port is already allocated` };
        }
        taken.add(`${ip}|${hostPort}`);
        list.push({ HostIp: ip, HostPort: hostPort });
      }
    }
    result[port] = list;
  }
  c.ports = result;
  return { ok: true };
}

function portOrder(port: string): number {
  return Number(port.split('/')[0]);
}

function unbindPorts(c: ContainerRecord): void {
  c.ports = {};
}

/** Event handlers of the engine (timed exits, --rm cleanup), registered when a lab is wired. */
export function wireEngineEvents(world: World): void {
  wireHealth(world);
  // What PID 1 writes after its program returned goes to the container's log.
  world.outputHooks['docker'] = (w, proc, stream, text) => {
    const id = (proc.data as { container?: string } | undefined)?.container;
    if (id === undefined) return;
    for (const key of Object.keys(w.state.ext)) {
      const c = key.startsWith('docker/') ? (w.state.ext[key] as EngineState).containers?.[id] : undefined;
      if (c && c.state.pid === proc.pid) c.logs.push({ stream, at: w.clock.now, text });
    }
  };
  world.exitHooks['docker'] = (w, info) => {
    const state = engineState(w, info.host);
    const c = Object.values(state.containers).find((x) => x.state.pid === info.pid);
    if (c) containerExited(w, w.host(info.host), state, c, info.exitCode, info.oomKilled);
  };
  world.queue.on('docker.exit', (event) => {
    const { host, id, pid, code } = event.data as { host: string; id: string; pid: number; code: number };
    const h = world.host(host);
    const state = engineState(world, host);
    const c = state.containers[id];
    if (c && c.state.pid === pid) exitContainer(world, h, state, c, code);
  });
  world.queue.on('docker.restart', (event) => {
    const { host, id } = event.data as { host: string; id: string };
    const state = engineState(world, host);
    const c = state.containers[id];
    if (!c || c.state.status !== 'restarting') return;
    c.state.status = 'exited';
    c.state.restartCount++;
    startContainer(world, world.host(host), state, c);
  });
  world.queue.on('docker.stop-timeout', (event) => {
    const { host, id, deadline } = event.data as { host: string; id: string; deadline: number };
    const state = engineState(world, host);
    const c = state.containers[id];
    if (!c?.stopping || c.stopping.deadline !== deadline) return;
    if (c.stopping.code === 137) recordEvent(world, state, 'container', 'kill', c.id, { image: c.image, name: c.name.slice(1), signal: '9' });
    exitContainer(world, world.host(host), state, c, c.stopping.code);
  });
  world.queue.on('docker.autoremove', (event) => {
    const { host, id } = event.data as { host: string; id: string };
    const state = engineState(world, host);
    const c = state.containers[id];
    if (c && c.state.status === 'exited') removeContainer(world, world.host(host), state, c);
  });
}
