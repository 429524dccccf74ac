/**
 * busybox, the multi-call binary of the busybox image: `busybox APPLET ARGS` runs the applet (the
 * image's /bin/ls, /bin/nc … are the same binary under other names). Applets with a busybox model
 * of their own (httpd, nc, wget, ping, nslookup) use it; the others borrow the GNU tool's model.
 */
import type { Program } from '../../kernel/types.ts';

/** Applets whose busybox behaviour differs enough to have their own program model. */
export const BUSYBOX_APPLETS: Record<string, string> = {
  httpd: 'busybox-httpd',
  nc: 'busybox-nc',
  wget: 'busybox-wget',
  ping: 'busybox-ping',
  nslookup: 'busybox-nslookup',
  ash: 'sh',
  sh: 'sh',
};

export const busybox: Program = (ctx) => {
  const applet = ctx.argv[1];
  if (applet === undefined || applet === '--help') {
    ctx.stderr('BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\npodbook: the applet list is not simulated; run `busybox APPLET [ARGS]`\n');
    return 0;
  }
  const name = applet.slice(applet.lastIndexOf('/') + 1);
  const prog = BUSYBOX_APPLETS[name] ?? name;
  const program = ctx.world.programs[prog];
  if (!program || prog === 'busybox') {
    ctx.stderr(`${name}: applet not found\n`);
    return 127;
  }
  return program({ ...ctx, argv: ctx.argv.slice(1) });
};
