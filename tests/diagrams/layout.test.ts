/**
 * Layout rules of every diagram, at the width a reader sees it: a drawing as wide as the chapter's
 * column on a desktop (and a phone's, for diagrams that reflow), text at 12.5 px or more there, no
 * text out of its box (by the same width estimates the layouts use), and long values (names,
 * addresses, paths, ids) drawn whole and named in the text alternative.
 */
import { describe, expect, it } from 'vitest';
import { DIAGRAMS, NARROW, REFLOWS, renderDiagram, WIDE, type DiagramName } from '../../diagrams/index.ts';
import type { LabState } from '../../diagrams/shared/lab.ts';
import { wrap } from '../../diagrams/shared/text.ts';
import { createLab } from '../../simulator/index.ts';
import { descOf, LONG, seededLab, WEB } from './helpers.ts';
import { drawnTexts, overflow } from './svg-tree.ts';

const NAMES = Object.keys(DIAGRAMS) as DiagramName[];

function longLab(): LabState {
  const lab = seededLab(LONG);
  lab.advance(2_000);
  return lab.view();
}

const STATES: [string, () => LabState][] = [
  ['long names', longLab],
  ['web', () => seededLab(WEB).view()],
  ['fresh', () => createLab('docker').view()],
  ['no lab', () => undefined],
];

/** The long values each diagram draws from the long-names lab, each of which must be whole. */
const VALUES: Record<DiagramName, string[]> = {
  'docker-architecture': ['a-really-long-container-name-for-the-api-gateway', 'static-assets-server-production', 'registry.example.com:5000/platform-team/httpd-custom:2.4.62-bookworm', 'httpd:latest'],
  'image-layers': ['static-assets-server-production', '/usr/local/apache2/htdocs/index.html'],
  'network-models': ['a-really-long-container-name-for-the-api-gateway', 'backend-services-network-eu-west', '192.168.100.200/24', '192.168.100.0/24', '192.168.100.1', '192.168.100.200:80', '192.168.81.10:18080', 'static-assets-server-production', '172.17.0.2/16'],
  storage: ['static-assets-server-production', '/srv/www/example.com/public_html/assets', '/var/lib/docker/volumes/application-data-volume-with-a-long-name/_data', '/usr/local/apache2/htdocs/assets', '/var/lib/application/data', 'volume application-data-volume-with-a-long-name'],
  'namespaces-cgroups': ['static-assets-server-production', 'a-really-long-container-name-for-the-api-gateway', 'user:[4026531837]', 'ipc:[4026531839]'],
};

/** Where an ellipsis is part of what is drawn, not a value cut short. */
function allowedEllipsis(name: DiagramName, text: string, boxId: string): boolean {
  // A short id as Docker prints it; an inode the lab does not model; a count not known yet.
  if (/[0-9a-f]{12}…/.test(text) || text.includes(':[…]') || text.includes('(…)')) return true;
  return name === 'image-layers' && /-layer-\d+-/.test(boxId); // a build step's prose, cut after its lines
}

describe.each(NAMES)('%s', (name) => {
  const widths = REFLOWS.has(name) ? [WIDE, NARROW] : [WIDE];
  for (const [stateName, make] of STATES) {
    it(`is as wide as the column, with text of 12.5 px or more inside its boxes (${stateName})`, () => {
      const state = make();
      for (const width of widths) {
        for (const locale of ['en', 'zh-cn'] as const) {
          const svg = renderDiagram(name, state, { width, locale });
          const drawn = drawnTexts(svg);
          expect(drawn.width, `${width} ${locale}`).toBe(width);
          // Drawn 1:1 in a column at least as wide: a text's size is its size on the screen.
          expect(svg).toContain(` width="${width}"`);
          const small = drawn.texts.filter((t) => t.size < 12.5).map((t) => `${t.content} (${t.size} px)`);
          expect(small, `${width} ${locale}`).toEqual([]);
          const out = drawn.texts.map(overflow).filter(Boolean);
          expect(out, `${width} ${locale}`).toEqual([]);
          const cut = drawn.texts.filter((t) => t.content.includes('…') && !allowedEllipsis(name, t.content, t.boxId)).map((t) => t.content);
          expect(cut, `${width} ${locale}`).toEqual([]);
        }
      }
    });
  }

  it('draws long names, addresses and paths whole, and names them in its text alternative', () => {
    const state = longLab();
    for (const width of widths) {
      const svg = renderDiagram(name, state, { width });
      const texts = drawnTexts(svg).texts.map((t) => t.content);
      // A wrapped value reads whole across its lines: joined where it broke (inside a word, or at a space).
      const joined = [texts.join(''), texts.join(' ')];
      for (const value of VALUES[name]) {
        expect(joined.some((j) => j.includes(value)), `${value} drawn at ${width}`).toBe(true);
        expect(descOf(svg), `${value} in the text alternative`).toContain(value.replace(/^volume /, ''));
      }
    }
  });
});

describe('wrap', () => {
  it('keeps every character, breaking at spaces, then after a slash, then anywhere', () => {
    const path = '/var/lib/docker/volumes/application-data-volume-with-a-long-name/_data';
    const lines = wrap(path, 200, 12.5, true);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(path);
    expect(lines[0]?.endsWith('/')).toBe(true);
    expect(wrap('eth0 172.17.0.2/16 veth40bb7ea', 150, 12.5, true)).toEqual(['eth0 172.17.0.2/16', 'veth40bb7ea']);
    expect(wrap('a b c', 300, 12.5)).toEqual(['a b c']);
    // A word longer than a line starts on the line it follows, and reads whole across the break.
    const digest = 'ADD file:8f997234193c2f5e1b53d1e0d40df1b92c9d1a2b3c4d5e6f7a8b9c0d1e2f3a4b in /';
    const rows = wrap(digest, 334, 12.5, true);
    expect(rows[0]?.startsWith('ADD file:8f99')).toBe(true);
    expect(rows.join('')).toContain('file:8f997234193c2f5e1b53d1e0d40df1b92c9d1a2b3c4d5e6f7a8b9c0d1e2f3a4b');
  });

  it('cuts prose after its last allowed line with an ellipsis', () => {
    const lines = wrap('RUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl', 250, 12.5, true, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith('…')).toBe(true);
  });
});
