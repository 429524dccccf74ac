/**
 * Every chapter as a parity scenario: its cells run in order on both labs, so each command meets
 * the lab as the chapter has left it. A `docker` line the real client can run (command-line.ts),
 * typed at a host's prompt in any of the chapter's terminals (`session=`), is compared with the
 * real client; a line that opens a terminal (`docker run -it`, `exec -it`, `attach`) is run by the
 * real client in a terminal of its own, which stays open across cells until the chapter leaves it,
 * the lines typed into it compared as the terminal shows them; file cells and every other line
 * are done to both labs alike, so they stay twins. Each exercise's solution and checks are
 * compared on copies of both labs at the point where the reader meets the exercise.
 *
 * Chapters in every language are read; a translation whose cells are the same as another
 * chapter's (commands, files, terminals, exercises) is the same scenario and runs once.
 */
import { fileCellContent } from '../../src/markdown/cells.ts';
import { createLab } from '../../simulator/index.ts';
import { findChapters, readChapter, type Chapter } from '../doctest/chapters.ts';
import type { Scenario, ScenarioStep } from './lab-pair.ts';

export const CHAPTER_DIRS = ['content/en', 'content/zh-cn'];

export interface ChapterScenarios {
  scenarios: Scenario[];
  /** Chapters whose cells are those of a scenario already listed: name → that scenario's name. */
  sameAs: Record<string, string>;
}

/** `content/zh-cn/03-images/index.mdx` → `zh-cn/03-images`. */
export function scenarioName(chapter: Chapter): string {
  return chapter.name.replace(/^content\//, '').replace(/\/index\.mdx$/, '').replace(/\.mdx$/, '');
}

/** The chapter's steps, and what identifies them (every line, file and terminal, in order). */
export function chapterSteps(chapter: Chapter, defaultHost: string): { steps: ScenarioStep[]; key: string } {
  const steps: ScenarioStep[] = [];
  const key: unknown[] = [chapter.lab, chapter.seed];
  const exercisesAt = (position: number): void => {
    for (const exercise of chapter.exercises) {
      if (exercise.cellsBefore !== position) continue;
      // As the doc test checks it: the solution, then the checks, in the main terminal.
      const lines = [...exercise.solution.map((s) => s.command), ...exercise.probes.map((p) => p.command)];
      steps.push({ exercise: exercise.id, steps: lines.map((compare) => ({ compare })) });
      key.push({ exercise: exercise.id, lines });
    }
  };
  for (const [position, cell] of chapter.cells.entries()) {
    exercisesAt(position);
    if (cell.kind === 'file') {
      const content = fileCellContent(cell.fence.body);
      steps.push({ both: `file ${cell.path}`, apply: (lab) => lab.writeFile(cell.path, content, cell.host) });
      key.push({ file: cell.path, host: cell.host, content });
      continue;
    }
    const session = cell.session ?? 'main';
    const options = { ...(cell.host ? { host: cell.host } : {}), ...(cell.session ? { session: cell.session } : {}) };
    for (const step of cell.steps) {
      key.push({ session, host: cell.host, line: step.command });
      // The served lab gives the real client the default host's engine only.
      if (cell.host && cell.host !== defaultHost) steps.push({ both: step.command, apply: (lab) => void lab.run(step.command, options) });
      else steps.push({ compare: step.command, ...(session !== 'main' ? { session } : {}) });
    }
  }
  exercisesAt(chapter.cells.length);
  return { steps, key: JSON.stringify(key) };
}

export function chapterScenarios(dirs = CHAPTER_DIRS): ChapterScenarios {
  const scenarios: Scenario[] = [];
  const sameAs: Record<string, string> = {};
  const byKey = new Map<string, string>();
  const defaultHosts = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of findChapters(dir)) {
      const chapter = readChapter(file);
      if (!chapter.lab) continue;
      let defaultHost = defaultHosts.get(chapter.lab);
      if (defaultHost === undefined) defaultHosts.set(chapter.lab, (defaultHost = createLab(chapter.lab).definition.defaultHost));
      const name = scenarioName(chapter);
      const { steps, key } = chapterSteps(chapter, defaultHost);
      const first = byKey.get(key);
      if (first !== undefined) {
        sameAs[name] = first;
        continue;
      }
      byKey.set(key, name);
      scenarios.push({ name, lab: chapter.lab, seed: chapter.seed, steps });
    }
  }
  return { scenarios, sameAs };
}
