/**
 * The skeleton of a distribution's root filesystem as image layers carry it: the top-level
 * directories `ls /` shows (usr-merged links included), the account files that `ls -l`, `id` and
 * useradd read, and /etc/skel. /dev, /proc and /sys are mounted by the engine, and /etc/hosts,
 * /etc/hostname and /etc/resolv.conf are bind-mounted over the image's own; file contents stay
 * limited to what a reader looks at (and, for CentOS 7, the rpm database rpm and yum read).
 */
import type { FileSpec } from './catalog.ts';
import { baseRpmdb } from '../../programs/coreutils/packages.ts';
import { centos7Accounts } from '../../programs/coreutils/accounts.ts';

/** centos:7's account files as its 2020-11-13 build left them (day 18579). */
function centos7Image(): Record<string, FileSpec> {
  const out: Record<string, FileSpec> = {};
  // shadow and gshadow are mode 0000, readable by root alone (as setup's spec installs them).
  for (const [path, text] of Object.entries(centos7Accounts(false, 18579))) out[path] = path.endsWith('shadow') ? { data: text, mode: 0 } : text;
  return out;
}

const dir = (mode = 0o755): FileSpec => ({ dir: true, mode });

const CENTOS7_OS_RELEASE = 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\nANSI_COLOR="0;31"\nCPE_NAME="cpe:/o:centos:centos:7"\nHOME_URL="https://www.centos.org/"\nBUG_REPORT_URL="https://bugs.centos.org/"\n\nCENTOS_MANTISBT_PROJECT="CentOS-7"\nCENTOS_MANTISBT_PROJECT_VERSION="7"\nREDHAT_SUPPORT_PRODUCT="centos"\nREDHAT_SUPPORT_PRODUCT_VERSION="7"\n\n';

/**
 * centos-release 7-9.2009's files: the release line (its spec echoes it with a trailing space),
 * the names other tools look for linking to it, the CPE name, and os-release kept under /usr/lib.
 */
export function centos7Release(): Record<string, FileSpec> {
  return {
    '/etc/centos-release': 'CentOS Linux release 7.9.2009 (Core) \n',
    '/etc/redhat-release': { link: 'centos-release' },
    '/etc/system-release': { link: 'centos-release' },
    '/etc/system-release-cpe': 'cpe:/o:centos:centos:7\n',
    '/etc/os-release': { link: '../usr/lib/os-release' },
    '/usr/lib/os-release': CENTOS7_OS_RELEASE,
  };
}

/** Directories under `/`, plus the usr-merge links (`bin -> usr/bin`) where the distribution has them. */
function topLevel(names: string[], merged: string[]): Record<string, FileSpec> {
  const out: Record<string, FileSpec> = {};
  for (const name of names) out[`/${name}`] = name === 'tmp' ? dir(0o1777) : name === 'root' ? dir(0o700) : dir();
  for (const name of merged) {
    out[`/${name}`] = { link: `usr/${name}` };
    out[`/usr/${name}`] = dir();
  }
  return out;
}

const CENTOS_PASSWD = 'root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nadm:x:3:4:adm:/var/adm:/sbin/nologin\nlp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\nsync:x:5:0:sync:/sbin:/bin/sync\nshutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\nhalt:x:7:0:halt:/sbin:/sbin/halt\nmail:x:8:12:mail:/var/spool/mail:/sbin/nologin\noperator:x:11:0:operator:/root:/sbin/nologin\ngames:x:12:100:games:/usr/games:/sbin/nologin\nftp:x:14:50:FTP User:/var/ftp:/sbin/nologin\nnobody:x:99:99:Nobody:/:/sbin/nologin\n';
const CENTOS_GROUP = 'root:x:0:\nbin:x:1:\ndaemon:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmem:x:8:\nkmem:x:9:\nwheel:x:10:\ncdrom:x:11:\nmail:x:12:\nman:x:15:\ndialout:x:18:\nfloppy:x:19:\ngames:x:20:\ntape:x:33:\nvideo:x:39:\nftp:x:50:\nlock:x:54:\naudio:x:63:\nnobody:x:99:\nusers:x:100:\nutmp:x:22:\nutempter:x:35:\nssh_keys:x:999:\n';
const DEBIAN_PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\nsync:x:4:65534:sync:/bin:/bin/sync\ngames:x:5:60:games:/usr/games:/usr/sbin/nologin\nman:x:6:12:man:/var/cache/man:/usr/sbin/nologin\nlp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\nnews:x:9:9:news:/var/spool/news:/usr/sbin/nologin\nuucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin\nproxy:x:13:13:proxy:/bin:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nbackup:x:34:34:backup:/var/backups:/usr/sbin/nologin\nlist:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin\nirc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin\n_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
const DEBIAN_GROUP = 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nnews:x:9:\nuucp:x:10:\nman:x:12:\nproxy:x:13:\nkmem:x:15:\ndialout:x:20:\nfax:x:21:\nvoice:x:22:\ncdrom:x:24:\nfloppy:x:25:\ntape:x:26:\nsudo:x:27:\naudio:x:29:\ndip:x:30:\nwww-data:x:33:\nbackup:x:34:\noperator:x:37:\nlist:x:38:\nirc:x:39:\nsrc:x:40:\nshadow:x:42:\nutmp:x:43:\nvideo:x:44:\nsasl:x:45:\nplugdev:x:46:\nstaff:x:50:\ngames:x:60:\nusers:x:100:\nnogroup:x:65534:\n';
const BUSYBOX_PASSWD = 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n';
const BUSYBOX_GROUP = 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nkmem:x:9:\nwheel:x:10:root\ncdrom:x:11:\ndialout:x:18:\nfloppy:x:19:\nvideo:x:28:\naudio:x:29:\ntape:x:32:\nwww-data:x:33:\noperator:x:37:\nutmp:x:43:\nplugdev:x:46:\nstaff:x:50:\nlock:x:54:\nnetdev:x:82:\nusers:x:100:\nnobody:x:65534:\n';
/** buildroot's skeleton shadow, root's empty password starred out by the image build (CVE-2019-5021). */
const BUSYBOX_SHADOW = 'root:*:::::::\ndaemon:*:::::::\nbin:*:::::::\nsys:*:::::::\nsync:*:::::::\nmail:*:::::::\nwww-data:*:::::::\noperator:*:::::::\nnobody:*:::::::\n';
const ALPINE_PASSWD = 'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nlp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\nsync:x:5:0:sync:/sbin:/bin/sync\nshutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\nhalt:x:7:0:halt:/sbin:/sbin/halt\nmail:x:8:12:mail:/var/mail:/sbin/nologin\nnews:x:9:13:news:/usr/lib/news:/sbin/nologin\nuucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin\ncron:x:16:16:cron:/var/spool/cron:/sbin/nologin\nftp:x:21:21::/var/lib/ftp:/sbin/nologin\nsshd:x:22:22:sshd:/dev/null:/sbin/nologin\ngames:x:35:35:games:/usr/games:/sbin/nologin\nntp:x:123:123:NTP:/var/empty:/sbin/nologin\nguest:x:405:100:guest:/dev/null:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n';
const ALPINE_GROUP = 'root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nsys:x:3:root,bin\nadm:x:4:root,daemon\ntty:x:5:\ndisk:x:6:root\nlp:x:7:lp\nkmem:x:9:\nwheel:x:10:root\nfloppy:x:11:root\nmail:x:12:mail\nnews:x:13:news\nuucp:x:14:uucp\ncron:x:16:cron\naudio:x:18:\ncdrom:x:19:\ndialout:x:20:root\nftp:x:21:\nsshd:x:22:\ninput:x:23:\ntape:x:26:root\nvideo:x:27:root\nnetdev:x:28:\nkvm:x:34:kvm\ngames:x:35:\nshadow:x:42:\nwww-data:x:82:\nusers:x:100:games\nntp:x:123:\nabuild:x:300:\nutmp:x:406:\nping:x:999:\nnogroup:x:65533:\nnobody:x:65534:\n';

/** Names of an account file's entries, in its order. */
function names(file: string): string[] {
  return file.split('\n').filter(Boolean).map((l) => l.split(':')[0] as string);
}

/** Readable by root and the shadow group (42) only, as Debian's, Ubuntu's and Alpine's are. */
const shadowFile = (data: string): FileSpec => ({ data, mode: 0o640, gid: 42 });

/**
 * Debian's and Ubuntu's /etc/shadow and /etc/gshadow: base-passwd's locked accounts converted by
 * pwconv/grpconv (password `*`, changed on the build's day, login.defs ageing 0/99999/7), and an
 * account useradd added (the ubuntu user) locked with `!`.
 */
function debianShadow(passwd: string, group: string, day: number, added: string[] = []): Record<string, FileSpec> {
  const lock = (name: string): string => (added.includes(name) ? '!' : '*');
  return {
    '/etc/shadow': shadowFile(names(passwd).map((n) => `${n}:${lock(n)}:${day}:0:99999:7:::\n`).join('')),
    '/etc/gshadow': shadowFile(names(group).map((n) => `${n}:${lock(n)}::\n`).join('')),
  };
}

/** alpine-baselayout's shadow: root locked with `*`, the others with `!`, no ageing; Alpine has no gshadow. */
const ALPINE_SHADOW = names(ALPINE_PASSWD).map((n) => `${n}:${n === 'root' ? '*' : '!'}::0:::::\n`).join('');

/** CentOS 7 / 8: usr-merged, root's home 0550, the installer's log at the top (7). */
export function centosRoot(release: 7 | 8): Record<string, FileSpec> {
  return {
    ...topLevel(['dev', 'etc', 'home', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'srv', 'sys', 'tmp', 'usr', 'var', ...(release === 8 ? ['lost+found'] : [])], ['bin', 'lib', 'lib64', 'sbin']),
    ...(release === 7 ? { '/anaconda-post.log': '' } : {}),
    '/root': dir(0o550),
    ...(release === 7 ? centos7Image() : { '/etc/passwd': CENTOS_PASSWD, '/etc/group': CENTOS_GROUP, '/etc/shadow': '' }),
    '/etc/skel/.bash_logout': '# ~/.bash_logout\n',
    '/etc/skel/.bash_profile': '# .bash_profile\n',
    '/etc/skel/.bashrc': '# .bashrc\n',
    '/var/tmp': dir(0o1777),
    '/var/log': dir(),
    ...(release === 7 ? { '/var/lib/rpm/Packages': baseRpmdb() } : {}),
    '/usr/local/bin': dir(),
  };
}

/**
 * Debian 12 and Ubuntu 24.04: usr-merged; Ubuntu keeps the usrmerge marker directories. `day` is
 * the build's day (days since 1970), the last password change pwconv and useradd record.
 */
export function debianRoot(day: number, ubuntu = false): Record<string, FileSpec> {
  const markers = ubuntu ? ['bin.usr-is-merged', 'lib.usr-is-merged', 'sbin.usr-is-merged'] : [];
  const passwd = DEBIAN_PASSWD + (ubuntu ? 'ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n' : '');
  const group = DEBIAN_GROUP + (ubuntu ? 'ubuntu:x:1000:\n' : '');
  return {
    ...topLevel(['boot', 'dev', 'etc', 'home', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'srv', 'sys', 'tmp', 'usr', 'var', ...markers], ['bin', 'lib', 'lib64', 'sbin']),
    '/etc/passwd': passwd,
    '/etc/group': group,
    ...debianShadow(passwd, group, day, ubuntu ? ['ubuntu'] : []),
    '/etc/skel/.bash_logout': '# ~/.bash_logout: executed by bash(1) when login shell exits.\n',
    '/etc/skel/.bashrc': '# ~/.bashrc: executed by bash(1) for non-login shells.\n',
    '/etc/skel/.profile': '# ~/.profile: executed by the command interpreter for login shells.\n',
    ...(ubuntu ? { '/home/ubuntu': dir(0o750) } : {}),
    '/var/tmp': dir(0o1777),
    '/var/log': dir(),
    '/usr/local/bin': dir(),
  };
}

/**
 * A Debian image's account files after its build added a system user and group (`useradd --system`
 * on `day`: locked, no ageing) to a base built on `baseDay`.
 */
export function debianAccountsWith(user: string, group: string, baseDay: number, day: number): Record<string, FileSpec> {
  const base = debianShadow(DEBIAN_PASSWD, DEBIAN_GROUP, baseDay);
  const name = user.split(':')[0] as string;
  const groupName = group.split(':')[0] as string;
  const text = (spec: FileSpec | undefined): string => (spec && typeof spec === 'object' && 'data' in spec ? spec.data : '');
  return {
    '/etc/passwd': `${DEBIAN_PASSWD}${user}\n`,
    '/etc/group': `${DEBIAN_GROUP}${group}\n`,
    '/etc/shadow': shadowFile(`${text(base['/etc/shadow'])}${name}:!:${day}::::::\n`),
    '/etc/gshadow': shadowFile(`${text(base['/etc/gshadow'])}${groupName}:!::\n`),
  };
}

/** buildroot's skeleton account files, which every busybox image variant carries. */
export function busyboxAccounts(): Record<string, FileSpec> {
  return { '/etc/passwd': BUSYBOX_PASSWD, '/etc/group': BUSYBOX_GROUP, '/etc/shadow': BUSYBOX_SHADOW };
}

/** The busybox image: a flat tree with its own account files. */
export function busyboxRoot(): Record<string, FileSpec> {
  return {
    ...topLevel(['bin', 'dev', 'etc', 'home', 'lib', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'], []),
    '/lib64': dir(),
    '/usr/sbin': dir(),
    '/var/spool': dir(),
    '/var/www': dir(),
    ...busyboxAccounts(),
    '/etc/network': dir(),
  };
}

/** Alpine's minirootfs. */
export function alpineRoot(): Record<string, FileSpec> {
  return {
    ...topLevel(['bin', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'], []),
    '/etc/passwd': ALPINE_PASSWD,
    '/etc/group': ALPINE_GROUP,
    '/etc/shadow': shadowFile(ALPINE_SHADOW),
    '/usr/bin': dir(),
    '/usr/sbin': dir(),
    '/usr/local/bin': dir(),
    '/var/tmp': dir(0o1777),
    '/var/log': dir(),
  };
}
