/** hostname (net-tools' hostname 3.13 on CentOS 7): prints or sets the host name; `-s`, `-f`, `-i`, `-I`. */
import type { Program } from '../../kernel/types.ts';

export const hostname: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const state = ctx.host.state;
  const name = state.hostname;
  const flag = args.find((a) => a.startsWith('-'));
  if (flag === '-s' || flag === '--short') ctx.stdout(name.split('.')[0] + '\n');
  else if (flag === '-f' || flag === '--fqdn' || flag === '--long') ctx.stdout(name + '\n');
  else if (flag === '-i' || flag === '--ip-address') ctx.stdout(`${state.ip}\n`);
  else if (flag === '-I' || flag === '--all-ip-addresses') ctx.stdout(`${state.ip} \n`);
  else if (flag !== undefined) {
    ctx.stderr(`hostname: invalid option -- '${flag.replace(/^-+/, '').slice(0, 1)}'\nUsage: hostname [-b] {hostname|-F file}         set host name (from file)\n`);
    return 1;
  } else if (args[0] !== undefined) {
    if ((ctx.host.proc(ctx.pid)?.uid ?? 0) !== 0) {
      ctx.stderr('hostname: you must be root to change the host name\n');
      return 1;
    }
    state.hostname = args[0];
  } else ctx.stdout(name + '\n');
  return 0;
};
