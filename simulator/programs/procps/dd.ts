/**
 * dd (coreutils 8.22): copies `count` blocks of `bs` bytes and reports records and the transfer
 * rate as that version prints it (`N bytes (839 MB) copied, 26.6667 s, 31.5 MB/s`). The time is
 * what the simulated disk takes: direct or synced writes (and direct reads) go through the block
 * layer (kernel/blkio.ts: device speed, blkio throttles, CFQ weights against other writers);
 * buffered writes land in the page cache. At a terminal the clock moves by that time; as a
 * container's main process dd runs in the background and prints its report when done.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { normalizePath, FsError, ERRNO_TEXT } from '../../kernel/vfs.ts';
import { goFormatG } from '../../core/format.ts';
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import type { IoSpec } from '../../kernel/blkio.ts';
import { STILL_RUNNING } from '../../kernel/types.ts';
import { q } from '../coreutils/common.ts';

/** Page-cache speed of a buffered write, bytes per second. */
const CACHE_BPS = 1.2e9;

const MULT: Record<string, number> = { c: 1, w: 2, b: 512, kB: 1000, K: 1024, k: 1024, MB: 1e6, M: 1024 ** 2, xM: 1024 ** 2, GB: 1e9, G: 1024 ** 3, TB: 1e12, T: 1024 ** 4 };

export function parseDdSize(text: string): number | undefined {
  const m = /^(\d+)([a-zA-Z]*)$/.exec(text);
  if (!m) return undefined;
  const unit = m[2] as string;
  const mult = unit === '' ? 1 : (MULT[unit] ?? (unit.endsWith('iB') ? MULT[unit.slice(0, -2)] : undefined));
  return mult === undefined ? undefined : Number(m[1]) * mult;
}

/** coreutils' SI size rounded to nearest: `839 MB`, `8.4 MB`, `512 B`. */
export function humanSi(value: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = value;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  if (u === 0) return `${Math.round(v)} B`;
  if (v < 10) {
    const t = Math.round(v * 10) / 10;
    if (t < 10) return `${t.toFixed(1)} ${units[u]}`;
    v = t;
  }
  const whole = Math.round(v);
  if (whole >= 1000 && u < units.length - 1) return `1.0 ${units[u + 1]}`;
  return `${whole} ${units[u]}`;
}

/**
 * A rate the way coreutils prints one computed in floating point: one decimal while that fits in
 * four characters (`31.4 MB`, `1.1 GB`), whole numbers from 100 up (`486 MB`).
 */
export function humanSiRate(value: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = value;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  const one = v.toFixed(1);
  if (one.length <= 4) return `${one} ${units[u]}`;
  const whole = Math.round(v);
  if (whole >= 1000 && u < units.length - 1) return `1.0 ${units[u + 1]}`;
  return `${whole} ${units[u]}`;
}

function account(ctx: ExecContext, dev: string, dir: 'read' | 'write', bytes: number, ops: number): void {
  const proc = ctx.host.proc(ctx.pid);
  const node = ctx.host.cgroup(proc ? ctx.host.cgroupOf(proc, 'blkio') : '/');
  if (!node) return;
  const b = (node.blkio.bytes[dev] ??= { read: 0, write: 0 });
  const o = (node.blkio.ops[dev] ??= { read: 0, write: 0 });
  b[dir] += bytes;
  o[dir] += ops;
}

/** What dd prints on stderr when it is done. */
function report(r: DdRun, seconds: number): string {
  if (r.status === 'none') return '';
  let out = `${r.full}+${r.partial} records in\n${r.full}+${r.partial} records out\n`;
  if (r.status !== 'noxfer') out += `${r.bytes} bytes (${humanSi(r.bytes)}) copied, ${goFormatG(seconds, 6)} s, ${humanSiRate(r.bytes / seconds)}/s\n`;
  return out;
}

interface DdRun {
  full: number;
  partial: number;
  bytes: number;
  /** Seconds besides the transfer (opening, buffers, per-record system calls). */
  overhead: number;
  status?: string;
}

/** A dd that is a container's main process finishes in the background and writes its report then. */
GLOBAL_HOOKS.workDone['procps/dd-done'] = (host, proc) => {
  const r = proc.data?.['dd'] as DdRun | undefined;
  const ms = Number(proc.data?.['ioMs'] ?? 0);
  if (r) host.emit(proc.pid, 'stderr', report(r, r.overhead + ms / 1000));
  host.exit(proc.pid, 0);
};

const DEVICE_FILES = ['/dev/zero', '/dev/null', '/dev/urandom', '/dev/random'];

export const dd: Program = (ctx) => {
  const ops: Record<string, string> = {};
  for (const arg of ctx.argv.slice(1)) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      ctx.stderr(`dd: unrecognized operand ${q(arg)}\nTry 'dd --help' for more information.\n`);
      return 1;
    }
    const key = arg.slice(0, eq);
    if (!['if', 'of', 'bs', 'ibs', 'obs', 'count', 'skip', 'seek', 'conv', 'iflag', 'oflag', 'status'].includes(key)) {
      ctx.stderr(`dd: unrecognized operand ${q(arg)}\nTry 'dd --help' for more information.\n`);
      return 1;
    }
    ops[key] = arg.slice(eq + 1);
  }
  const sizeOf = (key: string, fallback: number): number | string => {
    if (ops[key] === undefined) return fallback;
    const n = parseDdSize(ops[key] as string);
    if (n === undefined || (n === 0 && key !== 'count' && key !== 'skip' && key !== 'seek')) return `invalid number ${q(ops[key] as string)}`;
    return n;
  };
  const bs = sizeOf('bs', ops['ibs'] !== undefined ? 0 : 512);
  const ibs = ops['bs'] !== undefined ? bs : sizeOf('ibs', 512);
  const count = ops['count'] !== undefined ? sizeOf('count', 0) : Infinity;
  for (const v of [bs, ibs, count]) {
    if (typeof v === 'string') {
      ctx.stderr(`dd: ${v}\n`);
      return 1;
    }
  }
  const block = ibs as number;
  const fs = ctx.host.fsFor(ctx.pid);
  const iflags = (ops['iflag'] ?? '').split(',');
  const oflags = (ops['oflag'] ?? '').split(',');
  const conv = (ops['conv'] ?? '').split(',');
  // Input: a device that never ends, a file, or standard input.
  let available: number;
  let inputText = '';
  const input = ops['if'];
  const inPath = input === undefined ? undefined : normalizePath(input, ctx.cwd);
  if (inPath === undefined) {
    inputText = ctx.stdin;
    available = inputText.length;
  } else if (DEVICE_FILES.includes(inPath)) available = inPath === '/dev/null' ? 0 : Infinity;
  else {
    try {
      const node = fs.stat(inPath);
      if (node.type === 'dir') throw new FsError('EISDIR', inPath);
      inputText = fs.readFile(inPath);
      available = node.size ?? inputText.length;
    } catch (e) {
      ctx.stderr(`dd: failed to open ${q(input as string)}: ${e instanceof FsError ? ERRNO_TEXT[e.code] : 'Input/output error'}\n`);
      return 1;
    }
  }
  if (available === Infinity && count === Infinity) {
    ctx.stderr("podbook: 'dd' without count= from an endless device is not simulated\n");
    return 1;
  }
  const skip = typeof sizeOf('skip', 0) === 'number' ? (sizeOf('skip', 0) as number) * block : 0;
  const readable = Math.max(0, available - skip);
  const wanted = count === Infinity ? readable : Math.min(readable, (count as number) * block);
  const full = Math.floor(wanted / block);
  const partial = wanted % block > 0 ? 1 : 0;
  const bytes = wanted;
  // Output.
  const output = ops['of'];
  const outPath = output === undefined ? undefined : normalizePath(output, ctx.cwd);
  const toDisk = outPath !== undefined && !DEVICE_FILES.includes(outPath);
  const fromDisk = inPath !== undefined && !DEVICE_FILES.includes(inPath);
  if (toDisk) {
    try {
      const existing = fs.tryStat(outPath as string);
      const seek = typeof sizeOf('seek', 0) === 'number' ? (sizeOf('seek', 0) as number) * block : 0;
      const keep = conv.includes('notrunc') ? (existing?.size ?? (existing?.data ?? '').length) : 0;
      const size = Math.max(keep, seek + bytes);
      if (inputText !== '' && bytes === inputText.length && seek === 0) fs.writeFile(outPath as string, inputText.slice(skip, skip + bytes));
      else fs.writeFile(outPath as string, '', { size });
    } catch (e) {
      ctx.stderr(`dd: failed to open ${q(output as string)}: ${e instanceof FsError ? ERRNO_TEXT[e.code] : 'Input/output error'}\n`);
      return 1;
    }
  } else if (outPath === undefined) {
    ctx.stdout(inputText !== '' ? inputText.slice(skip, skip + bytes) : '\0'.repeat(Math.min(bytes, 1 << 20)));
  }
  // Time: direct I/O goes at the disk's pace, shared with whatever else does direct I/O on it
  // (kernel/blkio.ts: elevator, weights, throttles); buffered writes land in the page cache.
  const disk = ctx.host.sys.disks['sda'] ?? { dev: '8:0' };
  const records = full + partial;
  const run: DdRun = { full, partial, bytes, overhead: 0.0021 + records * 0.000_012, ...(ops['status'] !== undefined ? { status: ops['status'] } : {}) };
  const requestBytes = records > 0 ? bytes / records : block;
  const directWrite = toDisk && (oflags.includes('direct') || oflags.includes('dsync') || oflags.includes('sync') || conv.includes('fdatasync') || conv.includes('fsync'));
  const directRead = fromDisk && iflags.includes('direct');
  const io: IoSpec | undefined = directWrite ? { disk: 'sda', dir: 'write', bytes, requestBytes } : directRead ? { disk: 'sda', dir: 'read', bytes, requestBytes } : undefined;
  if (toDisk && !directWrite) account(ctx, disk.dev, 'write', bytes, records);
  if (directRead && directWrite) account(ctx, disk.dev, 'read', bytes, records);
  const me = ctx.host.proc(ctx.pid);
  if (io && me && me.nsPids?.[me.nsPids.length - 1] === 1) {
    // A container's main process: the engine does not wait, the transfer runs alongside others.
    me.data = { ...(me.data ?? {}), dd: run };
    ctx.host.startIo(ctx.pid, io, 'procps/dd-done');
    return STILL_RUNNING;
  }
  const start = ctx.world.clock.now;
  const seconds = run.overhead + (io ? ctx.host.runIo(ctx.pid, io) / 1000 : toDisk ? bytes / CACHE_BPS : 0);
  ctx.world.advance(Math.max(0, Math.round(seconds * 1000) - (ctx.world.clock.now - start)));
  ctx.stderr(report(run, seconds));
  return 0;
};
