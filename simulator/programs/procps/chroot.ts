/**
 * chroot (coreutils 8.22): runs a command (default `$SHELL -i`) with another root directory.
 */
import type { Program } from '../../kernel/types.ts';
import { normalizePath, FsError, ERRNO_TEXT } from '../../kernel/vfs.ts';
import { q } from '../coreutils/common.ts';
import { runCommand } from './common.ts';

export const chroot: Program = (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('--userspec') && !a.startsWith('--groups') && a !== '--skip-chdir');
  if (args.length === 0 || (args[0] as string).startsWith('-')) {
    if (args.length > 0) ctx.stderr(`chroot: invalid option -- '${(args[0] as string).slice(1, 2)}'\nTry 'chroot --help' for more information.\n`);
    else ctx.stderr('chroot: missing operand\nTry \'chroot --help\' for more information.\n');
    return 125;
  }
  const dir = args[0] as string;
  const fs = ctx.host.fsFor(ctx.pid);
  const me = ctx.host.proc(ctx.pid);
  let real: string;
  try {
    const node = fs.stat(normalizePath(dir, ctx.cwd));
    if (node.type !== 'dir') throw new FsError('ENOTDIR', dir);
    if (me && me.uid !== 0) throw new FsError('EPERM', dir);
    real = fs.realpath(normalizePath(dir, ctx.cwd));
  } catch (e) {
    ctx.stderr(`chroot: cannot change root directory to ${dir}: ${e instanceof FsError ? ERRNO_TEXT[e.code] : 'Input/output error'}\n`);
    return 125;
  }
  const base = me?.root && me.root !== '/' ? me.root : '';
  const root = real === '/' ? base || '/' : base + real;
  const argv = args.length > 1 ? args.slice(1) : [ctx.env['SHELL'] ?? '/bin/sh', '-i'];
  const status = runCommand(ctx, 'chroot', argv.length === 2 && argv[1] === '-i' ? [argv[0] as string] : argv, { root, cwd: '/', notFound: (name) => `chroot: failed to run command ${q(name)}: No such file or directory\n` });
  return status === 127 || status === 126 ? status : status;
};
