/**
 * Replies a real client keeps open: `POST /containers/{id}/wait` before the container has run,
 * the output of `attach` while the container runs, `GET /events` as events happen, `logs -f` as
 * lines are written, and an exec whose input is still coming. dockerd blocks on these; a simulated service answers at once, so
 * when the caller says it can hold a reply (`X-Podbook-Can-Hold`, sent by the serve adapter) the
 * engine registers the reply here, answers with what it has and `X-Podbook-Held: <token>`, and the
 * caller asks again with that header after anything has happened. Each later answer carries only
 * what is new; the last one has no `X-Podbook-Held`. The in-process client never holds (it cannot
 * wait), so it keeps the engine's immediate answers.
 *
 * Everything here is plain data in `world.state` (the registry is an ext of its own per host).
 */
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import type { World } from '../../kernel/world.ts';
import { utf8Encode } from '../../core/utf8.ts';
import { baseHeaders } from './reply.ts';
import type { ContainerRecord, EngineState } from './state.ts';

export const CAN_HOLD = 'X-Podbook-Can-Hold';
export const HELD = 'X-Podbook-Held';
/** On a repeated request: the client has closed its input; the body is all of it. */
export const INPUT_END = 'X-Podbook-Input-End';
/** On a held reply: send the client's input (until it closes it) with `X-Podbook-Input-End`. */
export const WANTS_INPUT = 'X-Podbook-Wants-Input';
/** On a repeated request: the client went away; forget the reply. */
export const CANCEL = 'X-Podbook-Cancel';
/** On a repeated request: the client has sent nothing for a while; it is only waiting. */
export const IDLE = 'X-Podbook-Idle';
/**
 * On `POST /containers/{id}/stop`: the client has other requests in flight at the same moment
 * (`docker stop a b c`), so the daemon only begins the stop and answers at once; the same request
 * without it then waits for that stop to end.
 */
export const BEGIN_ONLY = 'X-Podbook-Begin-Only';
/** On any request: the lab's clock follows the wall clock, so time must not be run ahead to answer. */
export const WALL_CLOCK = 'X-Podbook-Wall-Clock';
/**
 * On a reply to a request that can hold, served on the wall clock: dockerd would still be working
 * on it (a stop waiting out its timeout) until this lab time (ms). The caller sends nothing yet and
 * asks again with `X-Podbook-Pending-Again` once the lab's clock has got there.
 */
export const PENDING_UNTIL = 'X-Podbook-Pending-Until';
export const PENDING_AGAIN = 'X-Podbook-Pending-Again';

/** A reply not ready before lab time `until` (see PENDING_UNTIL). */
export function pendingReply(until: number): HttpResponse {
  return { status: 204, headers: { ...baseHeaders(), [PENDING_UNTIL]: String(until) }, body: '' };
}

/** Whether the caller waits on the wall clock for a pending reply instead of the lab running time ahead. */
export function waitsOnWallClock(req: HttpRequest): boolean {
  return wallClock(req) && canHold(req);
}

/** Where an events stream is in the daemon's event log: past `seen` events at time `at`. */
export interface EventCursor {
  at: number;
  seen: number;
}

interface OutputPiece {
  stream: 'stdout' | 'stderr';
  at: number;
  text: string;
}

export type HeldReply =
  | { kind: 'wait'; container: string; condition: 'not-running' | 'next-exit' | 'removed'; onRunning?: boolean; result?: number }
  | { kind: 'attach'; container: string; stdout: boolean; stderr: boolean; tty: boolean; from: number; done: OutputPiece[]; closed: boolean; input: boolean }
  | { kind: 'events'; from: EventCursor; until?: number; query: [string, string][] }
  | { kind: 'exec'; exec: string }
  | { kind: 'logs'; container: string; options: LogsOptions; from: number; end?: number };

/** What a followed `GET /containers/{id}/logs` sends (logs.ts). */
export interface LogsOptions {
  stdout: boolean;
  stderr: boolean;
  timestamps: boolean;
  /** `--details`: the entry's attributes (none here: no log-opts labels or env) and a space. */
  details?: boolean;
  tty: boolean;
  since?: number;
  until?: number;
}

interface HeldState {
  next: number;
  replies: Record<string, HeldReply>;
}

export function heldReplies(world: World, host: string): HeldState {
  return world.ext<HeldState>(`docker-held/${host}`, () => ({ next: 1, replies: {} }));
}

export function header(req: HttpRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function canHold(req: HttpRequest): boolean {
  return header(req, CAN_HOLD) === '1';
}

export function wallClock(req: HttpRequest): boolean {
  return header(req, WALL_CLOCK) === '1';
}

export function holdReply(world: World, host: string, reply: HeldReply): string {
  const held = heldReplies(world, host);
  const token = `${reply.kind}-${held.next++}`;
  held.replies[token] = reply;
  return token;
}

/** A piece of a held reply: `token` set while more is to come. */
export function heldResponse(contentType: string, body: string, token: string | undefined, extra: Record<string, string> = {}): HttpResponse {
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': contentType, ...(token ? { [HELD]: token } : {}), ...extra }, body };
}

/** Text as a binary string of its UTF-8 bytes (raw-stream bodies are bytes). */
export function utf8Bytes(text: string): string {
  let out = '';
  for (const b of utf8Encode(text)) out += String.fromCharCode(b);
  return out;
}

/** Docker's multiplexed stream: an 8-byte header (stream, 0, 0, 0, big-endian length) per frame. */
export function muxFrame(stream: 'stdout' | 'stderr', text: string): string {
  const bytes = utf8Encode(text);
  const n = bytes.length;
  let out = String.fromCharCode(stream === 'stdout' ? 1 : 2, 0, 0, 0, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/**
 * The container's PID 1 ended: attached streams get the rest of its output and close, and waits
 * for its next exit (or for it not running) have their answer.
 */
export function heldOnExit(world: World, host: string, c: ContainerRecord): void {
  for (const reply of Object.values(heldReplies(world, host).replies)) {
    if (reply.kind === 'attach' && reply.container === c.id && !reply.closed) {
      reply.done.push(...c.logs.slice(reply.from));
      reply.from = c.logs.length;
      reply.closed = true;
    }
    if (reply.kind === 'wait' && reply.container === c.id && reply.condition !== 'removed' && reply.result === undefined) reply.result = c.state.exitCode;
    // The log driver's reader closes when the container stops: a follow ends with what was written.
    if (reply.kind === 'logs' && reply.container === c.id && reply.end === undefined) reply.end = c.logs.length;
  }
}

/** The container is gone: every wait on it has its answer, and attached and followed streams close. */
export function heldOnRemove(world: World, host: string, c: ContainerRecord): void {
  for (const reply of Object.values(heldReplies(world, host).replies)) {
    if (reply.kind === 'wait' && reply.container === c.id && reply.result === undefined) reply.result = c.state.exitCode;
    if (reply.kind === 'attach' && reply.container === c.id && !reply.closed) {
      reply.done.push(...c.logs.slice(reply.from));
      reply.closed = true;
    }
    if (reply.kind === 'logs' && reply.container === c.id && reply.end === undefined) reply.end = c.logs.length;
  }
}

/** The output an attached stream has not sent yet, and whether the stream is over. */
export function takeAttachOutput(state: EngineState, reply: Extract<HeldReply, { kind: 'attach' }>): { pieces: OutputPiece[]; closed: boolean } {
  const c = state.containers[reply.container];
  if (c && !reply.closed) {
    reply.done.push(...c.logs.slice(reply.from));
    reply.from = c.logs.length;
  }
  const pieces = reply.done.filter((p) => (p.stream === 'stdout' ? reply.stdout : reply.stderr));
  reply.done = [];
  return { pieces, closed: reply.closed || !c };
}
