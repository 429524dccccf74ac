/**
 * tar (GNU tar 1.26, CentOS 7): create (`-c`), extract (`-x`) and list (`-t`) archives in a file
 * (`-f`) or on standard input/output, `-v`, `-C DIR`, `--exclude=PATTERN`, `-p`. Options may come
 * bundled without a dash (`tar cvf x.tar dir`). `-z`/`-j` are accepted, but Podbook stores the
 * archive uncompressed (gzip is not simulated).
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { normalizePath, type Inode } from '../../kernel/vfs.ts';
import { dateParts } from '../../core/format.ts';
import { matchPattern } from '../shell/pattern.ts';
import { errno, groupName, modeString, userName } from './common.ts';
import { bytesToText, decodeTar, encodeTar, entrySize, TarError, textToBytes, type TarEntry } from './tar-format.ts';

interface TarOptions {
  mode: 'c' | 'x' | 't' | null;
  verbose: number;
  file: string | undefined;
  directory: string | undefined;
  excludes: string[];
  preserve: boolean;
  operands: string[];
}

const MODE_HINT = "tar: You must specify one of the `-Acdtrux' or `--test-label'  options\nTry `tar --help' or `tar --usage' for more information.\n";

function parseArgs(ctx: ExecContext): TarOptions | number {
  let args = ctx.argv.slice(1);
  if (args[0] !== undefined && !args[0].startsWith('-')) args = ['-' + args[0], ...args.slice(1)];
  const o: TarOptions = { mode: null, verbose: 0, file: undefined, directory: undefined, excludes: [], preserve: false, operands: [] };
  const setMode = (m: 'c' | 'x' | 't'): number | null => {
    if (o.mode && o.mode !== m) {
      ctx.stderr("tar: You may not specify more than one `-Acdtrux' or `--test-label' option\nTry `tar --help' or `tar --usage' for more information.\n");
      return 2;
    }
    o.mode = m;
    return null;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s) as [string, string | undefined];
      const need = (): string | undefined => value ?? args[++i];
      if (name === 'create' || name === 'extract' || name === 'get' || name === 'list') {
        const r = setMode(name === 'create' ? 'c' : name === 'list' ? 't' : 'x');
        if (r !== null) return r;
      } else if (name === 'verbose') o.verbose++;
      else if (name === 'file') o.file = need();
      else if (name === 'directory') o.directory = need();
      else if (name === 'exclude') o.excludes.push(need() ?? '');
      else if (name === 'preserve-permissions' || name === 'same-permissions' || name === 'gzip' || name === 'bzip2' || name === 'xz' || name === 'numeric-owner' || name === 'no-same-owner' || name === 'overwrite') o.preserve ||= name.includes('perm');
      else {
        ctx.stderr(`tar: unrecognized option '${a}'\nTry \`tar --help' or \`tar --usage' for more information.\n`);
        return 2;
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        if (c === 'c' || c === 'x' || c === 't') {
          const r = setMode(c);
          if (r !== null) return r;
        } else if (c === 'v') o.verbose++;
        else if (c === 'p') o.preserve = true;
        else if (c === 'z' || c === 'j' || c === 'J' || c === 'P' || c === 'k' || c === 'h') continue;
        else if (c === 'f' || c === 'C') {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) {
            ctx.stderr(`tar: option requires an argument -- '${c}'\nTry \`tar --help' or \`tar --usage' for more information.\n`);
            return 2;
          }
          if (c === 'f') o.file = v;
          else o.directory = v;
          break;
        } else {
          ctx.stderr(`tar: invalid option -- '${c}'\nTry \`tar --help' or \`tar --usage' for more information.\n`);
          return 2;
        }
      }
      continue;
    }
    o.operands.push(a);
  }
  return o;
}

function listLine(e: TarEntry): string {
  const node = { type: e.type === 'dir' ? 'dir' : e.type === 'symlink' ? 'symlink' : 'file', mode: e.mode } as Inode;
  const mode = e.type === 'hardlink' ? 'h' + modeString(node).slice(1) : modeString(node);
  const user = e.uname || String(e.uid);
  const group = e.gname || String(e.gid);
  const size = String(entrySize(e));
  const pad = user.length + 1 + group.length + 1 + size.length;
  const width = Math.max(19, pad);
  const p = dateParts(e.mtime * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
  const link = e.type === 'symlink' ? ` -> ${e.linkname ?? ''}` : e.type === 'hardlink' ? ` link to ${e.linkname ?? ''}` : '';
  return `${mode} ${user}/${group} ${size.padStart(width - pad + size.length)} ${time} ${e.name}${link}\n`;
}

export const tar: Program = (ctx) => {
  const o = parseArgs(ctx);
  if (typeof o === 'number') return o;
  if (!o.mode) {
    ctx.stderr(MODE_HINT);
    return 2;
  }
  const fs = ctx.host.fs;
  const base = o.directory ? normalizePath(o.directory, ctx.cwd) : ctx.cwd;
  if (o.directory && fs.tryStat(base)?.type !== 'dir') {
    ctx.stderr(`tar: ${o.directory}: Cannot open: ${fs.tryStat(base) ? 'Not a directory' : 'No such file or directory'}\ntar: Error is not recoverable: exiting now\n`);
    return 2;
  }
  // Listing goes to stdout, except when the archive itself is written there.
  const say = o.mode === 'c' && (o.file === undefined || o.file === '-') ? ctx.stderr : ctx.stdout;
  const excluded = (name: string): boolean => o.excludes.some((p) => name.split('/').some((_s, i, parts) => matchPattern(p, parts.slice(i).join('/')) || matchPattern(p, parts.slice(0, i + 1).join('/'))));
  let failed = false;
  if (o.mode === 'c') {
    if (o.operands.length === 0) {
      ctx.stderr("tar: Cowardly refusing to create an empty archive\nTry `tar --help' or `tar --usage' for more information.\n");
      return 2;
    }
    const entries: TarEntry[] = [];
    let warnedSlash = false;
    const add = (path: string, name: string): void => {
      if (excluded(name.replace(/\/$/, ''))) return;
      const node = fs.tryStat(path, false);
      if (!node) {
        ctx.stderr(`tar: ${name}: Cannot stat: No such file or directory\n`);
        failed = true;
        return;
      }
      const common = { mode: node.mode, uid: node.uid, gid: node.gid, uname: userName(ctx.host, node.uid), gname: groupName(ctx.host, node.gid), mtime: Math.floor(node.mtime / 1000) };
      if (node.type === 'dir') {
        const dirName = name.endsWith('/') ? name : `${name}/`;
        entries.push({ name: dirName, type: 'dir', ...common });
        if (o.verbose) say(o.verbose > 1 ? listLine(entries[entries.length - 1] as TarEntry) : dirName + '\n');
        for (const child of fs.readdir(path)) add(`${path === '/' ? '' : path}/${child}`, `${dirName}${child}`);
        return;
      }
      const entry: TarEntry = node.type === 'symlink' ? { name, type: 'symlink', linkname: node.target ?? '', ...common } : { name, type: 'file', data: node.data ?? '', ...common };
      if (node.type === 'file' && node.size !== undefined && !node.data) entry.size = node.size;
      if (node.prog !== undefined) entry.prog = node.prog;
      entries.push(entry);
      if (o.verbose) say(o.verbose > 1 ? listLine(entry) : name + '\n');
    };
    for (const operand of o.operands) {
      let name = operand;
      if (name.startsWith('/')) {
        if (!warnedSlash) ctx.stderr("tar: Removing leading `/' from member names\n");
        warnedSlash = true;
        name = name.replace(/^\/+/, '') || '.';
      }
      add(normalizePath(operand, base), name.replace(/^(\.\/)+(?=.)/, '') === '' ? '.' : name);
    }
    const text = bytesToText(encodeTar(entries));
    if (o.file === undefined || o.file === '-') ctx.stdout(text);
    else {
      try {
        fs.writeFile(normalizePath(o.file, ctx.cwd), text);
      } catch (e) {
        ctx.stderr(`tar: ${o.file}: Cannot open: ${errno(e)}\ntar: Error is not recoverable: exiting now\n`);
        return 2;
      }
    }
  } else {
    let raw: string;
    if (o.file === undefined || o.file === '-') raw = ctx.stdin;
    else {
      try {
        raw = fs.readFile(normalizePath(o.file, ctx.cwd));
      } catch (e) {
        ctx.stderr(`tar: ${o.file}: Cannot open: ${errno(e)}\ntar: Error is not recoverable: exiting now\n`);
        return 2;
      }
    }
    let entries: TarEntry[];
    try {
      entries = decodeTar(textToBytes(raw));
    } catch (e) {
      if (!(e instanceof TarError)) throw e;
      ctx.stderr(`tar: ${e.message}\ntar: Exiting with failure status due to previous errors\n`);
      return 2;
    }
    const wanted = o.operands.map((p) => p.replace(/\/+$/, ''));
    const seen = new Set<string>();
    for (const e of entries) {
      const plain = e.name.replace(/\/+$/, '');
      if (wanted.length && !wanted.some((w) => plain === w || plain.startsWith(w + '/'))) continue;
      wanted.filter((w) => plain === w || plain.startsWith(w + '/')).forEach((w) => seen.add(w));
      if (excluded(plain)) continue;
      if (o.mode === 't') {
        say(o.verbose ? listLine(e) : e.name + '\n');
        continue;
      }
      if (o.verbose) say(o.verbose > 1 ? listLine(e) : e.name + '\n');
      const target = normalizePath(plain.replace(/^\/+/, ''), base);
      try {
        if (e.type === 'dir') {
          const d = fs.tryStat(target)?.type === 'dir' ? fs.stat(target) : fs.mkdir(target, { parents: true, mode: e.mode });
          d.mode = e.mode;
        } else {
          const parent = target.slice(0, target.lastIndexOf('/')) || '/';
          if (!fs.tryStat(parent)) fs.mkdir(parent, { parents: true });
          if (fs.tryStat(target, false)) fs.remove(target, { recursive: true });
          if (e.type === 'symlink') fs.symlink(e.linkname ?? '', target);
          else if (e.type === 'hardlink') fs.writeFile(target, fs.readFile(normalizePath(e.linkname ?? '', base)));
          else {
            const node = fs.writeFile(target, e.data ?? '', { mode: o.preserve ? e.mode : e.mode & 0o7755, ...(e.prog !== undefined ? { prog: e.prog } : {}), ...(e.size !== undefined ? { size: e.size } : {}) });
            node.mtime = e.mtime * 1000;
          }
        }
      } catch (err) {
        ctx.stderr(`tar: ${plain}: Cannot open: ${errno(err)}\n`);
        failed = true;
      }
    }
    for (const w of wanted) {
      if (!seen.has(w)) {
        ctx.stderr(`tar: ${w}: Not found in archive\n`);
        failed = true;
      }
    }
  }
  if (failed) {
    ctx.stderr('tar: Exiting with failure status due to previous errors\n');
    return 2;
  }
  return 0;
};
