/**
 * `route [-n]` from net-tools 2.0: the main routing table in `%-15s %-15s %-15s %-5s %-6d %-3d %6d %s`
 * columns. Without -n the default destination reads `default`; other addresses stay numeric (the
 * lab's names do not resolve backwards).
 */
import { maskOf, numToIp, parseCidr } from '../../kernel/net/addr.ts';
import { mainTable } from '../../kernel/net/route.ts';
import type { Program } from '../../kernel/types.ts';
import { netCtx } from './common.ts';

export const route: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const numeric = args.some((a) => /^-\w*n/.test(a));
  const other = args.find((a) => !/^-[nve]+$/.test(a));
  if (other !== undefined) {
    ctx.stderr("podbook: changing routes with route is not simulated; use 'ip route'\n");
    return 1;
  }
  const n = netCtx(ctx);
  let out = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
  for (const r of mainTable(n.ns)) {
    const c = r.dst === 'default' ? { ip: '0.0.0.0', prefix: 0 } : parseCidr(r.dst);
    if (!c) continue;
    const dest = r.dst === 'default' && !numeric ? 'default' : c.ip;
    const flags = `U${r.via ? 'G' : ''}${c.prefix === 32 ? 'H' : ''}`;
    out += `${dest.padEnd(15)} ${(r.via ?? '0.0.0.0').padEnd(15)} ${numToIp(maskOf(c.prefix)).padEnd(15)} ${flags.padEnd(5)} ${String(r.metric ?? 0).padEnd(6)} ${'0'.padEnd(3)} ${'0'.padStart(6)} ${r.dev}\n`;
  }
  ctx.stdout(out);
  return 0;
};
