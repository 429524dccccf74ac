/**
 * nginx as the official image runs it (`nginx -g 'daemon off;'`): master and worker processes, the
 * `listen`/`root`/`index` of /etc/nginx/conf.d/*.conf (read at each request, so a changed or mounted
 * config or document root shows), nginx's headers and CRLF error pages, the version from the
 * image's NGINX_VERSION, a `main`-format access log line on stdout per request.
 */
import type { HttpRequest, HttpResponse, HttpService } from '../../kernel/http.ts';
import type { Host } from '../../kernel/host.ts';
import type { Program } from '../../kernel/types.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import type { World } from '../../kernel/world.ts';
import { byteLength, clfDate, contentType, header, httpDate } from './http-util.ts';
import { listenFor } from './listen-util.ts';
import { serverWrite } from './output.ts';
import { logsNotices, logTime, mainConf, nsPidOf, pidFile, RELOAD_HANDLER, REOPEN_HANDLER, retireLines, signalMaster, startWorkers, takeSender, workersOf, writeNotices } from './nginx-control.ts';
import { processFs } from './procfs.ts';
import { decodePath, lookupStatic } from './static-files.ts';
import { GLOBAL_HOOKS, registerReaper } from '../../kernel/hooks.ts';
import type { Proc } from '../../kernel/process.ts';

export const NGINX_SERVICE = 'nginx';
export const NGINX_DEFAULT_VERSION = '1.27.5';

export { NGINX_PAGE_LEGACY, NGINX_PAGE_MODERN, nginxDefaultPage } from './nginx-pages.ts';

interface NginxServer {
  port: number;
  serverName: string;
  root: string;
  index: string[];
}

/** Reads the server blocks the model honours from nginx.conf and conf.d/*.conf. */
export function readNginxConf(fs: Vfs): NginxServer[] {
  const texts: string[] = [];
  const read = (p: string): void => {
    try {
      texts.push(fs.readFile(p));
    } catch {
      // Missing include: nginx would fail to start; the model serves defaults.
    }
  };
  read('/etc/nginx/nginx.conf');
  try {
    for (const f of fs.readdir('/etc/nginx/conf.d')) if (f.endsWith('.conf')) read(`/etc/nginx/conf.d/${f}`);
  } catch {
    // No conf.d.
  }
  const servers: NginxServer[] = [];
  for (const text of texts) {
    const blocks = text.split(/\bserver\s*\{/).slice(1);
    for (const block of blocks) {
      const port = Number(/\blisten\s+(?:[\d.]+:)?(\d+)/.exec(block)?.[1] ?? 80);
      const root = /\broot\s+([^;\s]+)\s*;/.exec(block)?.[1] ?? '/usr/share/nginx/html';
      const index = (/\bindex\s+([^;]+);/.exec(block)?.[1] ?? 'index.html').trim().split(/\s+/);
      const serverName = /\bserver_name\s+([^;\s]+)/.exec(block)?.[1] ?? 'localhost';
      servers.push({ port, root, index, serverName });
    }
  }
  if (servers.length === 0) servers.push({ port: 80, serverName: 'localhost', root: '/usr/share/nginx/html', index: ['index.html', 'index.htm'] });
  return servers;
}

export function nginxVersion(env: Record<string, string> | undefined): string {
  return (env?.['NGINX_VERSION'] ?? NGINX_DEFAULT_VERSION).replace(/-.*$/, '');
}

function errorBody(status: number, text: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

function errorResponse(world: World, version: string, status: number, text: string, extra: Record<string, string> = {}): HttpResponse {
  const body = errorBody(status, text, version);
  return { status, headers: { Server: `nginx/${version}`, Date: httpDate(world.clock.now), 'Content-Type': 'text/html', 'Content-Length': String(byteLength(body)), ...extra, Connection: 'keep-alive' }, body };
}

/** Serves one request (exported for tests). `port` picks the server block. */
export function nginxHandle(world: World, fs: Vfs, version: string, port: number, req: HttpRequest): HttpResponse {
  const servers = readNginxConf(fs);
  const srv = servers.find((s) => s.port === port) ?? (servers[0] as NginxServer);
  const path = decodePath(req.path);
  if (path === undefined || !path.startsWith('/')) return errorResponse(world, version, 400, 'Bad Request');
  const found = lookupStatic(fs, srv.root, path, srv.index);
  if (found.kind === 'missing') return errorResponse(world, version, 404, 'Not Found');
  if (found.kind === 'dir-no-slash') {
    // absolute_redirect with the server's own name and port: the classic `http://localhost/dir/`.
    const location = `http://${srv.serverName}${srv.port === 80 ? '' : ':' + srv.port}${path}/`;
    return errorResponse(world, version, 301, 'Moved Permanently', { Location: location });
  }
  if (found.kind === 'dir') return errorResponse(world, version, 403, 'Forbidden');
  if (req.method !== 'GET' && req.method !== 'HEAD') return errorResponse(world, version, 405, 'Not Allowed');
  const mtime = found.node.mtime;
  return {
    status: 200,
    headers: {
      Server: `nginx/${version}`,
      Date: httpDate(world.clock.now),
      'Content-Type': contentType(found.path, 'application/octet-stream'),
      'Content-Length': String(found.size),
      'Last-Modified': httpDate(mtime),
      Connection: 'keep-alive',
      ETag: `"${Math.floor(mtime / 1000).toString(16)}-${found.size.toString(16)}"`,
      'Accept-Ranges': 'bytes',
    },
    body: req.method === 'HEAD' ? '' : found.data,
  };
}

function procEnv(host: Host, pid: number | undefined): Record<string, string> | undefined {
  return pid !== undefined ? host.proc(pid)?.env : undefined;
}

export const nginxService: HttpService = (req, world, host, conn) => {
  const pid = conn?.listener.pid;
  const version = nginxVersion(procEnv(host, pid));
  const res = nginxHandle(world, processFs(host, pid), version, conn?.localPort ?? 80, req);
  if (conn) {
    const bytes = req.method === 'HEAD' ? '0' : String(byteLength(res.body));
    const q = req.query.length ? '?' + req.query.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&') : '';
    serverWrite(world, host.name, pid, 'stdout', `${conn.remoteIp} - - ${clfDate(world.clock.now)} "${req.method} ${req.path}${q} HTTP/1.1" ${res.status} ${bytes} "${header(req.headers, 'Referer') ?? '-'}" "${header(req.headers, 'User-Agent') ?? '-'}" "-"\n`);
  }
  return res;
};

/** `nginx -g 'daemon off;'`: binds the configured ports, starts its workers, keeps running. */
export const nginx: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  if (args[0] === '-v' || args[0] === '-V') {
    ctx.stderr(`nginx version: nginx/${nginxVersion(ctx.env)}\n`);
    return 0;
  }
  if (args[0] === '-s') return signalMaster(ctx, args[1]);
  if (args[0] === '-t') {
    ctx.stderr('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n');
    return 0;
  }
  const fs = processFs(ctx.host, ctx.pid);
  const version = nginxVersion(ctx.env);
  const t = logTime(ctx.world.clock.now);
  const self = ctx.host.proc(ctx.pid);
  const nsPid = self?.nsPids?.[self.nsPids.length - 1] ?? ctx.pid;
  const ports = [...new Set(readNginxConf(fs).map((s) => s.port))];
  for (const port of ports) {
    if (!listenFor(ctx, port, 'nginx', NGINX_SERVICE)) {
      ctx.stderr(`${t} [emerg] ${nsPid}#${nsPid}: bind() to 0.0.0.0:${port} failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:${port} failed (98: Address already in use)\n`);
      return 1;
    }
  }
  const conf = mainConf(fs);
  // The master rewrites its argv; its name (comm) stays `nginx`, as the workers' does.
  if (self) {
    self.argv = ['nginx:', 'master', 'process', ...ctx.argv];
    self.data = { ...self.data, comm: 'nginx' };
  }
  try {
    fs.writeFile(pidFile(conf), `${nsPid}\n`);
  } catch {
    // No /run: nginx would stop here; the model keeps serving.
  }
  const workerPids = startWorkers(ctx.host, ctx.pid, conf);
  const kernel = ctx.host.state.kernel.release;
  // Notices reach stderr only when error_log logs at `notice` (the modern image); 1.7/1.9 log `warn`.
  const notices = logsNotices(conf);
  if (self) {
    self.signals = { ...self.signals, QUIT: QUIT_HANDLER, TERM: STOP_HANDLER, INT: STOP_HANDLER, HUP: RELOAD_HANDLER, USR1: REOPEN_HANDLER };
    if (notices) self.data = { ...self.data, nginxNotices: true };
  }
  if (!notices) return 0;
  for (const line of [
    'using the "epoll" event method',
    `nginx/${version}`,
    'built by gcc 12.2.0 (Debian 12.2.0-14) ',
    `OS: Linux ${kernel}`,
    'getrlimit(RLIMIT_NOFILE): 1048576:1048576',
    'start worker processes',
    ...workerPids.map((pid) => `start worker process ${pid}`),
  ]) {
    ctx.stderr(`${t} [notice] ${nsPid}#${nsPid}: ${line}\n`);
  }
  return 0;
};

export const nginxWorker: Program = () => 0;

const QUIT_HANDLER = 'nginx/quit';
const STOP_HANDLER = 'nginx/stop';

/**
 * The master's shutdown: SIGQUIT lets each worker finish ("gracefully shutting down"), SIGTERM and
 * SIGINT end them at once; the master then collects each worker (SIGCHLD, and SIGIO between) and
 * exits 0. The signal comes from outside the container's pid namespace, so no sender is named.
 */
function shutdown(host: Host, world: World, master: Proc, signal: number): number {
  const workers = workersOf(host, master);
  const me = nsPidOf(master);
  const graceful = signal === 3;
  const name = graceful ? 'SIGQUIT' : signal === 2 ? 'SIGINT' : 'SIGTERM';
  const lines = [`${me}#${me}: signal ${signal} (${name}) received${takeSender(master)}, ${graceful ? 'shutting down' : 'exiting'}`, ...retireLines(master, workers, graceful, false), `${me}#${me}: exit`];
  writeNotices(world, host, master, lines);
  for (const w of workers) host.reap(w.pid);
  return 0;
}

GLOBAL_HOOKS.signals[QUIT_HANDLER] = ({ host, world, proc, signal }) => shutdown(host, world, proc, signal);
GLOBAL_HOOKS.signals[STOP_HANDLER] = ({ host, world, proc, signal }) => shutdown(host, world, proc, signal);

registerReaper('nginx');
