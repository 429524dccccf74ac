/**
 * busybox, the multi-call binary of the busybox image: `busybox APPLET ARGS` runs the applet (the
 * image's /bin/ls, /bin/nc … are the same binary under other names). Applets with a busybox model
 * of their own (httpd, nc, wget, ping, nslookup, and ls, cat, ps, ip here) use it; the others borrow
 * the GNU tool's model.
 */
import type { Program } from '../../kernel/types.ts';
import { busyboxLs } from '../coreutils/ls.ts';
import { busyboxUname } from '../coreutils/uname.ts';
import { busyboxCat } from './cat.ts';
import { busyboxDf } from './df.ts';
import { busyboxStat } from './stat.ts';
import { BUSYBOX_FILE_APPLETS } from './wording.ts';
import { busyboxIp } from './ip.ts';
import { busyboxNslookupNew } from './nslookup.ts';
import { busyboxPs } from './ps.ts';

/** Applet models that live with busybox itself (no registry name of their own). */
const OWN_APPLETS: Record<string, Program> = { ...BUSYBOX_FILE_APPLETS, ls: busyboxLs, cat: busyboxCat, ps: busyboxPs, ip: busyboxIp, nslookup: busyboxNslookupNew, uname: busyboxUname, df: busyboxDf, stat: busyboxStat };

/** Applets whose busybox behaviour differs enough to have their own program model. */
export const BUSYBOX_APPLETS: Record<string, string> = {
  httpd: 'busybox-httpd',
  nc: 'busybox-nc',
  wget: 'busybox-wget',
  ping: 'busybox-ping',
  nslookup: 'busybox-nslookup',
  top: 'busybox-top',
  ash: 'sh',
  sh: 'sh',
};

export const busybox: Program = (ctx) => {
  // Run under an applet's name (the images' /bin/ls is busybox itself), it is that applet.
  const invoked = (ctx.argv[0] ?? 'busybox').slice((ctx.argv[0] ?? '').lastIndexOf('/') + 1);
  if (invoked !== 'busybox') {
    const own = OWN_APPLETS[invoked];
    const model = own ?? ctx.world.programs[BUSYBOX_APPLETS[invoked] ?? invoked];
    if (!model || (!own && (BUSYBOX_APPLETS[invoked] ?? invoked) === 'busybox')) {
      ctx.stderr(`${invoked}: applet not found\n`);
      return 127;
    }
    return model(ctx);
  }
  const applet = ctx.argv[1];
  if (applet === undefined || applet === '--help') {
    ctx.stderr('BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\npodbook: the applet list is not simulated; run `busybox APPLET [ARGS]`\n');
    return 0;
  }
  const name = applet.slice(applet.lastIndexOf('/') + 1);
  const own = OWN_APPLETS[name];
  if (own) return own({ ...ctx, argv: ctx.argv.slice(1) });
  const prog = BUSYBOX_APPLETS[name] ?? name;
  const program = ctx.world.programs[prog];
  if (!program || prog === 'busybox') {
    ctx.stderr(`${name}: applet not found\n`);
    return 127;
  }
  return program({ ...ctx, argv: ctx.argv.slice(1) });
};
