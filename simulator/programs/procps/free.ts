/**
 * free (procps-ng 3.3.10): total, used, free, shared, buff/cache and available, in KiB by default,
 * `-b/-k/-m/-g` units, `-h` human-readable as that version scales it, `-t` a Total line.
 */
import type { Program } from '../../kernel/types.ts';
import { memInfo } from '../../kernel/proc-info.ts';

/** procps 3.3.10's human scale: the first of `NB`, `NK`, `N.NM`, `NM`, `N.NG`… that fits 4 characters. */
export function humanKb(kb: number, si = false): string {
  const base = si ? 1000 : 1024;
  const bytes = kb * 1024;
  if (String(bytes).length + 1 <= 4) return `${bytes}B`;
  const k = si ? Math.floor(bytes / 1000) : kb;
  if (String(k).length + 1 <= 4) return `${k}K`;
  const units = ['M', 'G', 'T', 'P'];
  for (let i = 0; i < units.length; i++) {
    const value = bytes / base ** (i + 2);
    const one = `${value.toFixed(1)}${units[i]}`;
    if (one.length <= 4) return one;
    const whole = `${Math.floor(value)}${units[i]}`;
    if (whole.length <= 4) return whole;
  }
  return `${kb}K`;
}

export const free: Program = (ctx) => {
  let unit: 'b' | 'k' | 'm' | 'g' | 'h' = 'k';
  let total = false;
  let si = false;
  for (const a of ctx.argv.slice(1)) {
    if (a === '--si') si = true;
    else if (a === '--human') unit = 'h';
    else if (a === '--total') total = true;
    else if (/^-[bkmghtlw]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 't') total = true;
        else if (c === 'b' || c === 'k' || c === 'm' || c === 'g' || c === 'h') unit = c;
      }
    } else {
      ctx.stderr(`free: invalid option -- '${a.replace(/^-+/, '')[0] ?? ''}'\n\nUsage:\n free [options]\n\nOptions:\n -b, --bytes         show output in bytes\n -k, --kilo          show output in kilobytes\n -m, --mega          show output in megabytes\n -g, --giga          show output in gigabytes\n     --tera          show output in terabytes\n -h, --human         show human-readable output\n     --si            use powers of 1000 not 1024\n -l, --lohi          show detailed low and high memory statistics\n -t, --total         show total for RAM + swap\n -s N, --seconds N   repeat printing every N seconds\n -c N, --count N     repeat printing N times, then exit\n -w, --wide          wide output\n\n     --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see free(1).\n`);
      return 1;
    }
  }
  const m = memInfo(ctx.host);
  const base = si ? 1000 : 1024;
  const fmt = (kb: number): string => {
    switch (unit) {
      case 'b':
        return String(kb * 1024);
      case 'k':
        return si ? String(Math.floor((kb * 1024) / 1000)) : String(kb);
      case 'm':
        return String(Math.floor((kb * 1024) / base ** 2));
      case 'g':
        return String(Math.floor((kb * 1024) / base ** 3));
      case 'h':
        return humanKb(kb, si);
    }
  };
  const row = (label: string, values: number[]): string => label.padEnd(7) + values.map((v) => fmt(v).padStart(12)).join('') + '\n';
  let out = '              total        used        free      shared  buff/cache   available\n';
  out += row('Mem:', [m.total, m.used, m.free, m.shmem, m.buffCache, m.available]);
  out += row('Swap:', [m.swapTotal, m.swapTotal - m.swapFree, m.swapFree]);
  if (total) out += row('Total:', [m.total + m.swapTotal, m.used + m.swapTotal - m.swapFree, m.free + m.swapFree]);
  ctx.stdout(out);
  return 0;
};
