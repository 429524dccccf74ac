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
  return { ok: true, response: handler(req, world, world.host(r.delivery.host), r.delivery), delivery: r.delivery, trace: r.trace };
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
