/**
 * unshare (util-linux 2.23): runs a program in new namespaces (`-m -u -i -n -p -U`, `-f` to fork
 * so the program is pid 1 of a new PID namespace, `--mount-proc` to mount a matching /proc).
 */
import type { Program } from '../../kernel/types.ts';
import type { NsType } from '../../kernel/namespaces.ts';
import { INITIAL_NS } from '../../kernel/namespaces.ts';
import { runCommand } from './common.ts';

const SHORT: Record<string, NsType> = { m: 'mnt', u: 'uts', i: 'ipc', n: 'net', p: 'pid', U: 'user' };
const LONG: Record<string, NsType> = { mount: 'mnt', uts: 'uts', ipc: 'ipc', net: 'net', pid: 'pid', user: 'user' };

export const unshare: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const chosen: NsType[] = [];
  let fork = false;
  let mountProc = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0] as string;
      if (LONG[name]) chosen.push(LONG[name] as NsType);
      else if (name === 'fork') fork = true;
      else if (name === 'mount-proc') mountProc = true;
      else {
        ctx.stderr(`unshare: unrecognized option '${a}'\nTry 'unshare --help' for more information.\n`);
        return 1;
      }
      continue;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (const c of a.slice(1)) {
      if (SHORT[c]) chosen.push(SHORT[c] as NsType);
      else if (c === 'f') fork = true;
      else if (c === 'r') continue;
      else {
        ctx.stderr(`unshare: invalid option -- '${c}'\nTry 'unshare --help' for more information.\n`);
        return 1;
      }
    }
  }
  const me = ctx.host.proc(ctx.pid);
  if (me && me.uid !== 0 && !chosen.includes('user')) {
    ctx.stderr('unshare: unshare failed: Operation not permitted\n');
    return 1;
  }
  if (chosen.includes('pid') && !fork) {
    ctx.stderr("podbook: 'unshare -p' without --fork is not simulated (the shell it starts could not fork)\n");
    return 1;
  }
  if (mountProc && !chosen.includes('mnt')) chosen.push('mnt');
  const ns: Partial<Record<NsType, number>> = {};
  for (const type of chosen) ns[type] = ctx.host.createNamespace(type, { creator: ctx.pid });
  if (mountProc) {
    const pidNs = ns.pid ?? (me ? ctx.host.nsOf(me, 'pid') : INITIAL_NS.pid);
    ctx.host.mount(ns.mnt as number, '/proc', { kind: 'proc', pidNs }, { fstype: 'proc', device: 'proc', options: 'rw,nosuid,nodev,noexec,relatime' });
  }
  const argv = args.slice(i);
  return runCommand(ctx, 'unshare', argv.length > 0 ? argv : [ctx.env['SHELL'] ?? '/bin/sh'], { ns, notFound: (name) => `unshare: failed to execute ${name}: No such file or directory\n` });
};
