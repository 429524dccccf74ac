/** The home page of each locale links every chapter of that locale, so a reader can find them all there. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONTENT = resolve(import.meta.dirname, '../../content');

describe('home pages', () => {
  for (const locale of ['en', 'zh-cn']) {
    it(`${locale} links every chapter`, () => {
      const home = readFileSync(join(CONTENT, locale, 'index.mdx'), 'utf8');
      const chapters = readdirSync(join(CONTENT, locale), { withFileTypes: true })
        .filter((d) => d.isDirectory() && /^\d+-/.test(d.name))
        .map((d) => d.name);
      expect(chapters.length).toBeGreaterThan(0);
      expect(chapters.filter((c) => !home.includes(`](/${locale}/${c}/)`))).toEqual([]);
    });
  }
});
