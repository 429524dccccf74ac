/** Pieces the HTTP servers share: dates, status lines, content types, request bodies. */
import { dateParts, MONTHS, WEEKDAYS } from '../../core/format.ts';
import type { HttpResponse } from '../../kernel/http.ts';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** RFC 7231 IMF-fixdate: `Mon, 02 Jun 2025 09:00:00 GMT`. */
export function httpDate(ms: number): string {
  const p = dateParts(ms);
  return `${WEEKDAYS[p.weekday]}, ${pad(p.day)} ${MONTHS[p.month - 1]} ${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} GMT`;
}

/** Common Log Format time: `[02/Jun/2025:09:00:00 +0000]`. */
export function clfDate(ms: number): string {
  const p = dateParts(ms);
  return `[${pad(p.day)}/${MONTHS[p.month - 1]}/${p.year}:${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} +0000]`;
}

export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  416: 'Requested Range Not Satisfiable',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Content types by extension, as both servers' default mime tables give them. */
export function contentType(path: string, fallback: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  const table: Record<string, string> = {
    html: 'text/html',
    htm: 'text/html',
    txt: 'text/plain',
    css: 'text/css',
    js: 'application/javascript',
    json: 'application/json',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    svg: 'image/svg+xml',
    ico: 'image/x-icon',
  };
  return path.includes('.') ? (table[ext] ?? fallback) : fallback;
}

/** Byte length of a body (bodies are latin1/UTF-8 text; non-ASCII counts as its UTF-8 length). */
export function byteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function response(status: number, headers: Record<string, string>, body: string): HttpResponse {
  return { status, headers, body };
}

/** The request header, case-insensitively. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want) return v;
  return undefined;
}
