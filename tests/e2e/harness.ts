/**
 * What Podbook's browser test files share: the built site (dist/) served on 127.0.0.1, one Debian
 * chromium driven through playwright-core, a list of tests and the loop that runs them. `run.ts`
 * registers its tests, loads the other test files, then runs them all.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions } from 'playwright-core';
import { serveStatic } from './server.ts';
import { PodbookPage } from './podbook-page.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist');
export const RESULTS = join(ROOT, 'test-results');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

if (!existsSync(join(DIST, 'en', '02-docker-basics', 'index.html'))) {
  console.error('tests/e2e: dist/ has no built chapter; run `npm run build` first.');
  process.exit(1);
}
mkdirSync(RESULTS, { recursive: true });

export const server = await serveStatic(DIST);
export const browser: Browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

export class Failed extends Error {}
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Failed(message);
}

const tests: { name: string; fn: () => Promise<void> }[] = [];
export function test(name: string, fn: () => Promise<void>): void {
  tests.push({ name, fn });
}

/** A fresh browser context on `path` (dark, 1280x900 unless told); page errors are logged and kept in `pb.errors`. */
export async function openPage(path: string, options: BrowserContextOptions = {}): Promise<PodbookPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark', ...options });
  const page = await context.newPage();
  const pb = new PodbookPage(page, server.url);
  page.on('pageerror', (error) => {
    pb.errors.push(error.message);
    console.error(`  page error: ${error.message}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) console.error(`  HTTP ${r.status()}: ${r.url()}`);
  });
  await pb.goto(path);
  return pb;
}

export async function close(pb: PodbookPage): Promise<void> {
  await pb.page.context().close();
}

/** Built chapters of a locale whose HTML contains `marker`, e.g. `/en/02-docker-basics/`. */
export function builtChapters(locale: 'en' | 'zh-cn', marker: string): string[] {
  return readdirSync(join(DIST, locale), { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d+-/.test(d.name))
    .map((d) => d.name)
    .filter((name) => {
      const file = join(DIST, locale, name, 'index.html');
      return existsSync(file) && readFileSync(file, 'utf8').includes(marker);
    })
    .sort()
    .map((name) => `/${locale}/${name}/`);
}

/** A file name for a page path: `/en/02-docker-basics/` → `en-02-docker-basics`. */
export function slug(path: string): string {
  return path.split('/').filter(Boolean).join('-');
}

/** Runs the registered tests (those whose name contains `only`, when given); returns the exit code. */
export async function runTests(only?: string): Promise<number> {
  let passed = 0;
  let failed = 0;
  const started = performance.now();
  for (const { name, fn } of tests) {
    if (only && !name.includes(only)) continue;
    const t0 = performance.now();
    try {
      await fn();
      passed++;
      console.log(`ok   ${name} (${Math.round(performance.now() - t0)} ms)`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${name}\n  ${error instanceof Failed ? error.message.replace(/\n/g, '\n  ') : (error as Error).stack}`);
    }
  }
  await browser.close();
  await server.close();
  console.log(`${passed} passed, ${failed} failed (${Math.round((performance.now() - started) / 1000)} s)`);
  return failed === 0 ? 0 : 1;
}
