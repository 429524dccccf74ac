import { describe, expect, it } from 'vitest';
import { localeOfPathname, readingSection, sectionsOf, twinSection, type SectionMap } from '../../../src/scripts/lang-switch.ts';

const map: SectionMap = {
  locale: 'en',
  sections: {
    en: [
      { depth: 2, id: 'bootfs-rootfs-and-the-kernel' },
      { depth: 2, id: 'layers-and-copy-on-write' },
      { depth: 3, id: 'whiteouts' },
      { depth: 2, id: 'docker-hub' },
    ],
    'zh-cn': [
      { depth: 2, id: 'bootfsrootfs-与内核' },
      { depth: 2, id: '镜像层与写时复制' },
      { depth: 3, id: '删除标记' },
      { depth: 2, id: 'docker-hub' },
    ],
  },
};

describe('twinSection', () => {
  it('maps a heading to the heading at the same place on the twin page, both ways', () => {
    expect(twinSection(map, 'zh-cn', 'layers-and-copy-on-write')).toBe('镜像层与写时复制');
    expect(twinSection(map, 'zh-cn', 'whiteouts')).toBe('删除标记');
    expect(twinSection({ ...map, locale: 'zh-cn' }, 'en', '删除标记')).toBe('whiteouts');
    expect(twinSection({ ...map, locale: 'zh-cn' }, 'en', 'bootfsrootfs-与内核')).toBe('bootfs-rootfs-and-the-kernel');
  });

  it('gives nothing for an unknown heading, locale, or a twin whose structure differs there', () => {
    expect(twinSection(map, 'zh-cn', 'no-such-heading')).toBeUndefined();
    expect(twinSection(map, 'fr', 'whiteouts')).toBeUndefined();
    const shorter: SectionMap = { locale: 'en', sections: { en: map.sections['en'] ?? [], 'zh-cn': [{ depth: 2, id: 'a' }, { depth: 3, id: 'b' }] } };
    expect(twinSection(shorter, 'zh-cn', 'docker-hub')).toBeUndefined();
    expect(twinSection(shorter, 'zh-cn', 'layers-and-copy-on-write')).toBeUndefined();
    expect(twinSection(shorter, 'zh-cn', 'bootfs-rootfs-and-the-kernel')).toBe('a');
  });
});

describe('sectionsOf', () => {
  it('keeps the levels the table of contents lists, in page order', () => {
    const headings = [
      { depth: 1, slug: 'title' },
      { depth: 2, slug: 'a' },
      { depth: 4, slug: 'a-detail' },
      { depth: 3, slug: 'b' },
      { depth: 2, slug: 'c' },
    ];
    expect(sectionsOf(headings)).toEqual([
      { depth: 2, id: 'a' },
      { depth: 3, id: 'b' },
      { depth: 2, id: 'c' },
    ]);
    expect(sectionsOf(headings, 2, 2).map((s) => s.id)).toEqual(['a', 'c']);
  });
});

describe('readingSection', () => {
  const placed = [
    { id: 'a', top: -900 },
    { id: 'b', top: -200 },
    { id: 'c', top: 300 },
    { id: 'd', top: 1400 },
  ];

  it('is the last heading at or above the line under the header', () => {
    expect(readingSection(placed, '', 120, 900)).toBe('b');
    expect(readingSection(placed, '', 320, 900)).toBe('c');
    expect(readingSection([{ id: 'a', top: 500 }], '', 120, 900)).toBeUndefined();
  });

  it('is the heading the address names while it is on screen, else where the reader scrolled', () => {
    expect(readingSection(placed, 'c', 120, 900)).toBe('c');
    expect(readingSection(placed, 'd', 120, 900)).toBe('b');
    expect(readingSection(placed, 'a', 120, 900)).toBe('b');
  });
});

describe('localeOfPathname', () => {
  it('reads the locale prefix of a path', () => {
    expect(localeOfPathname('/zh-cn/03-images/', ['en', 'zh-cn'])).toBe('zh-cn');
    expect(localeOfPathname('/en/', ['en', 'zh-cn'])).toBe('en');
    expect(localeOfPathname('/fr/03-images/', ['en', 'zh-cn'])).toBeUndefined();
    expect(localeOfPathname('/', ['en', 'zh-cn'])).toBeUndefined();
  });
});
