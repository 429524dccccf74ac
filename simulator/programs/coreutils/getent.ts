/**
 * getent (glibc 2.17): entries of the NSS databases the simulated hosts have, all `files`:
 * passwd, group, shadow, gshadow (by name, or by number for passwd/group) and hosts (/etc/hosts,
 * then DNS). A key that matches nothing exits 2 silently, as the real one does.
 */
import type { Program } from '../../kernel/types.ts';
import { netCtx, resolve } from '../net/common.ts';

const SEE_HELP = "Try `getent --help' or `getent --usage' for more information.\n";

function table(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

/** `%-15s %s` and the aliases: how getent prints a hostent. */
function hostLine(address: string, names: string[]): string {
  return `${address.padEnd(15)} ${names.join(' ')}\n`;
}

export const getent: Program = (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => a !== '--');
  const db = args[0];
  if (db === undefined) {
    ctx.stderr('getent: wrong number of arguments\n');
    ctx.stdout(SEE_HELP);
    return 1;
  }
  const read = (path: string): string[] => {
    try {
      return table(ctx.host.fs.readFile(path));
    } catch {
      return [];
    }
  };
  const keys = args.slice(1);
  const files: Record<string, string> = { passwd: '/etc/passwd', group: '/etc/group', shadow: '/etc/shadow', gshadow: '/etc/gshadow' };
  const path = files[db];
  if (path !== undefined) {
    const lines = read(path);
    if (keys.length === 0) {
      for (const l of lines) ctx.stdout(`${l}\n`);
      return 0;
    }
    let code = 0;
    for (const key of keys) {
      const numeric = (db === 'passwd' || db === 'group') && /^\d+$/.test(key);
      const hit = lines.find((l) => (numeric ? l.split(':')[2] === key : l.split(':')[0] === key));
      if (hit === undefined) code = 2;
      else ctx.stdout(`${hit}\n`);
    }
    return code;
  }
  if (db === 'hosts') {
    const hosts = read('/etc/hosts').map((l) => l.replace(/#.*/, '').trim().split(/\s+/)).filter((f) => f.length > 1);
    if (keys.length === 0) {
      for (const f of hosts) ctx.stdout(hostLine(f[0] as string, f.slice(1)));
      return 0;
    }
    let code = 0;
    for (const key of keys) {
      // IPv6 first, as getent asks gethostbyname2(AF_INET6) before AF_INET.
      const local = hosts.filter((f) => f.slice(1).includes(key));
      const entry = local.find((f) => (f[0] as string).includes(':')) ?? local[0];
      if (entry) {
        ctx.stdout(hostLine(entry[0] as string, entry.slice(1)));
        continue;
      }
      const n = netCtx(ctx);
      const r = resolve(ctx, n, key);
      if (r.ok) ctx.stdout(hostLine(r.address, [key]));
      else code = 2;
    }
    return code;
  }
  ctx.stderr(`Unknown database: ${db}\n`);
  ctx.stdout(SEE_HELP);
  return 1;
};
