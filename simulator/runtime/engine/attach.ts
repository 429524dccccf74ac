/**
 * `POST /containers/{id}/attach` and `POST /containers/{id}/wait` as a real client uses them:
 * `docker run` without `-d` attaches and waits *before* it starts the container, then reads the
 * output as the container runs and its exit code when it ends. For a caller that can hold a reply
 * (held.ts) these are answered piece by piece; the in-process client, which starts first and
 * reads the logs, gets the engine's immediate answers as before.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import type { World } from '../../kernel/world.ts';
import type { SimEvent } from '../../core/queue.ts';
import { TIMER_EVENT } from '../../kernel/hooks.ts';
import { SCHED_EVENT } from '../../kernel/sched.ts';
import { IO_EVENT } from '../../kernel/blkio.ts';
import { runsForever } from '../../programs/shell/endless.ts';
import { EVENT as HEALTH_EVENT } from './health.ts';
import { startExecWithInput } from './exec.ts';
import { eventsSince } from './system-extra.ts';
import {
  CANCEL,
  canHold,
  header,
  heldReplies,
  heldResponse,
  holdReply,
  HELD,
  IDLE,
  INPUT_END,
  muxFrame,
  takeAttachOutput,
  utf8Bytes,
  wallClock,
  WANTS_INPUT,
  type HeldReply,
} from './held.ts';
import { feedInput, removeContainer } from './lifecycle.ts';
import { logsAnswer } from './logs.ts';
import { badRequest, baseHeaders, json, notFound } from './reply.ts';
import type { ContainerRecord, EngineState } from './state.ts';

const RAW = 'application/vnd.docker.raw-stream';
const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true' || value === 'True';
}

function running(c: ContainerRecord): boolean {
  return c.state.status === 'running' || c.state.status === 'paused' || c.state.status === 'restarting';
}

/**
 * The most lab time a wait runs for a container that may still end by itself. A container that
 * runs longer is treated as one that never ends: the client stops waiting, as a reader would
 * press Ctrl+C. The cost is what simulating that much time costs (a loop ticking every second: an
 * hour of ticks).
 */
export const WAIT_HORIZON_MS = 600_000;

/**
 * Whether the container can still end without anyone acting on it: it is not frozen, its shell
 * is not in a loop it never leaves (endless.ts), and something on the clock concerns it (a timer
 * of one of its processes, CPU or disk work of one of them, the engine's own timers for it).
 * Health probes never end a container; an event the engine cannot tell about might.
 */
export function mayEndByItself(world: World, host: Host, c: ContainerRecord): boolean {
  if (c.state.status !== 'running') return c.state.status !== 'paused';
  const cgroup = `/docker/${c.id}`;
  const procs = host.procList().filter((p) => p.state !== 'Z' && Object.values(p.cgroups).some((path) => path === cgroup || path.startsWith(cgroup + '/')));
  // With --init, the container lives as long as the command docker-init runs.
  const main = host.proc(c.state.pid)?.prog === 'docker-init' ? (procs.find((p) => p.ppid === c.state.pid)?.pid ?? c.state.pid) : c.state.pid;
  if (runsForever(host, main)) return false;
  const pids = new Set(procs.map((p) => p.pid));
  for (const event of world.queue.state.events) {
    const work = clockWorkFor(host, event, pids);
    if (work !== undefined) {
      if (work) return true;
      continue;
    }
    if (event.kind === HEALTH_EVENT) continue;
    const data = (event.data ?? {}) as { host?: string; id?: string };
    if (typeof data.id === 'string' && data.host === host.name) {
      if (data.id === c.id) return true;
      continue;
    }
    return true;
  }
  return false;
}

/**
 * Whether a queued event is work for one of `pids` on `host`: a timer of one of them, CPU work of
 * one of them, disk I/O of one of them. Undefined for events of other kinds.
 */
export function clockWorkFor(host: Host, event: SimEvent, pids: Set<number>): boolean | undefined {
  const data = (event.data ?? {}) as { host?: string; pid?: number };
  switch (event.kind) {
    case TIMER_EVENT:
      return data.host === host.name && pids.has(data.pid as number);
    case SCHED_EVENT:
      return data.host === host.name && [...pids].some((pid) => host.proc(pid)?.work !== undefined);
    case IO_EVENT:
      return data.host === host.name && (host.sys.io?.jobs ?? []).some((j) => pids.has(j.pid));
    default:
      return undefined;
  }
}

/**
 * Runs time forward event by event until `done`, while what is awaited may still end by itself
 * (`mayEnd`: a container's mayEndByItself) and for at most WAIT_HORIZON_MS of lab time.
 */
export function runTimeUntil(world: World, done: () => boolean, mayEnd: () => boolean): void {
  const horizon = world.clock.now + WAIT_HORIZON_MS;
  while (!done()) {
    if (!mayEnd()) break;
    const next = world.queue.peek();
    if (!next || next.at > horizon) break;
    world.advance(next.at - world.clock.now);
  }
}

export function waitRoute(world: World, host: Host, state: EngineState, c: ContainerRecord, req: HttpRequest): HttpResponse {
  const condition = queryGet(req, 'condition') || 'not-running';
  if (!canHold(req)) {
    // The in-process client asks after starting: time runs until PID 1 ends (a container that
    // never ends is reported as still running).
    if (condition === 'not-running' || condition === 'next-exit' || condition === 'removed') runTimeUntil(world, () => !(c.state.status === 'running' || c.state.status === 'paused'), () => mayEndByItself(world, host, c));
    if (condition === 'removed' && c.state.status === 'exited' && c.hostConfig['AutoRemove'] === true) removeContainer(world, host, state, c);
    return json(200, { StatusCode: c.state.exitCode });
  }
  if (condition !== 'not-running' && condition !== 'next-exit' && condition !== 'removed') return badRequest(`invalid condition: "${condition}"`);
  if (condition === 'not-running' && !running(c)) return json(200, { Error: null, StatusCode: c.state.exitCode });
  const token = holdReply(world, host.name, { kind: 'wait', container: c.id, condition, ...(running(c) ? { onRunning: true } : {}) });
  return waitAnswer(world, state, host.name, token, req);
}

/** What a held wait has to say now; with a clock the engine may move, time runs until it is answered. */
function waitAnswer(world: World, state: EngineState, hostName: string, token: string, req: HttpRequest): HttpResponse {
  const host = world.host(hostName);
  const replies = heldReplies(world, hostName).replies;
  const reply = replies[token] as Extract<HeldReply, { kind: 'wait' }>;
  // Time may run only towards an end already under way (a container not started yet waits for
  // the client's start), once the client has gone quiet, and only if it is really waiting: it
  // asked while the container ran (`docker wait`, `attach`), or its output is attached (`run`,
  // `start -a`). `run -d` waits too, but drops the wait as soon as the container has started.
  const removing = (): boolean => {
    const c = state.containers[reply.container];
    return c !== undefined && reply.condition === 'removed' && c.state.status === 'exited' && c.hostConfig['AutoRemove'] === true;
  };
  const underWay = (): boolean => {
    const c = state.containers[reply.container];
    return c !== undefined && running(c);
  };
  const watched = header(req, IDLE) !== undefined && (reply.onRunning === true || Object.values(replies).some((r) => r.kind === 'attach' && r.container === reply.container));
  if (reply.result === undefined && !wallClock(req) && watched && underWay()) {
    const c = state.containers[reply.container];
    runTimeUntil(world, () => reply.result !== undefined || !underWay(), () => !c || mayEndByItself(world, host, c));
  }
  // An exited --rm container is removed as the wait for its removal answers, at its exit's
  // moment, as the in-process client's wait removes it (waitRoute): both clients leave the same lab.
  if (reply.result === undefined && removing()) removeContainer(world, host, state, state.containers[reply.container] as ContainerRecord);
  if (reply.result === undefined) return heldResponse('application/json', '', token);
  delete replies[token];
  return json(200, { Error: null, StatusCode: reply.result });
}

export function attachRoute(world: World, host: Host, state: EngineState, c: ContainerRecord, req: HttpRequest): HttpResponse {
  const type = c.config.Tty ? RAW : MULTIPLEXED;
  const stdin = isTrue(queryGet(req, 'stdin'));
  if (!canHold(req)) {
    // What the in-process client will write to the container's stdin; PID 1 reads it when it starts.
    if (stdin && req.body !== '') c.pendingStdin = req.body;
    return { status: 200, headers: { ...baseHeaders(), 'Content-Type': type }, body: '' };
  }
  if (!isTrue(queryGet(req, 'stream')) && !isTrue(queryGet(req, 'logs'))) return badRequest('Bad parameters: you must choose at least one stream');
  const input = stdin && c.config.OpenStdin;
  // Without a terminal, input is read to its end before PID 1 runs (a pipe into `docker run -i`).
  if (input && !c.config.Tty && !running(c)) c.awaitingInput = true;
  const token = holdReply(world, host.name, {
    kind: 'attach',
    container: c.id,
    stdout: isTrue(queryGet(req, 'stdout')),
    stderr: isTrue(queryGet(req, 'stderr')),
    tty: c.config.Tty,
    from: isTrue(queryGet(req, 'logs')) ? 0 : c.logs.length,
    done: [],
    closed: false,
    input,
  });
  const first = attachAnswer(world, host, state, token, req);
  if (input && !c.config.Tty && first.headers[HELD]) first.headers[WANTS_INPUT] = '1';
  return first;
}

function attachAnswer(world: World, host: Host, state: EngineState, token: string, req: HttpRequest): HttpResponse {
  const replies = heldReplies(world, host.name).replies;
  const reply = replies[token] as Extract<HeldReply, { kind: 'attach' }>;
  const c = state.containers[reply.container];
  const type = reply.tty ? RAW : MULTIPLEXED;
  if (c && header(req, INPUT_END) !== undefined && reply.input) feedInput(world, host, state, c, req.body);
  // A shell waiting on its terminal: the client's keystrokes go to it from here on.
  const pid1 = c && c.state.status === 'running' ? host.proc(c.state.pid) : undefined;
  if (c && reply.input && reply.tty && pid1 && (pid1.prog === 'bash' || pid1.prog === 'sh') && pid1.argv.length === 1) {
    delete replies[token];
    return { status: 200, headers: { ...baseHeaders(), 'Content-Type': RAW, 'X-Podbook-Session-Pid': String(pid1.pid), 'X-Podbook-Session-Kind': 'attach' }, body: '' };
  }
  const { pieces, closed } = takeAttachOutput(state, reply);
  const chunks = pieces.map((p) => ({ at: p.at, data: reply.tty ? utf8Bytes(p.text.replace(/\r?\n/g, '\r\n')) : muxFrame(p.stream, p.text) }));
  if (closed) delete replies[token];
  const res = heldResponse(type, chunks.map((ch) => ch.data).join(''), closed ? undefined : token);
  return chunks.length > 0 ? { ...res, chunks } : res;
}

/** A repeated request for a held reply (`X-Podbook-Held`): what is new, or that it is over. */
export function answerHeld(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  const token = header(req, HELD) as string;
  const replies = heldReplies(world, host.name).replies;
  const reply = replies[token];
  if (!reply) return notFound(`no held reply ${token}`);
  if (header(req, CANCEL) !== undefined) {
    delete replies[token];
    const c = reply.kind === 'attach' ? state.containers[reply.container] : undefined;
    // The client hung up before its input ended: PID 1 reads what it has (nothing more comes).
    if (c && reply.kind === 'attach' && reply.input && (c.awaitingInput || c.deferredInit)) feedInput(world, host, state, c, '');
    return heldResponse('application/json', '', undefined);
  }
  switch (reply.kind) {
    case 'wait':
      return waitAnswer(world, state, host.name, token, req);
    case 'attach':
      return attachAnswer(world, host, state, token, req);
    case 'events': {
      // A client only waiting for its --until, on a clock the caller moves (A9): time runs to it.
      if (reply.until !== undefined && header(req, IDLE) !== undefined && !wallClock(req) && world.clock.now < reply.until) world.advance(Math.ceil(reply.until - world.clock.now));
      const { lines, last } = eventsSince(state, reply.from, reply.query);
      reply.from = last;
      const over = reply.until !== undefined && world.clock.now >= reply.until;
      if (over) delete replies[token];
      return heldResponse('application/json', lines.join(''), over ? undefined : token);
    }
    case 'logs':
      return logsAnswer(world, host, state, token);
    case 'exec': {
      if (header(req, INPUT_END) === undefined) return heldResponse(MULTIPLEXED, '', token);
      delete replies[token];
      return startExecWithInput(world, host, state, reply.exec, req.body);
    }
  }
}
