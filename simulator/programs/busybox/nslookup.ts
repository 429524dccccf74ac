/**
 * busybox nslookup as 1.36/1.37 build it (its own resolver since 1.29): an A and an AAAA query for
 * the name, or for each search-domain expansion of a name without a dot, sent to the first
 * nameserver; each reply printed as it comes (`Non-authoritative answer:` unless the server is
 * authoritative, `Name:\tX` / `Address: IP`, a blank line; `** server can't find X: NXDOMAIN`,
 * exit 1). The networks here are IPv4-only, so an AAAA reply for a known name is empty.
 * busybox:1.28's older applet keeps its own model (busybox-nslookup).
 */
import { dnsQuery, parseResolvConf } from '../../kernel/net/dns.ts';
import type { Program } from '../../kernel/types.ts';
import { netCtx, readFileOr } from '../net/common.ts';

export const busyboxNslookupNew: Program = (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const name = args[0];
  if (name === undefined || args.length > 2) {
    ctx.stderr('BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n');
    return 1;
  }
  const n = netCtx(ctx);
  const conf = parseResolvConf(readFileOr(n.fs, '/etc/resolv.conf') ?? '');
  const server = args[1] ?? conf.nameservers[0] ?? '127.0.0.1';
  const bare = name.replace(/\.$/, '');
  const names = conf.search.length > 0 && !name.includes('.') ? conf.search.map((s) => `${bare}.${s}`) : [bare];
  const answers = names.map((q) => ({ q, a: dnsQuery(ctx.world, n.host, n.netns, server, `${q}.`, [], 1) }));
  if (answers.every(({ a }) => !a.ok && a.reason !== 'NXDOMAIN')) {
    ctx.stdout(';; connection timed out; no servers could be reached\n\n');
    return 1;
  }
  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  let code = 0;
  // All the A replies, then all the AAAA ones, in the order the queries went out.
  for (const type of ['A', 'AAAA']) {
    for (const { q, a } of answers) {
      if (!a.ok) {
        out += `** server can't find ${q}: NXDOMAIN\n\n`;
        code = 1;
        continue;
      }
      if (!a.authoritative) out += 'Non-authoritative answer:\n';
      if (type === 'A') for (const ip of a.addresses) out += `Name:\t${a.name}\nAddress: ${ip}\n`;
      out += '\n';
    }
  }
  ctx.stdout(out);
  return code;
};
