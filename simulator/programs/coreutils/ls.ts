/**
 * ls (GNU coreutils 8.22). Long format as CentOS 7 prints it: the SELinux `.` after the mode,
 * columns right/left aligned as `ls -l` aligns them, `Mon dd HH:MM` for files under six months old.
 * On a terminal the names go in columns (80 wide, GNU's column-fitting), to a pipe one per line.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import type { Inode } from '../../kernel/vfs.ts';
import { MONTHS, byCodePoint, dateParts } from '../../core/format.ts';
import { collatorFor } from './collate.ts';
import { abs, blocksOf, errno, fileSize, groupName, humanBlocks, modeString, parseOptions, userName, q } from './common.ts';

interface Entry {
  name: string;
  path: string;
  node: Inode;
}

const SIX_MONTHS_MS = (31556952 / 2) * 1000;

/** GNU's ls, or busybox's applet (its wording, fixed-width long format, byte-order sorting, columns). */
type Style = 'gnu' | 'busybox';

export const ls: Program = (ctx) => lsAs(ctx, 'gnu');

/**
 * busybox ls (1.36/1.37): `ls: NAME: No such file or directory` (exit 1); long lines as
 * `%-10s %4lu %-8.8s %-8.8s %9u mmm dd hh:mm ` with no SELinux mark; names in byte order (the
 * images run in the C locale); on a terminal, columns one longest name + 2 wide over 79 columns.
 */
export const busyboxLs: Program = (ctx) => lsAs(ctx, 'busybox');

function lsAs(ctx: ExecContext, style: Style): number {
  const bb = style === 'busybox';
  const opts = parseOptions(ctx, 'ls', {
    short: 'aAdlh1RrtSiFn',
    long: { all: 'a', 'almost-all': 'A', directory: 'd', 'human-readable': 'h', recursive: 'R', reverse: 'r', 'color?=': 'color', inode: 'i', classify: 'F', 'numeric-uid-gid': 'n', 'full-time': 'full-time', 'time-style=': 'time-style' },
    usageStatus: 2,
  });
  if (typeof opts === 'number') return opts;
  const color = opts.value('color');
  if (color !== undefined && !['', 'auto', 'always', 'never', 'tty', 'if-tty', 'yes', 'no', 'force', 'none'].includes(color)) {
    ctx.stderr(`ls: invalid argument ${q(color)} for ${q('--color')}\nValid arguments are:\n  - ${q('always')}, ${q('yes')}, ${q('force')}\n  - ${q('never')}, ${q('no')}, ${q('none')}\n  - ${q('auto')}, ${q('tty')}, ${q('if-tty')}\nTry 'ls --help' for more information.\n`);
    return 2;
  }
  const long = opts.has('l') || opts.has('n');
  const one = opts.has('1') || !ctx.isTTY;
  const all = opts.has('a');
  const almost = opts.has('A');
  const fs = ctx.host.fs;
  let status = 0;
  const operands = opts.operands.length ? opts.operands : ['.'];
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const name of operands) {
    const path = abs(ctx, name);
    let node: Inode;
    try {
      node = fs.stat(path, false);
      if (node.type === 'symlink' && !long && !opts.has('d')) node = fs.stat(path);
      else if (node.type === 'symlink' && long && !opts.has('d') && name.endsWith('/')) node = fs.stat(path);
    } catch (e) {
      ctx.stderr(bb ? `ls: ${name}: ${errno(e)}\n` : `ls: cannot access ${name}: ${errno(e)}\n`);
      status = bb ? 1 : 2;
      continue;
    }
    if (node.type === 'dir' && !opts.has('d')) dirs.push({ name, path, node });
    else files.push({ name, path, node });
  }
  const order = bb ? byCodePoint : collatorFor(ctx.env);
  const sort = (entries: Entry[]): Entry[] => {
    let sorted = entries.sort((a, b) => order(a.name, b.name));
    if (opts.has('t')) sorted = sorted.sort((a, b) => b.node.mtime - a.node.mtime);
    if (opts.has('S')) sorted = sorted.sort((a, b) => fileSize(b.node) - fileSize(a.node));
    return opts.has('r') ? sorted.reverse() : sorted;
  };
  const out: string[] = [];
  const show = (entries: Entry[]): string => (bb ? renderBusybox(ctx, entries, long, one, opts.has('i'), opts.has('F'), opts.has('n')) : render(ctx, entries, long, one, opts.has('h'), opts.has('i'), opts.has('F'), opts.has('n'), false));
  if (files.length) out.push(show(sort(files)));
  const showHeaders = operands.length > 1 || opts.has('R');
  const queue = sort(dirs);
  for (let qi = 0; qi < queue.length; qi++) {
    const dir = queue[qi] as Entry;
    let names: string[];
    try {
      names = fs.readdir(dir.path);
    } catch (e) {
      ctx.stderr(bb ? `ls: can't open '${dir.name}': ${errno(e)}\n` : `ls: cannot open directory ${dir.name}: ${errno(e)}\n`);
      status = bb ? 1 : 2;
      continue;
    }
    const entries: Entry[] = [];
    if (all) {
      entries.push({ name: '.', path: dir.path, node: dir.node });
      const parent = fs.tryStat(dir.path === '/' ? '/' : dir.path.slice(0, dir.path.lastIndexOf('/')) || '/');
      if (parent) entries.push({ name: '..', path: dir.path, node: parent });
    }
    for (const n of names) {
      if (n.startsWith('.') && !all && !almost) continue;
      const p = dir.path === '/' ? `/${n}` : `${dir.path}/${n}`;
      const node = fs.tryStat(p, false);
      if (node) entries.push({ name: n, path: p, node });
    }
    const sorted = sort(entries);
    let text = showHeaders ? `${dir.name}:\n` : '';
    if (long) text += `total ${opts.has('h') ? humanBlocks(sorted.reduce((n, e) => n + blocksOf(e.node), 0) * 1024) : sorted.reduce((n, e) => n + blocksOf(e.node), 0)}\n`;
    text += bb ? show(sorted) : render(ctx, sorted, long, one, opts.has('h'), opts.has('i'), opts.has('F'), opts.has('n'), true);
    out.push(text);
    if (opts.has('R')) {
      const subdirs = sorted.filter((e) => e.node.type === 'dir' && e.name !== '.' && e.name !== '..').map((e) => ({ ...e, name: dir.name === '/' ? `/${e.name}` : `${dir.name.replace(/\/$/, '')}/${e.name}` }));
      queue.splice(qi + 1, 0, ...subdirs);
    }
  }
  ctx.stdout(out.filter((t, i) => t !== '' || i > 0).join('\n'));
  return status;
}

/** busybox's display_files/display_single. */
function renderBusybox(ctx: ExecContext, entries: Entry[], long: boolean, one: boolean, inode: boolean, mark: boolean, numeric: boolean): string {
  if (entries.length === 0) return '';
  const label = (e: Entry): string => (inode ? `${String(e.node.ino).padStart(7)} ` : '') + e.name + (mark ? classify(e.node) : '');
  if (long) {
    const now = ctx.world.clock.now;
    return entries
      .map((e) => {
        const n = e.node;
        const p = dateParts(n.mtime);
        const age = now - n.mtime;
        const recent = age < (3600 * 24 * 365 * 1000) / 2 && age > -15 * 60 * 1000;
        const date = `${MONTHS[p.month - 1]} ${String(p.day).padStart(2)} ${recent ? `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}` : ` ${p.year}`}`;
        const owner = numeric ? `${String(n.uid).padEnd(8)} ${String(n.gid).padEnd(8)}` : `${userName(ctx.host, n.uid).slice(0, 8).padEnd(8)} ${groupName(ctx.host, n.gid).slice(0, 8).padEnd(8)}`;
        const name = n.type === 'symlink' ? `${e.name} -> ${n.target ?? ''}` : label(e).slice(inode ? 8 : 0);
        return `${inode ? `${String(n.ino).padStart(7)} ` : ''}${modeString(n)} ${String(n.nlink).padStart(4)} ${owner} ${String(fileSize(n)).padStart(9)} ${date} ${name}\n`;
      })
      .join('');
  }
  const names = entries.map(label);
  if (one) return names.map((n) => `${n}\n`).join('');
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const cols = Math.max(1, Math.floor(((Number(ctx.env['COLUMNS']) || 80) - 1) / width));
  const rows = cols > 1 ? Math.ceil(names.length / cols) : names.length;
  let text = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) {
      const name = names[c * rows + r];
      if (name === undefined) continue;
      line = line.padEnd(c * width) + name;
    }
    text += `${line}\n`;
  }
  return text;
}

function classify(node: Inode): string {
  if (node.type === 'dir') return '/';
  if (node.type === 'symlink') return '@';
  if (node.type === 'fifo') return '|';
  if (node.type === 'socket') return '=';
  if (node.type === 'file' && node.mode & 0o111) return '*';
  return '';
}

function render(ctx: ExecContext, entries: Entry[], long: boolean, one: boolean, human: boolean, inode: boolean, mark: boolean, numeric: boolean, _inDir: boolean): string {
  if (entries.length === 0) return '';
  const label = (e: Entry): string => (inode ? `${e.node.ino} ` : '') + e.name + (mark ? classify(e.node) : '');
  if (long) return longFormat(ctx, entries, human, inode, mark, numeric);
  const names = entries.map(label);
  if (one) return names.map((n) => n + '\n').join('');
  return columns(names, Number(ctx.env['COLUMNS']) || 80);
}

function longFormat(ctx: ExecContext, entries: Entry[], human: boolean, inode: boolean, mark: boolean, numeric: boolean): string {
  const now = ctx.world.clock.now;
  const rows = entries.map((e) => {
    const n = e.node;
    const size = fileSize(n);
    const p = dateParts(n.mtime);
    const recent = n.mtime <= now + 1000 && now - n.mtime < SIX_MONTHS_MS;
    const date = `${MONTHS[p.month - 1]} ${String(p.day).padStart(2)} ${recent ? `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}` : String(p.year).padStart(5)}`;
    let name = e.name;
    if (n.type === 'symlink') name += ` -> ${n.target ?? ''}`;
    else if (mark) name += classify(n);
    return {
      ino: String(n.ino),
      mode: modeString(n) + '.',
      links: String(n.nlink),
      user: numeric ? String(n.uid) : userName(ctx.host, n.uid),
      group: numeric ? String(n.gid) : groupName(ctx.host, n.gid),
      size: human ? humanBlocks(size) : String(size),
      date,
      name,
    };
  });
  const w = (k: 'ino' | 'links' | 'user' | 'group' | 'size'): number => Math.max(...rows.map((r) => r[k].length));
  const [wi, wl, wu, wg, ws] = [w('ino'), w('links'), w('user'), w('group'), w('size')];
  return rows.map((r) => `${inode ? r.ino.padStart(wi) + ' ' : ''}${r.mode} ${r.links.padStart(wl)} ${r.user.padEnd(wu)} ${r.group.padEnd(wg)} ${r.size.padStart(ws)} ${r.date} ${r.name}\n`).join('');
}

/** GNU ls's vertical columns: the most columns whose widths (name + 2, last column bare) fit the line. */
export function columns(names: string[], lineLength: number): string {
  const n = names.length;
  const minWidth = 3;
  const maxCols = Math.max(1, Math.min(Math.floor(lineLength / minWidth), n));
  const configs = Array.from({ length: maxCols }, (_, i) => ({ valid: true, lineLen: (i + 1) * minWidth, widths: Array<number>(i + 1).fill(minWidth) }));
  names.forEach((name, idx) => {
    const len = [...name].length;
    for (let i = 0; i < maxCols; i++) {
      const c = configs[i] as (typeof configs)[number];
      if (!c.valid) continue;
      const col = Math.floor(idx / Math.ceil(n / (i + 1)));
      const real = len + (col === i ? 0 : 2);
      if ((c.widths[col] as number) < real) {
        c.lineLen += real - (c.widths[col] as number);
        c.widths[col] = real;
        c.valid = c.lineLen < lineLength;
      }
    }
  });
  let cols = maxCols;
  while (cols > 1 && !(configs[cols - 1] as (typeof configs)[number]).valid) cols--;
  const widths = (configs[cols - 1] as (typeof configs)[number]).widths;
  const rows = Math.ceil(n / cols);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    let pos = 0;
    for (let c = 0; c < cols; c++) {
      const idx = r + c * rows;
      const name = names[idx];
      if (name === undefined) break;
      line += name;
      if (r + (c + 1) * rows >= n) break;
      // coreutils 8.22 indents with tabs (tab stops of 8) where it can, spaces for the rest.
      let from = pos + [...name].length;
      const to = pos + (widths[c] as number);
      while (from < to) {
        if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
          line += '\t';
          from += 8 - (from % 8);
        } else {
          line += ' ';
          from++;
        }
      }
      pos = to;
    }
    out += line + '\n';
  }
  return out;
}
