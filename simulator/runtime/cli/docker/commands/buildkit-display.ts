/**
 * BuildKit's progress displays, as buildx 0.24 (BuildKit 0.22's progressui) draws them from a build
 * trace. The tty display redraws one frame in place; what stays on the screen is its last frame,
 * printed here without colours: the `[+] Building 4.3s (6/6) FINISHED` header with the builder
 * (`docker:default`) at the right edge, a ` => ` line per vertex and ` => => ` per status, each with
 * its duration right-aligned to the terminal width. RUN output is not part of that frame. The plain
 * display prints each vertex as a block (`#3 [2/2] RUN ...`, `#3 0.312 <output line>`, `#3 DONE 4.2s`).
 * After a failure both print the failing step's log (`------` / ` > name:`), then the Dockerfile
 * snippet and `ERROR: failed to solve: ...`.
 */
import type { BkSource, BkVertex } from '../../../engine/buildkit.ts';

const DESC_TTY = 'docker:default';
const DESC_PLAIN = 'building with "default" instance using docker driver';

/** Go's `%.1f` of a duration in ms: ties that are exact in binary (x.25, x.75) round to even. */
export function seconds1(ms: number): string {
  if (((ms % 500) + 500) % 500 === 250) {
    const tenths = Math.floor(ms / 100);
    return ((tenths % 2 === 0 ? tenths : tenths + 1) / 10).toFixed(1);
  }
  return (ms / 1000).toFixed(1);
}

/** tonistiigi/units `%.2f`: decimal units, whole bytes below 1kB (`137B`, `2.05kB`, `76.10MB`). */
export function unitBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  if (n < 1000) return `${n}B`;
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(2)}${units[i]}`;
}

function statusBytes(current: number, total: number): string {
  if (total !== 0) return `${unitBytes(current)} / ${unitBytes(total)}`;
  return current !== 0 ? unitBytes(current) : '';
}

/** Left text padded so the right text ends the line at `width` (progressui's align). */
function align(left: string, right: string, width: number): string {
  return `${left.padEnd(width - right.length - 1)} ${right}`;
}

function startedInOrder(vertexes: BkVertex[]): BkVertex[] {
  return vertexes.filter((v) => v.started !== undefined).map((v, i) => ({ v, i })).sort((a, b) => (a.v.started as number) - (b.v.started as number) || a.i - b.i).map((x) => x.v);
}

/** The last frame of the tty display, `width` columns wide. */
export function ttyFrame(vertexes: BkVertex[], width: number): string {
  const started = startedInOrder(vertexes);
  // With nothing started (an error before the solve) the clock reads 0.0s.
  const first = started.length ? Math.min(...started.map((v) => v.started as number)) : 0;
  const last = Math.max(first, ...vertexes.map((v) => v.completed ?? 0));
  const completed = vertexes.filter((v) => v.completed !== undefined).length;
  const finished = completed > 0 && completed === vertexes.length ? 'FINISHED' : '';
  let header = align(`[+] Building ${seconds1(last - first)}s (${completed}/${vertexes.length}) ${finished}`, DESC_TTY, width - 1);
  if (header.length > width) header = header.slice(0, width);
  const lines = [header];
  const job = (name: string, ms: number, status: string): void => {
    const dt = ms < 50 ? 0 : ms;
    const timer = ` ${seconds1(dt).padStart(3)}s`;
    let left = width - 4 - (timer.length + 1) - 1;
    let showStatus = false;
    if (status !== '' && left + status.length > 20) {
      showStatus = true;
      left -= status.length + 1;
    }
    if (left < 12) return;
    const out = ` => ${name.slice(0, left)}${showStatus ? ` ${status}` : ''}`;
    lines.push(align(out, timer, width - 1));
  };
  for (const v of started) {
    let name = v.name.replace(/\t/g, ' ');
    if (v.error !== '') name = `ERROR ${name}`;
    if (v.cached) name = `CACHED ${name}`;
    job(name, (v.completed ?? last) - (v.started as number), '');
    for (const s of v.statuses) job(`=> ${s.id}`, s.completed - s.started, statusBytes(s.current, s.total));
    for (const w of v.warnings ?? []) job(`WARN: ${w}`, (v.completed ?? last) - (v.started as number), '');
  }
  return lines.map((l) => l + '\n').join('');
}

/** A log line as progressui keeps it: seconds since the vertex started, then the text. */
function logLines(v: BkVertex): string[] {
  const out: string[] = [];
  let partial = false;
  for (const l of v.logs) {
    const sec = (l.at - (v.started ?? l.at)) / 1000;
    const stamp = sec.toFixed(sec < 10 ? 3 : sec < 100 ? 2 : 1);
    const parts = l.data.split('\n');
    const complete = l.data.endsWith('\n');
    if (complete) parts.pop();
    parts.forEach((p, i) => {
      if (i === 0 && partial && out.length > 0) out[out.length - 1] += p;
      else out.push(`${stamp} ${p}`);
    });
    partial = !complete;
  }
  return out;
}

/** The plain display: one block per vertex, numbered in the order they are printed. */
export function plainText(vertexes: BkVertex[]): string {
  let out = `#0 ${DESC_PLAIN}\n\n`;
  let n = 0;
  for (const v of startedInOrder(vertexes)) {
    const i = ++n;
    if (i > 1) out += '\n';
    out += `#${i} ${v.name}\n`;
    for (const s of v.statuses) {
      const bytes = statusBytes(s.current, s.total);
      const diff = s.completed - s.started;
      out += `#${i} ${s.id}${bytes ? ` ${bytes}` : ''}${diff > 10 ? ` ${seconds1(diff)}s` : ''} done\n`;
    }
    for (const w of v.warnings ?? []) out += `#${i} WARN: ${w}\n`;
    for (const l of logLines(v)) out += `#${i} ${l}\n`;
    if (v.completed === undefined) continue;
    if (v.error !== '') out += `#${i} ERROR: ${v.error}\n`;
    else if (v.cached) out += `#${i} CACHED\n`;
    else out += `#${i} DONE ${seconds1(v.completed - (v.started as number))}s\n`;
  }
  return out;
}

/** What both displays print after a failure: the failed step's output (all of it on a tty, the last 10 lines in plain). */
export function errorLogs(vertexes: BkVertex[], tty: boolean): string {
  let out = '';
  for (const v of startedInOrder(vertexes)) {
    if (v.error === '') continue;
    const lines = logLines(v);
    out += `------\n > ${v.name}:\n${(tty ? lines : lines.slice(-10)).map((l) => l + '\n').join('')}------\n`;
  }
  return out;
}

/** BuildKit's source snippet: the failing lines marked `>>>`, with context around them. */
export function sourceSnippet(src: BkSource): string {
  const lines = src.data.split('\n');
  let start = src.start;
  let end = Math.max(src.end, src.start);
  if (start > lines.length || start < 1) return '';
  if (end > lines.length) end = lines.length;
  const first = start;
  const pad = end === start ? 4 : 2;
  for (let p = 0; p < pad; ) {
    if (start > 1) {
      start--;
      p++;
    }
    if (end !== lines.length) {
      end++;
      p++;
    }
    p++;
  }
  let out = `${src.filename}:${first}\n--------------------\n`;
  for (let i = start; i <= end; i++) {
    const mark = i >= src.start && i <= Math.max(src.end, src.start) ? '>>>' : '   ';
    out += ` ${String(i).padStart(3)} | ${mark} ${lines[i - 1] ?? ''}\n`;
  }
  return out + '--------------------\n';
}

/** buildx's summary after the display (not in quiet mode). */
export function warningSummary(vertexes: BkVertex[]): string {
  const all = vertexes.flatMap((v) => v.warnings ?? []);
  if (all.length === 0) return '';
  return `\n ${all.length === 1 ? '1 warning found' : `${all.length} warnings found`} (use docker --debug to expand):\n${all.map((w) => ` - ${w}\n`).join('')}`;
}
