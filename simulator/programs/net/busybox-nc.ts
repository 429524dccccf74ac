/**
 * busybox's nc applet (nc 1.10 compatible, as the busybox image builds it). Client: `nc HOST PORT`
 * sends standard input and prints the answer; a refused connection exits 1 without a word unless
 * `-vv`; `-z` only checks the port (`-v`: `HOST (IP:PORT) open`). Server: `nc -l -p PORT`
 * (`-lk` to keep accepting, `-u` UDP) via nc-listen.ts.
 */
import { tcpConnect, udpSend } from '../../kernel/net/path.ts';
import { tcpStream, udpStream } from '../../kernel/socket.ts';
import type { Program } from '../../kernel/types.ts';
import { NET_ERRNO_TEXT, netCtx, resolve } from './common.ts';
import { ncListen } from './nc-listen.ts';

const USAGE = 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n';

export const busyboxNc: Program = (ctx) => {
  const flags = new Set<string>();
  let verbose = 0;
  let port: string | undefined;
  const rest: string[] = [];
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      if ('pswieo'.includes(c)) {
        const value = a.length > j + 1 ? a.slice(j + 1) : args[++i];
        if (value === undefined) {
          ctx.stderr(`nc: option requires an argument -- '${c}'\n${USAGE}`);
          return 1;
        }
        if (c === 'p') port = value;
        break;
      }
      if (c === 'v') verbose++;
      else if ('lkuznb'.includes(c)) flags.add(c);
      else {
        ctx.stderr(`nc: invalid option -- '${c}'\n${USAGE}`);
        return 1;
      }
    }
  }
  const udp = flags.has('u');
  const portOf = (text: string): number | undefined => (/^\d+$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined);
  if (flags.has('l')) {
    if (port === undefined) {
      ctx.stderr("podbook: busybox 'nc -l' without -p listens on a random port (a bare PORT names the peer to accept); give -p PORT\n");
      return 1;
    }
    const p = portOf(port);
    if (p === undefined) {
      ctx.stderr(`nc: bad port '${port}'\n`);
      return 1;
    }
    return ncListen(ctx, p, { flavor: 'busybox', keep: flags.has('k'), udp, verbose: verbose > 0 });
  }
  const [host, portText] = rest;
  if (host === undefined || portText === undefined || rest.length > 2) {
    ctx.stderr(USAGE);
    return 1;
  }
  const p = portOf(portText);
  if (p === undefined) {
    ctx.stderr(`nc: bad port '${portText}'\n`);
    return 1;
  }
  const n = netCtx(ctx);
  const r0 = resolve(ctx, n, host);
  if (!r0.ok) {
    ctx.stderr(`nc: bad address '${host}'\n`);
    return 1;
  }
  const ip = r0.address;
  const refused = (errno: string): number => {
    if (verbose > 1 || (verbose === 1 && errno !== 'ECONNREFUSED')) ctx.stderr(`nc: ${host} (${ip}:${p}): ${NET_ERRNO_TEXT[errno] ?? errno}\n`);
    return 1;
  };
  if (flags.has('z')) {
    const r = udp ? udpSend(ctx.world, n.host, n.netns, ip, p) : tcpConnect(ctx.world, n.host, n.netns, ip, p);
    if (!r.ok) return refused(r.errno);
    if (verbose) ctx.stderr(`${host} (${ip}:${p}) open\n`);
    return 0;
  }
  const r = udp ? udpStream(ctx.world, n.host, n.netns, ip, p, ctx.stdin) : tcpStream(ctx.world, n.host, n.netns, ip, p, ctx.stdin);
  if (!r.ok) return refused(r.errno);
  if (verbose) ctx.stderr(`${host} (${ip}:${p}) open\n`);
  ctx.stdout(r.output);
  return 0;
};
