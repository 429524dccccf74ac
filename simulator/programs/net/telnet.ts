/**
 * telnet 0.17 (CentOS 7). The client side is buffered: what comes on stdin is sent, the server's
 * answer is printed, then the connection ends (`Connection closed by foreign host.`).
 */
import type { HttpRequest } from '../../kernel/http.ts';
import { httpService } from '../../kernel/net/services.ts';
import { tcpStream } from '../../kernel/socket.ts';
import type { ExecContext, Program } from '../../kernel/types.ts';
import { STATUS_TEXT } from '../servers/http-util.ts';
import { NET_ERRNO_TEXT, netCtx, resolve, type NetCtx } from './common.ts';

/** A raw HTTP request typed at a telnet/nc prompt, answered as raw HTTP. */
export function httpOverRaw(ctx: ExecContext, service: string, conn: Parameters<NonNullable<ReturnType<typeof httpService>>>[3], input: string): string | undefined {
  const handler = httpService(ctx.world, service);
  if (!handler || !conn) return undefined;
  const lines = input.replace(/\r/g, '').split('\n');
  const m = /^([A-Z]+) (\S+)(?: HTTP\/1\.[01])?$/.exec(lines[0] ?? '');
  if (!m) return `HTTP/1.1 400 Bad Request\r\n\r\n`;
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim()] = l.slice(i + 1).trim();
  }
  const [path, qs] = (m[2] as string).split('?') as [string, string | undefined];
  const req: HttpRequest = { method: m[1] as string, path, query: (qs ?? '').split('&').filter(Boolean).map((kv) => kv.split('=') as [string, string]), headers, body: '' };
  const res = handler(req, ctx.world, ctx.world.host(conn.host), conn);
  return `HTTP/1.1 ${res.status} ${STATUS_TEXT[res.status] ?? ''}\r\n${Object.entries(res.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${req.method === 'HEAD' ? '' : res.body}`;
}

function target(ctx: ExecContext, n: NetCtx, host: string): string | undefined {
  const r = resolve(ctx, n, host);
  return r.ok ? r.address : undefined;
}

export const telnet: Program = (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const host = args[0];
  if (host === undefined) {
    ctx.stderr("podbook: interactive telnet is not simulated; give a host (telnet HOST [PORT])\n");
    return 1;
  }
  const port = Number(args[1] ?? 23);
  const n = netCtx(ctx);
  const ip = target(ctx, n, host);
  if (!ip) {
    ctx.stderr(`telnet: ${host}: Name or service not known\n${host}: Unknown host\n`);
    return 1;
  }
  ctx.stdout(`Trying ${ip}...\n`);
  const r = tcpStream(ctx.world, n.host, n.netns, ip, port, ctx.stdin);
  if (!r.ok) {
    ctx.stderr(`telnet: connect to address ${ip}: ${NET_ERRNO_TEXT[r.errno] ?? r.errno}\n`);
    return 1;
  }
  ctx.stdout(`Connected to ${host}.\nEscape character is '^]'.\n`);
  let reply = r.output;
  if (r.service && ctx.stdin !== '') reply = httpOverRaw(ctx, r.service, r.delivery, ctx.stdin) ?? reply;
  ctx.stdout(reply);
  ctx.stdout(`${reply === '' || reply.endsWith('\n') ? '' : '\n'}Connection closed by foreign host.\n`);
  return 1;
};
