/** Placing boxes of known sizes: rows that wrap at the width they are given. */

export interface Placed {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Which row (0 first) the box landed in. */
  row: number;
}

/**
 * Places boxes left to right from (`x`, `y`), `gapX` apart, starting a new row (`gapY` below the
 * tallest box of the last) when the next one would pass `width`. A box wider than `width` gets a
 * row of its own. Returns the boxes and the height they take.
 */
export function flow(sizes: readonly { w: number; h: number }[], x: number, y: number, width: number, gapX: number, gapY: number): { boxes: Placed[]; height: number } {
  const boxes: Placed[] = [];
  let cx = x;
  let cy = y;
  let rowH = 0;
  let row = 0;
  for (const s of sizes) {
    if (cx > x && cx + s.w > x + width) {
      cy += rowH + gapY;
      cx = x;
      rowH = 0;
      row++;
    }
    boxes.push({ x: cx, y: cy, w: s.w, h: s.h, row });
    cx += s.w + gapX;
    rowH = Math.max(rowH, s.h);
  }
  return { boxes, height: boxes.length ? cy + rowH - y : 0 };
}
