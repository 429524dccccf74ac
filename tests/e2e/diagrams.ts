/**
 * Browser tests of the diagrams as a reader sees them: every chapter's diagrams on a desktop
 * (1280 px) and a phone (375 px), after the cells above each one ran (so live diagrams show the
 * lab's state there) and again after Run all. Measured with the page's real fonts: the smallest text
 * as displayed, text running out of its box or out of the picture, and on a phone either a figure
 * that fits the column or one that scrolls sideways with its hint showing. Screenshots, dark and
 * light, go to test-results/diagrams-page/. Loaded by run.ts.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtChapters, check, close, openPage, RESULTS, slug, test } from './harness.ts';
import type { PodbookPage } from './podbook-page.ts';

const OUT = join(RESULTS, 'diagrams-page');

export interface FigureReport {
  index: number;
  name: string;
  /** Smallest font size of any text as displayed, in CSS px. */
  minFont: number;
  /** Width the SVG is displayed at, and the width of the column it sits in. */
  shown: number;
  column: number;
  /** Whether the figure scrolls sideways, and whether its scroll hint is visible then. */
  scrolls: boolean;
  hint: boolean;
  /** Texts that run out of their box or out of the picture (with the real fonts). */
  overflows: string[];
}

/** Measures every diagram on the page (the one shown when a figure holds a wide and a narrow drawing). */
export async function measureDiagrams(pb: PodbookPage): Promise<FigureReport[]> {
  return pb.page.evaluate(() => {
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden';
    };
    return Array.from(document.querySelectorAll<HTMLElement>('.pb-diagram[data-diagram]')).map((figure, index) => {
      const svg = Array.from(figure.querySelectorAll<SVGSVGElement>('svg.pbd')).find(visible);
      const scroller = svg?.parentElement;
      const hint = figure.querySelector<HTMLElement>('.pb-diagram-hint');
      const report = {
        index,
        name: figure.dataset['diagram'] ?? '',
        minFont: Infinity,
        shown: svg ? svg.getBoundingClientRect().width : 0,
        column: figure.parentElement?.getBoundingClientRect().width ?? 0,
        scrolls: !!scroller && scroller.scrollWidth > scroller.clientWidth + 1,
        hint: !!hint && visible(hint),
        overflows: [] as string[],
      };
      if (!svg) return report;
      const box = svg.getBoundingClientRect();
      for (const text of Array.from(svg.querySelectorAll('text'))) {
        if (!text.textContent) continue;
        const scale = text.getScreenCTM()?.a ?? 1;
        report.minFont = Math.min(report.minFont, parseFloat(getComputedStyle(text).fontSize) * scale);
        const t = text.getBoundingClientRect();
        // The box a label belongs to: the first rect of its group, when the group draws one.
        const parent = text.parentElement;
        const holder = parent?.tagName === 'g' ? Array.from(parent.children).find((c) => c.tagName === 'rect') : undefined;
        const b = holder ? holder.getBoundingClientRect() : box;
        const slack = 1;
        if (t.left < b.left - slack || t.right > b.right + slack || t.top < b.top - slack || t.bottom > b.bottom + slack) {
          report.overflows.push(`"${text.textContent}" (${Math.round(t.left - box.left)}..${Math.round(t.right - box.left)} in ${Math.round(b.left - box.left)}..${Math.round(b.right - box.left)})`);
        }
      }
      return report;
    });
  });
}

async function shoot(pb: PodbookPage, tag: string, indexes: number[], names: string[]): Promise<void> {
  await pb.waitDiagramsSettled();
  for (const index of indexes) {
    const figure = pb.page.locator('.pb-diagram').nth(index);
    await figure.scrollIntoViewIfNeeded();
    for (const theme of ['dark', 'light'] as const) {
      await pb.setTheme(theme);
      await pb.page.waitForTimeout(100);
      await figure.screenshot({ path: join(OUT, `${tag}-${index}-${names[index]}-${theme}.png`) });
    }
  }
  await pb.setTheme('dark');
}

/** Problems of one measured figure: small text, text out of its box, a figure too wide that does not scroll, a scroller with no hint. */
export function judge(where: string, r: FigureReport): string[] {
  const out: string[] = [];
  const min = 12;
  if (r.minFont < min - 0.05) out.push(`${where} diagram ${r.index} (${r.name}): text shown at ${r.minFont.toFixed(1)} px (at least ${min})`);
  if (r.overflows.length) out.push(`${where} diagram ${r.index} (${r.name}): text out of its box: ${r.overflows.slice(0, 4).join('; ')}`);
  if (r.shown > r.column + 1 && !r.scrolls) out.push(`${where} diagram ${r.index} (${r.name}): ${Math.round(r.shown)} px wide in a ${Math.round(r.column)} px column, and it does not scroll`);
  if (r.scrolls && !r.hint) out.push(`${where} diagram ${r.index} (${r.name}): scrolls sideways with no hint`);
  return out;
}

test('diagrams read at the column width: desktop and phone, dark and light, after the cells above them and after Run all', async () => {
  mkdirSync(OUT, { recursive: true });
  const problems: string[] = [];
  for (const path of builtChapters('en', 'class="pb-diagram')) {
    for (const [device, width, height] of [['desktop', 1280, 900], ['phone', 375, 800]] as const) {
      const pb = await openPage(path, { viewport: { width, height } });
      try {
        const figures = await pb.diagramsBefore();
        const names = figures.map((f) => f.name);
        const n = await pb.cellCount();
        const tag = `${slug(path)}-${device}`;
        // Each diagram after the cells above it ran.
        for (const { index } of figures) {
          const above = await pb.page.evaluate((i) => {
            const fig = document.querySelectorAll('.pb-diagram')[i] as Element;
            return Array.from(document.querySelectorAll('.pb-cell[data-cell]')).filter((c) => c.compareDocumentPosition(fig) & Node.DOCUMENT_POSITION_FOLLOWING).length;
          }, index);
          if (above > 0) {
            await pb.clickRun(above - 1);
            await pb.waitSettled(above - 1);
          }
          await shoot(pb, `${tag}-at`, [index], names);
          for (const r of await measureDiagrams(pb)) if (r.index === index) problems.push(...judge(`${path} ${device} (cells above)`, r));
        }
        // And after every cell ran.
        if (n > 0) {
          await pb.clickRun(n - 1);
          await pb.waitSettled(n - 1);
        }
        await shoot(pb, `${tag}-end`, figures.map((f) => f.index), names);
        const reports = await measureDiagrams(pb);
        for (const r of reports) problems.push(...judge(`${path} ${device} (all cells)`, r));
        console.log(`  ${path} ${device}: ${reports.map((r) => `${r.name} ${Math.round(r.shown)}/${Math.round(r.column)} px, text ≥ ${r.minFont.toFixed(1)} px${r.scrolls ? ', scrolls' : ''}${r.overflows.length ? `, ${r.overflows.length} overflows` : ''}`).join('; ')}`);
        if (pb.errors.length > 0) problems.push(`${path} ${device}: page errors: ${pb.errors.join('; ')}`);
      } finally {
        await close(pb);
      }
    }
  }
  check(problems.length === 0, `${problems.length} problems:\n${problems.join('\n')}`);
});
