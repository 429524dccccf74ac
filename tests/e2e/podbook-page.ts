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
