/**
 * The CLI's side of the Engine API: every request goes through a transport (the host's unix
 * socket by default, or whatever `npm run sim -- --docker-host` hands in), starting with
 * `HEAD /_ping` to learn the API version, exactly as the real client does.
 */
import type { HttpRequest, HttpResponse } from '../../../kernel/http.ts';
import type { ConnectResult } from '../../../kernel/socket.ts';

export type Transport = (req: HttpRequest) => ConnectResult;

export interface CliIo {
  stdin: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: Record<string, string>;
  /** The client's clock (ms): CREATED columns are computed client-side. */
  now: () => number;
  /**
   * Keeps a command in the foreground of a terminal that can follow it (`logs -f`, `events`,
   * `stats`): its handler (`world.streams[kind]`) prints the rest as time passes. Absent in cells
   * and scripts: such commands print what has happened and stop as if interrupted.
   */
  startStream?: (kind: string, data: Record<string, unknown>) => void;
  /** Hands the reader's terminal to a process in a container (`run -it`, `exec -it`, `attach`). */
  attach?: (pid: number, containerId: string, kind: 'attach' | 'exec') => void;
  /** The client host's filesystem and working directory (build contexts, docker cp). */
  fs?: import('../../../kernel/vfs.ts').Vfs;
  cwd?: string;
  /** The client's config file (`~/.docker/config.json`): credentials saved by `docker login`. */
  readConfig?: () => string | undefined;
  writeConfig?: (text: string) => void;
}

/** A request failed in a way the CLI reports and exits on. */
export class CliError extends Error {
  readonly code: number;
  constructor(message: string, code = 1) {
    super(message);
    this.code = code;
  }
}

export class DaemonError extends CliError {
  readonly status: number;
  constructor(status: number, message: string) {
    super(`Error response from daemon: ${message}`);
    this.status = status;
  }
}

export class ApiClient {
  readonly transport: Transport;
  readonly hostLabel: string;
  version = '1.50';
  private pinged = false;

  constructor(transport: Transport, hostLabel: string) {
    this.transport = transport;
    this.hostLabel = hostLabel;
  }

  private send(req: HttpRequest): HttpResponse {
    const result = this.transport(req);
    if (!result.ok) throw new CliError(`Cannot connect to the Docker daemon at ${this.hostLabel}. Is the docker daemon running?`);
    return result.response;
  }

  /** `HEAD /_ping`, once per command, to negotiate the API version. */
  ping(): void {
    if (this.pinged) return;
    const res = this.send({ method: 'HEAD', path: '/_ping', query: [], headers: {}, body: '' });
    const v = res.headers['Api-Version'] ?? res.headers['api-version'];
    if (v && /^\d+\.\d+$/.test(v) && compare(v, '1.50') < 0) this.version = v;
    this.pinged = true;
  }

  /** One API call; non-2xx replies become DaemonError with the daemon's message. */
  request(method: string, path: string, query: [string, string][] = [], body?: unknown, accept404 = false, extraHeaders: Record<string, string> = {}, rawBody?: string): HttpResponse {
    this.ping();
    const req: HttpRequest = {
      method,
      path: `/v${this.version}${path}`,
      query,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...extraHeaders },
      body: rawBody ?? (body === undefined ? '' : JSON.stringify(body)),
    };
    const res = this.send(req);
    if (res.status >= 400 && !(accept404 && res.status === 404)) throw new DaemonError(res.status, errorMessage(res));
    return res;
  }

  json<T>(method: string, path: string, query: [string, string][] = [], body?: unknown): T {
    const res = this.request(method, path, query, body);
    return JSON.parse(res.body || 'null') as T;
  }
}

function compare(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number) as [number, number];
  const [b1, b2] = b.split('.').map(Number) as [number, number];
  return a1 - b1 || a2 - b2;
}

export function errorMessage(res: HttpResponse): string {
  try {
    const parsed = JSON.parse(res.body) as { message?: string };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: the body is the message.
  }
  return res.body.trim() || `${res.status}`;
}

/** `filters` as the CLI encodes them: `{"status":{"exited":true}}`. */
export function encodeFilters(filters: string[]): string {
  const out: Record<string, Record<string, boolean>> = {};
  for (const f of filters) {
    const eq = f.indexOf('=');
    const key = (eq >= 0 ? f.slice(0, eq) : f).trim().toLowerCase();
    const value = eq >= 0 ? f.slice(eq + 1) : '';
    (out[key] ??= {})[value] = true;
  }
  return JSON.stringify(out);
}
