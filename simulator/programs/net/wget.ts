/**
 * wget 1.14 (CentOS 7): `wget URL`, `-O file|-`, `-q`, `-S`. Progress and messages on stderr as
 * 1.14 prints them (`--<date>--  URL`, `Connecting to …… connected.`, `HTTP request sent, awaiting
 * response... 200 OK`, `Length: N [type]`, `Saving to: ‘file’`, the bar, the saved line); errors
 * `failed: Connection refused.` (exit 4) and `ERROR 404: Not Found.` (exit 8).
 */
import { dateParts } from '../../core/format.ts';
import type { HttpRequest } from '../../kernel/http.ts';
import { tcpHttpRequest } from '../../kernel/socket.ts';
import type { Program } from '../../kernel/types.ts';
import { ERRNO_TEXT, FsError, normalizePath } from '../../kernel/vfs.ts';
import { STATUS_TEXT } from '../servers/http-util.ts';
import { NET_ERRNO_TEXT, netCtx, resolve } from './common.ts';
import { quote as q } from '../coreutils/locale.ts';

function stamp(ms: number): string {
  const p = dateParts(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** wget's human_readable: one decimal under 10, none above (`4.8K`, `45K`, `1.2M`). */
function humanSize(n: number): string {
  let v = n;
  for (const unit of ['K', 'M', 'G', 'T']) {
    v /= 1024;
    if (v < 1024 || unit === 'T') return v < 10 ? `${Math.round(v * 10) / 10}${unit}` : `${Math.round(v)}${unit}`;
  }
  return String(n);
}

/** wget's retr_rate for a transfer modelled as taking 0.1 ms: two decimals, one above 10, none above 100. */
function rate(bytes: number): string {
  let r = bytes / 0.0001;
  let unit = 'B/s';
  for (const u of ['KB/s', 'MB/s', 'GB/s']) {
    if (r < 1024) break;
    r /= 1024;
    unit = u;
  }
  return `${r.toFixed(r >= 99.95 ? 0 : r >= 9.995 ? 1 : 2)} ${unit}`;
}

export const wget: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let output: string | undefined;
  let quiet = false;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-O') output = args[++i];
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a.startsWith('--output-document=')) output = a.slice(18);
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a.startsWith('-')) continue;
    else urls.push(a);
  }
  if (urls.length === 0) {
    ctx.stderr('wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help\' for more options.\n');
    return 1;
  }
  const say = (t: string): void => {
    if (!quiet) ctx.stderr(t);
  };
  const n = netCtx(ctx);
  let code = 0;
  for (const raw of urls) {
    const url = /^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`;
    const m = /^http:\/\/([^/:]+)(?::(\d+))?(\/[^?]*)?(?:\?(.*))?$/.exec(url);
    if (!m) {
      ctx.stderr(`${raw}: Unsupported scheme.\n`);
      code = 1;
      continue;
    }
    const host = m[1] as string;
    const port = Number(m[2] ?? 80);
    const path = m[3] ?? '/';
    const shown = `http://${host}${m[2] ? ':' + m[2] : ''}${path}${m[4] !== undefined ? '?' + m[4] : ''}`;
    say(`--${stamp(ctx.world.clock.now)}--  ${shown}\n`);
    const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(host);
    const res = resolve(ctx, n, host);
    if (!isIp) {
      if (!res.ok) {
        say(`Resolving ${host} (${host})... failed: Name or service not known.\nwget: unable to resolve host address ${q(host)}\n`);
        code = 4;
        continue;
      }
      say(`Resolving ${host} (${host})... ${res.address}\n`);
    }
    const address = res.ok ? res.address : host;
    say(isIp ? `Connecting to ${host}:${port}... ` : `Connecting to ${host} (${host})|${address}|:${port}... `);
    const req: HttpRequest = { method: 'GET', path, query: [], headers: { 'User-Agent': 'Wget/1.14 (linux-gnu)', Accept: '*/*', Host: m[2] ? `${host}:${port}` : host, Connection: 'Keep-Alive' }, body: '' };
    const r = tcpHttpRequest(ctx.world, n.host, n.netns, address, port, req);
    if (!r.ok) {
      say(r.errno === 'EPROTO' ? 'connected.\nHTTP request sent, awaiting response... No data received.\nRetrying.\n\n' : `failed: ${NET_ERRNO_TEXT[r.errno] ?? r.errno}.\n`);
      code = 4;
      continue;
    }
    say('connected.\n');
    const status = r.response.status;
    say(`HTTP request sent, awaiting response... ${status} ${STATUS_TEXT[status] ?? ''}\n`);
    if (status >= 400) {
      say(`${stamp(ctx.world.clock.now)} ERROR ${status}: ${STATUS_TEXT[status] ?? ''}.\n\n`);
      code = 8;
      continue;
    }
    const body = r.response.body;
    const type = r.response.headers['Content-Type'];
    const file = output ?? (path.endsWith('/') ? 'index.html' : path.slice(path.lastIndexOf('/') + 1));
    say(`Length: ${body.length}${body.length >= 1024 ? ` (${humanSize(body.length)})` : ''}${type ? ` [${type.split(';')[0]}]` : ''}\n`);
    if (file === '-') {
      say(`Saving to: ${q('STDOUT')}\n\n`);
      ctx.stdout(body);
    } else {
      say(`Saving to: ${q(file)}\n\n`);
      try {
        n.fs.writeFile(normalizePath(file, ctx.cwd), body);
      } catch {
        ctx.stderr(`${file}: Permission denied\n`);
        code = 3;
        continue;
      }
    }
    const size = String(body.length);
    say(`100%[${'='.repeat(38)}>] ${size.padEnd(11)} --.-K/s   in 0s      \n\n`);
    say(`${stamp(ctx.world.clock.now)} (${rate(body.length)}) - ${file === '-' ? 'written to stdout' : `${q(file)} saved`} [${size}/${size}]\n\n`);
  }
  return code;
};

/**
 * busybox's wget applet: `wget -q -O - URL` prints the body; errors as the applet words them
 * (`wget: can't connect to remote host (IP): Connection refused`, `wget: server returned error:
 * HTTP/1.1 404 Not Found`, `wget: bad address 'x'`), exit 1. Without -q it names the connection and
 * the saved file.
 */
export const busyboxWget: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let output: string | undefined;
  let quiet = false;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('-') && !a.startsWith('--') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        if (a[j] === 'q') quiet = true;
        else if (a[j] === 'O') {
          output = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          break;
        }
      }
    } else if (!a.startsWith('-')) url = a;
  }
  if (url === undefined) {
    ctx.stderr('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n');
    return 1;
  }
  const m = /^(?:http:\/\/)?([^/:]+)(?::(\d+))?(\/[^?]*)?(?:\?(.*))?$/.exec(url);
  if (!m) {
    ctx.stderr(`wget: not an http or ftp url: ${url}\n`);
    return 1;
  }
  const host = m[1] as string;
  const port = Number(m[2] ?? 80);
  const path = m[3] ?? '/';
  const n = netCtx(ctx);
  const res = resolve(ctx, n, host);
  if (!res.ok) {
    ctx.stderr(`wget: bad address '${host}'\n`);
    return 1;
  }
  // busybox keeps the URL's `host:port` as the host it names.
  if (!quiet) ctx.stderr(`Connecting to ${m[2] ? `${host}:${m[2]}` : host} (${res.address}:${port})\n`);
  const query = (m[4] ?? '').split('&').filter(Boolean).map((kv) => kv.split('=') as [string, string]);
  const r = tcpHttpRequest(ctx.world, n.host, n.netns, res.address, port, { method: 'GET', path, query, headers: { Host: m[2] ? `${host}:${m[2]}` : host, 'User-Agent': 'Wget', Connection: 'close' }, body: '' });
  if (!r.ok) {
    ctx.stderr(r.errno === 'EPROTO' ? 'wget: error getting response: Connection reset by peer\n' : `wget: can't connect to remote host (${res.address}): ${NET_ERRNO_TEXT[r.errno] ?? r.errno}\n`);
    return 1;
  }
  if (r.response.status >= 400) {
    ctx.stderr(`wget: server returned error: HTTP/1.1 ${r.response.status} ${STATUS_TEXT[r.response.status] ?? ''}\n`);
    return 1;
  }
  const file = output ?? (path.endsWith('/') ? 'index.html' : path.slice(path.lastIndexOf('/') + 1));
  const body = r.response.body;
  const toStdout = file === '-';
  const target = normalizePath(file, ctx.cwd);
  // Without -O the file is opened O_EXCL: busybox never overwrites what it did not name itself.
  if (!toStdout && output === undefined && n.fs.tryStat(target)) {
    ctx.stderr(`wget: can't open '${file}': File exists\n`);
    return 1;
  }
  if (!quiet) ctx.stderr(toStdout ? 'writing to stdout\n' : `saving to '${file}'\n`);
  if (toStdout) ctx.stdout(body);
  else {
    try {
      n.fs.writeFile(target, body);
    } catch (e) {
      ctx.stderr(`wget: can't open '${file}': ${e instanceof FsError ? ERRNO_TEXT[e.code] : 'Permission denied'}\n`);
      return 1;
    }
  }
  if (!quiet) ctx.stderr(`${progressLine(file, body.length, ctx.isTTY)}${toStdout ? 'written to stdout' : `'${file}' saved`}\n`);
  return 0;
};

/**
 * busybox's progress meter at the end of a transfer that took under a second: the file's last path
 * component in 20, 100%, a bar of (terminal width - 48) stars, the size in 5, the ETA. Without a
 * terminal it is one line; on one it is redrawn after a carriage return and ended by a newline.
 */
function progressLine(file: string, size: number, tty: boolean): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const line = `${name.padEnd(20).slice(0, 20)} 100% |${'*'.repeat(32)}| ${smartSize5(size)}  0:00:00 ETA`;
  return tty ? `\r${line}\n` : `${line}\n`;
}

/** libbb's smart_ulltoa5: 5 characters; past 99999 scaled by 1024 with one decimal under 100 (`92.1M`, ` 123k`). */
function smartSize5(n: number): string {
  if (n <= 99999) return String(n).padStart(5);
  let v = n * 10;
  let idx = 0;
  do {
    v = Math.floor(v / 1024);
    idx++;
  } while (v >= 100000);
  const whole = Math.floor(v / 10);
  const unit = ' kMGTPEZY'[idx] as string;
  return whole >= 100 ? `${String(whole).padStart(4)}${unit}` : `${String(whole).padStart(2)}.${v % 10}${unit}`;
}
