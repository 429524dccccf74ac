/** Every diagram: renders from a seeded, a fresh and a missing lab; accessible; deterministic; snapshot. */
import { describe, expect, it } from 'vitest';
import { DIAGRAMS, renderDiagram, type DiagramName } from '../../diagrams/index.ts';
import { createLab } from '../../simulator/index.ts';
import { checkSnapshot, descOf, seededLab, WEB } from './helpers.ts';

const NAMES = Object.keys(DIAGRAMS) as DiagramName[];

describe.each(NAMES)('%s', (name) => {
  it('renders from a seeded lab, a fresh lab and no lab, with a text alternative', () => {
    const states = [seededLab(WEB).view(), createLab('docker').view(), undefined, null];
    for (const state of states) {
      for (const locale of ['en', 'zh-cn'] as const) {
        const svg = renderDiagram(name, state, { locale });
        expect(svg.startsWith('<svg ')).toBe(true);
        expect(svg).toMatch(/ role="img"/);
        expect(svg).toMatch(/ tabindex="0"/);
        expect(svg).toMatch(new RegExp(`aria-labelledby="${name}-title ${name}-desc"`));
        expect(svg).toMatch(new RegExp(`<title id="${name}-title">[^<]+</title>`));
        expect(descOf(svg).length).toBeGreaterThan(20);
        expect(svg).not.toMatch(/NaN|undefined|\[object Object\]/);
      }
    }
  });

  it('is the same SVG for the same state, and the state is not changed by drawing it', () => {
    const a = seededLab(WEB);
    const b = seededLab(WEB);
    const before = a.snapshot();
    expect(renderDiagram(name, a.view())).toBe(renderDiagram(name, b.view()));
    expect(a.snapshot()).toBe(before);
  });

  it('prefixes every id with the id option, and ids are unique', () => {
    const svg = renderDiagram(name, seededLab(WEB).view(), { id: 'fig-2' });
    const ids = [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1] as string);
    expect(ids.length).toBeGreaterThan(2);
    for (const id of ids) expect(id.startsWith('fig-2-')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses only theme classes for colour (no literal colours outside the stylesheet)', () => {
    const svg = renderDiagram(name, seededLab(WEB).view());
    const body = svg.replace(/<style>[\s\S]*?<\/style>/, '');
    expect(body).not.toMatch(/(fill|stroke)="#|(fill|stroke)="(rgb|hsl)/);
  });

  it('matches its snapshot (seeded lab) and its static model (no lab)', () => {
    expect(checkSnapshot(`${name}.seeded`, renderDiagram(name, seededLab(WEB).view()))).toBeUndefined();
    expect(checkSnapshot(`${name}.static`, renderDiagram(name, undefined))).toBeUndefined();
  });
});
