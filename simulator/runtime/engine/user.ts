/**
 * The user a container process runs as, from `--user` / the image's USER (`name`, `uid`,
 * `name:group`, `uid:gid`), looked up in the container's own /etc/passwd and /etc/group the way
 * runc does it at start: a named user must exist there; a numeric one need not (it then has gid 0);
 * supplementary groups are the groups that list the user by name.
 */
import type { Vfs } from '../../kernel/vfs.ts';

export interface ResolvedUser {
  uid: number;
  gid: number;
  groups: number[];
  /** The user's home from passwd (HOME is set from it when the image does not set HOME). */
  home?: string;
}

function table(fs: Vfs, path: string): string[][] {
  try {
    return fs.readFile(path).split('\n').filter((l) => l.includes(':')).map((l) => l.split(':'));
  } catch {
    return [];
  }
}

const NUMERIC = /^\d+$/;

export function resolveUser(fs: Vfs, spec: string): ResolvedUser | { error: string } {
  const [userPart = '', groupPart] = spec.split(':', 2);
  const passwd = table(fs, '/etc/passwd');
  const groups = table(fs, '/etc/group');
  let uid = 0;
  let gid = 0;
  let name: string | undefined = 'root';
  let home: string | undefined;
  if (userPart !== '') {
    const entry = passwd.find((f) => f[0] === userPart) ?? (NUMERIC.test(userPart) ? passwd.find((f) => f[2] === userPart) : undefined);
    if (entry) {
      name = entry[0];
      uid = Number(entry[2]);
      gid = Number(entry[3]);
      home = entry[5];
    } else if (NUMERIC.test(userPart)) {
      name = undefined;
      uid = Number(userPart);
    } else {
      return { error: `unable to find user ${userPart}: no matching entries in passwd file` };
    }
  } else {
    const root = passwd.find((f) => f[2] === '0');
    if (root) home = root[5];
  }
  if (groupPart !== undefined && groupPart !== '') {
    const entry = groups.find((f) => f[0] === groupPart) ?? (NUMERIC.test(groupPart) ? groups.find((f) => f[2] === groupPart) : undefined);
    if (entry) gid = Number(entry[2]);
    else if (NUMERIC.test(groupPart)) gid = Number(groupPart);
    else return { error: `unable to find group ${groupPart}: no matching entries in group file` };
  }
  const supplementary = name === undefined ? [] : groups.filter((f) => (f[3] ?? '').split(',').includes(name as string)).map((f) => Number(f[2]));
  const all = [gid, ...supplementary.filter((g) => g !== gid)];
  return { uid, gid, groups: all, ...(home !== undefined ? { home } : {}) };
}
