/**
 * Number, size, duration and date formatting done by hand: QuickJS and V8 disagree on
 * toLocaleString and Date#toString, so the simulator never calls them.
 */

/** Go's fmt `%.{precision}g`: shortest form with that many significant digits, trailing zeros cut. */
export function goFormatG(value: number, precision: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  const exp = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(precision)))));
  if (exp < -4 || exp >= precision) {
    const [mantissa, e] = value.toExponential(precision - 1).split('e') as [string, string];
    const m = trimZeros(mantissa);
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return trimZeros(toFixedEven(value, Math.max(0, precision - 1 - exp)));
}

/**
 * `toFixed` as Go's strconv rounds: a value exactly halfway between two results goes to the even
 * one (2.125 → "2.12"), where JavaScript's `toFixed` goes up ("2.13").
 */
export function toFixedEven(value: number, digits: number): string {
  const rounded = value.toFixed(digits);
  if (digits + 30 > 100) return rounded;
  // The exact decimal expansion of the double, far enough to see a tie.
  const exact = Math.abs(value).toFixed(digits + 30);
  const cut = exact.length - 30;
  if (!/^50*$/.test(exact.slice(cut))) return rounded;
  const kept = exact.slice(0, cut);
  const last = Number(kept.replace('.', '').slice(-1));
  if (last % 2 !== 0) return rounded;
  const down = kept.endsWith('.') ? kept.slice(0, -1) : kept;
  return value < 0 && Number(down) !== 0 ? `-${down}` : down;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function customSize(size: number, precision: number, base: number, units: string[]): string {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return goFormatG(size, precision) + units[i];
}

/** go-units HumanSize: decimal units, 3 significant digits (`192MB`, `4.27kB`). */
export function humanSize(bytes: number): string {
  return customSize(bytes, 3, 1000, DECIMAL_UNITS);
}

/** go-units BytesSize: binary units, 4 significant digits (`8.113MiB`). */
export function bytesSize(bytes: number): string {
  return customSize(bytes, 4, 1024, BINARY_UNITS);
}

/** go-units HumanDuration, used by the docker CLI for `Up 3 minutes` and `2 hours ago`. */
export function dockerHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3600000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3600000) / 24 / 365)} years`;
}

/** k8s.io/apimachinery duration.HumanDuration, used by kubectl's AGE column (`5s`, `2m30s`, `4d`). */
export function kubeHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / 3600000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number; // 0 = Sunday
}

/** Calendar fields of an instant in UTC (the labs run in UTC, as the notes' servers log). */
export function dateParts(ms: number): DateParts {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
}

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * RFC 3339 with nanoseconds as Go's time.RFC3339Nano prints it (trailing zeros of the fraction cut).
 * `extraNanos` (0-999999) adds sub-millisecond digits so timestamps look like a real daemon's.
 */
export function rfc3339Nano(ms: number, extraNanos = 0): string {
  const p = dateParts(ms);
  const nanos = p.ms * 1_000_000 + extraNanos;
  const frac = nanos === 0 ? '' : '.' + String(nanos).padStart(9, '0').replace(/0+$/, '');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${frac}Z`;
}

/** RFC 3339 to the second (`2025-06-02T09:00:00Z`), as Kubernetes timestamps are. */
export function rfc3339(ms: number): string {
  const p = dateParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}Z`;
}

/** `date`'s default output in the C locale: `Mon Jun  2 09:00:00 UTC 2025`. */
export function unixDate(ms: number): string {
  const p = dateParts(ms);
  return `${WEEKDAYS[p.weekday]} ${MONTHS[p.month - 1]} ${String(p.day).padStart(2, ' ')} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} UTC ${p.year}`;
}

/** Parses an RFC 3339 timestamp to ms; NaN when malformed. */
export function parseRfc3339(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (!m) return Number.NaN;
  const frac = m[7] ? Number(('0.' + m[7]).slice(0, 5)) * 1000 : 0;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + Math.floor(frac);
}

/** Sorts strings by UTF-16 code unit, the same in V8 and QuickJS (never localeCompare). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
