/**
 * busybox's httpd applet: `httpd -f -p 8080 -h /www` serves the files under its home directory
 * (`index.html` for a directory), with busybox's short headers (`Connection: close`, an ETag of
 * hex mtime and size) and bare HTML error pages. Without `-f` it puts itself in the background and
 * the command returns at once (so as a container's only command the container exits).
 */
import type { HttpResponse, HttpService } from '../../kernel/http.ts';
import type { Proc } from '../../kernel/process.ts';
import { STILL_RUNNING, type Program } from '../../kernel/types.ts';
import { normalizePath } from '../../kernel/vfs.ts';
import { byteLength, contentType, httpDate } from './http-util.ts';
import { listenFor } from './listen-util.ts';
import { processFs } from './procfs.ts';
import { decodePath, lookupStatic } from './static-files.ts';

export const BUSYBOX_HTTPD_SERVICE = 'busybox-httpd';

function errorPage(world: Parameters<HttpService>[1], status: number, title: string, text: string, extra: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { Date: httpDate(world.clock.now), Connection: 'close', 'Content-type': 'text/html', ...extra },
    body: `<HTML><HEAD><TITLE>${status} ${title}</TITLE></HEAD>\n<BODY><H1>${status} ${title}</H1>\n${text}\n</BODY></HTML>\n`,
  };
}

export const busyboxHttpdService: HttpService = (req, world, host, conn) => {
  const pid = conn?.listener.pid;
  const proc = pid === undefined ? undefined : host.proc(pid);
  const home = String(proc?.data?.['home'] ?? '/');
  const fs = processFs(host, pid);
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return errorPage(world, 501, 'Not Implemented', 'The requested method is not recognized');
  const path = decodePath(req.path);
  if (path === undefined || !path.startsWith('/')) return errorPage(world, 400, 'Bad Request', 'Unsupported method');
  const found = lookupStatic(fs, home, path, ['index.html']);
  if (found.kind === 'dir-no-slash') return { status: 302, headers: { Date: httpDate(world.clock.now), Connection: 'close', Location: `${path}/` }, body: '' };
  if (found.kind !== 'file') return errorPage(world, 404, 'Not Found', 'The requested URL was not found');
  const type = contentType(found.path, '');
  const size = byteLength(found.data);
  const mtime = Math.floor(found.node.mtime / 1000);
  return {
    status: 200,
    headers: {
      Date: httpDate(world.clock.now),
      Connection: 'close',
      ...(type ? { 'Content-type': type } : {}),
      'Accept-Ranges': 'bytes',
      'Last-Modified': httpDate(found.node.mtime),
      ETag: `"${mtime.toString(16)}-${size.toString(16)}"`,
      'Content-Length': String(size),
    },
    body: req.method === 'HEAD' ? '' : found.data,
  };
};

export const busyboxHttpd: Program = (ctx) => {
  let foreground = false;
  let port = 80;
  let home = '.';
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-f') foreground = true;
    else if (a === '-v' || a === '-vv') continue;
    else if (a === '-p' || a === '-h') {
      const value = args[++i];
      if (value === undefined) {
        ctx.stderr(`httpd: option requires an argument -- '${a[1]}'\n`);
        return 1;
      }
      if (a === '-h') home = value;
      else {
        const m = /^(?:[\d.]+:)?(\d+)$/.exec(value);
        if (!m || Number(m[1]) > 65535) {
          ctx.stderr(`httpd: bad port '${value}'\n`);
          return 1;
        }
        port = Number(m[1]);
      }
    } else {
      ctx.stderr(`podbook: 'httpd ${a}' is not simulated\n`);
      return 1;
    }
  }
  const me = ctx.host.proc(ctx.pid);
  const root = normalizePath(home, ctx.cwd);
  const serve = (proc: Proc): boolean => {
    proc.data = { ...(proc.data ?? {}), home: root };
    return listenFor({ ...ctx, pid: proc.pid }, port, 'httpd', BUSYBOX_HTTPD_SERVICE, '::');
  };
  if (!foreground) {
    // The daemon: a child that init adopts, listening; the command itself is done.
    const daemon = ctx.host.spawn({ ppid: ctx.pid, argv: [...ctx.argv], prog: me?.prog ?? 'busybox-httpd', state: 'S', tty: '?' });
    // On the host the daemon's parent is gone at once and init adopts it.
    if (!me?.nsPids) daemon.ppid = 1;
    if (!serve(daemon)) {
      ctx.host.reap(daemon.pid);
      ctx.stderr('httpd: bind: Address already in use\n');
      return 1;
    }
    return 0;
  }
  const isInit = me?.nsPids?.[me.nsPids.length - 1] === 1;
  if (!me || (!isInit && me.data?.['job'] !== true)) {
    ctx.stderr("podbook: a foreground 'httpd -f' serves until stopped, which this terminal cannot wait for; drop -f (it then runs as a daemon), add &, or run it as a container's command\n");
    return 1;
  }
  if (!serve(me)) {
    ctx.stderr('httpd: bind: Address already in use\n');
    return 1;
  }
  return STILL_RUNNING;
};
