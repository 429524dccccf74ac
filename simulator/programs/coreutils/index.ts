/** Program models of the coreutils group (and the small GNU tools around it): name -> model, and name -> install path on a CentOS 7 host. */
import type { Program } from '../../kernel/types.ts';
import { awk } from './awk.ts';
import { base64 } from './base64.ts';
import { cat } from './cat.ts';
import { chmod } from './chmod.ts';
import { chgrp, chown } from './chown.ts';
import { cp } from './cp.ts';
import { cut } from './cut.ts';
import { date } from './date.ts';
import { echo } from './echo.ts';
import { env, printenv } from './env.ts';
import { find } from './find.ts';
import { egrep, fgrep, grep } from './grep.ts';
import { head } from './head.ts';
import { hostname } from './hostname.ts';
import { groups, id, whoami } from './id.ts';
import { getent } from './getent.ts';
import { ln } from './ln.ts';
import { ls } from './ls.ts';
import { basename, clear, dirname, editor, falseProgram, pwd, readlink, trueProgram, yes } from './misc.ts';
import { mkdir } from './mkdir.ts';
import { mv } from './mv.ts';
import { rm } from './rm.ts';
import { rmdir } from './rmdir.ts';
import { sed } from './sed.ts';
import { seq } from './seq.ts';
import { sleep } from './sleep.ts';
import { sort } from './sort.ts';
import { stat } from './stat.ts';
import { tail } from './tail.ts';
import { tee } from './tee.ts';
import { touch } from './touch.ts';
import { tr } from './tr.ts';
import { uname } from './uname.ts';
import { uniq } from './uniq.ts';
import { useradd } from './useradd.ts';
import { gpasswd, usermod } from './usermod.ts';
import { wc } from './wc.ts';
import { which } from './which.ts';
import { systemctl } from './systemctl.ts';
import { yum } from './yum.ts';
import { rpm } from './rpm.ts';
import { tar } from './tar.ts';
import { sha256sum } from './sha256sum.ts';
import { tac } from './tac.ts';
import { sudo } from './sudo.ts';
import { hostnamectl } from './hostnamectl.ts';
import { getenforce, setenforce } from './selinux.ts';
import { crontab, modprobe, swapoff, swapon } from './kernel-admin.ts';
import { xargs } from './xargs.ts';

export const PROGRAMS: Record<string, Program> = {
  awk,
  gawk: awk,
  base64,
  basename,
  cat,
  chgrp,
  chmod,
  chown,
  clear,
  cp,
  crontab,
  cut,
  date,
  dirname,
  echo,
  egrep,
  env,
  false: falseProgram,
  fgrep,
  getenforce,
  getent,
  groups,
  find,
  grep,
  head,
  hostname,
  hostnamectl,
  id,
  ln,
  ls,
  mkdir,
  modprobe,
  mv,
  nano: editor('nano'),
  printenv,
  pwd,
  readlink,
  rm,
  rmdir,
  rpm,
  sed,
  seq,
  setenforce,
  sha256sum,
  sleep,
  sort,
  stat,
  sudo,
  swapoff,
  swapon,
  systemctl,
  tac,
  tail,
  tar,
  tee,
  touch,
  tr,
  true: trueProgram,
  uname,
  uniq,
  useradd,
  usermod,
  gpasswd,
  vi: editor('vi'),
  vim: editor('vim'),
  wc,
  which,
  whoami,
  xargs,
  yes,
  yum,
};

/** Where CentOS 7 keeps each (/bin is a symlink to /usr/bin). */
export const INSTALL_PATHS: Record<string, string> = {
  ...Object.fromEntries(Object.keys(PROGRAMS).map((name) => [name, `/usr/bin/${name}`])),
  useradd: '/usr/sbin/useradd',
  usermod: '/usr/sbin/usermod',
  getenforce: '/usr/sbin/getenforce',
  setenforce: '/usr/sbin/setenforce',
  modprobe: '/usr/sbin/modprobe',
  swapoff: '/usr/sbin/swapoff',
  swapon: '/usr/sbin/swapon',
};
