/** How the parity run turns chapters into scenarios, and how it reads a terminal's screen. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chapterScenarios } from '../../parity/chapters.ts';
import { firstDifference } from '../../parity/lab-pair.ts';
import { screenText } from '../../parity/terminal-screen.ts';

const FENCE = '```';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A content folder with one chapter per language: `{ en: text, 'zh-cn': text }`. */
function content(chapters: Record<string, string>): string[] {
  const root = mkdtempSync(join(tmpdir(), 'podbook-parity-chapters-'));
  dirs.push(root);
  return Object.entries(chapters).map(([lang, text]) => {
    mkdirSync(join(root, lang, '01-x'), { recursive: true });
    writeFileSync(join(root, lang, '01-x', 'index.mdx'), text);
    return join(root, lang);
  });
}

const chapter = (title: string, listing: string): string => `---
title: ${title}
lab: docker
seed: 3
---

${FENCE}console
$ docker run -it --name box busybox sh
/ # hostname
box
${FENCE}

${FENCE}console session=host
$ ${listing}
${FENCE}

${FENCE}text title="notes.txt"
hello
${FENCE}

${FENCE}console
/ # exit
${FENCE}
`;

describe('chapter scenarios', () => {
  it('runs a translation with the same cells once, and one that differs in a command on its own', () => {
    const [en, zh] = content({ en: chapter('One', 'docker ps'), 'zh-cn': chapter('一', 'docker ps') });
    const same = chapterScenarios([en as string, zh as string]);
    expect(same.scenarios.map((s) => s.name)).toHaveLength(1);
    expect(Object.values(same.sameAs)).toEqual([same.scenarios[0]?.name]);
    const [en2, zh2] = content({ en: chapter('One', 'docker ps'), 'zh-cn': chapter('一', 'docker ps -a') });
    expect(chapterScenarios([en2 as string, zh2 as string]).scenarios).toHaveLength(2);
  });

  it('keeps each line in its terminal and in order, with file cells done to both labs', () => {
    const [en] = content({ en: chapter('One', 'docker ps') });
    const steps = chapterScenarios([en as string]).scenarios[0]?.steps ?? [];
    expect(steps.map((s) => ('compare' in s ? `${s.session ?? 'main'}: ${s.compare}` : 'both' in s ? `both: ${s.both}` : '?'))).toEqual([
      'main: docker run -it --name box busybox sh',
      'main: hostname',
      'host: docker ps',
      'both: file notes.txt',
      'main: exit',
    ]);
  });
});

describe('screenText', () => {
  it('applies the cursor moves a pull on a terminal makes, leaving the last of each line', () => {
    const real = '7: Pulling from library/centos\r\n\r\n\x1b[1A\x1b[2K\r37ca: Downloading  20MB/81MB\r\x1b[1B\x1b[1A\x1b[2K\r37ca: Pull complete \r\x1b[1BDigest: sha256:0c\r\n';
    expect(screenText(real)).toBe(screenText('7: Pulling from library/centos\r\n37ca: Pull complete \r\nDigest: sha256:0c\r\n'));
    expect(screenText(real)).toBe('7: Pulling from library/centos\r\n37ca: Pull complete \r\nDigest: sha256:0c\r\n');
  });

  it('keeps any other escape sequence as it is', () => {
    expect(screenText('a\x1b[31mred\x1b[0m\r\n')).toBe('a\x1b[31mred\x1b[0m\r\n');
  });
});

describe('firstDifference', () => {
  it('names the path of the first difference between two labs’ states', () => {
    expect(firstDifference({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toBe('a.b.1: 2 / 3');
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeUndefined();
  });
});
