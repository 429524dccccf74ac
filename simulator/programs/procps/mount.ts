/**
 * mount and umount (util-linux 2.23) on the caller's mount namespace: list mounts, mount proc,
 * tmpfs, sysfs and cgroup hierarchies, bind mounts (`--bind`, `-o bind,ro`), `-o remount,ro`, and
 * unmount with the real complaints (not mounted, busy).
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { INITIAL_NS } from '../../kernel/namespaces.ts';
import { mountCommandLine, withAccess, type MountSource } from '../../kernel/mounts.ts';
import { normalizePath } from '../../kernel/vfs.ts';
import { hierarchyDir } from '../../kernel/cgroup.ts';

function mntNs(ctx: ExecContext): number {
  const me = ctx.host.proc(ctx.pid);
  return me ? ctx.host.nsOf(me, 'mnt') : INITIAL_NS.mnt;
}

export const mount: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let type: string | undefined;
  const options: string[] = [];
  const operands: string[] = [];
  let bind = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-t' || a === '--types') type = args[++i];
    else if (a.startsWith('-t') && a.length > 2) type = a.slice(2);
    else if (a === '-o' || a === '--options') options.push(...(args[++i] ?? '').split(','));
    else if (a === '--bind' || a === '-B') bind = true;
    else if (a === '--rbind' || a === '-R') bind = true;
    else if (a === '-r' || a === '--read-only') options.push('ro');
    else if (a === '-w' || a === '--rw') options.push('rw');
    else if (a === '-a' || a === '-v' || a === '-n' || a.startsWith('--make-')) continue;
    else if (a.startsWith('-')) {
      ctx.stderr(`mount: invalid option -- '${a.slice(1, 2)}'\n\nUsage:\n mount [-lhV]\n mount -a [options]\n mount [options] [--source] <source> | [--target] <directory>\n mount [options] <source> <directory>\n mount <operation> <mountpoint> [<target>]\n\nFor more details see mount(8).\n`);
      return 1;
    } else operands.push(a);
  }
  const fs = ctx.host.fsFor(ctx.pid);
  const ns = mntNs(ctx);
  if (operands.length === 0 && options.length === 0) {
    const filter = type;
    ctx.stdout(fs.mounts().filter((m) => !filter || m.fstype === filter).map(mountCommandLine).join(''));
    return 0;
  }
  const me = ctx.host.proc(ctx.pid);
  if (me && me.uid !== 0) {
    ctx.stderr('mount: only root can do that\n');
    return 1;
  }
  const readOnly = options.includes('ro');
  if (options.includes('bind')) bind = true;
  if (options.includes('remount')) {
    const target = normalizePath(operands[operands.length - 1] ?? '', ctx.cwd);
    const table = ctx.host.sys.mountNs[ns] ?? [];
    const entry = [...table].reverse().find((m) => m.target === target);
    if (!entry) {
      ctx.stderr(`mount: ${target} not mounted or bad option\n`);
      return 32;
    }
    entry.readOnly = readOnly;
    entry.options = withAccess(entry.options, readOnly);
    return 0;
  }
  if (operands.length < 2) {
    ctx.stderr(`mount: can't find ${operands[0] ?? ''} in /etc/fstab\n`);
    return 1;
  }
  const [source, dir] = operands as [string, string];
  const target = normalizePath(dir, ctx.cwd);
  const point = fs.tryStat(target);
  if (!point) {
    ctx.stderr(`mount: mount point ${dir} does not exist\n`);
    return 32;
  }
  const extra = options.filter((o) => !['ro', 'rw', 'bind', 'defaults'].includes(o)).join(',');
  if (bind) {
    const from = normalizePath(source, ctx.cwd);
    if (!fs.tryStat(from)) {
      ctx.stderr(`mount: special device ${source} does not exist\n`);
      return 32;
    }
    ctx.host.bindMount(ns, fs.realpath(target), from, { readOnly, fromView: fs });
    return 0;
  }
  let src: MountSource;
  const fstype = type ?? '';
  switch (fstype) {
    case 'proc':
      src = { kind: 'proc', pidNs: me ? ctx.host.nsOf(me, 'pid') : INITIAL_NS.pid };
      break;
    case 'tmpfs':
      src = ctx.host.createTmpfs(`tmpfs-${ctx.host.sys.nextMountId}`);
      break;
    case 'sysfs':
      src = { kind: 'fs', id: 'sysfs' };
      break;
    case 'cgroup': {
      const controller = options.find((o) => hierarchyDir(o));
      if (!controller) {
        ctx.stderr(`mount: ${source} is already mounted or ${dir} busy\n`);
        return 32;
      }
      src = { kind: 'cgroup', hierarchy: hierarchyDir(controller) as string };
      break;
    }
    case '':
      ctx.stderr(`mount: you must specify the filesystem type\n`);
      return 32;
    default:
      ctx.stderr(`mount: unknown filesystem type '${fstype}'\n`);
      return 32;
  }
  ctx.host.mount(ns, fs.realpath(target), src, { fstype, device: source, options: ['rw', extra, 'relatime'].filter(Boolean).join(','), readOnly });
  return 0;
};

export const umount: Program = (ctx) => {
  const targets = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  if (targets.length === 0) {
    ctx.stderr('\nUsage:\n umount [-hV]\n umount -a [options]\n umount [options] <source> | <directory>\n\nOptions:\n -a, --all               unmount all filesystems\n -l, --lazy              detach the filesystem now, and cleanup all later\n -f, --force             force unmount (in case of an unreachable NFS system)\n -r, --read-only         In case unmounting fails, try to remount read-only\n -v, --verbose           say what is being done\n\nFor more details see umount(8).\n');
    return 1;
  }
  const me = ctx.host.proc(ctx.pid);
  if (me && me.uid !== 0) {
    ctx.stderr(`umount: only root can unmount ${targets[0]} from ${targets[0]}\n`);
    return 1;
  }
  const ns = mntNs(ctx);
  let status = 0;
  for (const t of targets) {
    const path = normalizePath(t, ctx.cwd);
    const byDevice = (ctx.host.sys.mountNs[ns] ?? []).filter((m) => m.device === t).pop();
    const result = ctx.host.umount(ns, byDevice ? byDevice.target : path);
    if (result === 'EINVAL') {
      ctx.stderr(ctx.host.fsFor(ctx.pid).exists(path) ? `umount: ${t}: not mounted\n` : `umount: ${t}: mountpoint not found\n`);
      status = 32;
    } else if (result === 'EBUSY') {
      ctx.stderr(`umount: ${t}: target is busy.\n        (In some cases useful info about processes that use\n         the device is found by lsof(8) or fuser(1))\n`);
      status = 32;
    }
  }
  return status;
};
