import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8Decode, utf8Encode } from '../../../simulator/core/utf8.ts';

describe('utf8Encode', () => {
  it('gives the bytes a standard encoder gives for any well-formed text', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(Array.from(utf8Encode(text))).toEqual(Array.from(encoder.encode(text)));
      }),
    );
    expect(Array.from(utf8Encode('aé中😀'))).toEqual([0x61, 0xc3, 0xa9, 0xe4, 0xb8, 0xad, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('keeps a lone surrogate as its own three bytes, and decodes back what it encoded', () => {
    expect(Array.from(utf8Encode('\ud800x'))).toEqual([0xed, 0xa0, 0x80, 0x78]);
    expect(Array.from(utf8Encode('x\udc00'))).toEqual([0x78, 0xed, 0xb0, 0x80]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(utf8Decode(utf8Encode(text))).toBe(text);
      }),
    );
  });
});
