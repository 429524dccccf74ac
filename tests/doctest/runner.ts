/**
 * Runs a chapter's cells in order against one lab and records, for each console step, what the
 * reader would see. Comparison is the page's: trailing newlines are not significant
 * (`normalizeOutput` on both sides), everything else is, apart from documented placeholders.
 */
import { fileCellContent, normalizeOutput, type ConsoleStep } from '../../src/markdown/cells.ts';
import type { Cell, Chapter } from './chapters.ts';
import { openLab, type Mode } from './labs.ts';
import { matchesExpected } from './placeholders.ts';

export interface StepResult {
  mode: Mode;
  cell: Cell;
  /** Index of the step in a console cell (0 for a file cell). */
  step: number;
  command: string;
  expected: string;
  /** Normalised actual output, or undefined when the step could not run. */
  actual?: string;
  exitCode?: number;
  /** Why the step could not run (sandbox failure, simulator exception). */
  error?: string;
  ok: boolean;
}

export async function runChapter(chapter: Chapter, mode: Mode, bundle: () => Promise<string>): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const lab = await openLab(mode, chapter.lab as string, chapter.seed, bundle);
  try {
    for (const cell of chapter.cells) {
      if (cell.kind === 'file') {
        const wrote = await lab.writeFile(cell.path, fileCellContent(cell.fence.body), cell.host);
        if (!wrote.ok) results.push({ mode, cell, step: 0, command: `write ${cell.path}`, expected: '', error: wrote.message, ok: false });
        continue;
      }
      const options: { host?: string; session?: string } = {};
      if (cell.host) options.host = cell.host;
      if (cell.session) options.session = cell.session;
      for (let i = 0; i < cell.steps.length; i++) {
        const step = cell.steps[i] as ConsoleStep;
        const ran = await lab.run(step.command, options);
        const expected = normalizeOutput(step.expected);
        if (!ran.ok) {
          results.push({ mode, cell, step: i, command: step.command, expected, error: ran.message, ok: false });
          continue;
        }
        const actual = normalizeOutput(ran.output);
        results.push({ mode, cell, step: i, command: step.command, expected, actual, exitCode: ran.exitCode, ok: matchesExpected(expected, actual) });
      }
    }
  } finally {
    lab.dispose();
  }
  return results;
}
