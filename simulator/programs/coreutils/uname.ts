/**
 * uname (coreutils 8.22) with the CentOS 7.9 kernel's version string; the node name is the caller's
 * UTS namespace's (a container's hostname). busybox's applet has no processor or platform to report:
 * `-a` leaves them out, `-p`/`-i` print `unknown`.
 */
import type { Program } from '../../kernel/types.ts';
import { parseOptions, q } from './common.ts';

const KERNEL_VERSION = '#1 SMP Mon Oct 19 16:18:59 UTC 2020';

export const uname: Program = (ctx) => unameAs(ctx, false);

export const busyboxUname: Program = (ctx) => unameAs(ctx, true);

function unameAs(ctx: Parameters<Program>[0], busybox: boolean): number {
  const opts = parseOptions(ctx, 'uname', { short: 'asnrvmpio', long: { all: 'a', 'kernel-name': 's', nodename: 'n', 'kernel-release': 'r', 'kernel-version': 'v', machine: 'm', processor: 'p', 'hardware-platform': 'i', 'operating-system': 'o' } });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length) {
    ctx.stderr(`uname: extra operand ${q(opts.operands[0] ?? '')}\nTry 'uname --help' for more information.\n`);
    return 1;
  }
  const s = ctx.host.state;
  const cpu = busybox ? 'unknown' : 'x86_64';
  const fields: [string, string][] = [['s', 'Linux'], ['n', ctx.host.hostnameFor(ctx.pid)], ['r', s.kernel.release], ['v', KERNEL_VERSION], ['m', 'x86_64'], ['p', cpu], ['i', cpu], ['o', 'GNU/Linux']];
  const all = opts.has('a');
  let chosen = fields.filter(([f]) => (all && !(busybox && (f === 'p' || f === 'i'))) || opts.has(f));
  if (chosen.length === 0) chosen = [fields[0] as [string, string]];
  ctx.stdout(chosen.map(([, v]) => v).join(' ') + '\n');
  return 0;
}
