/** date (coreutils 8.22) on the lab clock, in UTC: the default format, `+FORMAT`, `-u`, `-d @SECONDS`, `-R`, `-I`. */
import type { Program } from '../../kernel/types.ts';
import { q } from './common.ts';
import { MONTHS, WEEKDAYS, dateParts, unixDate } from '../../core/format.ts';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function strftime(format: string, ms: number): string {
  const p = dateParts(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  const dayOfYear = Math.floor((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86400000) + 1;
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const codes: Record<string, () => string> = {
    Y: () => String(p.year), y: () => two(p.year % 100), C: () => two(Math.floor(p.year / 100)),
    m: () => two(p.month), d: () => two(p.day), e: () => String(p.day).padStart(2), H: () => two(p.hour), k: () => String(p.hour).padStart(2),
    I: () => two(h12), l: () => String(h12).padStart(2), M: () => two(p.minute), S: () => two(p.second), N: () => String(p.ms * 1_000_000).padStart(9, '0'),
    s: () => String(Math.floor(ms / 1000)), a: () => WEEKDAYS[p.weekday] as string, A: () => DAYS[p.weekday] as string,
    b: () => MONTHS[p.month - 1] as string, h: () => MONTHS[p.month - 1] as string, B: () => MONTH_NAMES[p.month - 1] as string,
    j: () => String(dayOfYear).padStart(3, '0'), u: () => String(p.weekday === 0 ? 7 : p.weekday), w: () => String(p.weekday),
    p: () => (p.hour < 12 ? 'AM' : 'PM'), P: () => (p.hour < 12 ? 'am' : 'pm'), Z: () => 'UTC', z: () => '+0000',
    F: () => `${p.year}-${two(p.month)}-${two(p.day)}`, T: () => `${two(p.hour)}:${two(p.minute)}:${two(p.second)}`,
    D: () => `${two(p.month)}/${two(p.day)}/${two(p.year % 100)}`, R: () => `${two(p.hour)}:${two(p.minute)}`,
    r: () => `${two(h12)}:${two(p.minute)}:${two(p.second)} ${p.hour < 12 ? 'AM' : 'PM'}`,
    c: () => `${WEEKDAYS[p.weekday]} ${MONTHS[p.month - 1]} ${String(p.day).padStart(2)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} ${p.year}`,
    x: () => `${two(p.month)}/${two(p.day)}/${two(p.year % 100)}`, X: () => `${two(p.hour)}:${two(p.minute)}:${two(p.second)}`,
    n: () => '\n', t: () => '\t', '%': () => '%',
  };
  return format.replace(/%([-_0^#]?)([A-Za-z%])/g, (m, flag: string, c: string) => {
    const f = codes[c];
    if (!f) return m;
    let v = f();
    if (flag === '-') v = v.replace(/^[0 ]+(?=\d)/, '');
    else if (flag === '^') v = v.toUpperCase();
    return v;
  });
}

export const date: Program = (ctx) => {
  let ms = ctx.world.clock.now;
  let format: string | undefined;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-u' || a === '--utc' || a === '--universal') continue;
    if (a === '-R' || a === '--rfc-2822') format = '%a, %d %b %Y %H:%M:%S %z';
    else if (a === '-I' || a === '--iso-8601' || a === '-Iseconds' || a === '--iso-8601=seconds') format = a.includes('seconds') ? '%Y-%m-%dT%H:%M:%S%z' : '%Y-%m-%d';
    else if (a === '-d' || a.startsWith('--date=') || a.startsWith('-d')) {
      const v = a === '-d' ? args[++i] : a.startsWith('--date=') ? a.slice(7) : a.slice(2);
      const m = /^@(-?\d+)$/.exec(v ?? '');
      if (m) ms = Number(m[1]) * 1000;
      else if (v === 'now' || v === '') continue;
      else {
        ctx.stderr(`date: invalid date ${q(v ?? '')}\n`);
        return 1;
      }
    } else if (a.startsWith('+')) {
      if (format !== undefined && !args.slice(0, i).some((x) => x.startsWith('-'))) {
        ctx.stderr(`date: extra operand ${q(a)}\nTry 'date --help' for more information.\n`);
        return 1;
      }
      format = a.slice(1);
    } else if (a.startsWith('-')) {
      ctx.stderr(`date: invalid option -- '${a[1]}'\nTry 'date --help' for more information.\n`);
      return 1;
    } else {
      ctx.stderr(`date: invalid date ${q(a)}\n`);
      return 1;
    }
  }
  ctx.stdout((format === undefined ? unixDate(ms) : strftime(format, ms)) + '\n');
  return 0;
};
