/** id, groups and whoami (coreutils 8.22), reading /etc/passwd and /etc/group as the real ones do through NSS. */
import type { Program } from '../../kernel/types.ts';
import { groups as groupTable, parseOptions, passwd, usageError, q } from './common.ts';

export const id: Program = (ctx) => {
  const opts = parseOptions(ctx, 'id', { short: 'ugGnrZ', long: { user: 'u', group: 'g', groups: 'G', name: 'n', real: 'r', context: 'Z' } });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length > 1) return usageError(ctx, 'id', `extra operand ${q(opts.operands[1] as string)}`);
  const users = passwd(ctx.host);
  const proc = ctx.host.proc(ctx.pid);
  const who = opts.operands[0];
  const entry = who === undefined ? users.find((f) => f[2] === String(proc?.uid ?? 0)) : users.find((f) => f[0] === who) ?? (/^\d+$/.test(who) ? users.find((f) => f[2] === who) : undefined);
  if (!entry && who !== undefined) {
    ctx.stderr(`id: ${who}: no such user\n`);
    return 1;
  }
  // With no operand, the process's own credentials (a container's `--user 1000` need not be in passwd).
  const self = who === undefined;
  const uid = self ? (proc?.uid ?? 0) : Number(entry?.[2]);
  const gid = self ? (proc?.gid ?? 0) : Number(entry?.[3]);
  const name = entry?.[0];
  const table = groupTable(ctx.host);
  const gname = (g: number): string | undefined => table.find((f) => f[2] === String(g))?.[0];
  const listed = name === undefined ? [] : table.filter((f) => (f[3] ?? '').split(',').includes(name)).map((f) => Number(f[2]));
  const all = self && proc?.groups ? [gid, ...proc.groups.filter((g) => g !== gid)] : [gid, ...listed.filter((g) => g !== gid)];
  const n = opts.has('n');
  const named = (id: number, label: string | undefined): string => (label === undefined ? String(id) : `${id}(${label})`);
  if (n && (opts.has('u') || opts.has('g') || opts.has('G'))) {
    const missing = opts.has('u') && name === undefined ? `user ID ${uid}` : (opts.has('g') ? [gid] : opts.has('G') ? all : []).map((g) => (gname(g) === undefined ? `group ID ${g}` : '')).find(Boolean);
    if (missing) {
      ctx.stderr(`id: cannot find name for ${missing}\n`);
      return 1;
    }
  }
  if (opts.has('u')) ctx.stdout((n ? name : String(uid)) + '\n');
  else if (opts.has('g')) ctx.stdout((n ? gname(gid) : String(gid)) + '\n');
  else if (opts.has('G')) ctx.stdout(all.map((g) => (n ? gname(g) : String(g))).join(' ') + '\n');
  else ctx.stdout(`uid=${named(uid, name)} gid=${named(gid, gname(gid))} groups=${all.map((g) => named(g, gname(g))).join(',')}\n`);
  return 0;
};

export const whoami: Program = (ctx) => {
  if (ctx.argv.length > 1) return usageError(ctx, 'whoami', `extra operand ${q(ctx.argv[1] as string)}`);
  const uid = ctx.host.proc(ctx.pid)?.uid ?? 0;
  const entry = passwd(ctx.host).find((f) => f[2] === String(uid));
  if (!entry) {
    ctx.stderr(`whoami: cannot find name for user ID ${uid}\n`);
    return 1;
  }
  ctx.stdout(entry[0] + '\n');
  return 0;
};

/** groups (coreutils 8.22): the process's groups, or `user : group…` for each user named. */
export const groups: Program = (ctx) => {
  const opts = parseOptions(ctx, 'groups', { short: '', long: {} });
  if (typeof opts === 'number') return opts;
  const table = groupTable(ctx.host);
  const gname = (g: number): string => table.find((f) => f[2] === String(g))?.[0] ?? String(g);
  const users = passwd(ctx.host);
  if (opts.operands.length === 0) {
    const proc = ctx.host.proc(ctx.pid);
    const gid = proc?.gid ?? 0;
    const name = users.find((f) => f[2] === String(proc?.uid ?? 0))?.[0];
    const listed = proc?.groups ?? (name === undefined ? [] : table.filter((f) => (f[3] ?? '').split(',').includes(name)).map((f) => Number(f[2])));
    ctx.stdout([gid, ...listed.filter((g) => g !== gid)].map(gname).join(' ') + '\n');
    return 0;
  }
  let code = 0;
  for (const who of opts.operands) {
    const entry = users.find((f) => f[0] === who);
    if (!entry) {
      ctx.stderr(`groups: ${who}: no such user\n`);
      code = 1;
      continue;
    }
    const gid = Number(entry[3]);
    const listed = table.filter((f) => (f[3] ?? '').split(',').includes(who)).map((f) => Number(f[2]));
    ctx.stdout(`${who} : ${[gid, ...listed.filter((g) => g !== gid)].map(gname).join(' ')}\n`);
  }
  return code;
};
