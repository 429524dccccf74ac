/**
 * Small text helpers of the CLI's formatters: truncation with an ellipsis, the CREATED column.
 */
import { dateParts, dockerHumanDuration, goFormatG } from '../../../../core/format.ts';

/** Cuts to `max` runes, the last one replaced by `…`, as the CLI's Ellipsis does. */
export function ellipsis(text: string, max: number): string {
  const runes = [...text];
  if (runes.length <= max) return text;
  return runes.slice(0, max - 1).join('') + '…';
}

/** `2 hours ago`, computed on the client from a unix time in seconds. */
export function agoFromUnix(seconds: number, now: number): string {
  return `${dockerHumanDuration(now - seconds * 1000)} ago`;
}

export function shortHex(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Go's default time format in UTC: `2025-06-02 09:00:25 +0000 UTC`. */
export function goDate(ms: number): string {
  const p = dateParts(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} +0000 UTC`;
}

/** go-units HumanSize (4 significant digits): `Total reclaimed space: 1.234MB`, `docker system df`. */
export function humanSize4(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let n = bytes;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return goFormatG(n, 4) + units[i];
}
