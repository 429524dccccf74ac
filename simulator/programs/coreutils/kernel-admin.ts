/**
 * Small administration commands the Kubernetes set-up uses: swapoff/swapon (the lab hosts have no
 * swap, so there is nothing to turn off), modprobe for the modules a container host loads, and
 * crontab for root's table under /var/spool/cron.
 */
import type { Program } from '../../kernel/types.ts';
import { abs, errno } from './common.ts';

export const swapoff: Program = (ctx) => {
  if (ctx.argv.length < 2) {
    ctx.stderr('\nUsage:\n swapoff [options] [<spec>]\n\nDisable devices and files for paging and swapping.\n');
    return 1;
  }
  return 0;
};

export const swapon: Program = swapoff;

const MODULES = new Set(['br_netfilter', 'bridge', 'overlay', 'ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_sh', 'nf_conntrack', 'nf_conntrack_ipv4', 'vxlan', 'ip_tables', 'iptable_nat', 'xt_conntrack', 'veth', 'nfs', 'nfsd']);

export const modprobe: Program = (ctx) => {
  const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  if (names.length === 0) {
    ctx.stderr('modprobe: ERROR: missing parameters. See -h.\n');
    return 1;
  }
  const name = names[0] as string;
  if (!MODULES.has(name.replace(/-/g, '_'))) {
    ctx.stderr(`modprobe: FATAL: Module ${name} not found.\n`);
    return 1;
  }
  return 0;
};

export const crontab: Program = (ctx) => {
  const fs = ctx.host.fs;
  const table = '/var/spool/cron/root';
  const arg = ctx.argv[1];
  if (arg === '-l') {
    const node = fs.tryStat(table);
    if (!node) {
      ctx.stderr('no crontab for root\n');
      return 1;
    }
    ctx.stdout(fs.readFile(table));
    return 0;
  }
  if (arg === '-r') {
    if (fs.tryStat(table)) fs.remove(table);
    else {
      ctx.stderr('no crontab for root\n');
      return 1;
    }
    return 0;
  }
  if (arg === undefined || arg === '-e') {
    ctx.stderr(`podbook: 'crontab${arg ? ' ' + arg : ''}' needs an editor, which is not simulated: write the table to a file and run 'crontab FILE'\n`);
    return 1;
  }
  let text: string;
  try {
    text = arg === '-' ? ctx.stdin : fs.readFile(abs(ctx, arg));
  } catch (e) {
    ctx.stderr(`${arg}: ${errno(e)}\n`);
    return 1;
  }
  if (!fs.tryStat('/var/spool/cron')) fs.mkdir('/var/spool/cron', { parents: true, mode: 0o700 });
  fs.writeFile(table, text, { mode: 0o600 });
  return 0;
};
