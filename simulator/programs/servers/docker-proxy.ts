/**
 * docker-proxy, the userland proxy dockerd starts for each published port:
 * `docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.17.0.2 -container-port 80`.
 * It binds the host port in its namespace and forwards each connection to the container, so
 * `curl localhost:8080` works although the nat OUTPUT rule skips 127.0.0.0/8, and `ss -lntp` shows
 * `users:(("docker-proxy",pid=N,fd=4))` as on a real host.
 */
import { BindError, listen } from '../../kernel/net/listen.ts';
import { netnsOfPid } from '../../kernel/net/state.ts';
import type { Program } from '../../kernel/types.ts';

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`-${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

export const dockerProxy: Program = (ctx) => {
  const proto = flag(ctx.argv, 'proto') ?? 'tcp';
  const hostIp = flag(ctx.argv, 'host-ip') ?? '0.0.0.0';
  const hostPort = Number(flag(ctx.argv, 'host-port'));
  const ip = flag(ctx.argv, 'container-ip');
  const port = Number(flag(ctx.argv, 'container-port'));
  if ((proto !== 'tcp' && proto !== 'udp') || !ip || !Number.isInteger(hostPort) || !Number.isInteger(port)) {
    ctx.stderr('Usage of docker-proxy:\n');
    return 2;
  }
  try {
    listen(ctx.world, ctx.host.name, netnsOfPid(ctx.world, ctx.host.name, ctx.pid), { proto, ip: hostIp, port: hostPort, pid: ctx.pid, command: 'docker-proxy', fd: 4, forward: { ip, port } });
  } catch (e) {
    if (!(e instanceof BindError)) throw e;
    ctx.stderr(`listen ${proto}${hostIp.includes(':') ? '6' : '4'} ${hostIp.includes(':') ? `[${hostIp}]` : hostIp}:${hostPort}: bind: address already in use\n`);
    return 1;
  }
  return 0;
};
