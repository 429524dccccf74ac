/**
 * Apache httpd 2.4 as the official `httpd` image runs it (`httpd-foreground` = `httpd -DFOREGROUND`):
 * the parent and three mpm_event children, `Listen 80` from conf/httpd.conf, files served from the
 * DocumentRoot (so a bind mount over htdocs changes the page), Apache's headers and error pages, the
 * startup notices on stderr and a Common Log Format line on stdout for each request.
 */
import { dateParts, MONTHS, WEEKDAYS } from '../../core/format.ts';
import { sha256Hex } from '../../core/sha256.ts';
import type { HttpRequest, HttpResponse, HttpService } from '../../kernel/http.ts';
import { getNetns, netnsOfPid } from '../../kernel/net/state.ts';
import { linksOf } from '../../kernel/net/state.ts';
import type { Host } from '../../kernel/host.ts';
import type { ExecContext, Program } from '../../kernel/types.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import type { World } from '../../kernel/world.ts';
import { byteLength, clfDate, contentType, header, httpDate } from './http-util.ts';
import { listenFor } from './listen-util.ts';
import { serverWrite } from './output.ts';
import { processFs } from './procfs.ts';
import { decodePath, lookupStatic } from './static-files.ts';
import { GLOBAL_HOOKS, registerReaper } from '../../kernel/hooks.ts';

export const HTTPD_SERVICE = 'httpd';
export const HTTPD_PREFIX = '/usr/local/apache2';
export const HTTPD_DEFAULT_VERSION = '2.4.63';

/** The image's htdocs/index.html. */
export const HTTPD_DEFAULT_PAGE = '<html><body><h1>It works!</h1></body></html>\n';

interface HttpdConfig {
  listen: number[];
  documentRoot: string;
  directoryIndex: string[];
  /** The CentOS package's layout (/etc/httpd): `Apache/2.4.6 (CentOS)`, logs under /var/log/httpd. */
  centos: boolean;
}

/** CentOS 7's httpd package version, as its Server header shows it. */
export const CENTOS_HTTPD = '2.4.6 (CentOS)';

/** Reads the directives the model honours from httpd.conf (defaults as the image ships them). */
export function readHttpdConf(fs: Vfs): HttpdConfig {
  const conf: HttpdConfig = { listen: [], documentRoot: `${HTTPD_PREFIX}/htdocs`, directoryIndex: ['index.html'], centos: false };
  let text: string;
  try {
    text = fs.readFile(`${HTTPD_PREFIX}/conf/httpd.conf`);
  } catch {
    try {
      text = fs.readFile('/etc/httpd/conf/httpd.conf');
      conf.centos = true;
      conf.documentRoot = '/var/www/html';
    } catch {
      text = 'Listen 80\n';
    }
  }
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m = /^Listen\s+(?:[\d.]+:)?(\d+)/i.exec(line);
    if (m) conf.listen.push(Number(m[1]));
    m = /^DocumentRoot\s+"?([^"]+)"?/i.exec(line);
    if (m) conf.documentRoot = m[1] as string;
    m = /^DirectoryIndex\s+(.+)$/i.exec(line);
    if (m) conf.directoryIndex = (m[1] as string).split(/\s+/);
  }
  if (conf.listen.length === 0) conf.listen.push(80);
  return conf;
}

function version(host: Host, pid: number | undefined): string {
  const env = pid !== undefined ? host.proc(pid)?.env : undefined;
  return env?.['HTTPD_VERSION'] || HTTPD_DEFAULT_VERSION;
}

/** `[Mon Jun 02 09:00:00.123456 2025]`, the error log's time stamp; `later` µs after the salted moment. */
function errorLogTime(ms: number, salt: string, later = 0): string {
  const p = dateParts(ms);
  const micros = String(Math.min(999_999, p.ms * 1000 + (parseInt(sha256Hex(salt).slice(0, 4), 16) % 1000) + later)).padStart(6, '0');
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `[${WEEKDAYS[p.weekday]} ${MONTHS[p.month - 1]} ${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${micros} ${p.year}]`;
}

function errorPage(status: number, title: string, text: string): string {
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status} ${title}</title>\n</head><body>\n<h1>${title}</h1>\n<p>${text}</p>\n</body></html>\n`;
}

function errorResponse(world: World, server: string, status: number, title: string, text: string, extra: Record<string, string> = {}): HttpResponse {
  const body = errorPage(status, title, text);
  return { status, headers: { Date: httpDate(world.clock.now), Server: server, ...extra, 'Content-Length': String(byteLength(body)), 'Content-Type': 'text/html; charset=iso-8859-1' }, body };
}

/** mod_autoindex without FancyIndexing, as the image's config gives for a directory without index.html. */
function autoindex(urlPath: string, entries: string[]): string {
  const items = entries.map((e) => `<li><a href="${e}"> ${e}</a></li>\n`).join('');
  const parent = urlPath === '/' ? '' : '<li><a href="/"> Parent Directory</a></li>\n';
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<html>\n <head>\n  <title>Index of ${urlPath.replace(/\/$/, '') || '/'}</title>\n </head>\n <body>\n<h1>Index of ${urlPath.replace(/\/$/, '') || '/'}</h1>\n<ul>${parent}${items}</ul>\n</body></html>\n`;
}

/** Serves one request from a document root (exported for tests). */
export function httpdHandle(world: World, fs: Vfs, server: string, req: HttpRequest): HttpResponse {
  const conf = readHttpdConf(fs);
  const path = decodePath(req.path);
  if (path === undefined || !path.startsWith('/')) return errorResponse(world, server, 400, 'Bad Request', 'Your browser sent a request that this server could not understand.<br />\n');
  const found = lookupStatic(fs, conf.documentRoot, path, conf.directoryIndex);
  if (found.kind === 'missing') return errorResponse(world, server, 404, 'Not Found', 'The requested URL was not found on this server.');
  if (found.kind === 'dir-no-slash') {
    const location = `http://${header(req.headers, 'Host') ?? 'localhost'}${path}/`;
    return errorResponse(world, server, 301, 'Moved Permanently', `The document has moved <a href="${location}">here</a>.`, { Location: location });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
    return errorResponse(world, server, 405, 'Method Not Allowed', `The requested method ${req.method} is not allowed for this URL.`, { Allow: 'POST,OPTIONS,HEAD,GET,TRACE' });
  }
  if (found.kind === 'dir') {
    const body = autoindex(path, found.entries);
    return { status: 200, headers: { Date: httpDate(world.clock.now), Server: server, 'Content-Length': String(byteLength(body)), 'Content-Type': 'text/html;charset=ISO-8859-1' }, body: req.method === 'HEAD' ? '' : body };
  }
  const mtime = found.node.mtime;
  const etag = `"${found.size.toString(16)}-${(mtime * 1000).toString(16)}"`;
  const type = contentType(found.path, '');
  return {
    status: 200,
    headers: {
      Date: httpDate(world.clock.now),
      Server: server,
      'Last-Modified': httpDate(mtime),
      ETag: etag,
      'Accept-Ranges': 'bytes',
      'Content-Length': String(found.size),
      ...(type ? { 'Content-Type': type } : {}),
    },
    body: req.method === 'HEAD' ? '' : found.data,
  };
}

export const httpdService: HttpService = (req, world, host, conn) => {
  const pid = conn?.listener.pid;
  const fs = processFs(host, pid);
  const centos = readHttpdConf(fs).centos;
  const server = centos ? `Apache/${CENTOS_HTTPD}` : `Apache/${version(host, pid)} (Unix)`;
  const res = httpdHandle(world, fs, server, req);
  if (conn) {
    const size = req.method === 'HEAD' || res.body === '' ? '-' : res.headers['Content-Length'] ?? '-';
    const line = `${conn.remoteIp} - - ${clfDate(world.clock.now)} "${req.method} ${req.path}${queryString(req)} HTTP/1.1" ${res.status} ${size}`;
    if (centos) {
      // The package logs the combined format to /var/log/httpd/access_log.
      try {
        fs.appendFile('/var/log/httpd/access_log', `${line} "${header(req.headers, 'Referer') ?? '-'}" "${header(req.headers, 'User-Agent') ?? '-'}"\n`);
      } catch {
        // No log directory: httpd would not have started; nothing to record.
      }
    } else if (!detached(host, pid)) serverWrite(world, host.name, pid, 'stdout', `${line}\n`);
  }
  return res;
};

/** A daemonized httpd: its stdout and stderr are /dev/null. */
function detached(host: Host, pid: number | undefined): boolean {
  return pid !== undefined && host.proc(pid)?.data?.['detached'] === true;
}

function queryString(req: HttpRequest): string {
  return req.query.length ? '?' + req.query.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&') : '';
}

/** The first global IPv4 address of the process's namespace (what ServerName falls back to). */
function ownAddress(world: World, host: string, pid: number): string {
  const ns = getNetns(world, host, netnsOfPid(world, host, pid));
  for (const l of linksOf(ns)) {
    const a = l.addrs.find((x) => x.scope === 'global');
    if (a) return a.ip;
  }
  return '127.0.0.1';
}

/**
 * Whether Apache stays in the foreground: `-DFOREGROUND` (what `httpd-foreground` passes), or the
 * single-process debug modes. Otherwise it daemonizes: the MPM forks on the second config pass and
 * the command returns.
 */
function foreground(argv: readonly string[]): boolean {
  if ((argv[0] ?? '').endsWith('httpd-foreground')) return true;
  const defines = argv.flatMap((a, i) => (a === '-D' ? [argv[i + 1] ?? ''] : a.startsWith('-D') ? [a.slice(2)] : []));
  return argv.includes('-X') || defines.some((d) => d === 'FOREGROUND' || d === 'ONE_PROCESS' || d === 'DEBUG');
}

/** The `-k` action, if any (`-kstart` or `-k start`). */
function action(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a.startsWith('-k'));
  if (i < 0) return undefined;
  return argv[i] === '-k' ? (argv[i + 1] ?? '') : (argv[i] as string).slice(2);
}

/** `httpd -DFOREGROUND` / `httpd-foreground`, and `httpd` / `httpd -k start` as a daemon. */
export const httpd: Program = (ctx) => {
  const fs = processFs(ctx.host, ctx.pid);
  const conf = readHttpdConf(fs);
  const v = conf.centos ? CENTOS_HTTPD.split(' ')[0] : ctx.env['HTTPD_VERSION'] || HTTPD_DEFAULT_VERSION;
  const self = ctx.host.proc(ctx.pid);
  const addr = ownAddress(ctx.world, ctx.host.name, ctx.pid);
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${addr}. Set the 'ServerName' directive globally to suppress this message\n`;
  const k = action(ctx.argv);
  if (k !== undefined && k !== 'start') {
    ctx.stderr(`podbook: 'httpd -k ${k}' is not simulated\n`);
    return 1;
  }
  if (!conf.centos && !foreground(ctx.argv)) return daemonize(ctx, conf, fqdn);
  const nsPid = self?.nsPids?.[self.nsPids.length - 1] ?? ctx.pid;
  const tid = httpdTid(ctx.pid);
  for (const port of conf.listen) {
    if (!listenFor(ctx, port, 'httpd', HTTPD_SERVICE)) {
      ctx.stderr(fqdn);
      ctx.stderr(`(98)Address already in use: AH00072: make_sock: could not bind to address [::]:${port}\n(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:${port}\nno listening sockets available, shutting down\nAH00015: Unable to open logs\n`);
      return 1;
    }
  }
  if (conf.centos) {
    // The package's httpd logs to /var/log/httpd/error_log, not the terminal.
    for (let i = 0; i < 5; i++) ctx.host.spawn({ ppid: ctx.pid, argv: ['/usr/sbin/httpd', '-DFOREGROUND'], prog: 'httpd-child', uid: 48, gid: 48 });
    if (self) self.argv = ['/usr/sbin/httpd', '-DFOREGROUND'];
    return 0;
  }
  ctx.stderr(fqdn);
  ctx.stderr(fqdn);
  // The parent writes its pid (`1\n` as a container's PID 1: the 2 bytes `docker ps -s` counts).
  writePidFile(fs, nsPid);
  const now = ctx.world.clock.now;
  // The command line is logged just after the MPM's notice: some tens of microseconds later.
  const gap = 20 + (parseInt(sha256Hex(`b${ctx.pid}`).slice(0, 4), 16) % 80);
  ctx.stderr(`${errorLogTime(now, `a${ctx.pid}`)} [mpm_event:notice] [pid ${nsPid}:tid ${tid}] AH00489: Apache/${v} (Unix) configured -- resuming normal operations\n`);
  ctx.stderr(`${errorLogTime(now, `a${ctx.pid}`, gap)} [core:notice] [pid ${nsPid}:tid ${tid}] AH00094: Command line: 'httpd -D FOREGROUND'\n`);
  startChildren(ctx.host, ctx.pid, ['httpd', '-DFOREGROUND']);
  if (self) {
    self.argv = ['httpd', '-DFOREGROUND'];
    self.data = { ...self.data, httpdTid: tid };
    self.signals = { ...self.signals, WINCH: STOP_HANDLER, TERM: STOP_HANDLER, INT: STOP_HANDLER };
  }
  return 0;
};

function httpdTid(pid: number): number {
  return 139_600_000_000_000 + (parseInt(sha256Hex(`httpd-tid-${pid}`).slice(0, 8), 16) % 400_000_000_000) * 16;
}

function writePidFile(fs: Vfs, nsPid: number): void {
  try {
    fs.writeFile(PID_FILE, `${nsPid}\n`, { mode: 0o644 });
  } catch {
    // No logs directory: Apache would stop here; the model keeps serving.
  }
}

/** mpm_event's StartServers 3, as the image's www-data (uid 33). */
function startChildren(host: Host, parent: number, argv: string[]): void {
  for (let i = 0; i < 3; i++) host.spawn({ ppid: parent, argv: [...argv], prog: 'httpd-child', uid: 33, gid: 33 });
}

/**
 * Apache as a daemon: the first config pass warns on the terminal, then the process forks and
 * returns 0; the fork, with stdin, stdout and stderr on /dev/null (so its error and access logs,
 * which the image sends to them, go nowhere), binds, writes the pid file and starts the children.
 * As a container's PID 1 that return ends the container, and the daemon with it. A second start
 * finds the first one's pid file.
 */
function daemonize(ctx: ExecContext, conf: HttpdConfig, fqdn: string): number {
  ctx.stderr(fqdn);
  const fs = processFs(ctx.host, ctx.pid);
  const running = runningPid(ctx, fs);
  if (running !== undefined) {
    ctx.stdout(`httpd (pid ${running}) already running\n`);
    return 0;
  }
  const self = ctx.host.proc(ctx.pid);
  const daemon = ctx.host.spawn({ ppid: ctx.pid, argv: [...ctx.argv], prog: 'httpd', state: 'S', tty: '?' });
  if (self) self.data = { ...self.data, daemonized: true };
  // Its bind errors would go to /dev/null too: a daemon that cannot listen just ends.
  if (!conf.listen.every((port) => listenFor({ ...ctx, pid: daemon.pid }, port, 'httpd', HTTPD_SERVICE))) {
    ctx.host.exit(daemon.pid, 1);
    return 0;
  }
  writePidFile(fs, daemon.nsPids?.[daemon.nsPids.length - 1] ?? daemon.pid);
  startChildren(ctx.host, daemon.pid, [...ctx.argv]);
  daemon.data = { ...daemon.data, httpdTid: httpdTid(daemon.pid), detached: true };
  daemon.signals = { ...daemon.signals, WINCH: STOP_HANDLER, TERM: STOP_HANDLER, INT: STOP_HANDLER };
  return 0;
}

/** The pid in the pid file, when a process of that pid (in the caller's namespace) is an httpd. */
function runningPid(ctx: ExecContext, fs: Vfs): number | undefined {
  let text: string;
  try {
    text = fs.readFile(PID_FILE);
  } catch {
    return undefined;
  }
  const nsPid = Number(text.trim());
  const me = ctx.host.proc(ctx.pid);
  const depth = (me?.nsPids?.length ?? 1) - 1;
  const found = ctx.host.procList().find((p) => p.prog === 'httpd' && p.state !== 'Z' && p.pid !== ctx.pid && (me?.nsPids ? p.nsPids?.length === depth + 1 && p.nsPids[depth] === nsPid : p.pid === nsPid));
  return found ? nsPid : undefined;
}

const STOP_HANDLER = 'httpd/stop';
const PID_FILE = `${HTTPD_PREFIX}/logs/httpd.pid`;
const STOPPED = 'httpd/stopped';

/**
 * The parent's stop: SIGWINCH (the image's stop signal) gracefully, SIGTERM/SIGINT at once. It says
 * so, and a moment later (its children gone) it exits 0.
 */
GLOBAL_HOOKS.signals[STOP_HANDLER] = ({ host, world, proc, signal }) => {
  const nsPid = proc.nsPids?.[proc.nsPids.length - 1] ?? proc.pid;
  const tid = String(proc.data?.['httpdTid'] ?? 0);
  const said = signal === 28 ? 'AH00492: caught SIGWINCH, shutting down gracefully' : 'AH00491: caught SIGTERM, shutting down';
  if (proc.data?.['detached'] !== true) serverWrite(world, host.name, proc.pid, 'stderr', `${errorLogTime(world.clock.now, `stop${proc.pid}`)} [mpm_event:notice] [pid ${nsPid}:tid ${tid}] ${said}\n`);
  host.setTimer(proc.pid, 100, STOPPED);
  return undefined;
};

GLOBAL_HOOKS.timers[STOPPED] = (host, proc) => {
  for (const child of host.procList()) if (child.ppid === proc.pid && child.prog === 'httpd-child') host.reap(child.pid);
  // A parent that shuts down removes its pid file (a killed one leaves it).
  try {
    processFs(host, proc.pid).remove(PID_FILE);
  } catch {
    // Already gone.
  }
  host.exit(proc.pid, 0);
};

/** A child of the httpd parent: does nothing on its own (the parent's listener serves). */
export const httpdChild: Program = () => 0;

registerReaper('httpd');
