/**
 * useradd (shadow-utils 4.6 on CentOS 7): adds the user to /etc/passwd, /etc/shadow, /etc/group and
 * /etc/gshadow (a group of the same name), with the next free uid from 1000, and creates the home from /etc/skel.
 */
import type { Program } from '../../kernel/types.ts';
import { groups, parseOptions, passwd } from './common.ts';

const USAGE = `Usage: useradd [options] LOGIN
       useradd -D
       useradd -D [options]
`;

export const useradd: Program = (ctx) => {
  const opts = parseOptions(ctx, 'useradd', { short: 'u:g:G:mMs:d:c:re:k:o', long: { 'uid=': 'u', 'gid=': 'g', 'groups=': 'G', 'create-home': 'm', 'no-create-home': 'M', 'shell=': 's', 'home-dir=': 'd', 'comment=': 'c', system: 'r' } });
  if (typeof opts === 'number') {
    ctx.stderr(USAGE);
    return 2;
  }
  const name = opts.operands[0];
  if (name === undefined || opts.operands.length > 1) {
    ctx.stderr(USAGE);
    return 2;
  }
  if (!/^[a-z_][a-z0-9_-]*\$?$/.test(name) || name.length > 32) {
    ctx.stderr(`useradd: invalid user name '${name}'\n`);
    return 3;
  }
  const fs = ctx.host.fs;
  const users = passwd(ctx.host);
  if (users.some((f) => f[0] === name)) {
    ctx.stderr(`useradd: user '${name}' already exists\n`);
    return 9;
  }
  const table = groups(ctx.host);
  const system = opts.has('r');
  const used = new Set(users.map((f) => Number(f[2])));
  let uid: number;
  if (opts.value('u') !== undefined) {
    uid = Number(opts.value('u'));
    if (!Number.isInteger(uid) || uid < 0) {
      ctx.stderr(`useradd: invalid user ID '${opts.value('u')}'\n`);
      return 3;
    }
    if (used.has(uid) && !opts.has('o')) {
      ctx.stderr(`useradd: UID ${uid} is not unique\n`);
      return 4;
    }
  } else if (system) {
    uid = 999;
    while (used.has(uid)) uid--;
  } else uid = Math.max(999, ...[...used].filter((u) => u >= 1000 && u < 60000)) + 1;
  let gid: number;
  let newGroup = false;
  const gopt = opts.value('g');
  if (gopt !== undefined) {
    const g = table.find((f) => f[0] === gopt || f[2] === gopt);
    if (!g) {
      ctx.stderr(`useradd: group '${gopt}' does not exist\n`);
      return 6;
    }
    gid = Number(g[2]);
  } else {
    if (table.some((f) => f[0] === name)) {
      ctx.stderr(`useradd: group ${name} exists - if you want to add this user to that group, use -g.\n`);
      return 9;
    }
    // The uid's own number when free; otherwise the next free gid (system groups count down from 999).
    const gused = new Set(table.map((f) => Number(f[2])));
    if (!gused.has(uid)) gid = uid;
    else if (system) {
      gid = 999;
      while (gused.has(gid)) gid--;
    } else gid = Math.max(999, ...[...gused].filter((g) => g >= 1000 && g < 60000)) + 1;
    newGroup = true;
  }
  const supplementary = (opts.value('G') ?? '').split(',').filter(Boolean);
  for (const g of supplementary) {
    if (!table.some((f) => f[0] === g || f[2] === g)) {
      ctx.stderr(`useradd: group '${g}' does not exist\n`);
      return 6;
    }
  }
  const home = opts.value('d') ?? `/home/${name}`;
  const shell = opts.value('s') ?? '/bin/bash';
  const append = (path: string, line: string): void => {
    const old = fs.tryStat(path) ? fs.readFile(path) : '';
    fs.writeFile(path, old + (old === '' || old.endsWith('\n') ? '' : '\n') + line + '\n');
  };
  append('/etc/passwd', `${name}:x:${uid}:${gid}:${opts.value('c') ?? ''}:${home}:${shell}`);
  const days = Math.floor(ctx.world.clock.now / 86400000);
  // System accounts get no password ageing (login.defs' PASS_* apply to ordinary users only).
  if (fs.tryStat('/etc/shadow')) append('/etc/shadow', system ? `${name}:!!:${days}::::::` : `${name}:!!:${days}:0:99999:7:::`);
  if (newGroup) {
    append('/etc/group', `${name}:x:${gid}:`);
    if (fs.tryStat('/etc/gshadow')) append('/etc/gshadow', `${name}:!::`);
  }
  if (supplementary.length) {
    const names = new Set(table.filter((f) => supplementary.some((g) => g === f[0] || g === f[2])).map((f) => f[0]));
    for (const [path, members] of [['/etc/group', 3], ['/etc/gshadow', 3]] as const) {
      if (!fs.tryStat(path)) continue;
      const lines = fs.readFile(path).split('\n').map((l) => {
        const f = l.split(':');
        if (f.length <= members || !names.has(f[0] as string)) return l;
        f[members] = f[members] ? `${f[members]},${name}` : name;
        return f.join(':');
      });
      fs.writeFile(path, lines.join('\n'));
    }
  }
  if ((!system || opts.has('m')) && !opts.has('M') && !fs.tryStat(home)) {
    try {
      fs.mkdir(home, { parents: true, mode: 0o700 }).uid = uid;
      fs.stat(home).gid = gid;
      const skel = { '.bash_logout': '# ~/.bash_logout\n\n', '.bash_profile': '# .bash_profile\n\n# Get the aliases and functions\nif [ -f ~/.bashrc ]; then\n\t. ~/.bashrc\nfi\n\n# User specific environment and startup programs\n\nPATH=$PATH:$HOME/.local/bin:$HOME/bin\n\nexport PATH\n', '.bashrc': '# .bashrc\n\n# Source global definitions\nif [ -f /etc/bashrc ]; then\n\t. /etc/bashrc\nfi\n\n# Uncomment the following line if you don\'t like systemctl\'s auto-paging feature:\n# export SYSTEMD_PAGER=\n\n# User specific aliases and functions\n' };
      for (const [f, text] of Object.entries(skel)) {
        const node = fs.writeFile(`${home}/${f}`, text, { uid, gid });
        node.uid = uid;
        node.gid = gid;
      }
    } catch {
      ctx.stderr(`useradd: cannot create directory ${home}\n`);
      return 12;
    }
  }
  return 0;
};
