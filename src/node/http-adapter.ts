/**
 * Serves a simulated HTTP service over real HTTP on 127.0.0.1: each request becomes an
 * `HttpRequest`, the service answers synchronously with an `HttpResponse`, and the reply goes back
 * with its status, headers and body. Streamed replies (`chunks` with virtual times: pull progress)
 * are written progressively, at the wall-clock pace their times imply or all at once.
 * Requests asking to upgrade the connection (`docker attach`, `run -it`, `exec`) get Docker's
 * hijacked stream: a `101 UPGRADED` line and then raw or multiplexed bytes.
 *
 * Held replies: a service answers at once, but a real server keeps some replies open (a wait
 * until the container exits, an attached stream while it runs, events as they happen, `logs -f`
 * as lines are written). Every
 * request tells the service `X-Podbook-Can-Hold: 1`; a reply carrying `X-Podbook-Held: TOKEN` is
 * sent as far as it goes and kept open, and the adapter asks again (the same request with that
 * header) after each exchange and every 100 ms, writing what is new, until a reply comes without
 * it; when no request has come for a while it says so (`X-Podbook-Idle`). A held reply with `X-Podbook-Wants-Input` gets the client's input once the client has
 * closed its side (`X-Podbook-Input-End`, the input as the body); a client that leaves cancels it
 * (`X-Podbook-Cancel`).
 *
 * The adapter knows nothing of Docker: `docker-profile.ts` supplies the headers a Docker daemon adds,
 * and a Kubernetes API server will be served the same way with its own profile.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../../simulator/kernel/http.ts';
import { BadRequestTarget, headerValue, stringToBody, toHttpRequest } from './http-convert.ts';
import { encodeFrame, STREAM_IDS } from './mux-stream.ts';

/** What the adapter serves: a synchronous exchange plus the virtual clock it runs on. */
export interface AdapterTarget {
  /** Answers one request (never throws on bad input: the adapter turns a throw into a 500). */
  handle(req: HttpRequest): HttpResponse;
  /** Virtual time now, ms: chunk times are paced relative to it. */
  now(): number;
  /** Runs before each request (serve mode moves the lab to the wall clock here). */
  before?(): void;
  /**
   * For a hijacked reply that leaves a shell running for the client (`docker exec -it`): the
   * session its typed lines go to, or undefined when the reply is a plain stream.
   */
  openSession?(res: HttpResponse): InteractiveSession | undefined;
}

/** A shell a real client types into over a hijacked connection. */
export interface InteractiveSession {
  prompt(): string;
  /** Runs one typed line; `closed` when the shell has ended (`exit`). */
  input(line: string): { output: string; closed: boolean };
}

export interface AdapterOptions {
  /** 0 picks a free port. */
  port: number;
  target: AdapterTarget;
  /** Headers every reply carries unless the service set them (e.g. Docker's Api-Version). */
  defaultHeaders?: Record<string, string>;
  /** `wall`: write each chunk when its virtual time comes; `instant`: write everything at once. */
  pace?: 'wall' | 'instant';
  /** Largest request body accepted; larger ones get 413. */
  maxBodyBytes?: number;
  /** Time a client has to send its headers, and its whole request. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /**
   * Wall-clock time (ms) before which the reply to a request is not sent. Parity tests hold
   * listings until the wall clock has caught up with the lab, since clients age them by their clock.
   */
  holdUntil?: (req: HttpRequest) => number | undefined;
  /** Where to report requests and internal errors (nothing by default). */
  log?: (line: string) => void;
}

export interface RunningAdapter {
  port: number;
  server: Server;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

/** A chunk as services may emit it: which stream a multiplexed chunk belongs to is optional. */
interface StreamChunk {
  at: number;
  data: string;
  stream?: 'stdout' | 'stderr';
}

const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';
const STREAM_TYPES = [MULTIPLEXED, 'application/vnd.docker.raw-stream'];

function jsonError(status: number, message: string): HttpResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: `${JSON.stringify({ message })}\n` };
}

const HELD = 'X-Podbook-Held';

/** A reply the service keeps open, and where its later pieces go. */
interface HeldEntry {
  request: HttpRequest;
  token: string;
  contentType: string | undefined;
  write(bytes: Buffer): void;
  gone(): boolean;
  /** Ends the reply (or, for a reply that opens a terminal session, starts it). */
  finish(last: HttpResponse): void;
  /** Writes are queued so paced pieces never interleave. */
  queue: Promise<void>;
}

/** The held replies of one adapter, and the timer that asks after them. */
interface HeldTable {
  entries: Set<HeldEntry>;
  timer?: NodeJS.Timeout;
  /** Wall time of the last request: a client quiet since then is only waiting. */
  lastRequest: number;
}

/** How long a client must have sent nothing for its held replies to be asked after as idle. */
const IDLE_MS = 250;

const tables = new WeakMap<AdapterOptions, HeldTable>();

function heldTable(options: AdapterOptions): HeldTable {
  let table = tables.get(options);
  if (!table) tables.set(options, (table = { entries: new Set(), lastRequest: 0 }));
  return table;
}

/** Queues a piece of a held reply, paced like any stream. */
function sendPiece(options: AdapterOptions, entry: HeldEntry, res: HttpResponse, start: number): void {
  if (res.body === '' && !(res.chunks && res.chunks.length > 0)) return;
  entry.queue = entry.queue.then(() => writePaced(options, start, pieces(res), entry.contentType, (b) => entry.write(b), () => entry.gone()));
}

/** Handles one answer to a held reply; true when something was written or the reply ended. */
function takeAnswer(options: AdapterOptions, entry: HeldEntry, res: HttpResponse, start: number): boolean {
  const table = heldTable(options);
  const wrote = res.body !== '' || (res.chunks?.length ?? 0) > 0;
  // A failure while held (the thing it waited on vanished) just ends the reply.
  if (res.status < 400) sendPiece(options, entry, res, start);
  const token = headerValue(res.headers, HELD);
  if (token !== undefined && res.status < 400) return wrote;
  table.entries.delete(entry);
  entry.queue = entry.queue.then(() => entry.finish(res));
  return true;
}

function heldRequest(entry: HeldEntry, extra: Record<string, string> = {}, body = ''): HttpRequest {
  return { ...entry.request, headers: { ...entry.request.headers, [HELD]: entry.token, ...extra }, body };
}

/**
 * Asks after every held reply until a round brings nothing new. `idle`: the clients have sent
 * nothing for a while, so they are only waiting (`X-Podbook-Idle`: the service may then run its
 * clock towards the answer, when the clock is its own to move).
 */
function pumpHeld(options: AdapterOptions, idle = false): void {
  const table = heldTable(options);
  for (let round = 0, progress = true; progress && round < 20; round++) {
    progress = false;
    for (const entry of [...table.entries]) {
      if (!table.entries.has(entry)) continue;
      if (entry.gone()) {
        cancelHeld(options, entry);
        continue;
      }
      const start = options.target.now();
      if (takeAnswer(options, entry, exchange(options, heldRequest(entry, idle ? { 'X-Podbook-Idle': '1' } : {})), start)) progress = true;
    }
  }
  if (table.entries.size > 0 && !table.timer) {
    table.timer = setInterval(() => pumpHeld(options, Date.now() - table.lastRequest >= IDLE_MS), 100);
    table.timer.unref();
  } else if (table.entries.size === 0 && table.timer) {
    clearInterval(table.timer);
    delete table.timer;
  }
}

function cancelHeld(options: AdapterOptions, entry: HeldEntry): void {
  const table = heldTable(options);
  if (!table.entries.delete(entry)) return;
  exchange(options, heldRequest(entry, { 'X-Podbook-Cancel': '1' }));
}

/** Registers a held reply (its first piece is already on its way). */
function hold(options: AdapterOptions, entry: Omit<HeldEntry, 'queue'>, first: Promise<void>): HeldEntry {
  const full: HeldEntry = { ...entry, queue: first };
  heldTable(options).entries.add(full);
  return full;
}

/** The client has closed its input: the held reply gets all of it. */
function inputEnded(options: AdapterOptions, entry: HeldEntry, input: Buffer): void {
  if (!heldTable(options).entries.has(entry)) return;
  const start = options.target.now();
  takeAnswer(options, entry, exchange(options, heldRequest(entry, { 'X-Podbook-Input-End': '1' }, input.toString('utf8'))), start);
  pumpHeld(options);
}

/** Calls the service, turning a throw into a 500 so one bad request never stops the server. */
function exchange(options: AdapterOptions, req: HttpRequest): HttpResponse {
  try {
    options.target.before?.();
    return options.target.handle({ ...req, headers: { ...req.headers, 'X-Podbook-Can-Hold': '1' } });
  } catch (error) {
    options.log?.(`podbook serve: ${req.method} ${req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return jsonError(500, `podbook: internal error while serving ${req.method} ${req.path}`);
  }
}

function withDefaults(options: AdapterOptions, res: HttpResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.defaultHeaders ?? {})) {
    if (headerValue(res.headers, name) === undefined) headers[name] = value;
  }
  const all: Record<string, string> = { ...headers, ...res.headers };
  // Headers the simulator uses between its own parts never reach a real client.
  for (const name of Object.keys(all)) if (name.toLowerCase().startsWith('x-podbook-')) delete all[name];
  return all;
}

/**
 * The bytes of one chunk. A multiplexed body the engine framed itself (a binary string) goes out
 * as it is; a chunk that names its stream is text, and gets its frame header here.
 */
function chunkBytes(chunk: StreamChunk, contentType: string | undefined): Buffer {
  if (chunk.stream && contentType?.split(';')[0]?.trim() === MULTIPLEXED) return encodeFrame(STREAM_IDS[chunk.stream], Buffer.from(chunk.data, 'utf8'));
  return stringToBody(chunk.data, contentType);
}

/** The reply as timed pieces: a plain body is one piece at time zero. */
function pieces(res: HttpResponse): StreamChunk[] {
  if (res.chunks) return res.chunks as StreamChunk[];
  return res.body === '' ? [] : [{ at: Number.NEGATIVE_INFINITY, data: res.body }];
}

/** Writes timed pieces, waiting the wall time between their virtual times; stops if the peer leaves. */
async function writePaced(options: AdapterOptions, start: number, chunks: StreamChunk[], contentType: string | undefined, write: (b: Buffer) => void, gone: () => boolean): Promise<void> {
  const wallStart = Date.now();
  for (const chunk of chunks) {
    if (gone()) return;
    if (options.pace !== 'instant' && Number.isFinite(chunk.at)) {
      const due = wallStart + (chunk.at - start) - Date.now();
      if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      if (gone()) return;
    }
    write(chunkBytes(chunk, contentType));
  }
}

async function sendResponse(options: AdapterOptions, start: number, res: HttpResponse, out: ServerResponse, head: boolean, request?: HttpRequest): Promise<void> {
  const headers = withDefaults(options, res);
  const contentType = headerValue(headers, 'Content-Type');
  const token = headerValue(res.headers, HELD);
  if (!res.chunks && !head && token === undefined) headers['Content-Length'] = String(stringToBody(res.body, contentType).length);
  out.writeHead(res.status, headers);
  if (head || res.status === 204 || res.status === 304) {
    out.end();
    return;
  }
  if (res.chunks || token !== undefined) out.flushHeaders();
  let gone = false;
  out.on('close', () => (gone = true));
  const first = writePaced(options, start, pieces(res), contentType, (b) => out.write(b), () => gone || out.destroyed);
  if (token !== undefined && request) {
    // Kept open: later pieces come from pumpHeld; a client that leaves cancels it.
    const entry = hold(options, { request, token, contentType, write: (b) => out.write(b), gone: () => gone || out.destroyed, finish: () => void out.end() }, first);
    out.on('close', () => cancelHeld(options, entry));
    return;
  }
  await first;
  out.end();
}

/** Reads a request body, refusing more than the limit. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      resolve('too-large');
      req.resume();
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > limit) over = true;
      else parts.push(part);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(parts)));
    req.on('error', reject);
  });
}

async function onRequest(options: AdapterOptions, req: IncomingMessage, out: ServerResponse): Promise<void> {
  heldTable(options).lastRequest = Date.now();
  const body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY);
  let res: HttpResponse;
  let start = options.target.now();
  let request: HttpRequest | undefined;
  if (body === 'too-large') {
    res = jsonError(413, `podbook: request body larger than ${options.maxBodyBytes ?? DEFAULT_MAX_BODY} bytes`);
    out.shouldKeepAlive = false;
  } else {
    try {
      request = toHttpRequest(req.method ?? 'GET', req.url ?? '/', req.headers, body);
    } catch (error) {
      if (!(error instanceof BadRequestTarget)) throw error;
      res = jsonError(400, error.message);
    }
    if (request) {
      start = options.target.now();
      res = await answer(options, request);
      options.log?.(`${request.method} ${req.url} -> ${res.status}`);
      const until = options.holdUntil?.(request);
      if (until !== undefined && until > Date.now()) await new Promise((resolve) => setTimeout(resolve, until - Date.now()));
    }
  }
  const sent = sendResponse(options, start, res!, out, req.method === 'HEAD', request);
  // Whatever this request changed may be what a held reply waits for.
  if (heldTable(options).entries.size > 0) pumpHeld(options);
  await sent;
}

const STOP = /\/containers\/[^/]+\/stop$/;
const PENDING_UNTIL = 'X-Podbook-Pending-Until';
/** How long (in responsive ticks) the client must have sent nothing before a begun stop is waited for. */
const STOP_QUIET_MS = 200;

/**
 * The service's answer to a request. A stop is asked twice: the client sends every stop of
 * `docker stop a b c` at once, so each one begins the moment it arrives and waits for its end only
 * once the others have begun too (their timeouts run side by side, as dockerd's do). A reply the
 * service says is pending until a lab time (a stop waiting out its timeout on the wall clock) is
 * asked for again once the lab's clock, following the wall clock, has got there.
 */
async function answer(options: AdapterOptions, request: HttpRequest): Promise<HttpResponse> {
  let res: HttpResponse;
  if (request.method === 'POST' && STOP.test(request.path)) {
    res = exchange(options, { ...request, headers: { ...request.headers, 'X-Podbook-Begin-Only': '1' } });
    if (res.status === 204) {
      // The others arrive within moments of each other (later on a loaded machine): wait until
      // the client has been quiet a little, so every stop has begun before any is waited for.
      // A tick that came late (this process was busy with other work) counts as one short tick:
      // the other requests may be waiting unread behind that work.
      const table = heldTable(options);
      const began = Date.now();
      let seen = table.lastRequest;
      let quiet = 0;
      let last = began;
      while (quiet < STOP_QUIET_MS && Date.now() - began < 3000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const now = Date.now();
        quiet = table.lastRequest !== seen ? 0 : quiet + Math.min(now - last, 40);
        seen = table.lastRequest;
        last = now;
      }
      res = exchange(options, request);
    }
  } else res = exchange(options, request);
  for (let i = 0; i < 100_000; i++) {
    const until = Number(headerValue(res.headers, PENDING_UNTIL) ?? NaN);
    if (!Number.isFinite(until)) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(5, until - options.target.now() + 1))));
    res = exchange(options, { ...request, headers: { ...request.headers, 'X-Podbook-Pending-Again': '1' } });
  }
  return res;
}

/** The status line and headers of a hijacked reply, written straight to the socket. */
function upgradeHead(headers: Record<string, string>): string {
  const lines = ['HTTP/1.1 101 UPGRADED'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A plain (non-upgraded) reply on a raw socket: the service refused the hijack (e.g. 404). */
function plainReplyOnSocket(options: AdapterOptions, res: HttpResponse, socket: Duplex): void {
  const headers = withDefaults(options, res);
  const bytes = stringToBody(res.body, headerValue(headers, 'Content-Type'));
  headers['Content-Length'] = String(bytes.length);
  headers['Connection'] = 'close';
  const lines = [`HTTP/1.1 ${res.status} ${STATUS_TEXT[res.status] ?? 'Status'}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), bytes]));
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  409: 'Conflict', 413: 'Request Entity Too Large', 500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable',
};

/**
 * Reads the body of an upgrade request: `head` holds bytes already read past the headers. Bytes
 * past the body are the client's first input on the connection (`rest`).
 */
function readUpgradeBody(req: IncomingMessage, socket: Duplex, head: Buffer, limit: number): Promise<{ body: Buffer; rest: Buffer } | 'too-large'> {
  const length = Number(req.headers['content-length'] ?? '0');
  if (length > limit) return Promise.resolve('too-large');
  if (head.length >= length) return Promise.resolve({ body: head.subarray(0, length), rest: head.subarray(length) });
  return new Promise((resolve) => {
    let buffered = head;
    const onData = (part: Buffer): void => {
      buffered = Buffer.concat([buffered, part]);
      if (buffered.length >= length) {
        socket.off('data', onData);
        resolve({ body: buffered.subarray(0, length), rest: buffered.subarray(length) });
      }
    };
    socket.on('data', onData);
  });
}

/** Headers as Go's Header.Write puts them: sorted by name. */
function sortedHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function onUpgrade(options: AdapterOptions, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  heldTable(options).lastRequest = Date.now();
  socket.on('error', () => socket.destroy());
  const read = await readUpgradeBody(req, socket, head, options.maxBodyBytes ?? DEFAULT_MAX_BODY);
  if (read === 'too-large') {
    plainReplyOnSocket(options, jsonError(413, 'podbook: request body too large'), socket);
    return;
  }
  let request: HttpRequest;
  try {
    request = toHttpRequest(req.method ?? 'GET', req.url ?? '/', req.headers, read.body);
  } catch {
    plainReplyOnSocket(options, jsonError(400, 'invalid request target'), socket);
    return;
  }
  const start = options.target.now();
  const res = exchange(options, request);
  options.log?.(`${request.method} ${req.url} (upgrade) -> ${res.status}`);
  const headers = withDefaults(options, res);
  const contentType = headerValue(headers, 'Content-Type') ?? 'application/vnd.docker.raw-stream';
  // dockerd answers a hijack request with 101 and the stream; a service may answer 200 with the
  // stream (as it does when the client did not ask to upgrade): that is upgraded here.
  const isStream = STREAM_TYPES.includes(contentType.split(';')[0]?.trim() ?? '');
  if (res.status !== 101 && !(res.status === 200 && (isStream || res.chunks))) {
    plainReplyOnSocket(options, res, socket);
    return;
  }
  // dockerd writes these three, then the headers every reply carries, sorted.
  const rest = sortedHeaders(Object.fromEntries(Object.entries(headers).filter(([name]) => !['content-type', 'connection', 'upgrade', 'content-length'].includes(name.toLowerCase()))));
  socket.write(upgradeHead({ 'Content-Type': contentType, Connection: 'Upgrade', Upgrade: 'tcp', ...rest }));
  let gone = false;
  socket.on('close', () => (gone = true));
  const first = writePaced(options, start, pieces(res), contentType, (b) => socket.write(b), () => gone);
  const multiplexed = contentType.split(';')[0]?.trim() === MULTIPLEXED;
  const finish = (last: HttpResponse): void => {
    const session = options.target.openSession?.(last);
    if (session && !gone) serveTerminal(options, session, socket, multiplexed);
    else socket.end();
  };
  const token = headerValue(res.headers, HELD);
  if (token === undefined) {
    await first;
    finish(res);
    return;
  }
  const entry = hold(options, { request, token, contentType, write: (b) => socket.write(b), gone: () => gone, finish }, first);
  socket.on('close', () => cancelHeld(options, entry));
  if (headerValue(res.headers, 'X-Podbook-Wants-Input') !== undefined) {
    // The client's input, up to its half-close, goes to the service in one piece.
    const input: Buffer[] = [read.rest];
    socket.on('data', (part: Buffer) => input.push(part));
    socket.on('end', () => inputEnded(options, entry, Buffer.concat(input)));
  } else {
    // The client half-closes at once when it has no input (its `CloseWrite`); whatever it might
    // still send is read and dropped, so that its leaving is seen.
    socket.resume();
  }
  pumpHeld(options);
}

/**
 * A terminal over the hijacked connection. The client's terminal is in raw mode, so what a pty's
 * line discipline does happens here: echo, backspace, Ctrl+C, Ctrl+D, Enter runs the line.
 */
function serveTerminal(options: AdapterOptions, session: InteractiveSession, raw: Duplex, multiplexed: boolean): void {
  // Without a TTY (attach -i) there is no echo and no prompt, and output goes out in frames.
  const socket = {
    write: (text: string): void => {
      if (!multiplexed) raw.write(text);
    },
    output: (text: string): void => {
      if (multiplexed) {
        if (text !== '') raw.write(encodeFrame(STREAM_IDS.stdout, Buffer.from(text, 'utf8')));
      } else raw.write(text.replace(/\r?\n/g, '\r\n'));
    },
    end: (): void => void raw.end(),
  };
  let line = '';
  let escape = '';
  socket.write(session.prompt());
  const run = (text: string): boolean => {
    socket.write('\r\n');
    let result: { output: string; closed: boolean };
    try {
      options.target.before?.();
      result = session.input(text);
    } catch (error) {
      options.log?.(`podbook serve: session failed: ${String(error)}`);
      result = { output: 'podbook: internal error\n', closed: true };
    }
    socket.output(result.output);
    if (result.closed) {
      socket.end();
      return false;
    }
    socket.write(session.prompt());
    return true;
  };
  raw.on('data', (data: Buffer) => {
    for (const ch of data.toString('utf8')) {
      if (escape !== '') {
        // Arrow keys and the like (ESC [ ... letter) have no line editing here: dropped.
        escape += ch;
        if (escape.length > 1 && /[A-Za-z~]/.test(ch)) escape = '';
        continue;
      }
      if (ch === '\x1b') escape = ch;
      else if (ch === '\r' || ch === '\n') {
        const text = line;
        line = '';
        if (!run(text)) return;
      } else if (ch === '\x7f' || ch === '\b') {
        if (line !== '') {
          line = line.slice(0, -1);
          socket.write('\b \b');
        }
      } else if (ch === '\x03') {
        line = '';
        socket.write(`^C\r\n${session.prompt()}`);
      } else if (ch === '\x04') {
        if (line === '' && !run('exit')) return;
      } else if (ch >= ' ' || ch === '\t') {
        line += ch;
        socket.write(ch);
      }
    }
  });
}

/** Go's net/http answer to a request it cannot parse. */
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request';

export function startHttpAdapter(options: AdapterOptions): Promise<RunningAdapter> {
  const headersTimeout = options.headersTimeoutMs ?? 30_000;
  // Node checks those deadlines every connectionsCheckingInterval (30 s by default): check often.
  const timeouts = { requestTimeout: options.requestTimeoutMs ?? 60_000, headersTimeout, connectionsCheckingInterval: Math.min(1000, headersTimeout) };
  const server = createServer(timeouts, (req, out) => {
    onRequest(options, req, out).catch((error: unknown) => {
      options.log?.(`podbook serve: ${String(error)}`);
      if (!out.headersSent) {
        out.writeHead(500, { 'Content-Type': 'application/json' });
        out.end(`${JSON.stringify({ message: 'podbook: internal error' })}\n`);
      } else out.destroy();
    });
  });
  // Hijacked connections leave the server's bookkeeping: closing the server ends them too.
  const hijacked = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    hijacked.add(socket);
    socket.on('close', () => hijacked.delete(socket));
    onUpgrade(options, req, socket, head).catch(() => socket.destroy());
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      if (socket.writable) socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      return;
    }
    if (socket.writable && error.code !== 'ECONNRESET') socket.end(BAD_REQUEST);
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        port,
        server,
        close: () =>
          new Promise<void>((done) => {
            const table = heldTable(options);
            if (table.timer) clearInterval(table.timer);
            table.entries.clear();
            if (hijacked.size > 0) options.log?.(`podbook serve: closing ${hijacked.size} hijacked connection(s)`);
            for (const socket of hijacked) socket.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
