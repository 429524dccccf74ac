/**
 * Every chapter as a parity scenario: its cells run in order on both labs, and each plain `docker`
 * command (no shell syntax beyond what command-line.ts sends, typed at the host's prompt) is
 * compared with the real client, and so is a terminal session (`docker run -it`, `exec -it`,
 * `attach`) whose lines, up to its `exit`, are in the same cell; everything else (file cells,
 * other commands) is done to both labs alike so they stay twins.
 */
import { fileCellContent } from '../../src/markdown/cells.ts';
import { findChapters, readChapter } from '../doctest/chapters.ts';
import { opensTerminal, type Scenario, type ScenarioStep } from './lab-pair.ts';


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
      for (let i = 0; i < cell.steps.length; i++) {
        const step = cell.steps[i]!;
        const options = { ...(cell.host ? { host: cell.host } : {}), ...(cell.session ? { session: cell.session } : {}) };
        if (cell.host || cell.session) {
          steps.push({ both: step.command, apply: (lab) => void lab.run(step.command, options) });
          continue;
        }
        const end = opensTerminal(step.command) ? cell.steps.findIndex((s, k) => k > i && /^exit( \d+)?$/.test(s.command.trim())) : -1;
        if (end > i) {
          steps.push({ interactive: step.command, input: cell.steps.slice(i + 1, end + 1).map((s) => s.command) });
          i = end;
        } else steps.push({ compare: step.command });
      }
    }
    out.push({ name: chapter.name.replace(/^content\//, '').replace(/\/index\.mdx$/, '').replace(/\.mdx$/, ''), lab: chapter.lab, seed: chapter.seed, steps });
  }
  return out;
}
