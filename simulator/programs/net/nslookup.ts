/**
 * nslookup from bind-utils 9.11 (CentOS 7): asks the first nameserver of /etc/resolv.conf (or the
 * one given) over UDP by the real path. Prints `Server:\t\t…`, `Address:\t…#53`, the answer block and
 * a closing blank line; `** server can't find x: NXDOMAIN`; `;; connection timed out; no servers
 * could be reached` when nothing answers. busybox's applet (1.28) has its own layout.
 */
import { dnsQuery, parseResolvConf } from '../../kernel/net/dns.ts';
import type { ExecContext, Program } from '../../kernel/types.ts';
import { isIpv4 } from '../../kernel/net/addr.ts';
import { netCtx, readFileOr, resolve } from './common.ts';

function query(ctx: ExecContext): { name?: string; server?: string; bad?: string } {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const bad = ctx.argv.slice(1).find((a) => a.startsWith('-') && !a.startsWith('-type') && !a.startsWith('-query') && !a.startsWith('-timeout') && !a.startsWith('-port') && a !== '-debug');
  return { ...(args[0] !== undefined ? { name: args[0] } : {}), ...(args[1] !== undefined ? { server: args[1] } : {}), ...(bad ? { bad } : {}) };
}

export const nslookup: Program = (ctx) => {
  const q = query(ctx);
  if (q.name === undefined) {
    ctx.stderr("podbook: interactive nslookup is not simulated; give the name to look up (nslookup NAME [SERVER])\n");
    return 1;
  }
  const n = netCtx(ctx);
  const conf = parseResolvConf(readFileOr(n.fs, '/etc/resolv.conf') ?? '');
  let server = q.server ?? conf.nameservers[0] ?? '127.0.0.1';
  if (!isIpv4(server)) {
    const r = resolve(ctx, n, server);
    if (!r.ok) {
      ctx.stderr(`nslookup: couldn't get address for '${server}': not found\n`);
      return 1;
    }
    server = r.address;
  }
  const a = dnsQuery(ctx.world, n.host, n.netns, server, q.name, conf.search, conf.ndots);
  if (!a.ok && a.reason !== 'NXDOMAIN') {
    ctx.stdout(';; connection timed out; no servers could be reached\n\n');
    return 1;
  }
  let out = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  if (!a.ok) {
    out += `** server can't find ${q.name}: NXDOMAIN\n\n`;
    ctx.stdout(out);
    return 1;
  }
  if (!a.authoritative) out += 'Non-authoritative answer:\n';
  for (const ip of a.addresses) out += `Name:\t${a.name}\nAddress: ${ip}\n`;
  ctx.stdout(out + '\n');
  return 0;
};

/** busybox 1.28 `nslookup NAME [SERVER]`: the layout the notes' busybox:1.28.3 pods print. */
export const busyboxNslookup: Program = (ctx) => {
  const q = query(ctx);
  if (q.name === undefined) {
    ctx.stderr('BusyBox v1.28.3 (2018-04-03 21:50:11 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n');
    return 1;
  }
  const n = netCtx(ctx);
  const conf = parseResolvConf(readFileOr(n.fs, '/etc/resolv.conf') ?? '');
  const server = q.server ?? conf.nameservers[0] ?? '127.0.0.1';
  const reverse = (ip: string): string => {
    for (const zone of Object.values((ctx.world.state.ext['net'] as { dns: Record<string, { records: Record<string, string[]> }> }).dns ?? {})) {
      for (const [name, ips] of Object.entries(zone.records)) if (ips.includes(ip) && name.includes('.')) return ` ${name}`;
    }
    return '';
  };
  const a = dnsQuery(ctx.world, n.host, n.netns, server, q.name, conf.search, conf.ndots);
  let out = `Server:    ${server}\nAddress 1: ${server}${reverse(server)}\n\n`;
  if (!a.ok) {
    ctx.stdout(out);
    ctx.stderr(`nslookup: can't resolve '${q.name}'\n`);
    return 1;
  }
  out += `Name:      ${a.name}\n`;
  a.addresses.forEach((ip, i) => {
    out += `Address ${i + 1}: ${ip}${reverse(ip)}\n`;
  });
  ctx.stdout(out);
  return 0;
};
