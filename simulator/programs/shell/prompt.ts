/**
 * The prompt an interactive shell shows, by the system it runs on. Each distribution sets PS1 in
 * its own start-up files, and readers recognise where they are by it:
 *   CentOS/RHEL bash (/etc/bashrc)         [root@localhost ~]#
 *   Debian/Ubuntu bash (/etc/bash.bashrc)  root@6a0fa9f77717:/usr/local/apache2#
 *   BusyBox/Alpine ash (built-in default)  / #
 *   dash, Debian's sh (built-in default)   #
 * Root gets `#`, other users `$`.
 */
import type { Host } from '../../kernel/host.ts';

export function shellPrompt(host: Host, pid: number): string {
  const proc = host.proc(pid);
  const fs = host.fsFor(pid);
  const uid = proc?.uid ?? 0;
  const sign = uid === 0 ? '#' : '$';
  const cwd = proc?.cwd ?? '/';
  const home = proc?.env['HOME'] ?? '/root';
  const hostname = host.hostnameFor(pid).split('.')[0] as string;
  const user = userName(fs.exists('/etc/passwd') ? fs.readFile('/etc/passwd') : '', uid);
  const prog = proc?.prog ?? 'bash';
  const tilde = cwd === home ? '~' : cwd.startsWith(`${home}/`) && home !== '/' ? `~${cwd.slice(home.length)}` : cwd;
  if (fs.exists('/etc/redhat-release') || fs.exists('/etc/centos-release')) {
    const base = cwd === home ? '~' : cwd === '/' ? '/' : cwd.slice(cwd.lastIndexOf('/') + 1);
    return `[${user}@${hostname} ${base}]${sign} `;
  }
  if (prog === 'bash') return `${user}@${hostname}:${tilde}${sign} `;
  if (fs.exists('/bin/busybox')) return `${tilde} ${sign} `;
  return `${sign} `;
}

function userName(passwd: string, uid: number): string {
  for (const line of passwd.split('\n')) {
    const fields = line.split(':');
    if (fields[2] === String(uid) && fields[0]) return fields[0];
  }
  return uid === 0 ? 'root' : `I have no name!`;
}
