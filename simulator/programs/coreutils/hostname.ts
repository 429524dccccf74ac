/** hostname (net-tools' hostname 3.13 on CentOS 7): prints or sets the host name; `-s`, `-f`, `-i`, `-I`. */
import type { Program } from '../../kernel/types.ts';
import { namespaceAddresses } from '../net/common.ts';

export const hostname: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  // The caller's UTS namespace names it: inside a container that is the container's hostname.
  const name = ctx.host.hostnameFor(ctx.pid);
  const flag = args.find((a) => a.startsWith('-'));
  if (flag === '-s' || flag === '--short') ctx.stdout(name.split('.')[0] + '\n');
  else if (flag === '-f' || flag === '--fqdn' || flag === '--long') ctx.stdout(name + '\n');
  else if (flag === '-i' || flag === '--ip-address') ctx.stdout(`${namespaceAddresses(ctx).join(' ')}\n`);
  else if (flag === '-I' || flag === '--all-ip-addresses') ctx.stdout(namespaceAddresses(ctx).map((ip) => `${ip} `).join('') + '\n');
  else if (flag !== undefined) {
    ctx.stderr(`hostname: invalid option -- '${flag.replace(/^-+/, '').slice(0, 1)}'\nUsage: hostname [-b] {hostname|-F file}         set host name (from file)\n`);
    return 1;
  } else if (args[0] !== undefined) {
    if ((ctx.host.proc(ctx.pid)?.uid ?? 0) !== 0) {
      ctx.stderr('hostname: you must be root to change the host name\n');
      return 1;
    }
    ctx.host.setHostname(ctx.pid, args[0]);
  } else ctx.stdout(name + '\n');
  return 0;
};
