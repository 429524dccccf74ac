/**
 * telnetd on port 23, standalone (`telnetd -F`, busybox style) or started by inetd from
 * /etc/inetd.conf. A client gets the login prompt; the session itself is not simulated.
 */
import type { Program } from '../../kernel/types.ts';
import { registerRawService, type RawService } from '../../kernel/net/services.ts';
import { listenFor } from './listen-util.ts';
import { registerReaper } from '../../kernel/hooks.ts';

export const TELNETD_SERVICE = 'telnetd';

/** Port numbers of /etc/services names inetd.conf uses. */
const SERVICES: Record<string, number> = { echo: 7, discard: 9, daytime: 13, ftp: 21, telnet: 23, http: 80 };

export const telnetdService: RawService = (world, conn) => {
  const hostname = world.state.hosts[conn.host]?.hostname ?? 'localhost';
  return { output: `\r\n${hostname.split('.')[0]} login: `, close: false };
};

registerRawService(TELNETD_SERVICE, telnetdService);
registerRawService('echo', (_w, _c, input) => ({ output: input, close: false }));

export const telnetd: Program = (ctx) => {
  const portArg = ctx.argv.indexOf('-p');
  const port = portArg > 0 ? Number(ctx.argv[portArg + 1]) : 23;
  if (!listenFor(ctx, port, 'telnetd', TELNETD_SERVICE, '::')) {
    ctx.stderr('telnetd: bind: Address in use\n');
    return 1;
  }
  return 0;
};

/** inetd: one listener per `stream tcp` line of /etc/inetd.conf. */
export const inetd: Program = (ctx) => {
  let conf: string;
  try {
    conf = ctx.host.fs.readFile(ctx.argv[ctx.argv.length - 1]?.startsWith('/') ? (ctx.argv[ctx.argv.length - 1] as string) : '/etc/inetd.conf');
  } catch {
    ctx.stderr('inetd: /etc/inetd.conf: No such file or directory\n');
    return 1;
  }
  for (const raw of conf.split('\n')) {
    const f = raw.replace(/#.*$/, '').trim().split(/\s+/);
    if (f.length < 6 || f[1] !== 'stream' || f[2] !== 'tcp') continue;
    const port = SERVICES[f[0] as string] ?? Number(f[0]);
    if (!Number.isInteger(port)) continue;
    const service = (f[5] as string).endsWith('telnetd') ? TELNETD_SERVICE : f[0] === 'echo' ? 'echo' : TELNETD_SERVICE;
    listenFor(ctx, port, 'inetd', service, '::');
  }
  return 0;
};

registerReaper('inetd');
