/**
 * Browser tests of exercises and terminals, on the exercise fixture chapter served at `--base`
 * (a dev server or a preview that includes it) with its page path, and the terminal page:
 *
 *   node tests/e2e/exercises.ts --base http://127.0.0.1:4321 --chapter /en/99-exercise-fixture/
 *
 * Screenshots of the exercise and the terminal in light and dark go to test-results/.
 * The last line is `N passed, N failed`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { PodbookPage } from './podbook-page.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, chapter: { type: 'string', default: '/en/99-exercise-fixture/' } } });
const BASE = values.base ?? 'http://127.0.0.1:4321';
const CHAPTER = values.chapter as string;
const RESULTS = join(resolve(import.meta.dirname, '../..'), 'test-results');
mkdirSync(RESULTS, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
let passed = 0;
let failed = 0;

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function open(path: string): Promise<PodbookPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  const pb = new PodbookPage(page, BASE);
  await pb.goto(path);
  return pb;
}

/** Types a line into a terminal (xterm's hidden textarea) and waits until the lab answered. */
async function type(page: Page, terminal: string, text: string, enter = true): Promise<void> {
  await page.locator(`${terminal} .xterm-helper-textarea`).focus();
  await page.keyboard.type(text);
  if (!enter) return;
  await page.keyboard.press('Enter');
  await page.waitForTimeout(100);
  await page.waitForFunction((sel) => !document.querySelector<HTMLElement>(sel)?.dataset['busy'], terminal, { timeout: 60_000 });
}

async function screen(page: Page, terminal: string): Promise<string> {
  return page.evaluate((sel) => {
    const rows = document.querySelectorAll(`${sel} .xterm-rows > div`);
    return Array.from(rows).map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  }, terminal);
}

async function ready(page: Page, terminal: string): Promise<void> {
  await page.locator(terminal).scrollIntoViewIfNeeded();
  await page.waitForSelector(`${terminal}[data-live] .xterm-helper-textarea`, { timeout: 90_000 });
}

async function checkExercise(page: Page, ex: string): Promise<string> {
  await page.locator(`${ex} button`, { hasText: 'Check' }).first().click();
  await page.waitForFunction((sel) => ['passed', 'failed'].includes(document.querySelector<HTMLElement>(sel)?.dataset['status'] ?? ''), ex, { timeout: 90_000 });
  return (await page.locator(ex).getAttribute('data-status')) ?? '';
}

async function test(name: string, body: () => Promise<void>): Promise<void> {
  const started = performance.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n  ${e instanceof Error ? e.message : String(e)}`);
  }
}

const EX = '.pb-exercise[data-exercise="write-note"]';
const TERM = `${EX} .pb-terminal`;

await test('Check fails on a fresh lab, naming what is missing, then passes after the reader types the solution', async () => {
  const pb = await open(CHAPTER);
  const { page } = pb;
  check((await checkExercise(page, EX)) === 'failed', 'Check on a fresh lab should fail');
  const missing = await page.locator(`${EX} .pb-ex-probe[data-result="failed"]`).allTextContents();
  check(missing.some((m) => m.includes('/tmp/note holds hello')), `the failing probe names what is missing (got ${JSON.stringify(missing)})`);
  await ready(page, TERM);
  await type(page, TERM, 'echo hello > /tmp/note');
  check((await checkExercise(page, EX)) === 'passed', 'Check after the solution should pass');
  // Typing in the terminal ran the cell above it first.
  check((await pb.status(0)) === 'ok', 'the cell above the exercise ran first');
  for (const theme of ['dark', 'light'] as const) {
    await pb.setTheme(theme);
    await page.waitForTimeout(200);
    await page.locator(EX).screenshot({ path: join(RESULTS, `exercise-${theme}.png`) });
  }
  // A done exercise is remembered.
  await page.reload({ waitUntil: 'load' });
  check((await page.locator(EX).getAttribute('data-done')) === 'true', 'a passed exercise is remembered after a reload');
  await page.context().close();
});

await test('Check never changes the lab', async () => {
  const pb = await open(CHAPTER);
  const { page } = pb;
  await checkExercise(page, EX);
  const ex2 = '.pb-exercise[data-exercise="run-web"]';
  await checkExercise(page, ex2);
  await pb.clickRun(1);
  check((await pb.waitSettled(1)) === 'ok', 'the cell after the exercise sees the lab without the note');
  await page.context().close();
});

const PAGE_TERM = '.pb-terminal-full';
await test('the terminal page runs a command, completes a container name with Tab, and Ctrl+C drops the line', async () => {
  const pb = await open('/en/terminal/');
  const { page } = pb;
  await ready(page, PAGE_TERM);
  await type(page, PAGE_TERM, 'docker run -d --name webserver nginx:1.7.9');
  await type(page, PAGE_TERM, 'docker inspect -f {{.State.Status}} webse', false);
  await page.keyboard.press('Tab');
  await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').replace(/\u00a0/g, ' ').includes('{{.State.Status}} webserver '), PAGE_TERM, { timeout: 90_000 });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  await page.waitForFunction((sel) => !document.querySelector<HTMLElement>(sel)?.dataset['busy'], PAGE_TERM);
  const text = await screen(page, PAGE_TERM);
  check(/webserver\s*\nrunning\n/.test(text), `Tab completed the name and the command ran:\n${text}`);
  await type(page, PAGE_TERM, 'echo never', false);
  await page.keyboard.press('Control+C');
  await page.waitForTimeout(200);
  const after = await screen(page, PAGE_TERM);
  check(after.includes('echo never^C') && !after.includes('\nnever'), `Ctrl+C dropped the line:\n${after}`);
  for (const theme of ['dark', 'light'] as const) {
    await pb.setTheme(theme);
    await page.waitForTimeout(200);
    await page.locator(PAGE_TERM).screenshot({ path: join(RESULTS, `terminal-${theme}.png`) });
  }
  await page.context().close();
});

await test('a flood of output is capped with a message', async () => {
  const pb = await open('/en/terminal/');
  const { page } = pb;
  await ready(page, PAGE_TERM);
  await type(page, PAGE_TERM, 'seq 1 7000 || for i in $(seq 7000); do echo $i; done');
  let text = await screen(page, PAGE_TERM);
  if (!text.includes('7000')) {
    await type(page, PAGE_TERM, "yes | head -n 7000");
    text = await screen(page, PAGE_TERM);
  }
  const truncated = await page.evaluate(
    (sel) => (document.querySelector(sel) as HTMLElement).dataset['truncated'] === 'true',
    PAGE_TERM,
  );
  check(truncated, `the terminal said the output was truncated:\n${text}`);
  await page.context().close();
});

await test('a reload keeps the lab: a container started before it is still in docker ps', async () => {
  const pb = await open('/en/terminal/');
  const { page } = pb;
  await ready(page, PAGE_TERM);
  await type(page, PAGE_TERM, 'docker run -d --name keeper nginx:1.7.9');
  await page.waitForTimeout(300);
  await page.reload({ waitUntil: 'load' });
  check((await page.locator('.pb-notebook').getAttribute('data-persist')) === 'restored', 'the page says the lab was restored');
  await ready(page, PAGE_TERM);
  await type(page, PAGE_TERM, "docker ps --format '{{.Names}}'");
  const text = await screen(page, PAGE_TERM);
  check(/\nkeeper\n/.test(text), `keeper is still running after the reload:\n${text}`);
  // History came back too: Up recalls the last command.
  await page.keyboard.press('ArrowUp');
  await page.waitForTimeout(200);
  check((await screen(page, PAGE_TERM)).includes("# docker ps --format '{{.Names}}'\n"), 'history survives');
  await page.context().close();
});

await test('a corrupt saved lab resets cleanly with a message', async () => {
  const pb = await open('/en/terminal/');
  const { page } = pb;
  await page.evaluate(() => localStorage.setItem('podbook:lab:v1:/en/terminal/:docker:1', '{"version":1,"snapshot":"not a lab","cells":[],"history":[]}'));
  await page.reload({ waitUntil: 'load' });
  await ready(page, PAGE_TERM);
  await page.waitForFunction(() => document.querySelector<HTMLElement>('.pb-notebook')?.dataset['persist'] === 'corrupt', undefined, { timeout: 60_000 });
  const message = await page.locator('.pb-notebook-state').textContent();
  check(message?.includes('could not be read'), `the message shows (got ${message})`);
  await type(page, PAGE_TERM, 'docker ps -q | wc -l');
  check((await screen(page, PAGE_TERM)).includes('wc -l\n0'), 'the lab started afresh');
  await page.evaluate(() => localStorage.setItem('podbook:lab:v1:/en/terminal/:docker:1', '{oops'));
  await page.reload({ waitUntil: 'load' });
  check((await page.locator('.pb-notebook').getAttribute('data-persist')) === 'corrupt', 'unreadable JSON is reported too');
  await page.context().close();
});

await test('the home page shows a chapter\'s progress once its cells ran', async () => {
  const pb = await open('/en/02-docker-basics/');
  const { page } = pb;
  await pb.clickRun(0);
  await pb.waitSettled(0);
  await page.waitForTimeout(500);
  await pb.goto('/en/');
  const badge = page.locator('a[href="/en/02-docker-basics/"] + .pb-progress');
  await badge.waitFor({ timeout: 10_000 });
  const text = await badge.textContent();
  check(/^1 of \d+ done$/.test(text ?? ''), `progress badge says how far (got ${text})`);
  await page.context().close();
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
