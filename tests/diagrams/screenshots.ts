/**
 * Screenshots of every diagram in light and dark mode, for a person to look at: each diagram is
 * drawn from a few lab states (a fresh lab, a busy one, no lab), set in a page with Starlight's
 * colour variables, and photographed in Debian's chromium.
 *
 *   npx node tests/diagrams/screenshots.ts        # writes test-results/diagrams/*.png
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DIAGRAMS, renderDiagram, type DiagramName, type Locale } from '../../diagrams/index.ts';
import { createLab } from '../../simulator/index.ts';
import { seededLab } from './helpers.ts';

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

/** The busy lab, keeping going past a command this version does not simulate yet. */
function busyLab(): ReturnType<typeof createLab> {
  const lab = createLab('docker');
  for (const line of BUSY) lab.run(line);
  lab.advance(5_000);
  return lab;
}

const states: [string, () => unknown][] = [
  ['busy', () => busyLab().view()],
  ['web', () => seededLab(['docker run -d -p 8080:80 --name web httpd']).view()],
  ['fresh', () => createLab('docker').view()],
  ['none', () => undefined],
];

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
let count = 0;
for (const [label, make] of states) {
  const state = make() as Parameters<typeof renderDiagram>[1];
  for (const name of Object.keys(DIAGRAMS) as DiagramName[]) {
    for (const locale of ['en', 'zh-cn'] as Locale[]) {
      if (label !== 'busy' && locale === 'zh-cn') continue;
      const svg = renderDiagram(name, state, { locale });
      for (const theme of ['light', 'dark']) {
        await page.setContent(`<!doctype html><html data-theme="${theme}" lang="${locale}"><head><meta charset="utf-8"><style>${props} body{background:var(--sl-color-bg);margin:8px}</style></head><body>${svg}</body></html>`);
        await page.locator('svg').screenshot({ path: join(OUT, `${name}.${label}.${locale}.${theme}.png`) });
        count++;
      }
    }
  }
}
await browser.close();
console.log(`diagrams: ${count} screenshots in ${OUT}/`);
