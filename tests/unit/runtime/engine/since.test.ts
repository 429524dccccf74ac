import { describe, expect, it } from 'vitest';
import { clientTimestamp, goDurationMs, parseClientTime } from '../../../../simulator/runtime/engine/since.ts';

describe('since/until values', () => {
  it('reads Go durations', () => {
    expect(goDurationMs('90s')).toBe(90_000);
    expect(goDurationMs('1h30m')).toBe(5_400_000);
    expect(goDurationMs('2.5s')).toBe(2500);
    expect(goDurationMs('1500ms')).toBe(1500);
    expect(goDurationMs('-5m')).toBe(-300_000);
    expect(goDurationMs('10')).toBeUndefined();
    expect(goDurationMs('5 m')).toBeUndefined();
  });

  it('reads unix times, dates and relative times as lab ms', () => {
    const now = Date.UTC(2025, 5, 2, 9, 0, 0);
    expect(parseClientTime('1748854800.5', now)).toBe(1_748_854_800_500);
    expect(parseClientTime('1748854800.000000250', now)).toBe(1_748_854_800_000 + 0.00025);
    expect(parseClientTime('10m', now)).toBe(now - 600_000);
    expect(parseClientTime('2025-06-02', now)).toBe(Date.UTC(2025, 5, 2));
    expect(parseClientTime('2025-06-02T08:59:30', now)).toBe(now - 30_000);
    expect(parseClientTime('2025-06-02T10:59:30+02:00', now)).toBe(now - 30_000);
    expect(parseClientTime('2025-06-02T08:59:30.250Z', now)).toBe(now - 29_750);
    expect(parseClientTime('yesterday', now)).toBeUndefined();
    expect(parseClientTime('', now)).toBeUndefined();
  });

  it('sends what the real client sends: a duration as whole unix seconds, a date with nine digits', () => {
    const now = Date.UTC(2025, 5, 2, 9, 0, 0) + 123;
    expect(clientTimestamp('2.5s', now)).toEqual({ value: '1748854797' });
    expect(clientTimestamp('2025-06-02', now)).toEqual({ value: '1748822400.000000000' });
    expect(clientTimestamp('2025-06-02T08:30', now)).toEqual({ value: '1748853000.000000000' });
    expect(clientTimestamp('2025-06-02T08:59:30.5Z', now)).toEqual({ value: '1748854770.500000000' });
    expect(clientTimestamp('1748854800', now)).toEqual({ value: '1748854800' });
    expect(clientTimestamp('0', now)).toEqual({ value: '0' });
    expect(clientTimestamp('yesterday', now)).toEqual({ error: 'failed to parse value as time or duration: "yesterday"' });
  });
});
