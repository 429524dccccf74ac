/**
 * The worker half of sync-http.ts: performs one real HTTP request at a time for a thread that is
 * blocked waiting for it, posts the whole reply back on a port, then wakes that thread through the
 * shared flag. Self-contained (Node built-ins only) so Node can load it as a worker directly.
 */
import { request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';

export interface WireRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: Uint8Array;
  timeoutMs: number;
}

export type WireReply =
  | { ok: true; status: number; headers: Record<string, string>; chunks: { at: number; data: Uint8Array }[]; upgraded: boolean; truncated: boolean }
  | { ok: false; errno: string; message: string };

interface Data {
  flag: SharedArrayBuffer;
  port: MessagePort;
  endpoint: { socketPath: string } | { host: string; port: number };
}

const data = workerData as Data | undefined;
if (data && parentPort) {
  const flag = new Int32Array(data.flag);
  const reply = (message: WireReply): void => {
    data.port.postMessage(message);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  data.port.on('message', (wire: WireRequest) => perform(data.endpoint, wire).then(reply));
}

function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i] as string;
    const value = res.rawHeaders[i + 1] as string;
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}

/** Collects a reply's bytes with their arrival times; a stream that outlives the deadline is cut. */
function collect(source: IncomingMessage | Socket, head: Buffer | undefined, deadline: number, done: (chunks: { at: number; data: Uint8Array }[], truncated: boolean) => void): void {
  const chunks: { at: number; data: Uint8Array }[] = [];
  if (head && head.length > 0) chunks.push({ at: Date.now(), data: head });
  let finished = false;
  const finish = (truncated: boolean): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    done(chunks, truncated);
  };
  const timer = setTimeout(() => {
    finish(true);
    source.destroy();
  }, Math.max(0, deadline - Date.now()));
  source.on('data', (part: Buffer) => chunks.push({ at: Date.now(), data: part }));
  source.on('end', () => finish(false));
  source.on('close', () => finish(false));
  source.on('error', () => finish(true));
}

function perform(endpoint: Data['endpoint'], wire: WireRequest): Promise<WireReply> {
  const deadline = Date.now() + wire.timeoutMs;
  return new Promise((resolve) => {
    const req = request({ ...endpoint, method: wire.method, path: wire.target, headers: wire.headers, timeout: wire.timeoutMs });
    req.on('response', (res) => {
      collect(res, undefined, deadline, (chunks, truncated) => resolve({ ok: true, status: res.statusCode ?? 0, headers: headersOf(res), chunks, upgraded: false, truncated }));
    });
    req.on('upgrade', (res, socket: Socket, head: Buffer) => {
      socket.end();
      collect(socket, head, deadline, (chunks, truncated) => resolve({ ok: true, status: res.statusCode ?? 101, headers: headersOf(res), chunks, upgraded: true, truncated }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, errno: 'ETIMEDOUT', message: 'timed out' });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, errno: error.code ?? 'EIO', message: error.message }));
    req.end(Buffer.from(wire.body));
  });
}
