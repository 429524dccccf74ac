/**
 * Exec instances: `POST /containers/{id}/exec` records a command, `POST /exec/{id}/start` runs it
 * in the container's namespaces and cgroup (output as Docker's multiplexed stream, or raw with a
 * TTY), `GET /exec/{id}/json` reports its exit code. An interactive shell (`-it` with no command
 * to finish) is left running: the CLI attaches the reader's terminal to it.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { STILL_RUNNING, type ExecContext } from '../../kernel/types.ts';
import type { World } from '../../kernel/world.ts';
import { frame } from './containers.ts';
import { containerView, resolveInContainer } from './lifecycle.ts';
import { canHold, heldResponse, holdReply, WANTS_INPUT } from './held.ts';
import { badRequest, baseHeaders, conflict, json, notFound } from './reply.ts';
import { readJsonBody } from './jsonbody.ts';
import { engineState, findContainer, recordEvent, type EngineState } from './state.ts';
import { resolveUser } from './user.ts';
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import { parseDuration } from '../../programs/coreutils/sleep.ts';
import { runsForever } from '../../programs/shell/endless.ts';
import { clockWorkFor, runTimeUntil } from './attach.ts';

export interface ExecRecord {
  id: string;
  containerId: string;
  cmd: string[];
  tty: boolean;
  openStdin: boolean;
  env: string[];
  workingDir: string;
  user: string;
  running: boolean;
  exitCode: number | null;
  pid: number;
  /** Its `exec_start` event is in the log. */
  startLogged?: boolean;
  /** What a foreground command wrote while the lab clock ran on for it (until its reply is sent). */
  out?: { stream: 'stdout' | 'stderr'; text: string }[];
}

interface ExecState {
  execs: Record<string, ExecRecord>;
}

function execs(world: World, host: string): Record<string, ExecRecord> {
  return world.ext<ExecState>(`docker-exec/${host}`, () => ({ execs: {} })).execs;
}

export function createExec(world: World, state: EngineState, host: string, ref: string, req: HttpRequest): HttpResponse {
  const found = findContainer(state, ref);
  if (!found || 'ambiguous' in found) return notFound(`No such container: ${ref}`);
  const c = found;
  if (c.state.status === 'paused') return conflict(`container ${c.id} is paused, unpause the container before exec`);
  if (c.state.status !== 'running') return conflict(`container ${c.id} is not running`);
  const read = readJsonBody<Record<string, unknown>>(req);
  if (!read.ok) return read.error;
  const body: Record<string, unknown> = read.value ?? {};
  const cmd = Array.isArray(body['Cmd']) ? (body['Cmd'] as string[]) : [];
  if (cmd.length === 0) return badRequest('No exec command specified');
  const id = world.rng.hex(64);
  execs(world, host)[id] = {
    id,
    containerId: c.id,
    cmd,
    tty: body['Tty'] === true,
    openStdin: body['AttachStdin'] === true,
    env: (body['Env'] as string[] | null) ?? [],
    workingDir: (body['WorkingDir'] as string) || c.config.WorkingDir || '/',
    user: (body['User'] as string) ?? '',
    running: false,
    exitCode: null,
    pid: 0,
  };
  execEvent(world, state, execs(world, host)[id] as ExecRecord, `exec_create: ${commandText(cmd)}`);
  return json(201, { Id: id });
}

/** How dockerd names an exec's command in its events: the entrypoint, a space, the arguments. */
function commandText(cmd: string[]): string {
  return `${cmd[0] ?? ''} ${cmd.slice(1).join(' ')}`;
}

/** An exec's event on its container (`exec_create: ls `, `exec_start: ...`, `exec_die`). */
function execEvent(world: World, state: EngineState, rec: ExecRecord, action: string, extra: Record<string, string> = {}): void {
  const c = state.containers[rec.containerId];
  if (!c) return;
  recordEvent(world, state, 'container', action, c.id, { execID: rec.id, ...extra, image: c.image, name: c.name.slice(1) });
}

/** The exec's process has ended with `code`: dockerd logs `exec_die` with it. */
function execDied(world: World, hostName: string, rec: ExecRecord, code: number): void {
  execEvent(world, engineState(world, hostName), rec, 'exec_die', { exitCode: String(code) });
}

/**
 * Ctrl+P Ctrl+Q left a terminal attached to a container: dockerd logs `exec_detach` (with the
 * exec's id) for an exec session, `detach` for an attach (run -it, docker attach).
 */
export function logDetach(world: World, frame: { host: string; pid: number; kind: string; container?: string }): void {
  const state = engineState(world, frame.host);
  if (frame.kind === 'exec') {
    const rec = Object.values(execs(world, frame.host)).find((r) => r.pid === frame.pid && r.running);
    if (rec) execEvent(world, state, rec, 'exec_detach');
    return;
  }
  const c = frame.container === undefined ? undefined : state.containers[frame.container];
  if (c) recordEvent(world, state, 'container', 'detach', c.id, { image: c.image, name: c.name.slice(1) });
}

const SHELLS = new Set(['bash', 'sh']);

const EXEC_SLEEP_DONE = 'docker/exec-sleep-done';

/** A detached exec's sleep has run its time: it exits 0 and the exec records it. */
GLOBAL_HOOKS.timers[EXEC_SLEEP_DONE] = (host, proc) => {
  // The exit hook records it (and logs exec_die), as it does when the container stops first.
  host.exit(proc.pid, 0);
  host.reap(proc.pid);
};

const EXEC_EXIT = 'docker/exec-exit';

/** A detached exec's command that ran on (a script sleeping on the clock) has ended: the exec records it. */
GLOBAL_HOOKS.exit[EXEC_EXIT] = (world, info) => {
  const rec = execs(world, info.host)[String(info.proc.data?.['exec'])];
  if (!rec) return;
  if (!rec.running) return;
  rec.running = false;
  rec.exitCode = info.signal !== undefined ? 128 + info.signal : info.exitCode;
  execDied(world, info.host, rec, rec.exitCode);
};

const EXEC_OUTPUT = 'docker/exec-output';

/** A foreground command's output while the lab clock runs on for it: kept for the reply. */
GLOBAL_HOOKS.output[EXEC_OUTPUT] = (world, proc, stream, text) => {
  const host = world.hostNameOf(proc);
  const rec = host === undefined ? undefined : execs(world, host)[String(proc.data?.['exec'])];
  if (rec?.pid === proc.pid) (rec.out ??= []).push({ stream, text });
};

/**
 * Whether a foreground exec's script can still end without anyone acting on it: it is not in a
 * loop it never leaves (endless.ts), and the clock holds something for it or a process it started
 * (a timer, CPU or disk work).
 */
function execMayEnd(world: World, host: Host, pid: number): boolean {
  if (runsForever(host, pid)) return false;
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of host.procList()) {
      if (!tree.has(p.pid) && tree.has(p.ppid) && p.state !== 'Z') {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return world.queue.state.events.some((event) => clockWorkFor(host, event, tree) === true);
}

/** An exec whose process goes on after the start call (a shell in the reader's terminal, a detached command) records its end, and dockerd's exec_die, when it exits. */
function watchExit(rec: ExecRecord, proc: { onExit?: string; data?: Record<string, unknown> }): void {
  rec.running = true;
  proc.onExit = EXEC_EXIT;
  proc.data = { ...(proc.data ?? {}), exec: rec.id };
}

function isDetached(req: HttpRequest): boolean {
  try {
    return (JSON.parse(req.body || '{}') as { Detach?: boolean }).Detach === true;
  } catch {
    return false;
  }
}

/** Milliseconds of `sleep ARGS` (Infinity for `infinity`), or undefined when sleep would refuse them. */
function sleepMs(args: string[]): number | undefined {
  if (args.length === 0) return undefined;
  let total = 0;
  for (const a of args) {
    const ms = a === 'infinity' ? Infinity : parseDuration(a);
    if (ms === null) return undefined;
    total += ms;
  }
  return total;
}

export function startExec(world: World, host: Host, state: EngineState, id: string, req: HttpRequest, input?: string): HttpResponse {
  const rec = execs(world, host.name)[id];
  if (!rec) return notFound(`No such exec instance: ${id}`);
  const c = state.containers[rec.containerId];
  if (!c || c.state.status !== 'running') return conflict(`container ${rec.containerId} is not running`);
  if (rec.running || rec.exitCode !== null) return conflict(`Error: Exec command ${id} has already run`);
  // The start is logged once, when the client asks for it (a held start runs later with its input).
  if (!rec.startLogged) {
    rec.startLogged = true;
    execEvent(world, state, rec, `exec_start: ${commandText(rec.cmd)}`);
  }
  const init = host.proc(c.state.pid);
  const env: Record<string, string> = { ...(init?.env ?? {}) };
  for (const e of rec.env) {
    const eq = e.indexOf('=');
    if (eq > 0) env[e.slice(0, eq)] = e.slice(eq + 1);
  }
  const view = host.fsFor(c.state.pid);
  const resolved = resolveUser(view, rec.user || c.config.User);
  const found = 'error' in resolved ? { error: resolved.error, code: 126 } : resolveInContainer(view, rec.cmd[0] as string, env, rec.workingDir);
  const user = 'error' in resolved ? { uid: 0, gid: 0, groups: [0] } : resolved;
  const out: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  if ('error' in found) {
    rec.exitCode = found.code;
    const message = `OCI runtime exec failed: exec failed: unable to start container process: ${found.error}: unknown\n`;
    return { status: 200, headers: { ...baseHeaders(), 'Content-Type': rec.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream' }, body: rec.tty ? message : frame('stdout', message) };
  }
  const interactive = rec.tty && rec.openStdin && SHELLS.has(found.prog) && rec.cmd.length === 1;
  // A real client sends the command's input after the stream opens: the command runs when it has
  // all of it (held.ts).
  if (!interactive && rec.openStdin && canHold(req) && input === undefined) {
    const token = holdReply(world, host.name, { kind: 'exec', exec: id });
    return heldResponse(rec.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream', '', token, { [WANTS_INPUT]: '1' });
  }
  // A script runs as its `#!` interpreter with the script's path (`/bin/sh /loop.sh`).
  const argv = [...(found.argv ?? rec.cmd.slice(0, 1)), ...rec.cmd.slice(1)];
  const proc = host.spawn({ ppid: init?.ppid ?? 1, argv, prog: found.prog, state: 'R', ns: { ...(init?.ns ?? {}) }, cgroup: `/docker/${c.id}`, cwd: rec.workingDir, env, tty: rec.tty ? 'pts/1' : '?', uid: user.uid, gid: user.gid, groups: user.groups });
  rec.pid = proc.pid;
  if (interactive) {
    watchExit(rec, proc);
    return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/vnd.docker.raw-stream', 'X-Podbook-Session-Pid': String(proc.pid) }, body: '' };
  }
  // `exec -d … sleep N`: the daemon answers at once and the sleep stays in the container until its time is up.
  const waitMs = found.prog === 'sleep' && isDetached(req) ? sleepMs(rec.cmd.slice(1)) : undefined;
  if (waitMs !== undefined) {
    watchExit(rec, proc);
    proc.state = 'S';
    if (Number.isFinite(waitMs)) host.setTimer(proc.pid, Math.round(waitMs), EXEC_SLEEP_DONE, { exec: id });
    return { status: 200, headers: baseHeaders(), body: '' };
  }
  let stdin = input ?? '';
  if (input === undefined) {
    try {
      stdin = (JSON.parse(req.body || '{}') as { Stdin?: string }).Stdin ?? '';
    } catch {
      stdin = '';
    }
  }
  const program = world.programs[found.prog];
  // `exec -d`: nobody waits on the command, so a script in it runs on the clock.
  const detached = isDetached(req);
  // The in-process client waits for a script on the clock too, as long as it can still end.
  const onClock = detached || (!canHold(req) && SHELLS.has(found.prog));
  const ctx: ExecContext = {
    ...(onClock ? { detached: true } : {}),
    argv,
    env,
    cwd: rec.workingDir,
    stdin,
    stdout: (t) => out.push({ stream: 'stdout', text: t }),
    stderr: (t) => out.push({ stream: rec.tty ? 'stdout' : 'stderr', text: t }),
    isTTY: rec.tty,
    host: containerView(host, proc.pid),
    world,
    pid: proc.pid,
    session: undefined,
  };
  let code: number;
  try {
    code = program ? program(ctx) : 0;
  } catch {
    code = 1;
  }
  const running = host.proc(proc.pid);
  if (detached && code === STILL_RUNNING && running) {
    watchExit(rec, running);
    return { status: 200, headers: baseHeaders(), body: '' };
  }
  let interrupted = false;
  if (code === STILL_RUNNING && running) {
    // Time runs until the script ends; one that never would is left running, as the client is
    // left by Ctrl+C (a terminal's Ctrl+C, with -t, interrupts the script itself).
    watchExit(rec, running);
    running.onOutput = EXEC_OUTPUT;
    runTimeUntil(world, () => !rec.running, () => execMayEnd(world, host, proc.pid));
    out.push(...(rec.out ?? []));
    delete rec.out;
    interrupted = rec.running;
    if (interrupted) {
      delete running.onOutput;
      if (rec.tty) host.kill(proc.pid, 2);
    }
  } else {
    rec.exitCode = code;
    execDied(world, host.name, rec, code);
    if (running) host.reap(proc.pid);
  }
  const body = rec.tty ? out.map((o) => o.text.replace(/\r?\n/g, '\r\n')).join('') : out.map((o) => frame(o.stream, o.text)).join('');
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': rec.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream', ...(interrupted ? { [INTERRUPTED]: '1' } : {}) }, body };
}

/** Header of a foreground exec the in-process client stopped waiting for (it prints `^C`). */
export const INTERRUPTED = 'X-Podbook-Interrupted';

/** A held exec whose client has sent all its input: the command runs with it now. */
export function startExecWithInput(world: World, host: Host, state: EngineState, id: string, input: string): HttpResponse {
  return startExec(world, host, state, id, { method: 'POST', path: `/exec/${id}/start`, query: [], headers: {}, body: '' }, input);
}

export function inspectExec(world: World, host: Host, id: string): HttpResponse {
  const rec = execs(world, host.name)[id];
  if (!rec) return notFound(`No such exec instance: ${id}`);
  if (rec.running && !host.proc(rec.pid)) rec.running = false;
  return json(200, {
    ID: rec.id,
    Running: rec.running,
    ExitCode: rec.exitCode,
    ProcessConfig: { tty: rec.tty, entrypoint: rec.cmd[0], arguments: rec.cmd.slice(1), privileged: false },
    OpenStdin: rec.openStdin,
    OpenStderr: true,
    OpenStdout: true,
    CanRemove: false,
    ContainerID: rec.containerId,
    DetachKeys: '',
    Pid: rec.pid,
  });
}
