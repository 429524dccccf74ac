/**
 * ncat 6.40 (CentOS 7's nmap-ncat, installed as `nc`). Client: `nc HOST PORT` sends its standard
 * input over TCP (`-u`: UDP) and prints what comes back; refusals as `Ncat: Connection refused.`
 * Server: `nc -l [PORT]` (31337 by default, `-k` to keep accepting) via nc-listen.ts. This version
 * has no `-z`: it is rejected as an invalid option, as on a CentOS 7 host.
 */
import { tcpStream, udpStream } from '../../kernel/socket.ts';
import type { Program } from '../../kernel/types.ts';
import { NET_ERRNO_TEXT, netCtx, resolve } from './common.ts';
import { ncListen } from './nc-listen.ts';
import { httpOverRaw } from './telnet.ts';

const VERSION = 'Ncat: Version 6.40 ( http://nmap.org/ncat )';
const DEFAULT_PORT = 31337;
/** Options that take a value. */
const WITH_VALUE = new Set(['p', 's', 'w', 'i', 'd', 'o', 'x', 'e', 'c', 'm', 'g', 'G']);
const FLAGS = new Set(['4', '6', 'C', 'k', 'l', 'n', 'u', 'v', 't']);

function quit(ctx: Parameters<Program>[0], text: string): number {
  ctx.stderr(`Ncat: ${text} QUITTING.\n`);
  return 2;
}

export const ncat: Program = (ctx) => {
  const flags = new Set<string>();
  let verbose = 0;
  let sourcePort: string | undefined;
  const rest: string[] = [];
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0] as string;
      if (name === 'listen') flags.add('l');
      else if (name === 'udp') flags.add('u');
      else if (name === 'keep-open') flags.add('k');
      else if (name === 'verbose') verbose++;
      else if (name === 'version') {
        ctx.stderr(`${VERSION}\n`);
        return 0;
      } else {
        ctx.stderr(`podbook: 'nc ${a}' is not simulated\n`);
        return 1;
      }
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      if (WITH_VALUE.has(c)) {
        const value = a.length > j + 1 ? a.slice(j + 1) : args[++i];
        if (value === undefined) {
          ctx.stderr(`nc: option requires an argument -- '${c}'\nNcat: Try \`--help' or man(1) ncat for more information, usage options and help. QUITTING.\n`);
          return 2;
        }
        if (c === 'p') sourcePort = value;
        break;
      }
      if (c === 'v') verbose++;
      else if (FLAGS.has(c)) flags.add(c);
      else {
        ctx.stderr(`nc: invalid option -- '${c}'\nNcat: Try \`--help' or man(1) ncat for more information, usage options and help. QUITTING.\n`);
        return 2;
      }
    }
  }
  const udp = flags.has('u');
  const portOf = (text: string): number | undefined => (/^\d+$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined);
  if (flags.has('l')) {
    const text = sourcePort ?? rest[rest.length - 1] ?? String(DEFAULT_PORT);
    const port = portOf(text);
    if (port === undefined) return quit(ctx, `Invalid port number "${text}".`);
    if (verbose) ctx.stderr(`${VERSION}\n`);
    return ncListen(ctx, port, { flavor: 'ncat', keep: flags.has('k'), udp, verbose: verbose > 0 });
  }
  const [host, portText = String(DEFAULT_PORT)] = rest;
  if (host === undefined) return quit(ctx, 'You must specify a host to connect to.');
  const port = portOf(portText);
  if (port === undefined) return quit(ctx, `Invalid port number "${portText}".`);
  if (verbose) ctx.stderr(`${VERSION}\n`);
  const n = netCtx(ctx);
  const r0 = resolve(ctx, n, host);
  if (!r0.ok) return quit(ctx, `Could not resolve hostname "${host}": Name or service not known.`);
  const ip = r0.address;
  const r = udp ? udpStream(ctx.world, n.host, n.netns, ip, port, ctx.stdin) : tcpStream(ctx.world, n.host, n.netns, ip, port, ctx.stdin);
  if (!r.ok) {
    ctx.stderr(`Ncat: ${NET_ERRNO_TEXT[r.errno] ?? r.errno}.\n`);
    return 1;
  }
  if (verbose) ctx.stderr(`Ncat: Connected to ${ip}:${port}.\n`);
  let reply = r.output;
  if (!udp && r.service && ctx.stdin !== '') reply = httpOverRaw(ctx, r.service, r.delivery, ctx.stdin) ?? reply;
  ctx.stdout(reply);
  if (verbose) ctx.stderr(`Ncat: ${ctx.stdin.length} bytes sent, ${reply.length} bytes received in 0.01 seconds.\n`);
  return 0;
};
