/**
 * Screenshots of every diagram in light and dark mode, for a person to look at: each diagram is
 * drawn from a few lab states (a busy lab, one with long names and addresses, a fresh lab, no lab),
 * set in a column as wide as a chapter's on a desktop (632 px) and, for the diagrams that reflow,
 * on a phone (343 px), with Starlight's colour variables, and photographed in Debian's chromium.
 *
 *   npx node tests/diagrams/screenshots.ts [diagram-name]   # writes test-results/diagrams/*.png
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DIAGRAMS, NARROW, REFLOWS, renderDiagram, WIDE, type DiagramName, type Locale } from '../../diagrams/index.ts';
import { createLab } from '../../simulator/index.ts';
import { LONG, seededLab } from './helpers.ts';

const OUT = 'test-results/diagrams';
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// Starlight's colour variables (`:root` dark, `[data-theme='light']` light), as the site has them.
const props = readFileSync('node_modules/@astrojs/starlight/dist/style/props.css', 'utf8');

const BUSY = [
  'docker run -d -p 8080:80 --name web httpd',
  "docker exec web sh -c 'echo hi > /usr/local/apache2/htdocs/index.html'",
  'docker volume create myvol',
  'mkdir /root/site',
  'docker run -d --name site -v /root/site:/usr/local/apache2/htdocs:ro -v myvol:/data httpd',
  'docker network create --driver bridge --subnet 172.10.10.0/24 --gateway 172.10.10.1 net2',
  'docker run -d --name c1 --network net2 --ip 172.10.10.10 --cpu-shares 512 progrium/stress --cpu 1',
  'docker run -d --name c2 --cpu-shares 2048 progrium/stress --cpu 1',
];

/** A lab run through `lines`, keeping going past a command this version does not simulate yet. */
function labOf(lines: readonly string[]): ReturnType<typeof createLab> {
  const lab = createLab('docker');
  for (const line of lines) lab.run(line);
  lab.advance(5_000);
  return lab;
}

const states: [string, () => unknown][] = [
  ['busy', () => labOf(BUSY).view()],
  ['long', () => labOf(LONG).view()],
  ['web', () => seededLab(['docker run -d -p 8080:80 --name web httpd']).view()],
  ['fresh', () => createLab('docker').view()],
  ['none', () => undefined],
];

const only = process.argv[2];
mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 700, height: 700 } });
let count = 0;
for (const [label, make] of states) {
  const state = make() as Parameters<typeof renderDiagram>[1];
  for (const name of Object.keys(DIAGRAMS) as DiagramName[]) {
    if (only && name !== only) continue;
    for (const locale of ['en', 'zh-cn'] as Locale[]) {
      if (label !== 'busy' && locale === 'zh-cn') continue;
      for (const [device, width, column] of [['desktop', WIDE, 632], ['phone', NARROW, 343]] as const) {
        if (device === 'phone' && !REFLOWS.has(name)) continue;
        const svg = renderDiagram(name, state, { locale, width });
        for (const theme of ['light', 'dark']) {
          await page.setContent(`<!doctype html><html data-theme="${theme}" lang="${locale}"><head><meta charset="utf-8"><style>${props} body{background:var(--sl-color-bg);margin:8px} div{width:${column}px} svg{display:block;max-width:100%;height:auto}</style></head><body><div>${svg}</div></body></html>`);
          await page.locator('svg').screenshot({ path: join(OUT, `${name}.${label}.${device}.${locale}.${theme}.png`) });
          count++;
        }
      }
    }
  }
}
await browser.close();
console.log(`diagrams: ${count} screenshots in ${OUT}/`);
