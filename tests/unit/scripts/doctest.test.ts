import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { doctest, type DoctestOptions } from '../../doctest/run.ts';
import { fences, readChapter } from '../../doctest/chapters.ts';
import { unifiedDiff } from '../../doctest/diff.ts';
import { matchesExpected } from '../../doctest/placeholders.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/doctest');
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(root: string, extra: Partial<DoctestOptions> = {}): Promise<{ lines: string[]; passed: number; failed: number; updatedBlocks: number }> {
  const lines: string[] = [];
  const summary = await doctest({ root, update: false, modes: ['native', 'quickjs'], ci: false, log: (l) => lines.push(l), ...extra });
  return { lines, ...summary };
}

describe('doc tests', () => {
  it('passes a chapter whose outputs match, natively and in QuickJS', async () => {
    const out = await run(join(FIXTURES, 'passing'));
    expect(out.lines).toEqual([]);
    // 8 console steps, each checked in both modes
    expect([out.passed, out.failed]).toEqual([16, 0]);
  });

  it('reports a mismatch with the file, block, step, command and a unified diff', async () => {
    const out = await run(join(FIXTURES, 'failing'), { modes: ['native'] });
    expect([out.passed, out.failed]).toEqual([1, 2]);
    expect(out.lines[0]).toBe(
      [
        'FAIL tests/fixtures/doctest/failing/en/index.mdx: block 1 (line 6), step 1 [native]',
        '  $ echo actual',
        '  --- expected',
        '  +++ actual',
        '  @@ -1,1 +1,1 @@',
        '  -expected',
        '  +actual',
      ].join('\n'),
    );
  });

  it('--update rewrites only the expected output of mismatching steps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podbook-doctest-'));
    temp.push(dir);
    cpSync(join(FIXTURES, 'failing'), dir, { recursive: true });
    const file = join(dir, 'en/index.mdx');
    const before = readFileSync(file, 'utf8');
    const out = await run(dir, { update: true });
    expect(out.updatedBlocks).toBe(2);
    expect(out.failed).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(before.replace('$ echo actual\nexpected\n', '$ echo actual\nactual\n').replace('$ echo two\nuno\n', '$ echo two\ntwo\n'));
    expect(await run(dir)).toMatchObject({ failed: 0, passed: 6 });
  });

  it('leaves an up-to-date chapter byte-identical under --update', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podbook-doctest-'));
    temp.push(dir);
    cpSync(join(FIXTURES, 'passing'), dir, { recursive: true });
    const file = join(dir, 'en/01-basics/index.mdx');
    const before = readFileSync(file, 'utf8');
    expect(await run(dir, { update: true, modes: ['native'] })).toMatchObject({ updatedBlocks: 0, failed: 0 });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('chapter parsing', () => {
  it('reads frontmatter, cells in order and their meta', () => {
    const chapter = readChapter(join(FIXTURES, 'passing/en/01-basics/index.mdx'));
    expect(chapter.lab).toBe('docker');
    expect(chapter.seed).toBe(3);
    expect(chapter.cells.map((c) => c.kind)).toEqual(['console', 'file', 'console', 'console', 'console']);
    expect(chapter.cells[1]).toMatchObject({ kind: 'file', path: 'greet.sh' });
    expect(chapter.cells[3]).toMatchObject({ kind: 'console', session: 'second' });
    expect(chapter.cells[4]).toMatchObject({ kind: 'console', host: 'localhost' });
  });

  it('finds fences of either kind, indented up to three spaces, and longer closers', () => {
    const found = fences(['  ````console', '  $ echo `x`', '  ```', '  ````', '~~~yaml title="a b.yaml"', 'k: v', '~~~'].join('\n'));
    expect(found.map((f) => [f.lang, f.body, f.meta])).toEqual([
      ['console', '$ echo `x`\n```', {}],
      ['yaml', 'k: v', { title: 'a b.yaml' }],
    ]);
  });
});

describe('comparison helpers', () => {
  it('matches exactly unless a documented placeholder is used', () => {
    expect(matchesExpected('a\nb', 'a\nb')).toBe(true);
    expect(matchesExpected('a.b', 'axb')).toBe(false);
    const version = [{ token: '<v>', pattern: '\\d+\\.\\d+', why: 'test' }];
    expect(matchesExpected('Podbook <v> (x)', 'Podbook 1.2 (x)', version)).toBe(true);
    expect(matchesExpected('Podbook <v> (x)', 'Podbook one (x)', version)).toBe(false);
  });

  it('writes unified diffs as diff -u does', () => {
    expect(unifiedDiff('a\nb\nc', 'a\nx\nc')).toBe('--- expected\n+++ actual\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c');
    const long = (n: number): string => Array.from({ length: n }, (_, i) => String(i + 1)).join('\n');
    expect(unifiedDiff(long(12), long(12).replace('\n6\n', '\nsix\n') + '\n13')).toBe(
      ['--- expected', '+++ actual', '@@ -3,10 +3,11 @@', ' 3', ' 4', ' 5', '-6', '+six', ' 7', ' 8', ' 9', ' 10', ' 11', ' 12', '+13'].join('\n'),
    );
  });
});

describe('doc tests of prompts', () => {
  it('fail a full prompt that is not the one the lab shows, and --update writes the real one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podbook-doctest-'));
    temp.push(dir);
    cpSync(join(FIXTURES, 'prompt'), dir, { recursive: true });
    const before = await run(dir, { modes: ['native'] });
    expect(before.lines.some((l) => l.includes('the prompt before this command is `/ #`, not the one written'))).toBe(true);
    await run(dir, { update: true, modes: ['native'] });
    const after = readFileSync(join(dir, 'en/index.mdx'), 'utf8');
    // The full prompt is corrected; `#` stands for any prompt and stays.
    expect(after).toContain('\n/ # hostname\n');
    expect(after).toContain('\n# exit\n');
    expect(await run(dir, { modes: ['native'] })).toMatchObject({ failed: 0 });
  });
});
