/**
 * Tar archives as bytes: ustar headers (GNU tar's `ustar  ` magic by default, POSIX `ustar\0` + `00`
 * on request), 512-byte blocks, octal fields with the real checksum, two zero blocks at the end and,
 * like GNU tar, padding to a 10 KiB record. Names too long for the header go in a PAX record.
 *
 * Podbook files may carry an apparent size without content (binaries) and the name of the program
 * model they run; both travel in PAX records (`PODBOOK.size`, `PODBOOK.prog`) so an archive made on
 * one host extracts to working executables on another (the docker layer's save/load/export/import).
 *
 * On a host's filesystem, archive bytes are stored as a string of latin1 code units (`bytesToText`).
 */
import { utf8Decode, utf8Encode } from '../../core/utf8.ts';

export interface TarEntry {
  /** Member name as stored: relative, directories ending in `/`. */
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  /** Seconds since the epoch. */
  mtime: number;
  /** Content of a file (text is stored as UTF-8). */
  data?: string;
  /** Size to report when the content is not modelled (PODBOOK.size). */
  size?: number;
  linkname?: string;
  /** Program model an executable runs (PODBOOK.prog). */
  prog?: string;
}

export interface EncodeOptions {
  /** 'gnu' (GNU tar's default on CentOS 7) or 'ustar' (POSIX, as Go's archive/tar writes). */
  format?: 'gnu' | 'ustar';
  /** Pad the archive to a multiple of 10240 bytes, as GNU tar does (default true). */
  record?: boolean;
}

export class TarError extends Error {}

const BLOCK = 512;

export function bytesToText(bytes: Uint8Array): string {
  let out = '';
  // apply takes the typed array as it is; spreading it would build an iterator and an array first.
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

export function textToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function putString(buf: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = utf8Encode(text);
  buf.set(bytes.subarray(0, length), offset);
}

function putOctal(buf: Uint8Array, offset: number, length: number, value: number): void {
  putString(buf, offset, length, Math.max(0, Math.trunc(value)).toString(8).padStart(length - 1, '0') + '\0');
}

function header(e: { name: string; typeflag: string; mode: number; uid: number; gid: number; size: number; mtime: number; linkname: string; uname: string; gname: string }, format: 'gnu' | 'ustar'): Uint8Array {
  const h = new Uint8Array(BLOCK);
  let name = e.name;
  let prefix = '';
  if (utf8Encode(name).length > 100) {
    const cut = name.lastIndexOf('/', name.length - 2);
    if (cut > 0 && cut <= 155 && utf8Encode(name.slice(cut + 1)).length <= 100) {
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
  }
  putString(h, 0, 100, name);
  putOctal(h, 100, 8, e.mode & 0o7777);
  putOctal(h, 108, 8, e.uid);
  putOctal(h, 116, 8, e.gid);
  putOctal(h, 124, 12, e.size);
  putOctal(h, 136, 12, e.mtime);
  h.fill(0x20, 148, 156);
  putString(h, 156, 1, e.typeflag);
  putString(h, 157, 100, e.linkname);
  if (format === 'gnu') putString(h, 257, 8, 'ustar  \0');
  else {
    putString(h, 257, 6, 'ustar\0');
    putString(h, 263, 2, '00');
  }
  putString(h, 265, 32, e.uname);
  putString(h, 297, 32, e.gname);
  if (format === 'ustar') {
    putOctal(h, 329, 8, 0);
    putOctal(h, 337, 8, 0);
  }
  putString(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  putString(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = utf8Encode(body).length;
  let total = len + String(len).length;
  if (String(total).length !== String(len).length) total = len + String(total).length;
  len = total;
  return `${len}${body}`;
}

/** Builds an archive from entries, in the order given. */
export function encodeTar(entries: TarEntry[], options: EncodeOptions = {}): Uint8Array {
  const format = options.format ?? 'gnu';
  const chunks: Uint8Array[] = [];
  let total = 0;
  const push = (b: Uint8Array): void => {
    chunks.push(b);
    total += b.length;
  };
  const pushData = (data: Uint8Array): void => {
    push(data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) push(new Uint8Array(pad));
  };
  for (const e of entries) {
    const data = e.type === 'file' && e.data !== undefined ? utf8Encode(e.data) : new Uint8Array(0);
    const pax: string[] = [];
    if (e.prog !== undefined) pax.push(paxRecord('PODBOOK.prog', e.prog));
    if (e.type === 'file' && e.size !== undefined && data.length === 0 && e.size > 0) pax.push(paxRecord('PODBOOK.size', String(e.size)));
    if (utf8Encode(e.name).length > 100 && !(e.name.lastIndexOf('/', e.name.length - 2) > 0 && e.name.lastIndexOf('/', e.name.length - 2) <= 155)) pax.push(paxRecord('path', e.name));
    if (e.linkname && utf8Encode(e.linkname).length > 100) pax.push(paxRecord('linkpath', e.linkname));
    if (pax.length) {
      const body = utf8Encode(pax.join(''));
      const base = e.name.replace(/\/$/, '').split('/').pop() ?? 'entry';
      push(header({ name: `./PaxHeaders.0/${base}`.slice(0, 99), typeflag: 'x', mode: 0o644, uid: 0, gid: 0, size: body.length, mtime: e.mtime, linkname: '', uname: '', gname: '' }, format));
      pushData(body);
    }
    const typeflag = e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : e.type === 'hardlink' ? '1' : '0';
    push(header({ name: e.name, typeflag, mode: e.mode, uid: e.uid, gid: e.gid, size: data.length, mtime: e.mtime, linkname: e.linkname ?? '', uname: e.uname, gname: e.gname }, format));
    if (data.length) pushData(data);
  }
  push(new Uint8Array(BLOCK * 2));
  if (options.record !== false) {
    const pad = (10240 - (total % 10240)) % 10240;
    if (pad) push(new Uint8Array(pad));
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

function getString(buf: Uint8Array, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && buf[end] !== 0) end++;
  return utf8Decode(buf.subarray(offset, end));
}

function getOctal(buf: Uint8Array, offset: number, length: number): number {
  const text = getString(buf, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError('This does not look like a tar archive');
  return parseInt(text, 8);
}

function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) break;
    const len = Number(text.slice(i, sp));
    if (!len) break;
    const rec = text.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** Reads an archive's entries; throws TarError when the bytes are not a tar archive. */
export function decodeTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let off = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  if (bytes.length < BLOCK) throw new TarError('This does not look like a tar archive');
  while (off + BLOCK <= bytes.length) {
    const h = bytes.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
    if (sum !== getOctal(h, 148, 8)) throw new TarError(entries.length === 0 ? 'This does not look like a tar archive' : 'Skipping to next header');
    const size = getOctal(h, 124, 12);
    const typeflag = String.fromCharCode(h[156] as number) || '0';
    const dataStart = off + BLOCK;
    if (dataStart + size > bytes.length) throw new TarError('Unexpected EOF in archive');
    const data = bytes.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'x') {
      pax = { ...pax, ...parsePax(utf8Decode(data)) };
      continue;
    }
    if (typeflag === 'g') continue;
    if (typeflag === 'L') {
      longName = getString(data, 0, data.length);
      continue;
    }
    const prefix = getString(h, 345, 155);
    let name = longName ?? pax['path'] ?? (prefix ? `${prefix}/${getString(h, 0, 100)}` : getString(h, 0, 100));
    const type: TarEntry['type'] = typeflag === '5' ? 'dir' : typeflag === '2' ? 'symlink' : typeflag === '1' ? 'hardlink' : 'file';
    if (type === 'dir' && !name.endsWith('/')) name += '/';
    const entry: TarEntry = {
      name,
      type,
      mode: getOctal(h, 100, 8),
      uid: getOctal(h, 108, 8),
      gid: getOctal(h, 116, 8),
      uname: getString(h, 265, 32),
      gname: getString(h, 297, 32),
      mtime: getOctal(h, 136, 12),
    };
    const linkname = pax['linkpath'] ?? getString(h, 157, 100);
    if (linkname) entry.linkname = linkname;
    if (type === 'file') {
      const text = utf8Decode(data);
      entry.data = text.includes('\ufffd') ? bytesToText(data) : text;
      if (pax['PODBOOK.size'] !== undefined) entry.size = Number(pax['PODBOOK.size']);
    }
    if (pax['PODBOOK.prog'] !== undefined) entry.prog = pax['PODBOOK.prog'];
    entries.push(entry);
    pax = {};
    longName = undefined;
  }
  return entries;
}

/** Size a member shows in listings: its content, or the apparent size it was archived with. */
export function entrySize(e: TarEntry): number {
  if (e.type !== 'file') return 0;
  if (e.data && e.data.length > 0) return utf8Encode(e.data).length;
  return e.size ?? 0;
}
