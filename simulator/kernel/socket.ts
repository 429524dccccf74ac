/**
 * Delivering a request to whatever listens at a socket address on a host. Unix sockets are looked
 * up in the host's listener table; TCP goes through the network layer (routing, iptables, the
 * peer's listeners: see net/path.ts). Returns the errno a real connect(2) would give when nothing
 * answers.
 */
import type { Host } from './host.ts';
import type { HttpRequest, HttpResponse } from './http.ts';
import type { World } from './world.ts';
import { tcpConnect, udpSend, type Delivery, type NetErrno } from './net/path.ts';
import { httpService, rawService } from './net/services.ts';
import { ipvsAccountTcp } from './net/ipvs.ts';
import { utf8Length } from '../core/utf8.ts';
import type { Trace } from './net/types.ts';

export type ConnectResult = { ok: true; response: HttpResponse } | { ok: false; errno: 'ENOENT' | 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ETIMEDOUT' };

export function unixRequest(host: Host, socketPath: string, req: HttpRequest): ConnectResult {
  const service = host.state.listeners[`unix:${socketPath}`];
  if (!service) return { ok: false, errno: host.fs.exists(socketPath) ? 'ECONNREFUSED' : 'ENOENT' };
  const handler = host.world.services[service];
  if (!handler) return { ok: false, errno: 'ECONNREFUSED' };
  return { ok: true, response: handler(req, host.world, host) };
}

export type TcpHttpResult =
  | { ok: true; response: HttpResponse; delivery: Delivery; trace: Trace }
  | { ok: false; errno: NetErrno | 'EPROTO'; trace?: Trace; reporter?: string; delivery?: Delivery };

/**
 * An HTTP exchange over TCP from a namespace: connects by the real path, then hands the request to
 * the listener's HTTP service (`world.services[name]`) with the connection (which process, which
 * addresses). A listener without an HTTP service accepts and closes: EPROTO (curl's `(52) Empty reply`).
 */
export function tcpHttpRequest(world: World, fromHost: string, fromNetns: number, ip: string, port: number, req: HttpRequest): TcpHttpResult {
  const r = tcpConnect(world, fromHost, fromNetns, ip, port);
  if (!r.ok) return { ok: false, errno: r.errno, trace: r.trace, ...(r.reporter ? { reporter: r.reporter } : {}) };
  const handler = r.delivery.listener.service ? httpService(world, r.delivery.listener.service) : undefined;
  if (!handler) return { ok: false, errno: 'EPROTO', trace: r.trace, delivery: r.delivery };
  const response = handler(req, world, world.host(r.delivery.host), r.delivery);
  if (r.trace.ipvs) ipvsAccountTcp(world, r.trace, wireSize(req), wireSize(response));
  return { ok: true, response, delivery: r.delivery, trace: r.trace };
}

/** Bytes of an HTTP message on the wire: start line, headers, blank line, body. */
function wireSize(m: HttpRequest | HttpResponse): number {
  const query = 'query' in m && m.query.length ? 1 + m.query.map(([k, v]) => `${k}=${v}`).join('&').length : 0;
  const start = 'method' in m ? `${m.method} ${m.path} HTTP/1.1`.length + query : `HTTP/1.1 ${m.status} OK`.length;
  const headers = Object.entries(m.headers).reduce((n, [k, v]) => n + k.length + 2 + utf8Length(v) + 2, 0);
  return start + 2 + headers + 2 + utf8Length(m.body);
}

export type TcpStreamResult = { ok: true; output: string; close: boolean; delivery: Delivery; service?: string } | { ok: false; errno: NetErrno; reporter?: string };

/**
 * A raw TCP conversation (telnet, nc): connects, then gives the listener's raw service all the
 * client's input. HTTP services get the input parsed as a request when it looks like one.
 */
export function tcpStream(world: World, fromHost: string, fromNetns: number, ip: string, port: number, input: string): TcpStreamResult {
  const r = tcpConnect(world, fromHost, fromNetns, ip, port);
  if (!r.ok) return { ok: false, errno: r.errno, ...(r.reporter ? { reporter: r.reporter } : {}) };
  const name = r.delivery.listener.service;
  const raw = name ? rawService(name) : undefined;
  if (raw) return { ok: true, ...raw(world, r.delivery, input), delivery: r.delivery, service: name };
  return { ok: true, output: '', close: false, delivery: r.delivery, ...(name ? { service: name } : {}) };
}

/**
 * UDP datagrams from a namespace (`nc -u`): all of the input goes to whatever socket is bound at
 * the destination, whose raw service may answer; ECONNREFUSED when the port is closed (the ICMP
 * port unreachable a client sees on its next read).
 */
export function udpStream(world: World, fromHost: string, fromNetns: number, ip: string, port: number, input: string): TcpStreamResult {
  const r = udpSend(world, fromHost, fromNetns, ip, port);
  if (!r.ok) return { ok: false, errno: r.errno, ...(r.reporter ? { reporter: r.reporter } : {}) };
  const name = r.delivery.listener.service;
  const raw = name ? rawService(name) : undefined;
  if (raw) return { ok: true, ...raw(world, r.delivery, input), delivery: r.delivery, service: name };
  return { ok: true, output: '', close: false, delivery: r.delivery, ...(name ? { service: name } : {}) };
}
