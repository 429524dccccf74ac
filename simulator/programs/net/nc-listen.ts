/**
 * The listening side of `nc -l` (ncat and busybox's nc): the process binds the port and stays;
 * each connection's data is written to its standard output (a container's log, a background job's
 * file or terminal) and answered with what its own standard input held. Without `-k` it exits
 * after the first TCP connection, as both tools do; a UDP listener keeps receiving.
 */
import { BindError, listen } from '../../kernel/net/listen.ts';
import { registerRawService } from '../../kernel/net/services.ts';
import { netnsOfPid } from '../../kernel/net/state.ts';
import { STILL_RUNNING, type ExecContext } from '../../kernel/types.ts';
import { serverWrite } from '../servers/output.ts';

export const NC_SERVICE = 'nc';

export interface NcListen {
  flavor: 'ncat' | 'busybox';
  keep: boolean;
  udp: boolean;
  verbose: boolean;
  /** What the listener sends to the first peer (its standard input). */
  reply: string;
}

registerRawService(NC_SERVICE, (world, conn, input) => {
  const pid = conn.listener.pid;
  const host = world.host(conn.host);
  const proc = pid === undefined ? undefined : host.proc(pid);
  const nc = proc?.data?.['nc'] as NcListen | undefined;
  if (!proc || !nc) return { output: '', close: true };
  if (nc.verbose) {
    const from = nc.flavor === 'ncat' ? `Ncat: Connection from ${conn.remoteIp}.\nNcat: Connection from ${conn.remoteIp}:${conn.remotePort}.\n` : `connect to [${conn.localIp}]:${conn.localPort} from [${conn.remoteIp}]:${conn.remotePort} ([${conn.remoteIp}]:${conn.remotePort})\n`;
    serverWrite(world, conn.host, proc.pid, 'stderr', from);
  }
  if (input !== '') serverWrite(world, conn.host, proc.pid, 'stdout', input);
  const reply = nc.reply;
  nc.reply = '';
  if (!nc.keep && !nc.udp) host.exit(proc.pid, 0);
  return { output: reply, close: !nc.udp };
});

/**
 * Binds and stays listening. It can only wait where nothing waits for it: as a container's main
 * process or in a background job (`nc -l 1234 &`); a terminal here cannot block on it.
 */
export function ncListen(ctx: ExecContext, port: number, options: Omit<NcListen, 'reply'>): number {
  const me = ctx.host.proc(ctx.pid);
  const isInit = me?.nsPids?.[me.nsPids.length - 1] === 1;
  if (!me || (!isInit && me.data?.['job'] !== true)) {
    ctx.stderr(`podbook: a foreground 'nc -l' waits for a connection, which this terminal cannot do; run it in the background (nc -l ${port} &) or as a container's command\n`);
    return 1;
  }
  try {
    listen(ctx.world, ctx.host.name, netnsOfPid(ctx.world, ctx.host.name, ctx.pid), { proto: options.udp ? 'udp' : 'tcp', ip: '::', port, pid: ctx.pid, command: me.argv[0]?.split('/').pop() ?? 'nc', fd: 3, service: NC_SERVICE });
  } catch (e) {
    if (!(e instanceof BindError)) throw e;
    if (options.flavor === 'ncat') {
      ctx.stderr(`Ncat: bind to :::${port}: Address already in use. QUITTING.\n`);
      return 2;
    }
    ctx.stderr('nc: bind: Address already in use\n');
    return 1;
  }
  if (options.verbose) ctx.stderr(options.flavor === 'ncat' ? `Ncat: Listening on :::${port}\nNcat: Listening on 0.0.0.0:${port}\n` : `listening on [::]:${port} ...\n`);
  me.data = { ...(me.data ?? {}), nc: { ...options, reply: ctx.stdin } satisfies NcListen };
  return STILL_RUNNING;
}
