import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { doctest } from '../../doctest/run.ts';
import { readChapter } from '../../doctest/chapters.ts';

const FIXTURE = join(import.meta.dirname, '../../fixtures/doctest/exercises');
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(root: string): Promise<{ lines: string[]; passed: number; failed: number }> {
  const lines: string[] = [];
  const summary = await doctest({ root, update: false, modes: ['native', 'quickjs'], ci: false, log: (l) => lines.push(l) });
  return { lines, passed: summary.passed, failed: summary.failed };
}

/** The fixture chapter with one replacement made, in a folder of its own. */
function variant(from: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'podbook-ex-'));
  temp.push(dir);
  mkdirSync(join(dir, 'en'));
  const text = readFileSync(join(FIXTURE, 'en/index.mdx'), 'utf8');
  expect(text).toContain(from);
  writeFileSync(join(dir, 'en/index.mdx'), text.replace(from, to).replace("'../../../../../src", "'/src"));
  return dir;
}

describe('doc tests of exercises', () => {
  it('reads exercises apart from the cells, with their probes, comments and position', () => {
    const chapter = readChapter(join(FIXTURE, 'en/index.mdx'));
    expect(chapter.cells.map((c) => c.fence.index)).toEqual([1, 2]);
    expect(chapter.exercises.map((e) => [e.id, e.cellsBefore, e.probes.length, e.solution.length])).toEqual([
      ['write-note', 1, 2, 1],
      ['run-web', 2, 1, 1],
    ]);
    expect(chapter.exercises[1]?.probes[0]).toEqual({
      command: "docker inspect -f '{{.Config.Image}} {{.State.Status}}' web",
      expected: 'nginx:1.7.9 running',
      what: 'a container named web runs nginx:1.7.9',
    });
  });

  it('checks each exercise on a copy (checks fail first, pass after the solution) and leaves the lab alone', async () => {
    const out = await run(FIXTURE);
    expect(out.lines).toEqual([]);
    // 2 console steps and 2 exercises, in both modes
    expect([out.passed, out.failed]).toEqual([8, 0]);
  });

  it('fails an exercise whose solution does not satisfy its checks', async () => {
    const out = await run(variant('$ echo hello > /tmp/note', '$ echo bye > /tmp/note'));
    expect(out.failed).toBe(2);
    expect(out.lines[0]).toMatch(/^FAIL .*exercise write-note \(line 13\) \[native\]\n {2}probe "\/tmp\/note holds hello" fails after the solution; actual:\n {6}bye$/);
  });

  it('fails an exercise whose checks already pass before the solution', async () => {
    const out = await run(variant('$ echo ready > /tmp/state', '$ echo ready > /tmp/state; echo hello > /tmp/note'));
    expect(out.lines.some((l) => l.includes('exercise write-note') && l.includes('every probe already passes before the solution'))).toBe(true);
  });
});
