/**
 * An HTTP exchange as plain data. Servers inside the simulation (the Docker engine on its unix
 * socket, httpd on port 80, the registry, later the Kubernetes API server) answer these; clients
 * (the docker CLI, curl, kubectl) send them; `npm run serve` converts real HTTP to and from them.
 */
export interface HttpRequest {
  method: string;
  /** Path without the query string, e.g. `/v1.50/containers/json`. */
  path: string;
  /** Query parameters in order (repeated keys allowed). */
  query: [string, string][];
  headers: Record<string, string>;
  body: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The whole body, or for streamed replies (pull progress, logs -f) the chunks with their times. */
  body: string;
  chunks?: { at: number; data: string }[];
}

export function queryGet(req: HttpRequest, key: string): string | undefined {
  return req.query.find(([k]) => k === key)?.[1];
}

export function queryAll(req: HttpRequest, key: string): string[] {
  return req.query.filter(([k]) => k === key).map(([, v]) => v);
}

/**
 * What listens where on a host: `unix:/var/run/docker.sock`, `tcp:0.0.0.0:80` → a service name.
 * Over TCP, `conn` says which socket took the connection (its process, namespace and addresses).
 */
export type HttpService = (req: HttpRequest, world: import('./world.ts').World, host: import('./host.ts').Host, conn?: import('./net/path.ts').Delivery) => HttpResponse;
