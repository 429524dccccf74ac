/**
 * UTF-8 without TextEncoder/TextDecoder, which QuickJS lacks. A lone surrogate is encoded as its own
 * three bytes, as before. Two passes (count, then fill a typed array of the exact size): archives of
 * whole image layers go through here, and growing a plain array byte by byte was most of their cost.
 */
export function utf8Encode(text: string): Uint8Array {
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) size += 1;
    else if (c < 0x800) size += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLow(text, i + 1)) {
      size += 4;
      i++;
    } else size += 3;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[at++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && isLow(text, i + 1)) {
      c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      i++;
    }
    if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      out[at++] = 0xe0 | (c >> 12);
      out[at++] = 0x80 | ((c >> 6) & 63);
      out[at++] = 0x80 | (c & 63);
    } else {
      out[at++] = 0xf0 | (c >> 18);
      out[at++] = 0x80 | ((c >> 12) & 63);
      out[at++] = 0x80 | ((c >> 6) & 63);
      out[at++] = 0x80 | (c & 63);
    }
  }
  return out;
}

function isLow(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const d = text.charCodeAt(i);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** Decodes UTF-8; malformed sequences become U+FFFD, as real decoders do. */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let cp: number;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    } else if (b >= 0xc2 && b < 0xe0) {
      need = 1;
      cp = b & 31;
    } else if (b >= 0xe0 && b < 0xf0) {
      need = 2;
      cp = b & 15;
    } else if (b >= 0xf0 && b < 0xf5) {
      need = 3;
      cp = b & 7;
    } else {
      out += '\ufffd';
      i++;
      continue;
    }
    if (i + need >= bytes.length) {
      out += '\ufffd';
      i++;
      continue;
    }
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const n = bytes[i + k] as number;
      if ((n & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (n & 63);
    }
    if (!ok) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** Byte length of a string's UTF-8 encoding, without allocating it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
