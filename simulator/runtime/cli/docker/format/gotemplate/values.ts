/**
 * The marks Go values carry once they came out of JSON, shared by the template engine and the
 * typed views that feed it (commands/inspect-typed.ts): small, so a view needs no engine loaded.
 */

/** A nil slice or map as a struct field holds it: prints `[]` / `map[]`, encodes as `null`. */
export const NIL_SLICE: unknown[] = Object.freeze([]) as unknown as unknown[];
export const NIL_MAP: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * On a struct: what `json` encodes for some fields instead of what they print as (undefined: the
 * field is left out, as `omitempty` left it out of the daemon's JSON; a time's RFC 3339 text).
 */
export const JSON_FIELDS: unique symbol = Symbol('jsonFields');

/**
 * On a struct the API type holds through a pointer (`*Health`, a network's `*EndpointSettings`):
 * the address `%v` prints for it inside another value. Printed itself, it is the struct.
 */
export const POINTER: unique symbol = Symbol('pointer');

/**
 * On a struct made of embedded structs (an image's Config: the OCI ImageConfig, then Docker's
 * extension): the field names of each part. `%v` prints `{{...} {...}}`; fields are promoted.
 */
export const EMBEDDED: unique symbol = Symbol('embedded');

/** On a time.Time a typed view made from the daemon's RFC 3339 text (see goTime). */
export const GO_TIME: unique symbol = Symbol('goTime');

/** A time.Time: `%v` prints its String() form, `json` its RFC 3339 text (MarshalJSON). */
export interface GoTime {
  readonly [GO_TIME]: { text: string; json: string };
}

export function isGoTime(v: unknown): v is GoTime {
  return typeof v === 'object' && v !== null && GO_TIME in v;
}

/**
 * Time.String() of a time parsed from RFC 3339: `2026-11-27 10:28:16.458 +0000 UTC`, the fraction
 * without its trailing zeros. A `Z` time is UTC; a numeric offset keeps no zone name, so Go prints
 * the offset twice (`+0100 +0100`); the lab's hosts keep UTC, so an offset of zero reads `UTC`.
 */
export function goTimeString(rfc3339: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(rfc3339);
  if (!m) return rfc3339;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const zone = m[4] as string;
  const offset = zone === 'Z' ? '+0000' : zone.replace(':', '');
  const name = offset === '+0000' || offset === '-0000' ? 'UTC' : offset;
  return `${m[1]} ${m[2]}${frac === '.' ? '' : frac} ${offset === '-0000' ? '+0000' : offset} ${name}`;
}

/** Time.MarshalJSON of the parsed time: RFC 3339 with the fraction trimmed; offset zero reads `Z`. */
function goTimeJson(rfc3339: string): string {
  const m = /^([^.]+?)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(rfc3339);
  if (!m) return rfc3339;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const zone = m[3] === '+00:00' || m[3] === '-00:00' ? 'Z' : m[3];
  return `${m[1]}${frac === '.' ? '' : frac}${zone}`;
}

/** The time.Time a Go client holds after decoding the daemon's RFC 3339 text. */
export function goTime(rfc3339: string): GoTime {
  return Object.freeze({ [GO_TIME]: { text: goTimeString(rfc3339), json: goTimeJson(rfc3339) } });
}
