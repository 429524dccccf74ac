/**
 * usermod and gpasswd (shadow-utils 4.6 on CentOS 7): the two ways Docker's post-install step puts
 * a user in the `docker` group (`usermod -aG docker dev`, `gpasswd -a dev docker`). They edit
 * /etc/passwd and /etc/group in place; `id dev` shows the change at once.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { groups, parseOptions, passwd } from './common.ts';

const USERMOD_USAGE = `Usage: usermod [options] LOGIN

Options:
  -c, --comment COMMENT         new value of the GECOS field
  -d, --home HOME_DIR           new home directory for the user account
  -e, --expiredate EXPIRE_DATE  set account expiration date to EXPIRE_DATE
  -f, --inactive INACTIVE       set password inactive after expiration
                                to INACTIVE
  -g, --gid GROUP               force use GROUP as new primary group
  -G, --groups GROUPS           new list of supplementary GROUPS
  -a, --append                  append the user to the supplemental GROUPS
                                mentioned by the -G option without removing
                                the user from other groups
  -h, --help                    display this help message and exit
  -l, --login NEW_LOGIN         new value of the login name
  -L, --lock                    lock the user account
  -m, --move-home               move contents of the home directory to the
                                new location (use only with -d)
  -o, --non-unique              allow using duplicate (non-unique) UID
  -p, --password PASSWORD       use encrypted password for the new password
  -R, --root CHROOT_DIR         directory to chroot into
  -s, --shell SHELL             new login shell for the user account
  -u, --uid UID                 new UID for the user account
  -U, --unlock                  unlock the user account
  -v, --add-subuids FIRST-LAST  add range of subordinate uids
  -V, --del-subuids FIRST-LAST  remove range of subordinate uids
  -w, --add-subgids FIRST-LAST  add range of subordinate gids
  -W, --del-subgids FIRST-LAST  remove range of subordinate gids
  -Z, --selinux-user SEUSER     new SELinux user mapping for the user account

`;

/** Rewrites each line of a colon table through `edit` (lines it returns unchanged stay as they are). */
function rewrite(ctx: ExecContext, path: string, edit: (fields: string[]) => string[]): void {
  const text = ctx.host.fs.readFile(path);
  const out = text.split('\n').map((line) => (line.includes(':') ? edit(line.split(':')).join(':') : line));
  ctx.host.fs.writeFile(path, out.join('\n'));
}

function members(field: string | undefined): string[] {
  return (field ?? '').split(',').filter(Boolean);
}

export const usermod: Program = (ctx) => {
  const opts = parseOptions(ctx, 'usermod', {
    short: 'c:d:g:G:al:LmUs:u:oh',
    long: { 'comment=': 'c', 'home=': 'd', 'gid=': 'g', 'groups=': 'G', append: 'a', 'login=': 'l', lock: 'L', 'move-home': 'm', unlock: 'U', 'shell=': 's', 'uid=': 'u', 'non-unique': 'o', help: 'h' },
    usageStatus: 2,
  });
  if (typeof opts === 'number') {
    ctx.stderr(USERMOD_USAGE);
    return 2;
  }
  if (opts.has('h')) {
    ctx.stdout(USERMOD_USAGE);
    return 0;
  }
  const name = opts.operands[0];
  if (name === undefined || opts.operands.length > 1) {
    ctx.stderr(USERMOD_USAGE);
    return 2;
  }
  if (opts.has('a') && opts.value('G') === undefined) {
    ctx.stderr(`usermod: -a flag is ONLY allowed with the -G flag\n${USERMOD_USAGE}`);
    return 2;
  }
  if (!passwd(ctx.host).some((f) => f[0] === name)) {
    ctx.stderr(`usermod: user '${name}' does not exist\n`);
    return 6;
  }
  const table = groups(ctx.host);
  const find = (g: string): string[] | undefined => table.find((f) => f[0] === g || f[2] === g);
  const wanted = opts.value('G') === undefined ? undefined : (opts.value('G') as string).split(',').filter(Boolean);
  for (const g of [...(wanted ?? []), ...(opts.value('g') !== undefined ? [opts.value('g') as string] : [])]) {
    if (!find(g)) {
      ctx.stderr(`usermod: group '${g}' does not exist\n`);
      return 6;
    }
  }
  const uid = opts.value('u');
  if (uid !== undefined && (!/^\d+$/.test(uid) || (!opts.has('o') && passwd(ctx.host).some((f) => f[2] === uid && f[0] !== name)))) {
    ctx.stderr(/^\d+$/.test(uid) ? `usermod: UID '${uid}' already exists\n` : `usermod: invalid user ID '${uid}'\n`);
    return /^\d+$/.test(uid) ? 4 : 3;
  }
  const login = opts.value('l') ?? name;
  if (login !== name && passwd(ctx.host).some((f) => f[0] === login)) {
    ctx.stderr(`usermod: user '${login}' already exists\n`);
    return 9;
  }
  rewrite(ctx, '/etc/passwd', (f) => {
    if (f[0] !== name) return f;
    const next = [...f];
    next[0] = login;
    if (uid !== undefined) next[2] = uid;
    if (opts.value('g') !== undefined) next[3] = (find(opts.value('g') as string) as string[])[2] as string;
    if (opts.value('c') !== undefined) next[4] = opts.value('c') as string;
    if (opts.value('d') !== undefined) next[5] = opts.value('d') as string;
    if (opts.value('s') !== undefined) next[6] = opts.value('s') as string;
    return next;
  });
  if (ctx.host.fs.tryStat('/etc/shadow') && (opts.has('L') || opts.has('U') || login !== name)) {
    rewrite(ctx, '/etc/shadow', (f) => {
      if (f[0] !== name) return f;
      const next = [...f];
      next[0] = login;
      const hash = next[1] ?? '';
      if (opts.has('L') && !hash.startsWith('!')) next[1] = `!${hash}`;
      if (opts.has('U') && hash.startsWith('!')) next[1] = hash.slice(1);
      return next;
    });
  }
  // gshadow keeps its own member list (its fourth field, as group's), which usermod edits alike.
  for (const path of ['/etc/group', '/etc/gshadow']) {
    if (wanted === undefined && login === name) break;
    if (!ctx.host.fs.tryStat(path)) continue;
    rewrite(ctx, path, (f) => {
      let list = members(f[3]).map((m) => (m === name ? login : m));
      const listed = wanted?.some((g) => find(g)?.[0] === f[0]) ?? false;
      if (wanted !== undefined) {
        if (listed && !list.includes(login)) list = [...list, login];
        if (!listed && !opts.has('a')) list = list.filter((m) => m !== login);
      }
      if (f.length < 4) return f;
      const next = [...f];
      next[3] = list.join(',');
      return next;
    });
  }
  return 0;
};

const GPASSWD_USAGE = `Usage: gpasswd [option] GROUP

Options:
  -a, --add USER                add USER to GROUP
  -d, --delete USER             remove USER from GROUP
  -h, --help                    display this help message and exit
  -Q, --root CHROOT_DIR         directory to chroot into
  -r, --delete-password         remove the GROUP's password
  -R, --restrict                restrict access to GROUP to its members
  -M, --members USER,...        set the list of members of GROUP
  -A, --administrators ADMIN,...
                                set the list of administrators for GROUP
Except for the -A and -M options, the options cannot be combined.
`;

/** gpasswd -a USER GROUP / -d USER GROUP; setting a group password needs a terminal Podbook does not give. */
export const gpasswd: Program = (ctx) => {
  const opts = parseOptions(ctx, 'gpasswd', { short: 'a:d:h', long: { 'add=': 'a', 'delete=': 'd', help: 'h' }, usageStatus: 2 });
  if (typeof opts === 'number' || opts.has('h') || opts.operands.length !== 1 || (opts.value('a') !== undefined && opts.value('d') !== undefined)) {
    (typeof opts !== 'number' && opts.has('h') ? ctx.stdout : ctx.stderr)(GPASSWD_USAGE);
    return typeof opts !== 'number' && opts.has('h') ? 0 : 2;
  }
  const group = opts.operands[0] as string;
  const add = opts.value('a');
  const del = opts.value('d');
  if (!groups(ctx.host).some((f) => f[0] === group)) {
    ctx.stderr(`gpasswd: group '${group}' does not exist in /etc/group\n`);
    return 3;
  }
  const user = add ?? del;
  if (user === undefined) {
    ctx.stderr('podbook: gpasswd sets a group password at a prompt, which is not simulated; use -a or -d\n');
    return 1;
  }
  if (add !== undefined && !passwd(ctx.host).some((f) => f[0] === add)) {
    ctx.stderr(`gpasswd: user '${add}' does not exist\n`);
    return 3;
  }
  const current = members(groups(ctx.host).find((f) => f[0] === group)?.[3]);
  if (del !== undefined && !current.includes(del)) {
    ctx.stderr(`gpasswd: user '${del}' is not a member of '${group}'\n`);
    return 3;
  }
  for (const path of ['/etc/group', '/etc/gshadow']) {
    if (!ctx.host.fs.tryStat(path)) continue;
    rewrite(ctx, path, (f) => {
      if (f[0] !== group || f.length < 4) return f;
      const list = members(f[3]);
      const next = [...f];
      next[3] = (add !== undefined ? (list.includes(add) ? list : [...list, add]) : list.filter((m) => m !== del)).join(',');
      return next;
    });
  }
  ctx.stdout(add !== undefined ? `Adding user ${add} to group ${group}\n` : `Removing user ${del} from group ${group}\n`);
  return 0;
};
