import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256, sha256Hex, toHex } from '../../../simulator/core/sha256.ts';

describe('sha256', () => {
  it('gives the digest a standard implementation gives, for any bytes and any length around the block edges', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(toHex(sha256(bytes))).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
    );
    for (const n of [0, 55, 56, 63, 64, 65, 119, 120, 100_000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 31) & 255);
      expect(toHex(sha256(bytes))).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
