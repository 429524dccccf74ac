/** `ipvsadm -Ln` (ipvsadm 1.27): the IPVS table of the caller's namespace, as kube-proxy fills it. */
import type { Program } from '../../kernel/types.ts';
import { netCtx } from './common.ts';

export const ipvsadm: Program = (ctx) => {
  const args = ctx.argv.slice(1).join(' ');
  if (args !== '' && !/^(-L|-l|--list)?\s*(-n)?$|^-Ln$|^-ln$|^-nL$/.test(args.trim())) {
    ctx.stderr(`podbook: 'ipvsadm ${args}' is not simulated (kube-proxy maintains this table)\n`);
    return 1;
  }
  const n = netCtx(ctx);
  let out = 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
  for (const s of n.ns.ipvs) {
    out += `${s.protocol}  ${s.ip}:${s.port} ${s.scheduler}\n`;
    for (const d of s.dests) out += `  -> ${`${d.ip}:${d.port}`.padEnd(28)} ${d.forward.padEnd(7)} ${String(d.weight).padEnd(6)} ${String(d.activeConn).padEnd(10)} ${String(d.inActConn).padEnd(10)}\n`;
  }
  ctx.stdout(out);
  return 0;
};
