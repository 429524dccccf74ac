/**
 * lsns (util-linux 2.32 format): one line per namespace with its type, process count, lowest pid,
 * user and command. CentOS 7's util-linux 2.23 predates lsns, so labs install it only on hosts
 * that would have it.
 */
import type { Program } from '../../kernel/types.ts';
import { INITIAL_NS, NS_TYPES, PROC_NS_TYPES, type NsType } from '../../kernel/namespaces.ts';
import { argsOf, userNames, userOf, visible } from './common.ts';

export const lsns: Program = (ctx) => {
  let typeFilter: NsType | undefined;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-t' || a === '--type') {
      const t = args[++i] ?? '';
      if (!(NS_TYPES as readonly string[]).includes(t)) {
        ctx.stderr(`lsns: unknown namespace type: ${t}\n`);
        return 1;
      }
      typeFilter = t as NsType;
    } else {
      ctx.stderr(`lsns: invalid option -- '${a.replace(/^-+/, '').slice(0, 1)}'\nTry 'lsns --help' for more information.\n`);
      return 1;
    }
  }
  const rows = visible(ctx);
  const names = userNames(ctx);
  const groups: Record<string, { id: number; type: NsType; pids: typeof rows }> = {};
  for (const r of rows) {
    for (const type of PROC_NS_TYPES) {
      if (typeFilter && type !== typeFilter) continue;
      const id = ctx.host.nsOf(r.proc, type);
      (groups[`${id}`] ??= { id, type, pids: [] }).pids.push(r);
    }
  }
  const lines = Object.values(groups)
    .sort((a, b) => a.id - b.id)
    .map((g) => {
      const first = g.pids[0] as (typeof rows)[number];
      return [String(g.id), g.type, String(g.pids.length), String(first.pid), userOf(names, first.proc.uid), argsOf(first.proc)];
    });
  const header = ['NS', 'TYPE', 'NPROCS', 'PID', 'USER', 'COMMAND'];
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => (l[i] as string).length)));
  ctx.stdout(
    all
      .map((l) => l.map((cell, i) => (i === l.length - 1 ? cell : i === 0 || i === 2 || i === 3 ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join(' '))
      .join('\n') + '\n',
  );
  void INITIAL_NS;
  return 0;
};
