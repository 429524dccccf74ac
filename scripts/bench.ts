/**
 * Podbook's performance figures (a report, not a timed test).
 *
 *   npm run bench              a table
 *   npm run bench -- --json    one JSON object: { figure: value, ..., goals, notes: { figure: why-null } }
 *   npm run bench -- --only coldStartMs,pageJsGzipBytes    some figures only
 *
 * Each figure is one entry of FIGURES: a name, what it measures, and an async function returning a
 * value (or null with a note). To add one, append an entry; `ctx` holds what several figures share.
 * Goals (issue 3): cold start <= 1 s, QuickJS p95 <= 100 ms per command, sandbox <= 400 KB gzip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bundleSimulator, ROOT, type SandboxBundle } from './build-sandbox.ts';
import { createLab } from '../simulator/index.ts';
import { SandboxHost } from '../src/sandbox/host.ts';
import { loadQuickJs } from '../src/sandbox/quickjs.ts';
import { fileCellContent } from '../src/markdown/cells.ts';
import { findChapters, readChapter, type Chapter } from '../tests/doctest/chapters.ts';

const DIST = join(ROOT, 'dist');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** How many times the chapters' commands are replayed (fresh lab each time) for the timings. */
const ROUNDS = 5;

export interface Stats {
  median: number;
  p95: number;
  n: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return { median: round(at(0.5)), p95: round(at(0.95)), n: sorted.length };
}

/** The `count` commands with the highest median time (a command run in several rounds counts once). */
export function slowest(timed: readonly Timed[], count: number): { command: string; ms: number }[] {
  const by = new Map<string, number[]>();
  for (const t of timed) by.set(t.command, [...(by.get(t.command) ?? []), t.ms]);
  return [...by].map(([command, ms]) => ({ command, ms: stats(ms).median })).sort((a, b) => b.ms - a.ms).slice(0, count);
}

const gzipBytes = (data: string | Uint8Array): number => gzipSync(data, { level: 9 }).length;

/** A step of the benchmark workload: a command, or a file written by a file cell. */
type Step = { command: string; host?: string; session?: string } | { path: string; content: string; host?: string };
type Work = { lab: string; seed: number; steps: Step[] };

/** Representative commands for when no chapter has runnable cells yet. */
const FALLBACK: Work = {
  lab: 'docker',
  seed: 1,
  steps: ['echo hello', 'cd /tmp', 'pwd', 'for i in 1 2 3; do echo $i; done', 'nosuch', 'echo $?', 'docker --version', 'docker ps -a', 'docker images'].map((command) => ({ command })),
};

function workload(): { work: Work[]; source: string } {
  const chapters: Chapter[] = findChapters(join(ROOT, 'content', 'en')).map((f) => readChapter(f, ROOT)).filter((c) => c.lab && c.cells.length > 0);
  if (chapters.length === 0) return { work: [FALLBACK], source: 'a representative script (no chapter has cells yet)' };
  const work = chapters.map((c): Work => ({
    lab: c.lab as string,
    seed: c.seed,
    steps: c.cells.flatMap((cell): Step[] =>
      cell.kind === 'file'
        ? [{ path: cell.path, content: fileCellContent(cell.fence.body), ...(cell.host ? { host: cell.host } : {}) }]
        : cell.steps.map((s) => ({ command: s.command, ...(cell.host ? { host: cell.host } : {}), ...(cell.session ? { session: cell.session } : {}) })),
    ),
  }));
  return { work, source: `the commands of ${chapters.map((c) => c.name).join(', ')}` };
}

interface Context {
  bundle: SandboxBundle;
  work: Work[];
  notes: Record<string, string>;
  browser?: Promise<BrowserFigures>;
}

interface BrowserFigures {
  coldStartMs: number | null;
  /** Of the cold start: from the click on Run to the output (the page was already shown). */
  clickToOutputMs?: number | null;
  pageJsGzipBytes: number | null;
  note?: string;
}

async function timeNative(work: Work[]): Promise<number[]> {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const w of work) {
      const lab = createLab(w.lab, { seed: w.seed });
      for (const s of w.steps) {
        if ('path' in s) {
          lab.writeFile(s.path, s.content, s.host);
          continue;
        }
        const t = performance.now();
        lab.run(s.command, s);
        samples.push(performance.now() - t);
      }
    }
  }
  return samples;
}

/** A command's QuickJS time, kept with the command so the report can name the slowest ones. */
interface Timed {
  command: string;
  ms: number;
}

async function timeQuickjs(work: Work[], bundle: SandboxBundle): Promise<Timed[]> {
  const samples: Timed[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const w of work) {
      const host = await SandboxHost.create({ bundle, lab: w.lab, seed: w.seed });
      for (const s of w.steps) {
        if ('path' in s) {
          await host.writeFile(s.path, s.content, s.host);
          continue;
        }
        const t = performance.now();
        await host.run(s.command, s);
        samples.push({ command: s.command, ms: performance.now() - t });
      }
      host.dispose();
    }
  }
  return samples;
}

/** The chapter page the browser figures use: the first built page with a console cell. */
function chapterPage(): string | null {
  if (!existsSync(DIST)) return null;
  const pages: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'index.html') pages.push(join(d, e.name));
    }
  };
  walk(DIST);
  pages.sort();
  const page = pages.find((p) => readFileSync(p, 'utf8').includes('data-cell="console"'));
  return page ? '/' + page.slice(DIST.length + 1).replace(/index\.html$/, '') : null;
}

/** Opens a fresh page, clicks the first Run, and times navigation start → the cell's output. */
async function measureBrowser(): Promise<BrowserFigures> {
  const path = chapterPage();
  if (!path) return { coldStartMs: null, pageJsGzipBytes: null, note: 'no built chapter with a runnable cell in dist/ (run `npm run build`)' };
  if (!existsSync(CHROMIUM)) return { coldStartMs: null, pageJsGzipBytes: null, note: `no browser at ${CHROMIUM} (apt-get install chromium)` };
  const { chromium } = await import('playwright-core');
  const { serveStatic } = await import('../tests/e2e/server.ts');
  const server = await serveStatic(DIST);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const times: number[] = [];
    const afterClick: number[] = [];
    let pageJs: number | null = null;
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const scripts: string[] = [];
      let clicked = false;
      page.on('request', (r) => {
        if (!clicked && r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      // Records when the first cell leaves idle/running, measured from navigation start.
      await page.addInitScript(() => {
        const w = window as unknown as { __pbOutputAt?: number };
        new MutationObserver((records) => {
          for (const r of records) {
            const status = (r.target as Element).getAttribute('data-status');
            if (w.__pbOutputAt === undefined && (status === 'ok' || status === 'mismatch' || status === 'error')) w.__pbOutputAt = performance.now();
          }
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
      });
      await page.goto(server.url + path, { waitUntil: 'commit' });
      const run = page.getByRole('button', { name: 'Run', exact: true }).first();
      await run.waitFor({ state: 'visible' });
      clicked = true;
      const clickAt = await page.evaluate(() => performance.now());
      await run.click();
      await page.waitForFunction(() => (window as unknown as { __pbOutputAt?: number }).__pbOutputAt !== undefined, undefined, { timeout: 30_000 });
      const outputAt = await page.evaluate(() => (window as unknown as { __pbOutputAt: number }).__pbOutputAt);
      times.push(outputAt);
      afterClick.push(outputAt - clickAt);
      if (pageJs === null) pageJs = scripts.reduce((sum, p) => sum + gzipBytes(readFileSync(join(DIST, decodeURIComponent(p)))), 0);
      await context.close();
    }
    return { coldStartMs: stats(times).median, clickToOutputMs: stats(afterClick).median, pageJsGzipBytes: pageJs };
  } catch (e) {
    return { coldStartMs: null, pageJsGzipBytes: null, note: `the browser run failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  } finally {
    await browser.close();
    await server.close();
  }
}

function browserFigures(ctx: Context): Promise<BrowserFigures> {
  return (ctx.browser ??= measureBrowser());
}

export interface Figure {
  name: string;
  /** What it is, with its unit, for the table. */
  label: string;
  measure: (ctx: Context) => Promise<unknown>;
  /** The goal, if the figure has one: the value (or its `p95`) must not exceed `max`. */
  goal?: { max: number };
}

/** The number a goal is checked against: the value itself, or its p95. */
function goalValue(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && typeof (value as Stats).p95 === 'number') return (value as Stats).p95;
  return null;
}

/** `ps axf` and `top -b -n1` on a host with 1,000 processes (50 shells with 19 children each). */
function timeProcs1000(): { psAxf: number; top: number; p95: number } {
  const lab = createLab('docker');
  const host = lab.world.host('localhost');
  lab.run('true');
  for (let i = 0; i < 50; i++) {
    const sh = host.spawn({ ppid: 1, argv: ['/bin/bash'], prog: 'bash' });
    for (let j = 0; j < 19; j++) host.spawn({ ppid: sh.pid, argv: ['sleep', '1000'], prog: 'sleep' });
  }
  const time = (command: string): number => {
    const samples: number[] = [];
    for (let k = 0; k < 21; k++) {
      const t = performance.now();
      lab.run(command);
      samples.push(performance.now() - t);
    }
    return stats(samples.slice(3)).median;
  };
  const psAxf = time('ps axf');
  const top = time('top -b -n1');
  // The goal applies to the slower of the two medians.
  return { psAxf, top, p95: Math.max(psAxf, top) };
}

/** 200 containers on the lab (100 running, 100 created): `docker ps -a`, native (ms, median). */
function timeContainers200(): number {
  const lab = createLab('docker');
  lab.run('docker pull -q busybox');
  for (let i = 0; i < 100; i++) lab.run(`docker run -d --name run${i} busybox sleep 100000`);
  for (let i = 0; i < 100; i++) lab.run(`docker create --name made${i} busybox true`);
  const samples: number[] = [];
  for (let k = 0; k < 21; k++) {
    const t = performance.now();
    const r = lab.run('docker ps -a');
    samples.push(performance.now() - t);
    if (r.output.split('\n').length !== 202) throw new Error(`docker ps -a listed ${r.output.split('\n').length - 2} containers, not 200`);
  }
  return stats(samples.slice(3)).median;
}

export const FIGURES: Figure[] = [
  {
    name: 'bootMs',
    label: 'QuickJS: load the wasm module; runtime + context; + bundle eval (ms; first, then warm median)',
    measure: async (ctx) => {
      const t = performance.now();
      const quickjs = await loadQuickJs();
      const loadModule = performance.now() - t;
      const boots: number[] = [];
      const contexts: number[] = [];
      for (let i = 0; i < 6; i++) {
        const host = await SandboxHost.create({ bundle: ctx.bundle, lab: 'docker', quickjs });
        boots.push(host.timings.bootMs);
        contexts.push(host.timings.contextMs);
        host.dispose();
      }
      const r = (x: number): number => Math.round(x * 10) / 10;
      return { loadModule: r(loadModule), contextFirst: r(contexts[0] as number), bootFirst: r(boots[0] as number), contextWarm: stats(contexts.slice(1)).median, bootWarm: stats(boots.slice(1)).median };
    },
  },
  { name: 'commandMsNative', label: 'per command, native (ms)', measure: async (ctx) => stats(await timeNative(ctx.work)) },
  { name: 'containers200Ms', label: '200 containers on the lab: `docker ps -a`, native (ms, median)', goal: { max: 20 }, measure: async () => timeContainers200() },
  { name: 'procs1000Ms', label: '1,000 processes on a host: `ps axf` / `top -b -n1`, native (ms, median)', goal: { max: 10 }, measure: async () => timeProcs1000() },
  {
    name: 'commandMsQuickjs',
    label: 'per command, QuickJS incl. saving the lab (ms; slowest: the five highest per-command medians over the rounds)',
    goal: { max: 100 },
    measure: async (ctx) => {
      const timed = await timeQuickjs(ctx.work, ctx.bundle);
      return { ...stats(timed.map((t) => t.ms)), slowest: slowest(timed, 5) };
    },
  },
  {
    name: 'sandboxGzipBytes',
    label: 'QuickJS wasm + the simulator script a lab needs to start (bytes gzip; the parts load later)',
    goal: { max: 400 * 1024 },
    measure: async (ctx) => {
      const wasm = readFileSync(createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
      return gzipBytes(wasm) + gzipBytes(ctx.bundle.main);
    },
  },
  {
    name: 'sandboxPartsGzipBytes',
    label: 'the simulator\'s lazily loaded parts, fetched once a lab is up (bytes gzip, by part)',
    measure: async (ctx) => Object.fromEntries(Object.entries(ctx.bundle.parts).map(([name, text]) => [name, gzipBytes(text)])),
  },
  {
    name: 'bundleBytes',
    label: 'simulator scripts: main, and main + parts (raw / gzip bytes)',
    measure: async (ctx) => {
      const all = ctx.bundle.main + Object.values(ctx.bundle.parts).join('');
      return { raw: Buffer.byteLength(ctx.bundle.main), gzip: gzipBytes(ctx.bundle.main), rawAll: Buffer.byteLength(all), gzipAll: gzipBytes(ctx.bundle.main) + Object.values(ctx.bundle.parts).reduce((n, t) => n + gzipBytes(t), 0) };
    },
  },
  {
    name: 'snapshot',
    label: 'snapshot after the workload (bytes; ms native / QuickJS)',
    measure: async (ctx) => {
      const w = ctx.work[0] as Work;
      const lab = createLab(w.lab, { seed: w.seed });
      const host = await SandboxHost.create({ bundle: ctx.bundle, lab: w.lab, seed: w.seed });
      for (const s of w.steps) {
        if ('path' in s) {
          lab.writeFile(s.path, s.content, s.host);
          await host.writeFile(s.path, s.content, s.host);
        } else {
          lab.run(s.command, s);
          await host.run(s.command, s);
        }
      }
      const native: number[] = [];
      const quick: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        bytes = lab.snapshot().length;
        native.push(performance.now() - t);
        // A tiny change, so the host must save the lab from inside QuickJS again.
        await host.advance(1);
        await host.snapshot();
        quick.push(host.timings.saveMs);
      }
      host.dispose();
      return { bytes, gzipBytes: gzipBytes(lab.snapshot()), msNative: stats(native).median, msQuickjs: stats(quick).median };
    },
  },
  {
    name: 'pageJsGzipBytes',
    label: 'JS the chapter page loads before the first Run (bytes gzip)',
    measure: async (ctx) => {
      const b = await browserFigures(ctx);
      if (b.pageJsGzipBytes === null && b.note) ctx.notes['pageJsGzipBytes'] = b.note;
      return b.pageJsGzipBytes;
    },
  },
  {
    name: 'coldStartClickMs',
    label: 'of the cold start: the click on Run -> that output (ms, median of 3)',
    measure: async (ctx) => (await browserFigures(ctx)).clickToOutputMs ?? null,
  },
  {
    name: 'coldStartMs',
    label: 'navigation start -> first cell output after Run, fresh page (ms, median of 3)',
    goal: { max: 1000 },
    measure: async (ctx) => {
      const b = await browserFigures(ctx);
      if (b.coldStartMs === null && b.note) ctx.notes['coldStartMs'] = b.note;
      return b.coldStartMs;
    },
  },
];

function show(value: unknown): string {
  if (value === null) return 'n/a';
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' ? Object.values(v as object).map(String).join(' ') : String(v))).join('; ');
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k} ${v && typeof v === 'object' ? `[${show(v)}]` : String(v)}`).join(', ');
  return String(value);
}

const USAGE = 'usage: npm run bench [-- [--json] [--only FIGURE,FIGURE]]';

async function main(argv: string[]): Promise<number> {
  let json: boolean;
  let figures = FIGURES;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    json = values.json as boolean;
    if (values.only !== undefined) {
      const wanted = values.only.split(',');
      const unknown = wanted.filter((n) => !FIGURES.some((f) => f.name === n));
      if (unknown.length > 0) throw new Error(`unknown figure ${unknown.join(', ')} (known: ${FIGURES.map((f) => f.name).join(', ')})`);
      figures = FIGURES.filter((f) => wanted.includes(f.name));
    }
  } catch (e) {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const { work, source } = workload();
  const ctx: Context = { bundle: await bundleSimulator(), work, notes: {} };
  const result: Record<string, unknown> = {};
  for (const figure of figures) {
    try {
      result[figure.name] = await figure.measure(ctx);
    } catch (e) {
      result[figure.name] = null;
      ctx.notes[figure.name] = `failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const goals: Record<string, { max: number; met: boolean | null }> = {};
  for (const figure of figures) {
    if (!figure.goal) continue;
    const v = goalValue(result[figure.name]);
    goals[figure.name] = { max: figure.goal.max, met: v === null ? null : v <= figure.goal.max };
  }
  result['goals'] = goals;
  result['workload'] = source;
  result['notes'] = ctx.notes;
  if (json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  console.log(`Podbook bench (workload: ${source}; ${ROUNDS} rounds)`);
  for (const figure of figures) {
    const note = ctx.notes[figure.name];
    const goal = goals[figure.name];
    const verdict = goal && goal.met !== null ? ` [goal <= ${goal.max}: ${goal.met ? 'met' : 'NOT met'}]` : '';
    console.log(`  ${figure.name.padEnd(18)} ${show(result[figure.name]).padEnd(44)} ${figure.label}${verdict}${note ? ` — ${note}` : ''}`);
  }
  return 0;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
