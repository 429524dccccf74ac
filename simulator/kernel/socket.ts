/**
 * Delivering a request to whatever listens at a socket address on a host. Unix sockets are looked
 * up in the host's listener table; TCP goes through the network layer (routing, iptables, the
 * peer's listeners). Returns the errno a real connect(2) would give when nothing answers.
 */
import type { Host } from './host.ts';
import type { HttpRequest, HttpResponse } from './http.ts';

export type ConnectResult = { ok: true; response: HttpResponse } | { ok: false; errno: 'ENOENT' | 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ETIMEDOUT' };

export function unixRequest(host: Host, socketPath: string, req: HttpRequest): ConnectResult {
  const service = host.state.listeners[`unix:${socketPath}`];
  if (!service) return { ok: false, errno: host.fs.exists(socketPath) ? 'ECONNREFUSED' : 'ENOENT' };
  const handler = host.world.services[service];
  if (!handler) return { ok: false, errno: 'ECONNREFUSED' };
  return { ok: true, response: handler(req, host.world, host) };
}
