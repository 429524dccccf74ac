/**
 * Browser tests of the site's two languages: the picker opens the twin chapter at the reader's
 * section, and a missing address gets its 404 page in the language of its path. Loaded by run.ts.
 */
import { join } from 'node:path';
import { check, close, openPage, RESULTS, test } from './harness.ts';
import type { PodbookPage } from './podbook-page.ts';
import type { SectionMap } from '../../src/scripts/lang-switch.ts';

const CHAPTER = '03-images';

async function sections(pb: PodbookPage): Promise<SectionMap> {
  const text = await pb.page.locator('script.pb-sections').first().textContent();
  return JSON.parse(text ?? '{}') as SectionMap;
}

/** Picks a language in the header's picker and waits for the twin page at `path`. */
async function switchTo(pb: PodbookPage, label: string, path: string): Promise<void> {
  await Promise.all([pb.page.waitForURL((url) => url.pathname === path), pb.page.locator('header starlight-lang-select select').selectOption({ label })]);
  await pb.page.waitForLoadState('load');
}

/** The page's fragment, decoded, and whether the heading it names is in the viewport below the header. */
async function landing(pb: PodbookPage): Promise<{ hash: string; inView: boolean }> {
  return pb.page.evaluate(() => {
    const hash = decodeURIComponent(location.hash.slice(1));
    const top = document.getElementById(hash)?.getBoundingClientRect().top;
    const header = document.querySelector('header.header')?.getBoundingClientRect().bottom ?? 0;
    return { hash, inView: top !== undefined && top >= header && top < innerHeight / 2 };
  });
}

test('switching language keeps the section: an English chapter opened at a section switches to 简体中文 at its twin heading, and back to English from where the reader scrolled', async () => {
  const pb = await openPage(`/en/${CHAPTER}/`);
  try {
    const map = await sections(pb);
    const en = map.sections['en'] ?? [];
    const zh = map.sections['zh-cn'] ?? [];
    check(en.length >= 6 && en.length === zh.length, `twin sections: ${en.length} English, ${zh.length} Chinese`);
    const i = 3;
    const j = en.length - 2;
    const enAt = (k: number) => (en[k] as { id: string }).id;
    const zhAt = (k: number) => (zh[k] as { id: string }).id;

    // Opened at a section (a link to it): the Chinese page opens at the twin section.
    await pb.goto(`/en/${CHAPTER}/#${encodeURIComponent(enAt(i))}`);
    await switchTo(pb, '简体中文', `/zh-cn/${CHAPTER}/`);
    let at = await landing(pb);
    check(at.hash === zhAt(i), `the address names the twin heading ${zhAt(i)}: #${at.hash}`);
    check(at.inView, `the twin heading ${zhAt(i)} is at the top of the viewport`);
    await pb.screenshot(join(RESULTS, 'language-switch-zh.png'));

    // Scrolled (no link) into the middle of a later section: English opens at that section.
    await pb.page.evaluate((id) => {
      document.getElementById(id)?.scrollIntoView();
      scrollBy(0, 150);
    }, zhAt(j));
    await pb.page.waitForTimeout(200);
    await switchTo(pb, 'English', `/en/${CHAPTER}/`);
    at = await landing(pb);
    check(at.hash === enAt(j), `the address names the twin heading ${enAt(j)}: #${at.hash}`);
    check(at.inView, `the twin heading ${enAt(j)} is at the top of the viewport`);
    await pb.screenshot(join(RESULTS, 'language-switch-en.png'));

    // At the top of the page, above every section: the twin page opens at its top, as before.
    await pb.page.evaluate(() => scrollTo(0, 0));
    await switchTo(pb, '简体中文', `/zh-cn/${CHAPTER}/`);
    const top = await pb.page.evaluate(() => location.hash);
    check(top === '', `no section to carry from the top of the page: ${decodeURIComponent(top)}`);
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

test('on a phone, the language picker in the menu keeps the section too', async () => {
  const pb = await openPage(`/en/${CHAPTER}/`, { viewport: { width: 375, height: 740 } });
  try {
    const map = await sections(pb);
    const k = 4;
    const en = (map.sections['en']?.[k] as { id: string }).id;
    const zh = (map.sections['zh-cn']?.[k] as { id: string }).id;
    await pb.page.evaluate((id) => {
      document.getElementById(id)?.scrollIntoView();
      scrollBy(0, 100);
    }, en);
    await pb.page.getByRole('button', { name: 'Menu' }).click();
    const picker = pb.page.locator('starlight-lang-select select:visible');
    await Promise.all([pb.page.waitForURL((url) => url.pathname === `/zh-cn/${CHAPTER}/`), picker.selectOption({ label: '简体中文' })]);
    await pb.page.waitForLoadState('load');
    const at = await landing(pb);
    check(at.hash === zh, `the address names the twin heading ${zh}: #${at.hash}`);
    check(at.inView, `the twin heading ${zh} is at the top of the viewport`);
    await pb.screenshot(join(RESULTS, 'language-switch-phone-zh.png'));
  } finally {
    await close(pb);
  }
});

const NOT_FOUND = [
  { path: '/en/03-imagez/', lang: 'en', title: 'Page not found', home: 'Go to the home page', other: '返回首页', locale: 'en', search: 'Search', picker: 'Select language' },
  { path: '/zh-cn/03-imagez/', lang: 'zh-CN', title: '页面未找到', home: '返回首页', other: 'Go to the home page', locale: 'zh-cn', search: '搜索', picker: '选择语言' },
];

for (const want of NOT_FOUND) {
  test(`a missing address (${want.path}) gets the 404 page in its language, linking to that home page`, async () => {
    const pb = await openPage(want.path);
    try {
      const page = pb.page;
      check((await page.locator('h1').textContent())?.trim() === want.title, `the title is ${want.title}: ${await page.locator('h1').textContent()}`);
      check((await page.title()).startsWith(want.title), `the document title: ${await page.title()}`);
      check((await page.evaluate(() => document.documentElement.lang)) === want.lang, `html lang is ${want.lang}`);
      const home = page.getByRole('link', { name: want.home });
      check(await home.isVisible(), `a visible link ${want.home}`);
      check((await page.getByRole('link', { name: want.other }).count()) === 0, `no link in the other language (${want.other})`);
      check((await page.locator('.pb-not-found:visible').count()) === 1, 'one language shows');
      // The header speaks it too (Starlight's labels, in that language).
      check((await page.getByRole('button', { name: want.search }).count()) === 1, `the search button is named ${want.search}`);
      check((await page.getByRole('combobox', { name: want.picker }).count()) === 1, `the language picker is named ${want.picker}`);
      const picked = await page.locator('header starlight-lang-select select').evaluate((s: HTMLSelectElement) => s.value);
      check(picked === `/${want.locale}/`, `the picker shows the page's language and offers home pages: ${picked}`);
      for (const theme of ['light', 'dark'] as const) {
        await pb.setTheme(theme);
        const violations = await pb.axeViolations();
        check(violations.length === 0, violations.map((v) => `${theme}: ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n'));
      }
      await pb.screenshot(join(RESULTS, `404-${want.locale}.png`));
      await Promise.all([page.waitForURL((url) => url.pathname === `/${want.locale}/`), home.click()]);
      check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
    } finally {
      await close(pb);
    }
  });
}
