/**
 * conntrack (conntrack-tools 1.4.4, `yum install conntrack-tools`): the caller's namespace's
 * connection tracking table. `-L` lists entries as libnetfilter_conntrack prints them (SELinux is on
 * in CentOS 7, so each carries its secctx) and says on stderr how many it showed; `-p`, `-s/--src`,
 * `-d/--dst`, `--sport`, `--dport`, `-n/--src-nat`, `-g/--dst-nat` filter; `-C` counts; `-F` flushes.
 * Events (`-E`), edits (`-D`, `-U`, `-I`) and other options say they are not simulated.
 */
import { conntrackEntries, flushConntrack } from '../../kernel/net/conntrack.ts';
import type { CtEntry } from '../../kernel/net/types.ts';
import type { Program } from '../../kernel/types.ts';
import { netCtx } from './common.ts';

const VERSION = 'conntrack v1.4.4 (conntrack-tools)';
const PROTO_NUM = { tcp: 6, udp: 17 } as const;

function line(e: CtEntry, now: number): string {
  const t = (x: CtEntry['orig']): string => `src=${x.src} dst=${x.dst} sport=${x.sport} dport=${x.dport}`;
  const secs = Math.max(0, Math.floor((e.until - now) / 1000));
  return `${e.proto.padEnd(8)} ${PROTO_NUM[e.proto]} ${secs} ${e.state ? `${e.state} ` : ''}${t(e.orig)} ${t(e.reply)} ${e.assured ? '[ASSURED] ' : ''}mark=0 secctx=system_u:object_r:unlabeled_t:s0 use=1\n`;
}

export const conntrack: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let cmd: 'L' | 'C' | 'F' | undefined;
  const filter: { proto?: string; src?: string; dst?: string; sport?: number; dport?: number; snat?: boolean; dnat?: boolean } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string | undefined => args[++i];
    if (a === '-L' || a === '--dump') cmd = 'L';
    else if (a === '-C' || a === '--count') cmd = 'C';
    else if (a === '-F' || a === '--flush') cmd = 'F';
    else if (a === '-p' || a === '--proto') filter.proto = value();
    else if (a === '-s' || a === '--src' || a === '--orig-src') filter.src = value();
    else if (a === '-d' || a === '--dst' || a === '--orig-dst') filter.dst = value();
    else if (a === '--sport' || a === '--orig-port-src') filter.sport = Number(value());
    else if (a === '--dport' || a === '--orig-port-dst') filter.dport = Number(value());
    else if (a === '-n' || a === '--src-nat') filter.snat = true;
    else if (a === '-g' || a === '--dst-nat') filter.dnat = true;
    else {
      ctx.stderr(`podbook: 'conntrack ${a}' is not simulated\n`);
      return 1;
    }
  }
  const n = netCtx(ctx);
  if (cmd === 'F') {
    flushConntrack(ctx.world, n.host, n.netns);
    ctx.stderr(`${VERSION}: connection tracking table has been emptied.\n`);
    return 0;
  }
  const now = ctx.world.clock.now;
  const all = conntrackEntries(ctx.world, n.host, n.netns);
  if (cmd === 'C') {
    ctx.stdout(`${all.length}\n`);
    return 0;
  }
  if (cmd === undefined) {
    ctx.stderr(`${VERSION}: no command specified\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`);
    return 2;
  }
  if (filter.proto !== undefined && filter.proto !== 'tcp' && filter.proto !== 'udp' && filter.proto !== 'icmp') {
    ctx.stderr(`${VERSION}: \`${filter.proto}' unsupported protocol\n`);
    return 2;
  }
  const shown = all.filter(
    (e) =>
      (filter.proto === undefined || e.proto === filter.proto) &&
      (filter.src === undefined || e.orig.src === filter.src) &&
      (filter.dst === undefined || e.orig.dst === filter.dst) &&
      (filter.sport === undefined || e.orig.sport === filter.sport) &&
      (filter.dport === undefined || e.orig.dport === filter.dport) &&
      (!filter.snat || e.reply.dst !== e.orig.src) &&
      (!filter.dnat || e.reply.src !== e.orig.dst),
  );
  ctx.stdout(shown.map((e) => line(e, now)).join(''));
  ctx.stderr(`${VERSION}: ${shown.length} flow entries have been shown.\n`);
  return 0;
};
