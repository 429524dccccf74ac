/** Binding a server's listening socket in the network namespace of the process that runs it. */
import { BindError, listen } from '../../kernel/net/listen.ts';
import { netnsOfPid } from '../../kernel/net/state.ts';
import type { ExecContext } from '../../kernel/types.ts';

/** Binds `[::]:port` (all addresses) for the calling process; false when the port is taken. */
export function listenFor(ctx: ExecContext, port: number, command: string, service: string, ip = '::', proto: 'tcp' | 'udp' = 'tcp'): boolean {
  try {
    listen(ctx.world, ctx.host.name, netnsOfPid(ctx.world, ctx.host.name, ctx.pid), { proto, ip, port, pid: ctx.pid, command, fd: 3, service });
    return true;
  } catch (e) {
    if (e instanceof BindError) return false;
    throw e;
  }
}
