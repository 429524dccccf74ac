/** Program models of the procps group (with the util-linux and coreutils process/disk tools beside it): name -> model, and name -> install path on a CentOS 7 host. */
import type { Program } from '../../kernel/types.ts';
import { kill } from './kill.ts';
import { pgrep, pkill } from './pkill.ts';
import { dockerInit } from './docker-init.ts';
import { onDemand } from '../on-demand.ts';
import { registerReaper } from '../../kernel/hooks.ts';

// The kernel asks whether a process reaps its children when the process starts, before its model
// (in the extras part) has run: stress says so here.
registerReaper('stress');

// Models in the simulator's extras part (simulator/lazy), loaded the first time one runs.
const top = onDemand('top');
const busyboxTop = onDemand('busyboxTop');
const ps = onDemand('ps');
const pstree = onDemand('pstree');
const nsenter = onDemand('nsenter');
const unshare = onDemand('unshare');
const lsns = onDemand('lsns');
const stress = onDemand('stress');
const perl = onDemand('perl');
const dd = onDemand('dd');
const du = onDemand('du');
const df = onDemand('df');
const mount = onDemand('mount');
const umount = onDemand('umount');
const chroot = onDemand('chroot');
const free = onDemand('free');

export const PROGRAMS: Record<string, Program> = { ps, top, 'busybox-top': busyboxTop, kill, pkill, pgrep, pstree, free, df, du, dd, mount, umount, nsenter, unshare, chroot, lsns, stress, perl, 'docker-init': dockerInit };

/** Where CentOS 7 installs them (lsns is newer than CentOS 7's util-linux; stress comes from EPEL). */
export const INSTALL_PATHS: Record<string, string> = {
  ps: '/usr/bin/ps',
  top: '/usr/bin/top',
  kill: '/usr/bin/kill',
  pkill: '/usr/bin/pkill',
  pgrep: '/usr/bin/pgrep',
  pstree: '/usr/bin/pstree',
  free: '/usr/bin/free',
  df: '/usr/bin/df',
  du: '/usr/bin/du',
  dd: '/usr/bin/dd',
  mount: '/usr/bin/mount',
  umount: '/usr/bin/umount',
  nsenter: '/usr/bin/nsenter',
  unshare: '/usr/bin/unshare',
  chroot: '/usr/sbin/chroot',
  perl: '/usr/bin/perl',
};
