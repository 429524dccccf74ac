import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packSnapshot, unpackSnapshot } from '../../../src/scripts/persist.ts';
import { createLab } from '../../../simulator/index.ts';

describe('packSnapshot', () => {
  it('gives back the very snapshot it packed, whatever the strings in it hold', () => {
    // NULs, backslashes and the text "\u0000" itself, in any mix.
    const piece = fc.constantFrom('\0', '\0\0\0\0\0', '\\', '\\u0000', 'u0000', '\u0001', 'a', '"', '12');
    fc.assert(
      fc.property(fc.array(fc.array(piece).map((parts) => parts.join(''))), (strings) => {
        const snapshot = JSON.stringify({ files: strings });
        expect(unpackSnapshot(packSnapshot(snapshot))).toBe(snapshot);
      }),
    );
  });

  it('keeps a lab holding a saved image in a third of the room, and it restores as it was', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    lab.run('docker save busybox > busybox.tar');
    const snapshot = lab.snapshot();
    const packed = packSnapshot(snapshot);
    expect(packed.length).toBeLessThan(snapshot.length / 3);
    expect(unpackSnapshot(packed)).toBe(snapshot);
    // Text with the characters \u0000 in it is left alone.
    expect(packSnapshot(JSON.stringify('\\u0000\\u0000\\u0000\\u0000'))).toBe(JSON.stringify('\\u0000\\u0000\\u0000\\u0000'));
  });
});
