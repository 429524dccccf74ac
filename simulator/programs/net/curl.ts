/**
 * curl 7.29.0 as CentOS 7 ships it: GET by default, `-I` (HEAD), `-i`, `-s`, `-S`, `-v`, `-X`, `-d`,
 * `-H`, `-o`, `-L`, `-A`, `-m`/`--connect-timeout` accepted, `-w '%{http_code}'`. Errors use 7.29's
 * wording (lib/connect.c: `Failed connect to %s:%ld; %s`; the resolver: `Could not resolve host: %s;
 * <gai_strerror>`), exit codes as curl's CURLE_* numbers. Connections go through the kernel's packet
 * path from the caller's namespace.
 */
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { tcpHttpRequest } from '../../kernel/socket.ts';
import type { ExecContext, Program } from '../../kernel/types.ts';
import { normalizePath } from '../../kernel/vfs.ts';
import { STATUS_TEXT } from '../servers/http-util.ts';
import { NET_ERRNO_TEXT, netCtx, resolve, type NetCtx } from './common.ts';

export const CURL_VERSION = '7.29.0';
const UA = `curl/${CURL_VERSION}`;

interface CurlOptions {
  method?: string;
  head: boolean;
  include: boolean;
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  fail: boolean;
  location: boolean;
  data?: string;
  headers: string[];
  output?: string;
  userAgent: string;
  writeOut?: string;
  urls: string[];
}

/** Options that take an argument (short and long), for the parser. */
const WITH_ARG: Record<string, keyof CurlOptions | 'ignore'> = {
  '-X': 'method', '--request': 'method',
  '-d': 'data', '--data': 'data', '--data-raw': 'data', '--data-binary': 'data', '--data-ascii': 'data',
  '-H': 'headers', '--header': 'headers',
  '-o': 'output', '--output': 'output',
  '-A': 'userAgent', '--user-agent': 'userAgent',
  '-w': 'writeOut', '--write-out': 'writeOut',
  '-m': 'ignore', '--max-time': 'ignore', '--connect-timeout': 'ignore', '-u': 'ignore', '--user': 'ignore', '-e': 'ignore', '--referer': 'ignore', '--retry': 'ignore',
};

const FLAGS: Record<string, keyof CurlOptions | 'ignore'> = {
  I: 'head', i: 'include', s: 'silent', S: 'showError', v: 'verbose', f: 'fail', L: 'location', k: 'ignore', '4': 'ignore', '6': 'ignore', N: 'ignore',
};

const LONG_FLAGS: Record<string, keyof CurlOptions | 'ignore'> = {
  '--head': 'head', '--include': 'include', '--silent': 'silent', '--show-error': 'showError', '--verbose': 'verbose', '--fail': 'fail', '--location': 'location', '--insecure': 'ignore', '--ipv4': 'ignore', '--no-buffer': 'ignore', '--compressed': 'ignore',
};

type Parsed = { ok: true; opts: CurlOptions } | { ok: false; message: string; code: number };

function parse(argv: string[]): Parsed {
  const opts: CurlOptions = { head: false, include: false, silent: false, showError: false, verbose: false, fail: false, location: false, headers: [], userAgent: UA, urls: [] };
  const set = (key: keyof CurlOptions | 'ignore', value: string | true): void => {
    if (key === 'ignore') return;
    if (key === 'headers') opts.headers.push(value as string);
    else if (key === 'data') opts.data = opts.data === undefined ? (value as string) : `${opts.data}&${value as string}`;
    else (opts as unknown as Record<string, unknown>)[key] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (WITH_ARG[name]) {
        const v = inline ?? argv[++i];
        if (v === undefined) return { ok: false, message: `curl: option ${name}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, code: 2 };
        set(WITH_ARG[name], v);
      } else if (LONG_FLAGS[name]) set(LONG_FLAGS[name], true);
      else if (name === '--url') opts.urls.push(argv[++i] ?? '');
      else return { ok: false, message: `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, code: 2 };
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        const withArg = WITH_ARG[`-${c}`];
        if (withArg) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) return { ok: false, message: `curl: option -${c}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, code: 2 };
          set(withArg, v);
          break;
        }
        const flag = FLAGS[c];
        if (!flag) return { ok: false, message: `curl: option -${a.slice(j)}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, code: 2 };
        set(flag, true);
      }
    } else opts.urls.push(a);
  }
  return { ok: true, opts };
}

interface Url {
  scheme: string;
  host: string;
  port: number;
  path: string;
  query: [string, string][];
  hostHeader: string;
}

function parseUrl(text: string): Url | undefined {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[:/?#]|$)/.test(text)) return undefined;
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]+|\[[^\]]+\])(?::(\d*))?([^?#]*)(?:\?([^#]*))?/.exec(text);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const host = m[2] as string;
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  const query = (m[5] ?? '').split('&').filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    return (i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)]) as [string, string];
  });
  return { scheme, host, port, path: m[4] || '/', query, hostHeader: m[3] ? `${host}:${m[3]}` : host };
}

function statusLine(res: HttpResponse): string {
  return `HTTP/1.1 ${res.status} ${STATUS_TEXT[res.status] ?? ''}`.trimEnd();
}

function headerBlock(res: HttpResponse): string {
  return [statusLine(res), ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)].map((l) => l + '\r\n').join('') + '\r\n';
}

/** curl's max5data: a number in five columns, with k/M suffixes when it would not fit. */
function max5(bytes: number): string {
  if (bytes < 100000) return String(Math.floor(bytes)).padStart(5);
  if (bytes < 10000 * 1024) return `${String(Math.floor(bytes / 1024)).padStart(4)}k`;
  if (bytes < 100 * 1048576) return `${String(Math.floor(bytes / 1048576)).padStart(2)}.${Math.floor((bytes % 1048576) / 104858)}M`;
  return `${String(Math.floor(bytes / 1048576)).padStart(4)}M`;
}

/**
 * The progress meter curl writes to stderr when its output is not a terminal (lib/progress.c): the
 * two header lines, the first all-zero line, then the final one after a carriage return. The
 * transfer is modelled as taking 4 ms.
 */
function progressMeter(size: number): string {
  const speed = max5((size * 1000) / 4);
  const line = (pct: string, got: string, dl: string): string => `\r${pct} ${got}  ${pct} ${got}    0     0  ${dl}      0 --:--:-- --:--:-- --:--:-- ${dl}`;
  return (
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
    '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
    line('  0', max5(0), max5(0)) +
    line(size === 0 ? '  0' : '100', max5(size), speed) +
    '\n'
  );
}

export const curl: Program = (ctx) => {
  const parsed = parse(ctx.argv.slice(1));
  if (!parsed.ok) {
    ctx.stderr(parsed.message);
    return parsed.code;
  }
  const o = parsed.opts;
  if (o.urls.length === 0) {
    ctx.stderr("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const n = netCtx(ctx);
  let code = 0;
  for (const url of o.urls) code = fetchOne(ctx, n, o, url, 0);
  return code;
};

function fail(ctx: ExecContext, o: CurlOptions, code: number, message: string): number {
  if (o.verbose) ctx.stderr(`* ${message}\n* Closing connection 0\n`);
  if (!o.silent || o.showError) ctx.stderr(`curl: (${code}) ${message}\n`);
  return code;
}

function fetchOne(ctx: ExecContext, n: NetCtx, o: CurlOptions, text: string, redirects: number): number {
  const url = parseUrl(text);
  if (!url) return fail(ctx, o, 3, `<url> malformed`);
  if (url.scheme !== 'http') {
    if (url.scheme === 'https') return fail(ctx, o, 35, 'podbook: HTTPS is not simulated');
    return fail(ctx, o, 1, `Protocol ${url.scheme} not supported or disabled in libcurl`);
  }
  const host = url.host.replace(/^\[|\]$/g, '');
  const res = resolve(ctx, n, host === '::1' ? '127.0.0.1' : host);
  if (!res.ok) return fail(ctx, o, 6, `Could not resolve host: ${host}; ${res.reason === 'NXDOMAIN' ? 'Name or service not known' : 'Temporary failure in name resolution'}`);
  const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { 'User-Agent': o.userAgent, Host: url.hostHeader, Accept: '*/*' };
  if (o.data !== undefined) {
    headers['Content-Length'] = String(o.data.length);
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  for (const h of o.headers) {
    const i = h.indexOf(':');
    if (i <= 0) continue;
    const name = h.slice(0, i).trim();
    const value = h.slice(i + 1).trim();
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (existing) delete headers[existing];
    if (value !== '') headers[name] = value;
  }
  if (o.verbose) ctx.stderr(`* About to connect() to ${host} port ${url.port} (#0)\n*   Trying ${res.address}...\n`);
  const req: HttpRequest = { method, path: url.path, query: url.query, headers, body: o.data ?? '' };
  const r = tcpHttpRequest(ctx.world, n.host, n.netns, res.address, url.port, req);
  if (!r.ok) {
    if (r.errno === 'EPROTO') {
      if (o.verbose) ctx.stderr(`* Connected to ${host} (${res.address}) port ${url.port} (#0)\n`);
      return fail(ctx, o, 52, 'Empty reply from server');
    }
    const text = NET_ERRNO_TEXT[r.errno] ?? r.errno;
    if (o.verbose) ctx.stderr(`* ${text}\n`);
    return fail(ctx, o, 7, `Failed connect to ${host}:${url.port}; ${text}`);
  }
  const response = r.response;
  if (o.verbose) {
    ctx.stderr(`* Connected to ${host} (${res.address}) port ${url.port} (#0)\n`);
    ctx.stderr(`> ${method} ${url.path}${url.query.length ? '?' + url.query.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&') : ''} HTTP/1.1\r\n`);
    for (const [k, v] of Object.entries(headers)) ctx.stderr(`> ${k}: ${v}\r\n`);
    ctx.stderr('> \r\n');
    ctx.stderr(headerBlock(response).split('\r\n').slice(0, -1).map((l) => `< ${l}\r\n`).join(''));
  }
  if (o.fail && response.status >= 400) {
    return fail(ctx, o, 22, `The requested URL returned error: ${response.status} ${STATUS_TEXT[response.status] ?? ''}`.trimEnd());
  }
  const location = response.headers['Location'] ?? response.headers['location'];
  if (o.location && location && response.status >= 300 && response.status < 400 && redirects < 50) {
    if (o.include || o.head) ctx.stdout(headerBlock(response));
    const next = /^[a-z]+:\/\//i.test(location) ? location : `http://${url.hostHeader}${location.startsWith('/') ? location : '/' + location}`;
    if (o.verbose) ctx.stderr(`* Connection #0 to host ${host} left intact\n* Issue another request to this URL: '${next}'\n`);
    return fetchOne(ctx, n, o, next, redirects + 1);
  }
  let out = '';
  if (o.include || o.head) out += headerBlock(response);
  if (method !== 'HEAD') out += response.body;
  if (o.output !== undefined) {
    try {
      const path = normalizePath(o.output, ctx.cwd);
      n.fs.writeFile(path, out);
    } catch {
      return fail(ctx, o, 23, `Failed writing body (0 != ${out.length})`);
    }
  } else ctx.stdout(out);
  if (!o.silent && (o.output !== undefined || !ctx.isTTY) && !o.verbose) ctx.stderr(progressMeter(response.body.length));
  if (o.writeOut !== undefined) ctx.stdout(o.writeOut.replace(/%\{http_code\}/g, String(response.status).padStart(3, '0')).replace(/%\{size_download\}/g, String(response.body.length)).replace(/\\n/g, '\n'));
  if (o.verbose) ctx.stderr(`* Connection #0 to host ${host} left intact\n`);
  return 0;
}
