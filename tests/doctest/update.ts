/**
 * `--update`: writes actual outputs into the console blocks whose steps did not match. Only those
 * blocks' bodies change; every other byte of the chapter stays as it was, and steps that already
 * matched keep the author's text (placeholders included).
 */
import { formatConsole, isPromptLine, type ConsoleStep } from '../../src/markdown/cells.ts';
import type { Chapter } from './chapters.ts';
import type { StepResult } from './runner.ts';

/** The chapter's new text, and how many blocks changed. */
export function updateChapter(chapter: Chapter, results: readonly StepResult[]): { text: string; blocks: number } {
  const lines = chapter.text.split('\n');
  let blocks = 0;
  // Rewrite from the last block up so earlier line numbers stay valid.
  const cells = chapter.cells.filter((c) => c.kind === 'console').reverse();
  for (const cell of cells) {
    if (cell.kind !== 'console') continue;
    const mine = results.filter((r) => r.cell === cell);
    if (!mine.some((r) => !r.ok && r.actual !== undefined)) continue;
    const steps: ConsoleStep[] = cell.steps.map((s, i) => {
      const r = mine.find((x) => x.step === i);
      return r && !r.ok && r.actual !== undefined ? { ...s, expected: r.actual, prompt: r.prompt ?? s.prompt } : s;
    });
    // Lines before the first prompt (the site refuses them, but they are the author's) stay as they are.
    const old = cell.fence.body.split('\n');
    const first = old.findIndex((l) => isPromptLine(l));
    const body = [...old.slice(0, Math.max(first, 0)), ...formatConsole(steps).split('\n')];
    const indented = body.map((l) => (l === '' ? l : cell.fence.indent + l));
    lines.splice(cell.fence.bodyStart, cell.fence.bodyEnd - cell.fence.bodyStart, ...indented);
    blocks++;
  }
  return { text: lines.join('\n'), blocks };
}
