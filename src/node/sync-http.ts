/**
 * A synchronous HTTP transport for Node. The simulator (and so Podbook's own docker CLI) runs
 * synchronously, so to point that CLI at a real engine (`npm run sim -- --docker-host
 * tcp://127.0.0.1:PORT`) each request is handed to a worker thread while this thread blocks on a
 * shared flag (`Atomics.wait`), then reads the reply from the port with `receiveMessageOnPort`.
 *
 *   const transport = createSyncHttp('tcp://127.0.0.1:2375');
 *   const result = transport.request({ method: 'GET', path: '/_ping', query: [], headers: {}, body: '' });
 *   transport.close();
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { HttpRequest, HttpResponse } from '../../simulator/kernel/http.ts';
import type { ConnectResult } from '../../simulator/kernel/socket.ts';
import { bodyToString, formatTarget, headerValue, stringToBody } from './http-convert.ts';
import type { WireReply, WireRequest } from './sync-http-worker.ts';

export interface SyncHttp {
  /** The address it talks to, as given (`tcp://127.0.0.1:2375`). */
  readonly dockerHost: string;
  request(req: HttpRequest): ConnectResult;
  close(): void;
}

export interface SyncHttpOptions {
  /** Longest a request may take; a stream still open then is cut there (logs -f, events). */
  timeoutMs?: number;
}

export class DockerHostError extends Error {}

/** `tcp://HOST:PORT`, `http://HOST:PORT` or `unix:///path` → where node:http connects. */
export function parseDockerHost(dockerHost: string): { socketPath: string } | { host: string; port: number } {
  const unix = /^unix:\/\/(\/.+)$/.exec(dockerHost);
  if (unix) return { socketPath: unix[1] as string };
  const tcp = /^(?:tcp|http):\/\/([^:/]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\/?$/.exec(dockerHost);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port > 0 && port < 65536) return { host: (tcp[1] as string).replace(/^\[|\]$/g, ''), port };
  }
  throw new DockerHostError(`unable to parse docker host \`${dockerHost}\``);
}

/** The reply as the simulator's clients read it: a multiplexed stream stays framed, as a binary string. */
function toHttpResponse(reply: Extract<WireReply, { ok: true }>): HttpResponse {
  const contentType = headerValue(reply.headers, 'Content-Type');
  const chunks = reply.chunks.map((chunk) => ({ at: chunk.at, data: bodyToString(Buffer.from(chunk.data), contentType) }));
  const body = bodyToString(Buffer.concat(reply.chunks.map((c) => Buffer.from(c.data))), contentType);
  const streamed = reply.upgraded || reply.truncated || headerValue(reply.headers, 'Transfer-Encoding') === 'chunked';
  return streamed ? { status: reply.status, headers: reply.headers, body, chunks } : { status: reply.status, headers: reply.headers, body };
}

export function createSyncHttp(dockerHost: string, options: SyncHttpOptions = {}): SyncHttp {
  const endpoint = parseDockerHost(dockerHost);
  const flagBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(flagBuffer);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./sync-http-worker.ts', import.meta.url), {
    workerData: { flag: flagBuffer, port: port2, endpoint },
    transferList: [port2],
  });
  worker.unref();
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    dockerHost,
    request(req: HttpRequest): ConnectResult {
      const headers: Record<string, string> = { Host: 'api.moby.localhost', 'User-Agent': 'Docker-Client/28.2.2 (linux)', ...req.headers };
      const wire: WireRequest = { method: req.method, target: formatTarget(req), headers, body: stringToBody(req.body, headerValue(headers, 'Content-Type')), timeoutMs };
      Atomics.store(flag, 0, 0);
      port1.postMessage(wire);
      // The worker answers within timeoutMs; the margin covers its own start-up on first use.
      const waited = Atomics.wait(flag, 0, 0, timeoutMs + 10_000);
      const message = receiveMessageOnPort(port1)?.message as WireReply | undefined;
      if (waited === 'timed-out' || !message) return { ok: false, errno: 'ETIMEDOUT' };
      if (!message.ok) {
        const errno = message.errno === 'ENOENT' || message.errno === 'ECONNREFUSED' || message.errno === 'EHOSTUNREACH' ? message.errno : 'ETIMEDOUT';
        return { ok: false, errno };
      }
      return { ok: true, response: toHttpResponse(message) };
    },
    close(): void {
      port1.close();
      void worker.terminate();
    },
  };
}
