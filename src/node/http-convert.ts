/**
 * Converting between real HTTP (Node's http module) and the simulator's plain-data exchange
 * (`HttpRequest`/`HttpResponse` in simulator/kernel/http.ts). Bodies are strings in the simulator:
 * text is UTF-8, and binary payloads (tar archives, raw streams) are "binary strings" with one
 * character per byte, so they survive the trip unchanged.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpRequest } from '../../simulator/kernel/http.ts';

/** Content types whose bodies are bytes, not text. */
const BINARY_TYPES = [
  'application/x-tar',
  'application/octet-stream',
  'application/vnd.docker.raw-stream',
  'application/vnd.docker.multiplexed-stream',
  'application/x-gzip',
  'application/gzip',
];

export function isBinaryType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const base = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return BINARY_TYPES.includes(base);
}

/** `content-type` → `Content-Type`, the spelling Go's server hands its handlers. */
export function canonicalHeader(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map((part) => (part === '' ? part : part[0]!.toUpperCase() + part.slice(1)))
    .join('-');
}

/** Finds a header by name, whatever its case. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) return headers[key];
  return undefined;
}

export function bodyToString(bytes: Buffer, contentType: string | undefined): string {
  return isBinaryType(contentType) ? bytes.toString('latin1') : bytes.toString('utf8');
}

export function stringToBody(text: string, contentType: string | undefined): Buffer {
  return Buffer.from(text, isBinaryType(contentType) ? 'latin1' : 'utf8');
}

export class BadRequestTarget extends Error {}

/** Splits a request target (`/v1.50/containers/json?all=1`) into a decoded path and query pairs. */
export function parseTarget(target: string): { path: string; query: [string, string][] } {
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const rawQuery = q === -1 ? '' : target.slice(q + 1);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw new BadRequestTarget(`invalid URL escape in ${rawPath}`);
  }
  const query: [string, string][] = [];
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    try {
      query.push([decodeURIComponent(key.replaceAll('+', ' ')), decodeURIComponent(value.replaceAll('+', ' '))]);
    } catch {
      throw new BadRequestTarget(`invalid URL escape in query ${pair}`);
    }
  }
  return { path, query };
}

export function toHttpRequest(method: string, target: string, headers: IncomingHttpHeaders, body: Buffer): HttpRequest {
  const { path, query } = parseTarget(target);
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // Headers the simulator's parts use among themselves never come from outside.
    if (value === undefined || name.toLowerCase().startsWith('x-podbook-')) continue;
    flat[canonicalHeader(name)] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: method.toUpperCase(), path, query, headers: flat, body: bodyToString(body, flat['Content-Type']) };
}

/** The request target for an `HttpRequest`: its path (escaped as Go's client escapes it) and query. */
export function formatTarget(req: Pick<HttpRequest, 'path' | 'query'>): string {
  const path = req.path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':').replace(/%40/g, '@'))
    .join('/');
  if (req.query.length === 0) return path;
  const params = new URLSearchParams();
  for (const [k, v] of req.query) params.append(k, v);
  return `${path}?${params.toString()}`;
}
