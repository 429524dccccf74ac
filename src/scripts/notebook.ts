/**
 * The page runtime of a chapter: the cells of a page are one notebook on one lab. Running a cell
 * first runs the cells above it that have not run; Run all starts the lab afresh and runs every
 * cell; Reset lab puts the lab back. Output is always shown as text, never parsed as HTML.
 *
 * The sandbox client is imported on demand, so the JavaScript a page loads before its first Run is
 * this file alone; the worker (QuickJS and the simulator) starts on first use or when the page idles.
 */
import { fileCellContent, normalizeOutput } from '../markdown/cells.ts';
import { diffLines, type DiffLine } from './diff.ts';
import { recordProgress, showProgress } from './progress.ts';
import { forget, FORMAT, loadSaved, save, storageKey, type SavedCell } from './persist.ts';

type Status = 'idle' | 'running' | 'ok' | 'mismatch' | 'error';

import type { Failure, LabClient } from '../sandbox/client.ts';

type Strings = Record<string, string>;

function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

class Notebook {
  private readonly root: HTMLElement;
  private readonly cells: HTMLElement[];
  private readonly t: Strings;
  private readonly lab: string;
  private readonly seed: number;
  private client: Promise<LabClient> | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Bumped by a reset: queued and in-flight work of an older generation is dropped. */
  private generation = 0;
  /** Cells whose Run is queued or running. */
  private readonly requested = new Set<number>();
  /** Where this page's lab is kept between visits (src/scripts/persist.ts). */
  private readonly key: string;
  /** A saved lab to put back when the sandbox starts. */
  private pendingRestore: string | undefined;
  private history: string[] = [];

  constructor(root: HTMLElement) {
    this.root = root;
    this.cells = Array.from(document.querySelectorAll<HTMLElement>('.pb-cell[data-cell]'));
    this.t = JSON.parse(root.dataset['strings'] ?? '{}') as Strings;
    this.lab = root.dataset['lab'] ?? 'docker';
    this.seed = Number(root.dataset['seed'] ?? '1');
    this.key = storageKey(location.pathname, this.lab, this.seed);
  }

  private notice(text: string, kind: string): void {
    const state = this.root.querySelector('.pb-notebook-state');
    if (state) state.textContent = text;
    this.root.dataset['persist'] = kind;
  }

  /** Shows what the cells showed before the reload; the lab itself comes back when the sandbox starts. */
  private recall(): void {
    const saved = loadSaved(this.key);
    if (saved === undefined) return;
    if (saved === 'corrupt') {
      forget(this.key);
      this.notice(this.t['persist.corrupt'] ?? '', 'corrupt');
      return;
    }
    this.pendingRestore = saved.snapshot;
    this.history = saved.history;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.pb-terminal'))) el.dataset['history'] = JSON.stringify(saved.history);
    this.cells.forEach((cell, i) => {
      const c = saved.cells[i];
      if (!c || (c.status !== 'ok' && c.status !== 'mismatch')) return;
      if (cell.dataset['cell'] === 'file') return void setStatus(cell, 'ok', this.t['cell.written'] ?? '');
      Array.from(cell.querySelectorAll<HTMLElement>('.pb-step')).forEach((step, j) => {
        const out = c.steps[j];
        if (!out) return;
        step.dataset['exitCode'] = String(out.exitCode);
        showOutput(step, out.output, this.t);
      });
      setStatus(cell, c.status, this.t[c.status === 'ok' ? 'cell.ok' : 'cell.mismatch'] ?? '');
    });
    this.notice(this.t['persist.restored'] ?? '', 'restored');
    // Start the sandbox soon, so a command typed at once finds the lab back.
    this.prewarm();
  }

  /** Saves the lab, what the cells show and the terminal history (after every command). */
  private async persist(client: LabClient): Promise<void> {
    const snap = await client.snapshot();
    if (!snap.ok) return;
    const cells: SavedCell[] = this.cells.map((cell) => ({
      status: status(cell),
      steps: Array.from(cell.querySelectorAll<HTMLElement>('.pb-step')).map((step) => ({
        output: step.querySelector('.pb-actual')?.textContent ?? '',
        exitCode: Number(step.dataset['exitCode'] ?? '0'),
      })),
    }));
    save(this.key, { version: FORMAT, snapshot: snap.snapshot, cells, history: this.history });
    document.dispatchEvent(new CustomEvent('podbook:progress', { detail: { path: location.pathname, cells: cells.map((c) => c.status) } }));
  }

  start(): void {
    this.recall();
    showProgress(this.t['home.progress'] ?? '{done}/{total}');
    for (const name of ['podbook:progress', 'podbook:exercise-passed']) document.addEventListener(name, () => recordProgress());
    document.addEventListener('podbook:terminal-history', (event) => {
      this.history = (event as CustomEvent<{ history: string[] }>).detail.history.slice(-500);
    });
    this.cells.forEach((cell, index) => {
      cell.querySelector('.pb-run')?.addEventListener('click', () => this.runUpTo(index));
      cell.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          this.runUpTo(index);
        }
      });
      cell.addEventListener('pointerenter', () => this.prewarm(), { once: true });
      cell.addEventListener('focusin', () => this.prewarm(), { once: true });
    });
    this.root.querySelector('.pb-run-all')?.addEventListener('click', () => this.runAll());
    this.root.querySelector('.pb-reset')?.addEventListener('click', () => this.reset());
    const idle = (window as Window & { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number }).requestIdleCallback;
    if (idle) idle(() => this.prewarm(), { timeout: 5000 });
  }

  private loadClient(): Promise<LabClient> {
    this.client ??= import('../sandbox/client.ts').then(async (m) => {
      const client = m.createLabClient({ lab: this.lab, seed: this.seed });
      const snapshot = this.pendingRestore;
      this.pendingRestore = undefined;
      if (snapshot !== undefined) {
        const restored = await client.restore(snapshot);
        if (!restored.ok && restored.kind === 'invalid') {
          // Saved by an incompatible simulator: start afresh and say so.
          forget(this.key);
          await client.reset();
          for (const cell of this.cells) clearCell(cell);
          this.notice(this.t['persist.corrupt'] ?? '', 'corrupt');
        }
      }
      return client;
    });
    return this.client;
  }

  /** Forgets a client whose worker could not start, so the next Run tries again. */
  private dropClient(): void {
    const client = this.client;
    this.client = undefined;
    void client?.then((c) => c.dispose()).catch(() => undefined);
  }

  private prewarm(): void {
    this.loadClient()
      .then((client) => client.prewarm())
      .catch(() => undefined); // a failed start shows on the first Run
  }

  private enqueue(task: (generation: number) => Promise<void>): void {
    const generation = this.generation;
    this.chain = this.chain.then(() => (generation === this.generation ? task(generation) : undefined)).catch((error: unknown) => {
      console.error('podbook notebook:', error);
    });
  }

  /** Runs the cells above `index` that have not run, then the cell itself. */
  runUpTo(index: number): void {
    // A second click while the cell waits or runs is the same request, not a second run.
    if (this.requested.has(index)) return;
    this.requested.add(index);
    this.enqueue(async (generation) => {
      try {
        for (let i = 0; i < index; i++) {
          if (status(this.cells[i] as HTMLElement) !== 'idle') continue;
          if (!carryOn(await this.execute(i, generation))) return;
        }
        await this.execute(index, generation);
      } finally {
        this.requested.delete(index);
      }
    });
  }

  runAll(): void {
    const fresh = this.cells.every((cell) => status(cell) === 'idle');
    if (!fresh) this.reset();
    this.enqueue(async (generation) => {
      for (let i = 0; i < this.cells.length; i++) {
        if (!carryOn(await this.execute(i, generation))) return;
      }
    });
  }

  /**
   * Runs the cells placed before `element` that have not run (as a cell's Run does), then `task` on
   * the lab, in the notebook's queue. Resolves to undefined when a cell above failed or a reset
   * dropped the work. Exercises and terminals use this, so they share the page's lab.
   */
  withLab<T>(element: Element | null, task: (client: LabClient) => Promise<T>): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve) => {
      const generation = this.generation;
      this.chain = this.chain
        .then(async () => {
          if (generation !== this.generation) return resolve(undefined);
          for (let i = 0; element && i < this.cells.length; i++) {
            const cell = this.cells[i] as HTMLElement;
            if (!(cell.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) || status(cell) !== 'idle') continue;
            if (!carryOn(await this.execute(i, generation))) return resolve(undefined);
          }
          const client = await this.loadClient();
          const result = await task(client);
          resolve(generation === this.generation ? result : undefined);
        })
        .catch((error: unknown) => {
          resolve(undefined);
          console.error('podbook notebook:', error);
        });
    });
  }

  /** The lab changed outside a cell (a terminal command): live diagrams redraw. */
  changed(client: LabClient): void {
    labChanged(client);
    void this.persist(client);
  }

  reset(): void {
    this.generation++;
    this.requested.clear();
    forget(this.key);
    this.history = [];
    const state = this.root.querySelector('.pb-notebook-state');
    this.enqueue(async () => {
      if (this.client) {
        const client = await this.client;
        await client.reset();
        labChanged(client);
      }
      for (const cell of this.cells) clearCell(cell);
      if (state) state.textContent = this.t['notebook.resetDone'] ?? '';
      // Terminals and exercises show where the fresh lab stands.
      document.dispatchEvent(new CustomEvent('podbook:lab-reset'));
    });
  }

  private failureText(reply: Failure): string {
    const template = this.t[reply.key];
    return template ? fill(template, reply.params) : reply.message;
  }

  private async execute(index: number, generation: number): Promise<Status | undefined> {
    if (generation !== this.generation) return undefined;
    const cell = this.cells[index] as HTMLElement;
    clearCell(cell);
    setStatus(cell, 'running', this.t[this.client ? 'cell.running' : 'cell.starting'] ?? '');
    let client: LabClient;
    try {
      client = await this.loadClient();
    } catch (error) {
      this.dropClient();
      const message = fill(this.t['sandbox.unavailable'] ?? '{detail}', { detail: String(error) });
      showError(cell.querySelector('.pb-step') ?? cell, message);
      return setStatus(cell, 'error', this.t['cell.error'] ?? '');
    }
    setStatus(cell, 'running', this.t['cell.running'] ?? '');
    const host = cell.dataset['host'];
    const session = cell.dataset['session'];
    if (cell.dataset['cell'] === 'file') {
      const reply = await client.writeFile(cell.dataset['path'] ?? '', fileCellContent(cell.dataset['content'] ?? ''), host);
      if (generation !== this.generation) return undefined;
      if (!reply.ok) {
        if (reply.kind === 'unavailable') this.dropClient();
        showError(cell, this.failureText(reply));
        return setStatus(cell, 'error', this.t['cell.error'] ?? '');
      }
      labChanged(client);
      setStatus(cell, 'ok', this.t['cell.written'] ?? '');
      await this.persist(client);
      return 'ok';
    }
    let result: Status = 'ok';
    for (const step of Array.from(cell.querySelectorAll<HTMLElement>('.pb-step'))) {
      const options: { host?: string; session?: string } = {};
      if (host) options.host = host;
      if (session) options.session = session;
      const reply = await client.run(step.dataset['command'] ?? '', options);
      if (generation !== this.generation) return undefined;
      if (!reply.ok) {
        if (reply.kind === 'unavailable') this.dropClient();
        showError(step, this.failureText(reply));
        return setStatus(cell, 'error', this.t['cell.error'] ?? '');
      }
      step.dataset['exitCode'] = String(reply.exitCode);
      labChanged(client);
      if (!showOutput(step, reply.output, this.t)) result = 'mismatch';
    }
    setStatus(cell, result, this.t[result === 'ok' ? 'cell.ok' : 'cell.mismatch'] ?? '');
    await this.persist(client);
    return result;
  }
}

/** Tells the page (its live diagrams) that the lab changed; listeners read it with `detail.state()`. */
function labChanged(client: LabClient): void {
  document.dispatchEvent(new CustomEvent('podbook:lab-changed', { detail: { state: () => client.state() } }));
}

/** Whether a run goes on to the next cell: not after a sandbox error, nor once a reset dropped it. */
function carryOn(result: Status | undefined): boolean {
  return result !== undefined && result !== 'error';
}

function status(cell: HTMLElement): Status {
  return (cell.dataset['status'] ?? 'idle') as Status;
}

function setStatus(cell: HTMLElement, value: Status, label: string): Status {
  cell.dataset['status'] = value;
  const state = cell.querySelector('.pb-cell-state');
  if (state) state.textContent = label;
  const button = cell.querySelector<HTMLButtonElement>('.pb-run');
  if (button) button.setAttribute('aria-busy', String(value === 'running'));
  return value;
}

function clearCell(cell: HTMLElement): void {
  for (const node of Array.from(cell.querySelectorAll('.pb-actual, .pb-diff, .pb-error'))) node.remove();
  for (const expected of Array.from(cell.querySelectorAll<HTMLElement>('.pb-expected'))) expected.hidden = false;
  for (const step of Array.from(cell.querySelectorAll<HTMLElement>('.pb-step'))) delete step.dataset['exitCode'];
  setStatus(cell, 'idle', '');
}

function pre(className: string, value: string): HTMLPreElement {
  const el = document.createElement('pre');
  el.className = className;
  el.textContent = value;
  return el;
}

/** Shows a step's output; returns whether it matches the expected output. */
function showOutput(step: HTMLElement, output: string, t: Strings): boolean {
  const expectedEl = step.querySelector<HTMLElement>('.pb-expected');
  const expected = normalizeOutput(expectedEl?.dataset['expected'] ?? expectedEl?.textContent ?? '');
  const actual = normalizeOutput(output);
  if (expectedEl) expectedEl.hidden = true;
  if (actual === expected) {
    step.append(pre(actual === '' ? 'pb-out pb-actual pb-empty' : 'pb-out pb-actual', actual));
    return true;
  }
  const diff = diffLines(expected, actual);
  const box = document.createElement('div');
  box.className = 'pb-diff';
  box.append(side(t['cell.expected'] ?? 'Expected', 'pb-out pb-diff-expected', diff.expected, 'del'));
  box.append(side(t['cell.actual'] ?? 'Actual', 'pb-out pb-actual', diff.actual, 'ins'));
  step.append(box);
  return false;
}

function side(label: string, className: string, lines: DiffLine[], mark: 'del' | 'ins'): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'pb-diff-side';
  const caption = document.createElement('p');
  caption.className = 'pb-diff-label';
  caption.textContent = label;
  const body = document.createElement('pre');
  body.className = className;
  lines.forEach((line, i) => {
    if (i > 0) body.append('\n');
    if (line.changed) {
      const el = document.createElement(mark);
      el.textContent = line.text;
      body.append(el);
    } else {
      body.append(line.text);
    }
  });
  wrap.append(caption, body);
  return wrap;
}

function showError(where: Element, message: string): void {
  where.append(pre('pb-out pb-actual pb-error', message));
}

export type NotebookApi = Pick<Notebook, 'withLab' | 'changed' | 'reset'>;

/** Where the page's notebook is published; a symbol on globalThis so every script bundle finds it. */
const KEY = Symbol.for('podbook.notebook');
type Slot = { ready: Promise<NotebookApi>; resolve: (n: NotebookApi) => void };

function slot(): Slot {
  const g = globalThis as unknown as Record<symbol, Slot | undefined>;
  if (!g[KEY]) {
    let resolve: (n: NotebookApi) => void = () => undefined;
    const ready = new Promise<NotebookApi>((r) => (resolve = r));
    g[KEY] = { ready, resolve };
  }
  return g[KEY];
}

/** The page's notebook, once it started (exercises and terminals wait for it). */
export function pageNotebook(): Promise<NotebookApi> {
  return slot().ready;
}

export function startNotebook(): void {
  const root = document.querySelector<HTMLElement>('.pb-notebook');
  if (!root) return;
  const notebook = new Notebook(root);
  notebook.start();
  slot().resolve(notebook);
}
