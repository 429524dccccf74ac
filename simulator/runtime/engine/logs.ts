/**
 * `GET /containers/{id}/logs`: the container's output as the json-file driver keeps it, one entry
 * per line, with `tail` (counted before `since` filters, as the driver reads the file's end
 * first), `since`/`until`, `timestamps` (Go's fixed nine-digit RFC 3339) and `follow`. A client
 * that can hold the reply (held.ts) and follows a running container gets the lines as they are
 * written, until the container stops (the driver's reader closes), `until` passes, or the client
 * hangs up; the in-process client reads once and follows on its own (cli/docker/streams.ts).
 */
import type { World } from '../../kernel/world.ts';
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import { dateParts } from '../../core/format.ts';
import { canHold, heldReplies, heldResponse, holdReply, muxFrame, utf8Bytes, type HeldReply, type LogsOptions } from './held.ts';
import { badRequest, baseHeaders } from './reply.ts';
import { parseClientTime } from './since.ts';
import type { ContainerRecord, EngineState } from './state.ts';
import { SLOT, subMillisecondNanos } from './timefmt.ts';

const RAW = 'application/vnd.docker.raw-stream';
const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';

type LogsReply = Extract<HeldReply, { kind: 'logs' }>;

interface LogEntry {
  stream: 'stdout' | 'stderr';
  /** Lab ms with the entry's sub-millisecond part. */
  time: number;
  nanos: number;
  at: number;
  text: string;
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true' || value === 'True';
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Go's RFC3339NanoFixed: always nine digits of fraction. */
function fixedNano(ms: number, nanos: number): string {
  const p = dateParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.ms * 1_000_000 + nanos, 9)}Z`;
}

/** The driver's entries (one per line) from log record `from` on, each with its own time. */
function entries(c: ContainerRecord, from: number, to = c.logs.length): LogEntry[] {
  const out: LogEntry[] = [];
  for (let n = from; n < to; n++) {
    const entry = c.logs[n]!;
    const parts = entry.text.split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    parts.forEach((p, i) => {
      const nanos = subMillisecondNanos(`${c.id}/log/${n}.${i}@${entry.at}`, SLOT.event);
      out.push({ stream: entry.stream, at: entry.at, nanos, time: entry.at + nanos / 1e6, text: p + (i < parts.length - 1 || entry.text.endsWith('\n') ? '\n' : '') });
    });
  }
  return out;
}

type LogOptions = LogsOptions;

function selected(o: LogOptions, list: LogEntry[]): LogEntry[] {
  return list.filter((e) => (e.stream === 'stdout' ? o.stdout : o.stderr));
}

/** Entries as the stream carries them: since/until applied, each in its frame (or raw with a TTY). */
function encode(o: LogOptions, list: LogEntry[]): string {
  let out = '';
  for (const e of list) {
    if (o.since !== undefined && e.time < o.since) continue;
    if (o.until !== undefined && e.time > o.until) break;
    const text = (o.timestamps ? `${fixedNano(e.at, e.nanos)} ` : '') + (o.details ? ' ' : '') + e.text;
    out += o.tty ? utf8Bytes(text) : muxFrame(e.stream, text);
  }
  return out;
}

function running(c: ContainerRecord): boolean {
  return c.state.status === 'running' || c.state.status === 'paused';
}

export function logsRoute(world: World, host: Host, c: ContainerRecord, req: HttpRequest): HttpResponse {
  const now = world.clock.now;
  const options: LogOptions = {
    stdout: isTrue(queryGet(req, 'stdout')),
    stderr: isTrue(queryGet(req, 'stderr')),
    timestamps: isTrue(queryGet(req, 'timestamps')),
    tty: c.config.Tty,
  };
  if (isTrue(queryGet(req, 'details'))) options.details = true;
  if (!options.stdout && !options.stderr) return badRequest('Bad parameters: you must choose at least one stream');
  const since = parseClientTime(queryGet(req, 'since'), now);
  const untilText = queryGet(req, 'until');
  // `until=0` means no end, as the client sends it for an unset --until.
  const until = untilText === '0' ? undefined : parseClientTime(untilText, now);
  if (since !== undefined && since > 0) options.since = since;
  if (until !== undefined) options.until = until;
  const tail = queryGet(req, 'tail') ?? 'all';
  let list = selected(options, entries(c, 0));
  if (/^\d+$/.test(tail)) list = Number(tail) === 0 ? [] : list.slice(-Number(tail));
  const type = c.config.Tty ? RAW : MULTIPLEXED;
  const body = encode(options, list);
  const follow = isTrue(queryGet(req, 'follow')) && canHold(req) && running(c) && (until === undefined || until > now);
  if (!follow) return { status: 200, headers: { ...baseHeaders(), 'Content-Type': type }, body };
  const token = holdReply(world, host.name, { kind: 'logs', container: c.id, options, from: c.logs.length });
  return heldResponse(type, body, token);
}

/** A held `logs -f`: the lines written since the last answer; the last answer closes it. */
export function logsAnswer(world: World, host: Host, state: EngineState, token: string): HttpResponse {
  const replies = heldReplies(world, host.name).replies;
  const reply = replies[token] as LogsReply;
  const c = state.containers[reply.container];
  const o = reply.options;
  const type = o.tty ? RAW : MULTIPLEXED;
  const end = reply.end ?? (c ? c.logs.length : reply.from);
  const body = c ? encode(o, selected(o, entries(c, reply.from, end))) : '';
  reply.from = end;
  const over = !c || reply.end !== undefined || !running(c) || (o.until !== undefined && world.clock.now > o.until);
  if (over) delete replies[token];
  return heldResponse(type, body, over ? undefined : token);
}
