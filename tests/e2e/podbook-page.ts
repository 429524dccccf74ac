/**
 * The page object of Podbook's browser tests: one chapter page and what a reader does on it.
 * Tests read the cells' `data-status` (idle, running, ok, mismatch, error), as outside checks do.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export type CellStatus = 'idle' | 'running' | 'ok' | 'mismatch' | 'error';

export interface StepOutput {
  command: string;
  expected: string;
  actual: string | null;
}

const SETTLED = ['ok', 'mismatch', 'error'];

export class PodbookPage {
  readonly page: Page;
  readonly baseUrl: string;
  /** Uncaught errors of the page so far (the harness records them). */
  readonly errors: string[] = [];

  constructor(page: Page, baseUrl: string) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(this.baseUrl + path, { waitUntil: 'load' });
  }

  cells() {
    return this.page.locator('.pb-cell[data-cell]');
  }

  cell(index: number) {
    return this.cells().nth(index);
  }

  async cellCount(): Promise<number> {
    return this.cells().count();
  }

  async status(index: number): Promise<CellStatus> {
    return (await this.cell(index).getAttribute('data-status')) as CellStatus;
  }

  async statuses(): Promise<CellStatus[]> {
    return this.cells().evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['status'] as CellStatus));
  }

  /** A console cell's Run button, or a file cell's Write file button: what runs that cell. */
  runButton(index: number) {
    return this.cell(index).locator('button.pb-run');
  }

  async clickRun(index: number): Promise<void> {
    await this.runButton(index).click();
  }

  /** Waits until a cell has finished (ok, mismatch or error) and returns its status. */
  async waitSettled(index: number, timeout = 90_000): Promise<CellStatus> {
    const handle = await this.cell(index).elementHandle();
    await this.page.waitForFunction(
      ([el, settled]) => (settled as string[]).includes((el as HTMLElement).dataset['status'] ?? ''),
      [handle, SETTLED] as const,
      { timeout },
    );
    return this.status(index);
  }

  async waitAllSettled(timeout = 180_000): Promise<CellStatus[]> {
    await this.page.waitForFunction(
      (settled) => Array.from(document.querySelectorAll<HTMLElement>('.pb-cell[data-cell]')).every((el) => settled.includes(el.dataset['status'] ?? '')),
      SETTLED,
      { timeout },
    );
    return this.statuses();
  }

  /** Each step of a console cell: its command, expected output and (after a run) actual output. */
  async outputs(index: number): Promise<StepOutput[]> {
    return this.cell(index).evaluate((cell) =>
      Array.from(cell.querySelectorAll<HTMLElement>('.pb-step')).map((step) => ({
        command: step.dataset['command'] ?? '',
        expected: ((step.querySelector<HTMLElement>('.pb-expected')?.dataset['expected'] ?? step.querySelector('.pb-expected')?.textContent) ?? '').replace(/\n+$/, ''),
        actual: step.querySelector('.pb-actual')?.textContent ?? null,
      })),
    );
  }

  async runAll(): Promise<void> {
    await this.page.getByRole('button', { name: 'Run all' }).click();
  }

  async resetLab(): Promise<void> {
    await this.page.getByRole('button', { name: 'Reset lab' }).click();
    await this.page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.pb-cell[data-cell]')).every((el) => el.dataset['status'] === 'idle' && !el.querySelector('.pb-actual')),
    );
  }

  /** Replaces the expected output of a cell's first step (to provoke a mismatch). */
  async setExpected(index: number, text: string): Promise<void> {
    await this.cell(index).evaluate((cell, value) => {
      const el = cell.querySelector('.pb-expected');
      if (el) el.textContent = value;
    }, text);
  }

  async setTheme(theme: 'dark' | 'light'): Promise<void> {
    await this.page.evaluate((t) => {
      localStorage.setItem('starlight-theme', t);
      document.documentElement.dataset['theme'] = t;
    }, theme);
  }

  async screenshot(path: string, fullPage = false): Promise<void> {
    await this.page.screenshot({ path, fullPage });
  }

  /**
   * The elements matching `selector` placed before cell `before` (all of them when undefined), in
   * page order, with their index among all matches and the value of their `data-<key>`.
   */
  async placedBefore(selector: string, key: string, before?: number): Promise<{ index: number; name: string }[]> {
    return this.page.evaluate(
      ([sel, k, limit]) => {
        const cell = limit === null ? null : document.querySelectorAll('.pb-cell[data-cell]')[limit as number];
        return Array.from(document.querySelectorAll<HTMLElement>(sel as string))
          .map((el, index) => ({ el, index, name: el.dataset[k as string] ?? '' }))
          .filter(({ el }) => !cell || (el.compareDocumentPosition(cell) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0)
          .map(({ index, name }) => ({ index, name }));
      },
      [selector, key, before ?? null] as const,
    );
  }

  /** The diagrams placed before cell `before` (all of them when undefined), in page order. */
  async diagramsBefore(before?: number): Promise<{ index: number; name: string }[]> {
    return this.placedBefore('.pb-diagram', 'diagram', before);
  }

  /**
   * Keeps a copy of the page's lab inside the page (through the notebook the page runs, as Check
   * does), so a test can put it back after trying something on it.
   */
  async saveLab(): Promise<void> {
    await this.page.evaluate(async () => {
      type Api = { withLab<T>(el: null, task: (c: { snapshot(): Promise<{ ok: boolean; snapshot?: string }> }) => Promise<T>): Promise<T | undefined> };
      const slot = (globalThis as unknown as Record<symbol, { ready: Promise<Api> }>)[Symbol.for('podbook.notebook')];
      const notebook = await slot?.ready;
      const saved = await notebook?.withLab(null, (c) => c.snapshot());
      if (!saved?.ok || saved.snapshot === undefined) throw new Error('podbook test: the lab could not be saved');
      (window as unknown as { podbookSavedLab?: string }).podbookSavedLab = saved.snapshot;
    });
  }

  /** Puts back the lab `saveLab` kept; the page's live diagrams redraw. */
  async restoreLab(): Promise<void> {
    await this.page.evaluate(async () => {
      type Client = { restore(s: string): Promise<{ ok: boolean }> };
      type Api = { withLab<T>(el: null, task: (c: Client) => Promise<T>): Promise<T | undefined>; changed(c: Client): void };
      const slot = (globalThis as unknown as Record<symbol, { ready: Promise<Api> }>)[Symbol.for('podbook.notebook')];
      const notebook = await slot?.ready;
      const snapshot = (window as unknown as { podbookSavedLab?: string }).podbookSavedLab ?? '';
      const back = await notebook?.withLab(null, async (c) => {
        const r = await c.restore(snapshot);
        notebook.changed(c);
        return r;
      });
      if (!back?.ok) throw new Error('podbook test: the lab could not be put back');
    });
  }

  /** Waits until the live diagrams stop changing (they redraw shortly after the lab changed). */
  async waitDiagramsSettled(timeout = 10_000): Promise<void> {
    const drawn = () => this.page.evaluate(() => Array.from(document.querySelectorAll('.pb-diagram-svg')).map((el) => el.innerHTML).join('\n'));
    const until = performance.now() + timeout;
    let last = await drawn();
    for (;;) {
      await this.page.waitForTimeout(400);
      const now = await drawn();
      if (now === last || performance.now() > until) return;
      last = now;
    }
  }

  // --- terminals: `sel` is a CSS selector of a .pb-terminal ---------------------------------------

  /** Brings a terminal into view (which loads it) and waits until it shows its prompt. */
  async terminalReady(sel: string): Promise<void> {
    await this.page.locator(sel).scrollIntoViewIfNeeded();
    await this.page.waitForSelector(`${sel}[data-live] .xterm-helper-textarea`, { timeout: 90_000 });
  }

  /** How many commands the terminal has finished. */
  async terminalCommands(sel: string): Promise<number> {
    return Number((await this.page.locator(sel).getAttribute('data-commands')) ?? '0');
  }

  /** Types text into a terminal as the reader would (keys; `\n` is Enter), without waiting for the lab. */
  async typeKeys(sel: string, text: string): Promise<void> {
    await this.page.locator(`${sel} .xterm-helper-textarea`).focus();
    await this.page.keyboard.type(text);
  }

  /** Types a command and Enter, and waits until the lab answered it. */
  async typeCommand(sel: string, command: string, timeout = 90_000): Promise<void> {
    const before = await this.terminalCommands(sel);
    await this.typeKeys(sel, command);
    await this.page.keyboard.press('Enter');
    await this.waitTerminalCommands(sel, before + 1, timeout);
  }

  async waitTerminalCommands(sel: string, count: number, timeout = 90_000): Promise<void> {
    await this.page.waitForFunction(
      ([s, n]) => Number(document.querySelector<HTMLElement>(s as string)?.dataset['commands'] ?? '0') >= (n as number),
      [sel, count] as const,
      { timeout },
    );
    // The count moves once xterm has parsed the output; its rows are drawn on an animation frame
    // it has asked for by then, so two frames later the screen shows it.
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }

  /** The terminal's visible rows as text, without the empty rows below the last one written. */
  async screen(sel: string): Promise<string> {
    return this.page.evaluate((s) => {
      const rows = document.querySelectorAll(`${s} .xterm-rows > div`);
      return Array.from(rows).map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n').replace(/\n+$/, '');
    }, sel);
  }

  /** Waits until the terminal's rows end with `tail` (xterm draws what was written on a later frame). */
  async screenEndsWith(sel: string, tail: string, timeout = 10_000): Promise<void> {
    await this.page
      .waitForFunction(
        ([s, t]) => {
          const rows = document.querySelectorAll(`${s} .xterm-rows > div`);
          const text = Array.from(rows).map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n').replace(/\n+$/, '');
          return text.endsWith(t as string);
        },
        [sel, tail] as const,
        { timeout },
      )
      .catch(() => undefined); // the caller's check says what the screen shows instead
  }

  /** The terminal's prompt line: its last row that is not empty. */
  async lastLine(sel: string): Promise<string> {
    const rows = (await this.screen(sel)).split('\n').filter((r) => r !== '');
    return rows[rows.length - 1] ?? '';
  }

  /** axe-core's serious and critical violations on the current page. */
  async axeViolations(): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await this.page.addScriptTag({ content: source });
    return this.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    });
  }
}
