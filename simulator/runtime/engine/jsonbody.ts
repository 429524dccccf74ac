/**
 * Request bodies read as dockerd reads them: the Content-Type must be JSON when there is a body,
 * and a body that is not JSON gets the message Go's decoder gives (`invalid JSON: invalid
 * character '}' looking for beginning of object key string`, `unexpected EOF`), content after the
 * first value gets `unexpected content after JSON`. All 400s with `{"message": ...}`.
 */
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { badRequest } from './reply.ts';
import { header } from './held.ts';

/** Go's quoting of a byte in a syntax error (`'x'`, `'\''`, `'"'`, `'\n'`). */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
  if (escapes[c]) return `'${escapes[c]}'`;
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

class SyntaxFault {
  message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const WS = ' \t\r\n';

/** Scans one JSON value from `at` the way Go's scanner does; returns where it ends. */
function scanValue(text: string, at: number, context: string): number {
  let i = at;
  while (i < text.length && WS.includes(text[i]!)) i++;
  if (i >= text.length) throw new SyntaxFault('unexpected EOF');
  const c = text[i]!;
  if (c === '{') return scanObject(text, i + 1);
  if (c === '[') return scanArray(text, i + 1);
  if (c === '"') return scanString(text, i + 1);
  if (c === '-' || (c >= '0' && c <= '9')) return scanNumber(text, i);
  for (const word of ['true', 'false', 'null']) {
    if (c !== word[0]) continue;
    for (let k = 1; k < word.length; k++) {
      if (i + k >= text.length) throw new SyntaxFault('unexpected EOF');
      if (text[i + k] !== word[k]) throw new SyntaxFault(`invalid character ${quoteChar(text[i + k]!)} in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    return i + word.length;
  }
  throw new SyntaxFault(`invalid character ${quoteChar(c)} ${context}`);
}

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.includes(text[i]!)) i++;
  if (i >= text.length) throw new SyntaxFault('unexpected EOF');
  return i;
}

function scanObject(text: string, at: number): number {
  let i = skipWs(text, at);
  if (text[i] === '}') return i + 1;
  for (;;) {
    if (text[i] !== '"') throw new SyntaxFault(`invalid character ${quoteChar(text[i]!)} looking for beginning of object key string`);
    i = skipWs(text, scanString(text, i + 1));
    if (text[i] !== ':') throw new SyntaxFault(`invalid character ${quoteChar(text[i]!)} after object key`);
    i = skipWs(text, scanValue(text, i + 1, 'looking for beginning of value'));
    if (text[i] === '}') return i + 1;
    if (text[i] !== ',') throw new SyntaxFault(`invalid character ${quoteChar(text[i]!)} after object key:value pair`);
    i = skipWs(text, i + 1);
  }
}

function scanArray(text: string, at: number): number {
  let i = skipWs(text, at);
  if (text[i] === ']') return i + 1;
  for (;;) {
    i = skipWs(text, scanValue(text, i, 'looking for beginning of value'));
    if (text[i] === ']') return i + 1;
    if (text[i] !== ',') throw new SyntaxFault(`invalid character ${quoteChar(text[i]!)} after array element`);
    i = i + 1;
  }
}

function scanString(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c === '\\') {
      const e = text[i + 1];
      if (e === undefined) break;
      if (e === 'u') {
        for (let k = 2; k < 6; k++) {
          const h = text[i + k];
          if (h === undefined) throw new SyntaxFault('unexpected EOF');
          if (!/[0-9a-fA-F]/.test(h)) throw new SyntaxFault(`invalid character ${quoteChar(h)} in \\u hexadecimal character escape`);
        }
        i += 5;
      } else if ('"\\/bfnrt'.includes(e)) i++;
      else throw new SyntaxFault(`invalid character ${quoteChar(e)} in string escape code`);
      continue;
    }
    if (c.charCodeAt(0) < 0x20) throw new SyntaxFault(`invalid character ${quoteChar(c)} in string literal`);
  }
  throw new SyntaxFault('unexpected EOF');
}

function scanNumber(text: string, at: number): number {
  const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
  if (!m || m[0] === '-') {
    if (at + 1 >= text.length) throw new SyntaxFault('unexpected EOF');
    throw new SyntaxFault(`invalid character ${quoteChar(text[at + 1]!)} in numeric literal`);
  }
  return at + m[0].length;
}

export type JsonBody<T> = { ok: true; value: T | undefined } | { ok: false; error: HttpResponse };

/**
 * The body of a request as httputils.ReadJSON (or, with `emptyIsEof`, the container create
 * decoder, which wants a body) reads it. `value` is undefined for an accepted empty body.
 */
export function readJsonBody<T>(req: HttpRequest, options: { emptyIsEof?: boolean } = {}): JsonBody<T> {
  const type = header(req, 'Content-Type') ?? '';
  if (!(type === '' && req.body === '')) {
    const mime = type.split(';')[0]!.trim().toLowerCase();
    if (mime !== 'application/json') return { ok: false, error: badRequest(`unsupported Content-Type header (${type}): must be 'application/json'`) };
  }
  if (req.body === '' || /^[ \t\r\n]*$/.test(req.body)) {
    if (req.body === '' && !options.emptyIsEof) return { ok: true, value: undefined };
    return { ok: false, error: badRequest('invalid JSON: got EOF while reading request body') };
  }
  let end: number;
  try {
    end = scanValue(req.body, 0, 'looking for beginning of value');
  } catch (e) {
    if (e instanceof SyntaxFault) return { ok: false, error: badRequest(`invalid JSON: ${e.message}`) };
    throw e;
  }
  if (!/^[ \t\r\n]*$/.test(req.body.slice(end))) return { ok: false, error: badRequest('unexpected content after JSON') };
  return { ok: true, value: JSON.parse(req.body.slice(0, end)) as T };
}
