/**
 * The account files of CentOS 7.9: the minimal install (setup's accounts, then those systemd, dbus,
 * polkit, openssh, postfix and chrony add as they install) and the centos:7 image (setup, systemd
 * and dbus only). Uids and gids are the ones those packages' scriptlets get on a fresh install, so
 * the next `useradd` gets 1000 and `groupadd -r` (docker's group) the next free gid below 996.
 */

/** setup-2.8.71's own accounts, in its order; `lastchg` of their shadow entries is setup's build day. */
const SETUP_USERS = [
  'root:x:0:0:root:/root:/bin/bash',
  'bin:x:1:1:bin:/bin:/sbin/nologin',
  'daemon:x:2:2:daemon:/sbin:/sbin/nologin',
  'adm:x:3:4:adm:/var/adm:/sbin/nologin',
  'lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin',
  'sync:x:5:0:sync:/sbin:/bin/sync',
  'shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown',
  'halt:x:7:0:halt:/sbin:/sbin/halt',
  'mail:x:8:12:mail:/var/spool/mail:/sbin/nologin',
  'operator:x:11:0:operator:/root:/sbin/nologin',
  'games:x:12:100:games:/usr/games:/sbin/nologin',
  'ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin',
  'nobody:x:99:99:Nobody:/:/sbin/nologin',
];
const SETUP_DAY = 18353;

/** Accounts the image's packages add (systemd, dbus). */
const IMAGE_USERS = ['systemd-network:x:192:192:systemd Network Management:/:/sbin/nologin', 'dbus:x:81:81:System message bus:/:/sbin/nologin'];
/** …and those the minimal install's polkit, openssh, postfix and chrony add. */
const HOST_USERS = [
  'polkitd:x:999:998:User for polkitd:/:/sbin/nologin',
  'sshd:x:74:74:Privilege-separated SSH:/var/empty/sshd:/sbin/nologin',
  'postfix:x:89:89::/var/spool/postfix:/sbin/nologin',
  'chrony:x:998:996::/var/lib/chrony:/sbin/nologin',
];

const SETUP_GROUPS = ['root:0', 'bin:1', 'daemon:2', 'sys:3', 'adm:4', 'tty:5', 'disk:6', 'lp:7', 'mem:8', 'kmem:9', 'wheel:10', 'cdrom:11', 'mail:12', 'man:15', 'dialout:18', 'floppy:19', 'games:20', 'tape:33', 'video:39', 'ftp:50', 'lock:54', 'audio:63', 'nobody:99', 'users:100'];
/** Groups added by package scriptlets (gshadow marks them `!`). */
const IMAGE_GROUPS = ['utmp:22', 'utempter:35', 'input:999', 'systemd-journal:190', 'systemd-network:192', 'dbus:81'];
const HOST_GROUPS = ['polkitd:998', 'ssh_keys:997', 'sshd:74', 'postdrop:90', 'postfix:89', 'chrony:996'];

/** The root password the lab's hosts were installed with (a fixed SHA-512 crypt, so labs stay reproducible). */
const ROOT_HASH = '$6$pB7q0kZs$4yJ0n1uLwV6qK2mS8dXcR3tF5gH9jA1bN7eP0oQ2iU6zT4vW8xY3cE5rD1sG9fK7lM2hN6jB0aZ4qX8wV3uT1.';

export interface AccountFiles {
  '/etc/passwd': string;
  '/etc/group': string;
  '/etc/shadow': string;
  '/etc/gshadow': string;
}

/**
 * CentOS 7.9's account files: `host` for the minimal install (installed on `installDay`, days since
 * the epoch, with root's password set), otherwise the centos:7 image (its kickstart locks root).
 */
export function centos7Accounts(host: boolean, installDay: number): AccountFiles {
  const users = [...SETUP_USERS, ...IMAGE_USERS, ...(host ? HOST_USERS : [])];
  const added = [...IMAGE_GROUPS, ...(host ? HOST_GROUPS : [])];
  const mailMembers = (name: string): string => (host && name === 'mail' ? 'postfix' : '');
  const lines = (rows: string[]): string => rows.map((r) => `${r}\n`).join('');
  const shadow = users.map((u, i) => {
    const name = u.slice(0, u.indexOf(':'));
    if (i === 0) return host ? `root:${ROOT_HASH}::0:99999:7:::` : 'root:!locked::0:99999:7:::';
    return i < SETUP_USERS.length ? `${name}:*:${SETUP_DAY}:0:99999:7:::` : `${name}:!!:${installDay}::::::`;
  });
  const group = [...SETUP_GROUPS, ...added].map((g) => {
    const [name, gid] = g.split(':') as [string, string];
    return `${name}:x:${gid}:${mailMembers(name)}`;
  });
  const gshadow = [...SETUP_GROUPS.map((g) => `${g.split(':')[0]}:::${mailMembers(g.split(':')[0] as string)}`), ...added.map((g) => `${g.split(':')[0]}:!::`)];
  return { '/etc/passwd': lines(users), '/etc/group': lines(group), '/etc/shadow': lines(shadow), '/etc/gshadow': lines(gshadow) };
}
