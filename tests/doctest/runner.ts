/**
 * Runs a chapter's cells in order against one lab and records, for each console step, what the
 * reader would see. Comparison is the page's: trailing newlines are not significant
 * (`normalizeOutput` on both sides), everything else is, apart from documented placeholders.
 */
import { fileCellContent, normalizeOutput, type ConsoleStep } from '../../src/markdown/cells.ts';
import type { Cell, Chapter, Exercise } from './chapters.ts';
import { openLab, type DocLab, type Mode } from './labs.ts';
import type { SandboxBundle } from '../../scripts/build-sandbox.ts';
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
  /**
   * The prompt the lab showed before this step, when the chapter writes a full prompt
   * (`[root@49d2aeb5c487 /]#`) that differs from it. `$` and `#` stand for any prompt.
   */
  prompt?: string;
  ok: boolean;
}

/** Whether a prompt as written in a chapter names a real one, to be checked, rather than `$`/`#`. */
export function isFullPrompt(written: string): boolean {
  return written !== '$' && written !== '#';
}

/** What the doc test found for one exercise: its checks must fail before the solution and pass after it. */
export interface ExerciseResult {
  mode: Mode;
  exercise: Exercise;
  /** Why it fails, or undefined when it passes. */
  problem?: string;
}

/** Each probe's outcome on the lab as it is (`error` when a probe could not run). */
async function probe(lab: DocLab, exercise: Exercise): Promise<{ what: string; ok: boolean; actual: string }[]> {
  const out: { what: string; ok: boolean; actual: string }[] = [];
  for (const p of exercise.probes) {
    const ran = await lab.run(p.command, {});
    const actual = ran.ok ? normalizeOutput(ran.output) : ran.message;
    out.push({ what: p.what, ok: ran.ok && matchesExpected(normalizeOutput(p.expected), actual), actual });
  }
  return out;
}

/**
 * Checks an exercise on copies of the lab as it is at the exercise: before the solution at least one
 * probe fails (the task is not already done), after it every probe passes. The lab is put back.
 */
export async function checkExercise(lab: DocLab, exercise: Exercise, mode: Mode): Promise<ExerciseResult> {
  if (exercise.probes.length === 0) return { mode, exercise, problem: 'it has no check block with probes' };
  if (exercise.solution.length === 0) return { mode, exercise, problem: 'it has no solution block' };
  const saved = await lab.snapshot();
  try {
    const before = await probe(lab, exercise);
    if (before.every((p) => p.ok)) return { mode, exercise, problem: 'every probe already passes before the solution (the checks test nothing)' };
    await lab.restore(saved);
    for (const step of exercise.solution) {
      const ran = await lab.run(step.command, {});
      if (!ran.ok) return { mode, exercise, problem: `the solution command failed to run: $ ${step.command}\n  ${ran.message}` };
    }
    const after = await probe(lab, exercise);
    const failing = after.filter((p) => !p.ok);
    if (failing.length > 0) {
      const detail = failing.map((p) => `probe "${p.what}" fails after the solution; actual:\n${p.actual.split('\n').map((l) => `      ${l}`).join('\n')}`);
      return { mode, exercise, problem: detail.join('\n  ') };
    }
    return { mode, exercise };
  } finally {
    await lab.restore(saved);
  }
}

export async function runChapter(chapter: Chapter, mode: Mode, bundle: () => Promise<SandboxBundle>, exerciseResults: ExerciseResult[] = []): Promise<StepResult[]> {
  const results: StepResult[] = [];
  // The prompt each session shows now, once a command ran in it.
  const prompts = new Map<string, string>();
  const lab = await openLab(mode, chapter.lab as string, chapter.seed, bundle);
  const exercisesAt = async (position: number): Promise<void> => {
    for (const exercise of chapter.exercises) if (exercise.cellsBefore === position) exerciseResults.push(await checkExercise(lab, exercise, mode));
  };
  try {
    for (const [position, cell] of chapter.cells.entries()) {
      await exercisesAt(position);
      if (cell.kind === 'file') {
        const wrote = await lab.writeFile(cell.path, fileCellContent(cell.fence.body), cell.host);
        if (!wrote.ok) results.push({ mode, cell, step: 0, command: `write ${cell.path}`, expected: '', error: wrote.message, ok: false });
        continue;
      }
      const options: { host?: string; session?: string } = {};
      if (cell.host) options.host = cell.host;
      if (cell.session) options.session = cell.session;
      const session = `${cell.host ?? ''}\n${cell.session ?? ''}`;
      for (let i = 0; i < cell.steps.length; i++) {
        const step = cell.steps[i] as ConsoleStep;
        const shown = prompts.get(session);
        const wrongPrompt = shown !== undefined && isFullPrompt(step.prompt) && `${step.prompt} ` !== shown ? shown.trimEnd() : undefined;
        const ran = await lab.run(step.command, options);
        const expected = normalizeOutput(step.expected);
        if (!ran.ok) {
          results.push({ mode, cell, step: i, command: step.command, expected, error: ran.message, ok: false });
          continue;
        }
        prompts.set(session, ran.prompt);
        const actual = normalizeOutput(ran.output);
        const result: StepResult = { mode, cell, step: i, command: step.command, expected, actual, exitCode: ran.exitCode, ok: wrongPrompt === undefined && matchesExpected(expected, actual) };
        if (wrongPrompt !== undefined) result.prompt = wrongPrompt;
        results.push(result);
      }
    }
    await exercisesAt(chapter.cells.length);
  } finally {
    lab.dispose();
  }
  return results;
}
