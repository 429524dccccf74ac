/** Program models of the coreutils group (and the small GNU tools around it): name -> model, and name -> install path on a CentOS 7 host. */
import type { Program } from '../../kernel/types.ts';
import { cat } from './cat.ts';
import { chmod } from './chmod.ts';
import { chgrp, chown } from './chown.ts';
import { cp } from './cp.ts';
import { echo } from './echo.ts';
import { env, printenv } from './env.ts';
import { egrep, fgrep, grep } from './grep.ts';
import { head } from './head.ts';
import { hostname } from './hostname.ts';
import { groups, id, whoami } from './id.ts';
import { ln } from './ln.ts';
import { ls } from './ls.ts';
import { basename, clear, dirname, editor, falseProgram, pwd, readlink, trueProgram, yes } from './misc.ts';
import { mkdir } from './mkdir.ts';
import { mv } from './mv.ts';
import { rm } from './rm.ts';
import { rmdir } from './rmdir.ts';
import { sleep } from './sleep.ts';
import { tail } from './tail.ts';
import { tee } from './tee.ts';
import { touch } from './touch.ts';
import { uname } from './uname.ts';
import { wc } from './wc.ts';
import { onDemand } from '../on-demand.ts';

// Models in the simulator's extras part (simulator/lazy), loaded the first time one runs.
const which = onDemand('which');
const date = onDemand('date');
const useradd = onDemand('useradd');
const uniq = onDemand('uniq');
const tr = onDemand('tr');
const stat = onDemand('stat');
const sort = onDemand('sort');
const seq = onDemand('seq');
const getent = onDemand('getent');
const cut = onDemand('cut');
const base64 = onDemand('base64');
const awk = onDemand('awk');
const yum = onDemand('yum');
const rpm = onDemand('rpm');
const tar = onDemand('tar');
const gpasswd = onDemand('gpasswd');
const usermod = onDemand('usermod');
const sed = onDemand('sed');
const find = onDemand('find');
const xargs = onDemand('xargs');
const sudo = onDemand('sudo');
const hostnamectl = onDemand('hostnamectl');
const sha256sum = onDemand('sha256sum');
const tac = onDemand('tac');
const getenforce = onDemand('getenforce');
const setenforce = onDemand('setenforce');
const crontab = onDemand('crontab');
const modprobe = onDemand('modprobe');
const swapoff = onDemand('swapoff');
const swapon = onDemand('swapon');
const systemctl = onDemand('systemctl');

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
