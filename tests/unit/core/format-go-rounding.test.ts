import { describe, expect, it } from 'vitest';
import { goFormatG, humanSize, toFixedEven } from '../../../simulator/core/format.ts';

describe('Go float formatting', () => {
  it('rounds an exact tie to even, as strconv does', () => {
    expect(toFixedEven(2.125, 2)).toBe('2.12');
    expect(toFixedEven(2.375, 2)).toBe('2.38');
    expect(toFixedEven(0.5, 0)).toBe('0');
    expect(toFixedEven(1.5, 0)).toBe('2');
    expect(toFixedEven(-2.125, 2)).toBe('-2.12');
  });

  it('rounds non-ties to the nearest, as before', () => {
    // 2.675 is stored just below 2.675, so both round down.
    expect(toFixedEven(2.675, 2)).toBe('2.67');
    expect(toFixedEven(2.1251, 2)).toBe('2.13');
    expect(goFormatG(2.048, 4)).toBe('2.048');
  });

  it('gives go-units HumanSize for a 2125-byte layer (docker history: 2.12kB)', () => {
    expect(humanSize(2125)).toBe('2.12kB');
    expect(humanSize(4780)).toBe('4.78kB');
    expect(humanSize(117_000_000)).toBe('117MB');
  });
});
