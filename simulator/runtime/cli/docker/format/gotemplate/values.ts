/**
 * The marks Go values carry once they came out of JSON, shared by the template engine and the
 * typed views that feed it (commands/inspect-typed.ts, loaded with the engine in the extras part).
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
 * On a struct with embedded structs (an image's Config: the OCI ImageConfig, then Docker's
 * extension; HostConfig's Resources): its layout, a list of field names where an embedded struct
 * is a nested list (`%v` prints it as `{...}`) and an embedded pointer is `{ address }`. The
 * fields themselves sit flat on the object, promoted as Go promotes them.
 */
export const EMBEDDED: unique symbol = Symbol('embedded');

export type Layout = (string | Layout | { address: string })[];

/** On an object a typed view built: whether Go holds it as a map or a struct. */
export const GO_KIND: unique symbol = Symbol('goKind');

/**
 * On a typed map whose key is a named string type (`nat.Port` of PortMap, PortSet): text/template's
 * `index` refuses a plain string key for it, so the typed run fails and the CLI falls back to the
 * raw JSON.
 */
export const GO_MAP_KEY: unique symbol = Symbol('goMapKey');

/** A non-nil pointer to a scalar (`*int64`, `*bool`): the address `%v` prints inside another value, and the value. */
export const GO_PTR: unique symbol = Symbol('goPtr');

export interface GoPtr {
  readonly [GO_PTR]: { address: string; value: unknown };
}

export function isGoPtr(v: unknown): v is GoPtr {
  return typeof v === 'object' && v !== null && GO_PTR in v;
}

/** On a value of a Go type with a String method a typed view made (time.Time, time.Duration). */
export const GO_TIME: unique symbol = Symbol('goTime');

/** A time.Time or time.Duration: `%v` prints its String() form, `json` what MarshalJSON writes. */
export interface GoTime {
  readonly [GO_TIME]: { text: string; json: string | number; type: 'time.Time' | 'time.Duration' };
}

/**
 * On a typed struct: fields reached by a Go name other than the JSON key it keeps (`ID` for `Id`)
 * and its embedded structs by their type's name (`.HostConfig.Resources`).
 */
export const GO_FIELDS: unique symbol = Symbol('goFields');

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
  return Object.freeze({ [GO_TIME]: { text: goTimeString(rfc3339), json: goTimeJson(rfc3339), type: 'time.Time' as const } });
}

/** Duration.String(): `0s`, `1.5s`, `1m30s`, `2h0m0s`; under a second in ms, µs or ns. */
export function goDurationString(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  const trim = (n: number, unit: number): string => {
    const whole = Math.floor(n / unit);
    const frac = (n % unit).toString().padStart(String(unit).length - 1, '0').replace(/0+$/, '');
    return frac ? `${whole}.${frac}` : String(whole);
  };
  if (abs < 1e3) return `${sign}${abs}ns`;
  if (abs < 1e6) return `${sign}${trim(abs, 1e3)}µs`;
  if (abs < 1e9) return `${sign}${trim(abs, 1e6)}ms`;
  const h = Math.floor(abs / 3.6e12);
  const m = Math.floor((abs % 3.6e12) / 6e10);
  const sec = `${trim(abs % 6e10, 1e9)}s`;
  return `${sign}${h > 0 ? `${h}h${m}m` : m > 0 ? `${m}m` : ''}${sec}`;
}

/** A time.Duration from the daemon's nanoseconds. */
export function goDuration(ns: number): GoTime {
  return Object.freeze({ [GO_TIME]: { text: goDurationString(ns), json: ns, type: 'time.Duration' as const } });
}
