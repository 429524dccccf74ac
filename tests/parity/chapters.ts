/**
 * Every chapter as a parity scenario: its cells run in order on both labs, and each plain `docker`
 * command (nothing interactive, no shell syntax, typed at the host's prompt) is compared with the
 * real client; everything else (file cells, other commands, lines typed inside a container) is done
 * to both labs alike so they stay twins.
 */
import { fileCellContent } from '../../src/markdown/cells.ts';
import { findChapters, readChapter } from '../doctest/chapters.ts';
import type { Scenario, ScenarioStep } from './lab-pair.ts';

export function chapterScenarios(dir = 'content/en'): Scenario[] {
  const out: Scenario[] = [];
  for (const file of findChapters(dir)) {
    const chapter = readChapter(file);
    if (!chapter.lab) continue;
    const steps: ScenarioStep[] = [];
    for (const cell of chapter.cells) {
      if (cell.kind === 'file') {
        const content = fileCellContent(cell.fence.body);
        steps.push({ both: `file ${cell.path}`, apply: (lab) => lab.writeFile(cell.path, content, cell.host) });
        continue;
      }
      for (const step of cell.steps) {
        const options = { ...(cell.host ? { host: cell.host } : {}), ...(cell.session ? { session: cell.session } : {}) };
        if (cell.host || cell.session) steps.push({ both: step.command, apply: (lab) => void lab.run(step.command, options) });
        else steps.push({ compare: step.command });
      }
    }
    out.push({ name: chapter.name.replace(/^content\//, '').replace(/\/index\.mdx$/, '').replace(/\.mdx$/, ''), lab: chapter.lab, seed: chapter.seed, steps });
  }
  return out;
}
