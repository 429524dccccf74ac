/** sudo (1.8.23, CentOS 7): the reader is root already, so it runs the command as root without a password. */
import type { Program } from '../../kernel/types.ts';
import { DEFAULT_PATH } from '../../kernel/host.ts';
import { runProgram } from './run.ts';

const USAGE = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-g group] [-h host] [-p prompt] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-g group] [-h host] [-p prompt] [-T timeout] [-u user] file ...
`;

export const sudo: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let i = 0;
  while (i < args.length && /^-[EHnkPSA]+$/.test(args[i] as string)) i++;
  if (args[i] === '-u') {
    ctx.stderr(`podbook: 'sudo -u' is not simulated\n`);
    return 1;
  }
  const command = args.slice(i);
  if (command.length === 0) {
    ctx.stderr(USAGE);
    return 1;
  }
  const found = ctx.host.findExecutable(command[0] as string, ctx.env['PATH'] ?? DEFAULT_PATH, ctx.cwd);
  if ('error' in found) {
    ctx.stderr(`sudo: ${command[0]}: command not found\n`);
    return 1;
  }
  return runProgram(ctx, 'sudo', command);
};
