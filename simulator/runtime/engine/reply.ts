/**
 * Response helpers with the headers dockerd sets on every reply, and its error body shape
 * (`{"message":"..."}` with the status code that names the kind of failure).
 */
import type { HttpResponse } from '../../kernel/http.ts';
import { API_VERSION, ENGINE_VERSION } from './state.ts';

export function baseHeaders(): Record<string, string> {
  return { 'Api-Version': API_VERSION, 'Docker-Experimental': 'false', Ostype: 'linux', Server: `Docker/${ENGINE_VERSION} (linux)` };
}

/** JSON as Go's encoder writes it: `<` `>` `&` escaped, newline at the end. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}

export function json(status: number, value: unknown): HttpResponse {
  return { status, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: goJson(value) };
}

export function noContent(): HttpResponse {
  return { status: 204, headers: baseHeaders(), body: '' };
}

export function notModified(): HttpResponse {
  return { status: 304, headers: baseHeaders(), body: '' };
}

export function errorReply(status: number, message: string): HttpResponse {
  return json(status, { message });
}

export const notFound = (message: string): HttpResponse => errorReply(404, message);
export const conflict = (message: string): HttpResponse => errorReply(409, message);
export const badRequest = (message: string): HttpResponse => errorReply(400, message);
export const serverError = (message: string): HttpResponse => errorReply(500, message);
