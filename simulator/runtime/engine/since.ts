/**
 * The `since`/`until` values of `GET /containers/{id}/logs` and `GET /events`. The real client
 * turns what the user typed into unix `seconds.nanoseconds` before sending it (a Go duration
 * such as `10m` or `1h30m` counts back from its own clock; a date without a zone is in its local
 * zone, UTC in the labs); the in-sim client sends what was typed, so both forms are read here,
 * the relative ones against the lab's clock. Results are lab milliseconds, fractions kept.
 */

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration (`90s`, `1h30m`, `2.5s`, `-5m`) in ms, or undefined when it is not one. */
export function goDurationMs(text: string): number | undefined {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (!m) return text === '0' ? 0 : undefined;
  let total = 0;
  for (const part of text.slice(m[1]!.length).matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * (UNITS[part[2]!] ?? 0);
  return m[1] === '-' ? -total : total;
}

/**
 * Nine digits of a second as ms: whole ms plus the rest, added in the order a log entry's own time
 * is (its ms, then its nanoseconds), so equal instants give equal numbers.
 */
function fractionMs(digits: string | undefined): [number, number] {
  const f = (digits ?? '').padEnd(9, '0');
  return [Number(f.slice(0, 3)), Number(f.slice(3)) / 1e6];
}

/** `2006-01-02`, `2006-01-02T15:04:05[.999999999][Z|±07:00]`, `2006-01-02Z07:00`: ms, or undefined. */
function dateMs(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!m) return undefined;
  const [ms, rest] = fractionMs(m[7]);
  let whole = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) + ms;
  const zone = m[8];
  if (zone && zone !== 'Z') whole -= (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  return whole + rest;
}

/** A `since`/`until` value as lab ms (fractions kept), or undefined when it says nothing usable. */
export function parseClientTime(text: string | undefined, now: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const unix = /^(-?\d+)(?:\.(\d{1,9}))?$/.exec(text);
  if (unix) {
    const [ms, rest] = fractionMs(unix[2]);
    return Number(unix[1]) * 1000 + ms + rest;
  }
  const rel = goDurationMs(text);
  if (rel !== undefined) return now - rel;
  return dateMs(text);
}

/**
 * What the client sends for a `--since`/`--until` it was given (docker's GetTimestamp): a Go
 * duration counts back from its own clock (`now`) to a whole unix second; a date becomes unix
 * `seconds.nanoseconds`; unix seconds go as typed. Anything else is the client's error.
 */
export function clientTimestamp(text: string, now: number): { value: string } | { error: string } {
  if (text === '' || /^-?\d+(\.\d{1,9})?$/.test(text)) return { value: text };
  const back = goDurationMs(text);
  if (back !== undefined) return { value: String(Math.floor((now - back) / 1000)) };
  const ms = dateMs(text);
  if (ms === undefined) {
    // A value with a dash was a date Go could not parse: its message is Go's own, not modelled here.
    if (text.includes('-')) return { value: text };
    return { error: `failed to parse value as time or duration: ${JSON.stringify(text)}` };
  }
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6));
  return { value: `${seconds}.${String(nanos).padStart(9, '0')}` };
}
