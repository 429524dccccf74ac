/**
 * nsenter (util-linux 2.23): runs a program in the namespaces of a target process, `-t PID` with
 * `-m -u -i -n -p -U` (or long forms) choosing which; without a program, the user's shell. As root
 * only, as the real one needs CAP_SYS_ADMIN.
 */
import type { Program } from '../../kernel/types.ts';
import type { NsType } from '../../kernel/namespaces.ts';
import { runCommand } from './common.ts';

const SHORT: Record<string, NsType> = { m: 'mnt', u: 'uts', i: 'ipc', n: 'net', p: 'pid', U: 'user' };
const LONG: Record<string, NsType> = { mount: 'mnt', uts: 'uts', ipc: 'ipc', net: 'net', pid: 'pid', user: 'user' };
const NS_FILE: Record<NsType, string> = { mnt: 'mnt', uts: 'uts', ipc: 'ipc', net: 'net', pid: 'pid', user: 'user', cgroup: 'cgroup' };

const USAGE = `
Usage:
 nsenter [options] <program> [<argument>...]

Run a program with namespaces of other processes.

Options:
 -t, --target <pid>     target process to get namespaces from
 -m, --mount[=<file>]   enter mount namespace
 -u, --uts[=<file>]     enter UTS namespace (hostname etc)
 -i, --ipc[=<file>]     enter System V IPC namespace
 -n, --net[=<file>]     enter network namespace
 -p, --pid[=<file>]     enter pid namespace
 -U, --user[=<file>]    enter user namespace
 -S, --setuid <uid>     set uid in entered namespace
 -G, --setgid <gid>     set gid in entered namespace
     --preserve-credentials do not touch uids or gids
 -r, --root[=<dir>]     set the root directory
 -w, --wd[=<dir>]       set the working directory
 -F, --no-fork          do not fork before exec'ing <program>

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see nsenter(1).
`;

export const nsenter: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const chosen: NsType[] = [];
  let target: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split('=') as [string, string | undefined];
      if (name === 'target') target = value ?? args[++i];
      else if (LONG[name]) chosen.push(LONG[name] as NsType);
      else if (name === 'help') {
        ctx.stdout(USAGE);
        return 0;
      } else if (name === 'no-fork' || name === 'preserve-credentials' || name === 'root' || name === 'wd') continue;
      else {
        ctx.stderr(`nsenter: unrecognized option '${a}'\n${USAGE}`);
        return 1;
      }
      continue;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      if (c === 't') {
        target = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        break;
      }
      if (SHORT[c]) chosen.push(SHORT[c] as NsType);
      else if (c === 'F' || c === 'r' || c === 'w') continue;
      else if (c === 'h') {
        ctx.stdout(USAGE);
        return 0;
      } else {
        ctx.stderr(`nsenter: invalid option -- '${c}'\n${USAGE}`);
        return 1;
      }
    }
  }
  const me = ctx.host.proc(ctx.pid);
  if (chosen.length > 0 && target === undefined) {
    ctx.stderr(`nsenter: neither filename nor target pid supplied for ns/${NS_FILE[chosen[0] as NsType]}\n`);
    return 1;
  }
  if (target !== undefined && !/^\d+$/.test(target)) {
    ctx.stderr(`nsenter: failed to parse pid: '${target}'\n`);
    return 1;
  }
  const ns: Partial<Record<NsType, number>> = {};
  let cwd = ctx.cwd;
  let root: string | undefined;
  if (target !== undefined) {
    const proc = ctx.host.procAs(ctx.pid, Number(target));
    if (!proc) {
      ctx.stderr(`nsenter: cannot open /proc/${target}/ns/${NS_FILE[chosen[0] ?? 'ipc']}: No such file or directory\n`);
      return 1;
    }
    if (me && me.uid !== 0) {
      ctx.stderr(`nsenter: reassociate to namespace 'ns/${NS_FILE[chosen[0] ?? 'ipc']}' failed: Operation not permitted\n`);
      return 1;
    }
    for (const type of chosen) ns[type] = ctx.host.nsOf(proc, type);
    if (chosen.includes('mnt')) {
      cwd = proc.cwd;
      root = proc.root ?? '/';
    }
  }
  const argv = args.slice(i);
  const command = argv.length > 0 ? argv : [ctx.env['SHELL'] ?? '/bin/sh'];
  return runCommand(ctx, 'nsenter', command, { ns, cwd, ...(root ? { root } : {}), notFound: (name) => `nsenter: exec ${name} failed: No such file or directory\n` });
};
