/**
 * A line break inside a Chinese sentence shows as a space on the page (browsers keep the break
 * between two Han characters as a space), so the Chinese chapters keep each sentence on one line:
 * no break between two Chinese characters, and none right after Chinese punctuation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ZH = resolve(import.meta.dirname, '../../content/zh-cn');
const HAN = /[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—]/u;
const ENDS_HAN = new RegExp(`${HAN.source}(\\*\\*|\\*|\\))?$`, 'u');
const STARTS_HAN = new RegExp(`^(\\*\\*|\\*|\\[)?${HAN.source}`, 'u');
const ENDS_PUNCTUATION = /[。，、；：！？）」』】”](\*\*|\*)?$/u;
/** Lines that begin a block of their own, where a break is needed. */
const BLOCK_START = /^([-*] |\d+\. |#|\||<|>)/;

function mdxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? mdxFiles(join(dir, d.name)) : d.name.endsWith('.mdx') ? [join(dir, d.name)] : []));
}

/** Line numbers (1-based) of the prose lines that continue a Chinese sentence broken on the line before. */
export function brokenSentences(text: string): number[] {
  const lines = text.split('\n');
  const out: number[] = [];
  let fence = false;
  let frontmatter = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (frontmatter < 2) {
      if (line.trim() === '---') frontmatter++;
      continue;
    }
    if (line.startsWith('```')) {
      fence = !fence;
      continue;
    }
    const prev = lines[i - 1] ?? '';
    const next = line.trim();
    if (fence || prev.trim() === '' || next === '' || prev.startsWith('```') || BLOCK_START.test(next) || /^\s*[#|<]/.test(prev)) continue;
    if ((ENDS_HAN.test(prev) && STARTS_HAN.test(next)) || ENDS_PUNCTUATION.test(prev)) out.push(i + 1);
  }
  return out;
}

describe('Chinese chapters', () => {
  it('finds a sentence broken between two Chinese characters or after Chinese punctuation', () => {
    expect(brokenSentences('---\ntitle: 标题。\nlab: docker\n---\n\n设置容器的\n环境变量。\n\n第一句，\n`code` 第二句。\n\n- 一项\n- 二项\n')).toEqual([7, 10]);
  });

  for (const file of mdxFiles(ZH)) {
    it(`${file.slice(ZH.length + 1)} keeps each sentence on one line`, () => {
      expect(brokenSentences(readFileSync(file, 'utf8'))).toEqual([]);
    });
  }
});
