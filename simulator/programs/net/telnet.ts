/**
 * telnet 0.17 (CentOS 7) and ncat 6.40 (`nc`, nmap-ncat: no `-z` in that version). The client side
 * is buffered: what comes on stdin is sent, the server's answer is printed, then the connection
 * ends (`Connection closed by foreign host.`). Refusals use each tool's own words.
 */
import type { HttpRequest } from '../../kernel/http.ts';
import { httpService } from '../../kernel/net/services.ts';
import { tcpStream } from '../../kernel/socket.ts';
import type { ExecContext, Program } from '../../kernel/types.ts';
import { STATUS_TEXT } from '../servers/http-util.ts';
import { NET_ERRNO_TEXT, netCtx, resolve, type NetCtx } from './common.ts';

/** A raw HTTP request typed at a telnet/nc prompt, answered as raw HTTP. */
function httpOverRaw(ctx: ExecContext, service: string, conn: Parameters<NonNullable<ReturnType<typeof httpService>>>[3], input: string): string | undefined {
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

const NCAT_VERSION = 'Ncat: Version 6.40 ( http://nmap.org/ncat )';

export const nc: Program = (ctx) => {
  const argv = ctx.argv.slice(1);
  let verbose = false;
  const rest: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 'v') verbose = true;
        else if (c === 'l' || c === 'k') {
          ctx.stderr("podbook: 'nc -l' (a listening ncat) is not simulated\n");
          return 1;
        } else if (c === 'w' || c === 'n' || c === '4') continue;
        else {
          ctx.stderr(`nc: invalid option -- '${c}'\nNcat: Try \`--help' or man(1) ncat for more information, usage options and help. QUITTING.\n`);
          return 2;
        }
      }
    } else rest.push(a);
  }
  const [host, portText] = rest;
  if (host === undefined || portText === undefined) {
    ctx.stderr(`Ncat: You must specify a host to connect to. QUITTING.\n`);
    return 2;
  }
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    ctx.stderr(`Ncat: Invalid port number "${portText}". QUITTING.\n`);
    return 2;
  }
  const n = netCtx(ctx);
  if (verbose) ctx.stderr(`${NCAT_VERSION}\n`);
  const ip = target(ctx, n, host);
  if (!ip) {
    ctx.stderr(`Ncat: Could not resolve hostname "${host}": Name or service not known. QUITTING.\n`);
    return 2;
  }
  const port = Number(portText);
  const r = tcpStream(ctx.world, n.host, n.netns, ip, port, ctx.stdin);
  if (!r.ok) {
    ctx.stderr(`Ncat: ${NET_ERRNO_TEXT[r.errno] ?? r.errno}.\n`);
    return 1;
  }
  if (verbose) ctx.stderr(`Ncat: Connected to ${ip}:${port}.\n`);
  let reply = r.output;
  if (r.service && ctx.stdin !== '') reply = httpOverRaw(ctx, r.service, r.delivery, ctx.stdin) ?? reply;
  ctx.stdout(reply);
  if (verbose) ctx.stderr(`Ncat: ${ctx.stdin.length} bytes sent, ${reply.length} bytes received in 0.01 seconds.\n`);
  return 0;
};
