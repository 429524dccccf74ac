/**
 * What the coreutils models share: getopt-style option parsing with glibc's messages, coreutils
 * 8.22's quoting (‘name’ in the en_US.UTF-8 locale CentOS 7 runs in, 'name' in C), file reading with the usual
 * errors, and owner names from /etc/passwd and /etc/group.
 */
import type { ExecContext } from '../../kernel/types.ts';
import type { Host } from '../../kernel/host.ts';
import { ERRNO_TEXT, FsError, normalizePath, type Inode } from '../../kernel/vfs.ts';
import { utf8Length } from '../../core/utf8.ts';
import { quote } from './locale.ts';

/** coreutils 8.22's quotes around a name in a message: ‘name’ in a UTF-8 locale, else 'name' (locale.ts). */
export function q(name: string): string {
  return quote(name);
}

export function errno(e: unknown): string {
  if (e instanceof FsError) return ERRNO_TEXT[e.code];
  throw e;
}

export function abs(ctx: ExecContext, path: string): string {
  return normalizePath(path, ctx.cwd);
}

export interface OptSpec {
  /** getopt short options: letters, `:` after one that takes an argument. */
  short: string;
  /** Long options: name -> the short letter (or own key) it sets; `=` suffix in the key means it takes an argument. */
  long?: Record<string, string>;
  /** Exit status for usage errors (2 for ls and grep, 1 for most). */
  usageStatus?: number;
  /** A `Usage:` line some tools (grep) print between the complaint and the hint. */
  usage?: string;
}

export interface Parsed {
  /** Flags in the order given (a flag may repeat). */
  flags: string[];
  has(flag: string): boolean;
  /** Last value of an option with an argument. */
  value(flag: string): string | undefined;
  values(flag: string): string[];
  operands: string[];
}

/** Prints glibc getopt's complaint and coreutils' hint; returns the usage status. */
export function usageError(ctx: ExecContext, prog: string, message: string, status = 1, usage?: string): number {
  ctx.stderr(`${prog}: ${message}\n${usage ? usage + '\n' : ''}Try '${prog} --help' for more information.\n`);
  return status;
}

/** GNU getopt_long with argument permutation (options may follow operands), `--` ends options. */
export function parseOptions(ctx: ExecContext, prog: string, spec: OptSpec, args = ctx.argv.slice(1)): Parsed | number {
  const flags: string[] = [];
  const vals: Record<string, string[]> = {};
  const operands: string[] = [];
  const status = spec.usageStatus ?? 1;
  const takesArg = (c: string): boolean => {
    const i = spec.short.indexOf(c);
    return i >= 0 && spec.short[i + 1] === ':';
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const long = spec.long ?? {};
      const keys = Object.keys(long);
      const exact = keys.find((k) => k.replace(/=$/, '') === name);
      const matches = exact ? [exact] : keys.filter((k) => k.startsWith(name));
      if (name === 'help' || name === 'version') {
        ctx.stderr(`podbook: '${prog} --${name}' is not simulated\n`);
        return 1;
      }
      if (matches.length !== 1) {
        if (matches.length > 1) return usageError(ctx, prog, `option '${a}' is ambiguous`, status, spec.usage);
        return usageError(ctx, prog, `unrecognized option '${a}'`, status, spec.usage);
      }
      const key = matches[0] as string;
      const flag = long[key] as string;
      if (key.endsWith('=')) {
        let v: string | undefined = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (key.endsWith('?=')) v = eq >= 0 ? a.slice(eq + 1) : (i--, '');
        if (v === undefined) return usageError(ctx, prog, `option '--${key.replace(/\??=$/, '')}' requires an argument`, status, spec.usage);
        flags.push(flag);
        (vals[flag] ??= []).push(v);
      } else {
        if (eq >= 0) return usageError(ctx, prog, `option '--${key}' doesn't allow an argument`, status, spec.usage);
        flags.push(flag);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        if (!spec.short.includes(c) || c === ':') return usageError(ctx, prog, `invalid option -- '${c}'`, status, spec.usage);
        if (takesArg(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return usageError(ctx, prog, `option requires an argument -- '${c}'`, status, spec.usage);
          flags.push(c);
          (vals[c] ??= []).push(v);
          break;
        }
        flags.push(c);
      }
      continue;
    }
    operands.push(a);
  }
  return {
    flags,
    operands,
    has: (f) => flags.includes(f),
    value: (f) => vals[f]?.[vals[f].length - 1],
    values: (f) => vals[f] ?? [],
  };
}

/** Reads an operand's text (`-` is standard input); prints `prog: name: error` and returns null on failure. */
export function readInput(ctx: ExecContext, prog: string, name: string): string | null {
  if (name === '-') return ctx.stdin;
  try {
    return ctx.host.fs.readFile(abs(ctx, name));
  } catch (e) {
    ctx.stderr(`${prog}: ${name}: ${errno(e)}\n`);
    return null;
  }
}

/** Size in bytes as `ls -l` and `stat` show it (XFS short-form directories as CentOS 7 has them). */
export function fileSize(node: Inode, host?: Host): number {
  if (node.type === 'dir') {
    const names = Object.keys(node.entries ?? {});
    const size = 6 + names.reduce((n, name) => n + utf8Length(name) + 8, 0);
    return size <= 336 ? size : 4096 * Math.ceil(size / 4096);
  }
  if (node.type === 'symlink') return utf8Length(node.target ?? '');
  if (node.size !== undefined && !(node.data && node.data.length > 0)) return node.size;
  void host;
  return byteLength(node.data ?? '');
}

/** Bytes of stored file content (binary content is kept as latin1 code units, text as UTF-16). */
export function byteLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u007f]/.test(text) ? utf8Length(text) : text.length;
}

/** 1 KiB blocks a file occupies on XFS (4 KiB allocation). */
export function blocksOf(node: Inode): number {
  if (node.type !== 'file') return node.type === 'dir' && fileSize(node) > 336 ? 4 : 0;
  const size = fileSize(node);
  return Math.ceil(size / 4096) * 4;
}

function table(host: Host, file: string): string[][] {
  try {
    return host.fs
      .readFile(file)
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

export function passwd(host: Host): string[][] {
  return table(host, '/etc/passwd');
}

export function groups(host: Host): string[][] {
  return table(host, '/etc/group');
}

export function userName(host: Host, uid: number): string {
  return passwd(host).find((f) => f[2] === String(uid))?.[0] ?? String(uid);
}

export function groupName(host: Host, gid: number): string {
  return groups(host).find((f) => f[2] === String(gid))?.[0] ?? String(gid);
}

/** `-rw-r--r--` from an inode's type and mode. */
export function modeString(node: Inode): string {
  const type = { file: '-', dir: 'd', symlink: 'l', chardev: 'c', blockdev: 'b', fifo: 'p', socket: 's' }[node.type];
  const m = node.mode;
  const bit = (mask: number, c: string): string => (m & mask ? c : '-');
  let s = type + bit(0o400, 'r') + bit(0o200, 'w') + bit(0o100, 'x') + bit(0o40, 'r') + bit(0o20, 'w') + bit(0o10, 'x') + bit(0o4, 'r') + bit(0o2, 'w') + bit(0o1, 'x');
  const chars = s.split('');
  if (m & 0o4000) chars[3] = m & 0o100 ? 's' : 'S';
  if (m & 0o2000) chars[6] = m & 0o10 ? 's' : 'S';
  if (m & 0o1000) chars[9] = m & 0o1 ? 't' : 'T';
  s = chars.join('');
  return s;
}

/** Splits text into lines, keeping whether the last one ended with a newline. */
export function lines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** coreutils `human_readable` with `-h` (powers of 1024, rounded up, one decimal below 10). */
export function humanBlocks(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  let n = bytes;
  let i = -1;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  if (n < 10) {
    const v = Math.ceil(n * 10 - 1e-9) / 10;
    if (v >= 10) return `10${units[i]}`;
    return `${v.toFixed(1)}${units[i]}`;
  }
  const v = Math.ceil(n - 1e-9);
  if (v >= 1024 && i < units.length - 1) return `1.0${units[i + 1]}`;
  return `${v}${units[i]}`;
}
