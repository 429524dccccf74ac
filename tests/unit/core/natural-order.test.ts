import { describe, expect, it } from 'vitest';
import { byNaturalOrder, naturalLess } from '../../../simulator/core/natural-order.ts';

describe('natural order', () => {
  it('compares runs of digits as numbers', () => {
    expect(['vol10', 'vol2', 'vol1'].sort(byNaturalOrder)).toEqual(['vol1', 'vol2', 'vol10']);
  });

  it('puts digits before other characters, and a prefix first', () => {
    expect(['mydata', 'b399254', '9abc', 'my'].sort(byNaturalOrder)).toEqual(['9abc', 'b399254', 'my', 'mydata']);
  });

  it('breaks a tie between equal numbers by fewer leading zeros', () => {
    expect(naturalLess('a2', 'a02')).toBe(true);
    expect(naturalLess('a02', 'a2')).toBe(false);
    expect(naturalLess('same', 'same')).toBe(false);
  });
});
