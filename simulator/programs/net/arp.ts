/** `arp -n` (net-tools 2.0): the neighbour cache in its fixed-width columns. */
import type { Program } from '../../kernel/types.ts';
import { netCtx } from './common.ts';

export const arp: Program = (ctx) => {
  const n = netCtx(ctx);
  const numeric = ctx.argv.slice(1).some((a) => /^-\w*n/.test(a));
  let out = `${'Address'.padEnd(25)}${'HWtype'.padEnd(8)}${'HWaddress'.padEnd(20)}${'Flags Mask'.padEnd(22)}Iface\n`;
  for (const e of n.ns.neigh) {
    const addr = numeric ? e.ip : e.ip === '127.0.0.1' ? 'localhost' : e.ip;
    out += `${addr.padEnd(25)}${'ether'.padEnd(8)}${e.mac.padEnd(20)}${(e.state === 'PERMANENT' ? 'CM' : 'C').padEnd(22)}${e.dev}\n`;
  }
  ctx.stdout(out);
  return 0;
};
