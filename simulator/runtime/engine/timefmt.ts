/**
 * Times as dockerd writes them: Go's RFC 3339 with nanoseconds (`2025-06-02T09:00:04.123456789Z`).
 * The lab's clock counts milliseconds; the nanoseconds below them are derived from what the time
 * belongs to (a container's creation, a start, a log line), so they look like a real daemon's,
 * never change between runs and take nothing from the lab's random stream.
 */
import { rfc3339Nano } from '../../core/format.ts';

/**
 * When in a millisecond things happen: creation, start, end, then the event about it. Within one
 * millisecond each gets its own quarter, so a container that starts and ends in the same
 * millisecond still finishes after it started.
 */
export const SLOT = { created: 0, started: 1, finished: 2, event: 3 } as const;

/** 0..999999 from a key (FNV-1a), inside the quarter of the millisecond that `slot` names. */
export function subMillisecondNanos(key: string, slot = 0): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return slot * 250_000 + (h % 250_000);
}

/** A daemon timestamp for `ms` of lab time; the zero time for 0, as Go prints an unset time. */
export function daemonTime(ms: number, key: string, slot = 0): string {
  return ms === 0 ? '0001-01-01T00:00:00Z' : rfc3339Nano(ms, subMillisecondNanos(`${key}@${ms}`, slot));
}

/** Unix nanoseconds of an event (`timeNano`), as digits: they pass 2^53. */
export function daemonNanos(ms: number, key: string): string {
  return `${ms}${String(subMillisecondNanos(`${key}@${ms}`, SLOT.event)).padStart(6, '0')}`;
}
