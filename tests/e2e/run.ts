/**
 * Podbook's browser tests: the built site (dist/) served on 127.0.0.1, driven in Debian's chromium
 * through playwright-core. Run `npm run build` first; `npm run test:e2e` runs these. Screenshots go
 * to test-results/. The last line is `N passed, N failed (T s)`; the exit code is non-zero on a
 * failure. `node tests/e2e/run.ts WORDS` runs only the tests whose name contains WORDS. The tests of
 * exercises, terminals, diagrams and languages are in exercises.ts, terminals.ts, diagrams.ts and
 * languages.ts (loaded below).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { BrowserContextOptions } from 'playwright-core';
import { browser, builtChapters, check, close, DIST, openPage, RESULTS, runTests, server, slug, test } from './harness.ts';
import { EN, solveExercise } from './exercise-steps.ts';
import { PodbookPage } from './podbook-page.ts';

const CHAPTER = '/en/02-docker-basics/';

function openChapter(options: BrowserContextOptions = {}): Promise<PodbookPage> {
  return openPage(CHAPTER, options);
}

/** Describes how each step of a cell differs from its expected output (empty when all match). */
async function differences(pb: PodbookPage, index: number): Promise<string[]> {
  const out: string[] = [];
  for (const step of await pb.outputs(index)) {
    if (step.actual === null) out.push(`$ ${step.command}: no output shown`);
    else if (step.actual !== step.expected) out.push(`$ ${step.command}\n    expected: ${JSON.stringify(step.expected)}\n    actual:   ${JSON.stringify(step.actual)}`);
  }
  return out;
}

test('the chapter reads fully without JavaScript', async () => {
  const pb = await openChapter({ javaScriptEnabled: false });
  try {
    const n = await pb.cellCount();
    check(n >= 5, `expected the chapter to have cells, found ${n}`);
    check((await pb.statuses()).every((s) => s === 'idle'), 'every cell starts idle');
    const shown = await pb.page.locator('.pb-expected:not(.pb-empty)').count();
    check(shown > 0, 'expected outputs are visible without JavaScript');
    check((await pb.cell(0).getByRole('button', { name: 'Run' }).count()) === 1, 'cell 0 has a button named Run');
  } finally {
    await close(pb);
  }
});

test('the page loads no sandbox before the reader runs something', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(server.url + CHAPTER, { waitUntil: 'load' });
  const atLoad = [...requested];
  await context.close();
  const sandbox = atLoad.filter((u) => /worker|\.wasm|simulator\.js|quickjs/i.test(u));
  check(sandbox.length === 0, `sandbox files requested before any Run: ${sandbox.join(', ')}`);
  const js = atLoad.filter((u) => u.endsWith('.js')).map((u) => readFileSync(join(DIST, new URL(u).pathname)));
  const gzip = js.reduce((sum, b) => sum + gzipSync(b).length, 0);
  console.log(`  page JS before the first Run: ${js.length} files, ${gzip} bytes gzip`);
  check(gzip < 40_000, `page JS before the first Run is ${gzip} bytes gzip (limit 40000)`);
});

/**
 * Screenshots, in dark and light mode, the diagrams placed before cell `before` (every one left when
 * undefined) that were not taken yet: each shows the lab as the cells above it left it.
 */
async function shootDiagrams(pb: PodbookPage, path: string, taken: Set<number>, before?: number): Promise<string[]> {
  const due = await pb.diagramsBefore(before);
  const fresh = due.filter((d) => !taken.has(d.index));
  if (fresh.length === 0) return [];
  await pb.waitDiagramsSettled();
  const problems: string[] = [];
  for (const { index, name } of fresh) {
    taken.add(index);
    const figure = pb.page.locator('.pb-diagram').nth(index);
    await figure.scrollIntoViewIfNeeded();
    for (const theme of ['dark', 'light'] as const) {
      await pb.setTheme(theme);
      await pb.page.waitForTimeout(150);
      await figure.screenshot({ path: join(RESULTS, `diagram-${slug(path)}-${index}-${name}-${theme}.png`) });
    }
    await pb.setTheme('dark');
    // A figure holds a desktop and a phone drawing when its diagram reflows; one of them shows.
    const svg = await figure.locator('svg.pbd:visible').count();
    if (svg !== 1) problems.push(`${path} diagram ${index} (${name}) shows ${svg} drawings`);
  }
  return problems;
}

/**
 * Each exercise placed before cell `before` (every one left when undefined) not done yet: Check
 * fails naming what is missing, the solution typed in its terminal makes it pass, and the lab is
 * put back for the cells after it.
 */
async function solveExercises(pb: PodbookPage, path: string, done: Set<number>, before?: number): Promise<string[]> {
  const problems: string[] = [];
  for (const { index, name } of await pb.placedBefore('.pb-exercise', 'exercise', before)) {
    if (done.has(index)) continue;
    done.add(index);
    problems.push(...(await solveExercise(pb, path, name, EN, true)));
  }
  return problems;
}

test('every chapter in order: each cell prints its expected output, each exercise fails Check then passes after its solution, each diagram is shot after its cells, axe finds nothing serious', async () => {
  const problems: string[] = [];
  const chapters = builtChapters('en', 'data-cell=');
  check(chapters.includes(CHAPTER), `${CHAPTER} is among the built chapters: ${chapters.join(', ')}`);
  let diagrams = 0;
  let exercises = 0;
  for (const path of chapters) {
    const pb = await openPage(path);
    try {
      const n = await pb.cellCount();
      const taken = new Set<number>();
      const solved = new Set<number>();
      for (let i = 0; i < n; i++) {
        problems.push(...(await shootDiagrams(pb, path, taken, i)));
        problems.push(...(await solveExercises(pb, path, solved, i)));
        await pb.clickRun(i);
        const status = await pb.waitSettled(i);
        const diff = await differences(pb, i);
        if (status !== 'ok' || diff.length > 0) problems.push(`${path} cell ${i}: ${status}\n  ${diff.join('\n  ')}`);
        if (path === CHAPTER && i === 5) await pb.screenshot(join(RESULTS, 'chapter-running-dark.png'));
      }
      problems.push(...(await shootDiagrams(pb, path, taken)));
      problems.push(...(await solveExercises(pb, path, solved)));
      diagrams += taken.size;
      exercises += solved.size;
      await pb.screenshot(join(RESULTS, `${slug(path)}-after-run-dark.png`));
      // Accessibility of the chapter as the reader leaves it: outputs, passed exercises, live diagrams.
      let axe = 0;
      for (const theme of ['light', 'dark'] as const) {
        await pb.setTheme(theme);
        const violations = await pb.axeViolations();
        axe += violations.length;
        problems.push(...violations.map((v) => `${path} (${theme}): ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`));
      }
      console.log(`  ${path}: ${n} cells, ${solved.size} exercises, ${taken.size} diagrams, ${axe} axe violations`);
      if (pb.errors.length > 0) problems.push(`${path}: page errors: ${pb.errors.join('; ')}`);
    } finally {
      await close(pb);
    }
  }
  console.log(`  ${exercises} exercises solved; ${diagrams} diagrams shot in dark and light mode into test-results/diagram-*.png`);
  check(exercises > 0, 'the chapters have exercises');
  check(problems.length === 0, `${problems.length} problems:\n${problems.join('\n')}`);
});

test('running a later cell first runs the cells above it', async () => {
  const pb = await openChapter();
  try {
    const n = await pb.cellCount();
    const k = Math.min(4, n - 1);
    await pb.clickRun(k);
    await pb.waitSettled(k);
    const statuses = await pb.statuses();
    check(statuses.slice(0, k + 1).every((s) => s !== 'idle' && s !== 'running'), `cells 0..${k} all ran: ${statuses.join(',')}`);
    check(statuses.slice(k + 1).every((s) => s === 'idle'), `cells after ${k} stay idle: ${statuses.join(',')}`);
    check(statuses.slice(0, k + 1).every((s) => s === 'ok'), `cells 0..${k} are ok: ${statuses.join(',')}`);
  } finally {
    await close(pb);
  }
});

test('Reset lab puts every cell back and the lab starts afresh', async () => {
  const pb = await openChapter();
  try {
    await pb.clickRun(3);
    await pb.waitSettled(3);
    await pb.resetLab();
    check((await pb.statuses()).every((s) => s === 'idle'), 'all cells idle after reset');
    check((await pb.page.locator('.pb-actual').count()) === 0, 'no actual output left after reset');
    await pb.clickRun(3);
    const status = await pb.waitSettled(3);
    check(status === 'ok', `cell 3 after a reset is ${status}: ${(await differences(pb, 3)).join('\n')}`);
  } finally {
    await close(pb);
  }
});

test('Reset lab while a cell runs: every cell goes back to idle, the page says so, and the lab runs again', async () => {
  const pb = await openChapter();
  try {
    await pb.runAll();
    // Mid-run: some cells done, one running.
    await pb.page.waitForFunction(
      () => document.querySelectorAll('.pb-cell[data-cell][data-status="ok"]').length >= 2 && document.querySelector('.pb-cell[data-cell][data-status="running"]') !== null,
      undefined,
      { timeout: 90_000 },
    );
    await pb.resetLab();
    await pb.page.waitForTimeout(1500);
    check((await pb.statuses()).every((s) => s === 'idle'), `every cell stays idle after the reset: ${(await pb.statuses()).join(',')}`);
    const said = await pb.page.locator('.pb-notebook-state').textContent();
    check(said === 'The lab was reset.', `the page says so: ${said}`);
    await pb.clickRun(4);
    const status = await pb.waitSettled(4);
    check(status === 'ok', `cell 4 after the reset is ${status}: ${(await differences(pb, 4)).join('\n')}`);
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

test('a second click while a cell waits or runs does not run it twice', async () => {
  const pb = await openChapter();
  try {
    // Cell 4 creates a container named app: running it twice would fail with a name conflict.
    await pb.runButton(4).dblclick();
    await pb.waitSettled(4);
    await pb.page.waitForTimeout(1500);
    const status = await pb.status(4);
    check(status === 'ok', `cell 4 after a double click is ${status}: ${(await differences(pb, 4)).join('\n')}`);
  } finally {
    await close(pb);
  }
});

test('Ctrl+Enter runs the focused cell', async () => {
  const pb = await openChapter();
  try {
    await pb.cell(0).locator('.pb-cell-body').focus();
    await pb.page.keyboard.press('Control+Enter');
    const status = await pb.waitSettled(0);
    check(status === 'ok', `cell 0 after Ctrl+Enter is ${status}`);
    check((await pb.status(1)) === 'idle', 'the next cell did not run');
  } finally {
    await close(pb);
  }
});

test('Run all runs every cell, and again from a fresh lab', async () => {
  const pb = await openChapter();
  try {
    for (let round = 1; round <= 2; round++) {
      await pb.runAll();
      // Wait for this round's work to start (round 2 first resets every cell from round 1's ok), then to settle.
      if (round === 1) await pb.page.waitForFunction(() => document.querySelector('.pb-cell[data-cell]')?.getAttribute('data-status') !== 'idle');
      else await pb.page.waitForFunction(() => Array.from(document.querySelectorAll('.pb-cell[data-cell]')).some((el) => el.getAttribute('data-status') !== 'ok'));
      const statuses = await pb.waitAllSettled();
      const bad = statuses.map((s, i) => [s, i] as const).filter(([s]) => s !== 'ok');
      check(bad.length === 0, `round ${round}: cells not ok: ${bad.map(([s, i]) => `${i}=${s}`).join(', ')}`);
    }
  } finally {
    await close(pb);
  }
});

test('Run all clicked again mid-run starts over and ends with every cell ok', async () => {
  const pb = await openChapter();
  try {
    await pb.runAll();
    await pb.waitSettled(1);
    await pb.runAll();
    const statuses = await pb.waitAllSettled();
    const bad = statuses.map((s, i) => [s, i] as const).filter(([s]) => s !== 'ok');
    check(bad.length === 0, `cells not ok: ${bad.map(([s, i]) => `${i}=${s}`).join(', ')}`);
  } finally {
    await close(pb);
  }
});

test('a differing output is marked', async () => {
  const pb = await openChapter();
  try {
    await pb.setExpected(0, 'this is not what docker prints');
    await pb.clickRun(0);
    const status = await pb.waitSettled(0);
    check(status === 'mismatch', `cell 0 with a wrong expected output is ${status}`);
    const diff = pb.cell(0).locator('.pb-diff');
    check(await diff.isVisible(), 'the expected/actual view is shown');
    check((await diff.locator('del').count()) > 0 && (await diff.locator('ins').count()) > 0, 'changed lines are marked');
    const label = await pb.cell(0).locator('.pb-cell-state').textContent();
    check(label === 'Output differs from the expected output', `status text: ${label}`);
    await pb.cell(0).scrollIntoViewIfNeeded();
    await pb.screenshot(join(RESULTS, 'cell-mismatch-dark.png'));
  } finally {
    await close(pb);
  }
});

/** A console cell's HTML, shaped as the remark plugin renders it (tests/markdown checks that shape). */
function consoleCellHtml(command: string, expected: string): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return (
    '<div class="pb-cell not-content" data-cell="console" data-status="idle"><div class="pb-cell-head"><span class="pb-cell-title">console</span>' +
    '<span class="pb-cell-state" role="status"></span><button type="button" class="pb-run" data-action="run">Run</button></div>' +
    `<div class="pb-cell-body" tabindex="0"><div class="pb-step" data-command="${esc(command)}" data-prompt="$"><pre class="pb-cmd">$ ${esc(command)}</pre>` +
    `<pre class="pb-out pb-expected">${esc(expected)}</pre></div></div></div>`
  );
}

/** Opens the chapter with extra cells put at the top of its content. */
async function openChapterWith(extraHtml: string): Promise<PodbookPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**' + CHAPTER, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('<div class="sl-markdown-content">', `<div class="sl-markdown-content">${extraHtml}`);
    await route.fulfill({ response, body });
  });
  const pb = new PodbookPage(page, server.url);
  await pb.goto(CHAPTER);
  return pb;
}

test('a file cell writes its file on the lab host before the cells after it run', async () => {
  const pb = await openChapterWith(
    '<div class="pb-cell pb-file-cell" data-cell="file" data-status="idle" data-path="notes/hello.txt" data-content="hello from a file cell">' +
      '<div class="pb-cell-head"><span class="pb-cell-title">File notes/hello.txt</span><span class="pb-cell-state" role="status"></span>' +
      '<button type="button" class="pb-run" data-action="write">Write file</button></div><pre><code>hello from a file cell</code></pre></div>' +
      consoleCellHtml('cat notes/hello.txt', 'hello from a file cell'),
  );
  try {
    await pb.clickRun(1);
    const status = await pb.waitSettled(1);
    check((await pb.status(0)) === 'ok', `the file cell is ${await pb.status(0)}`);
    check(status === 'ok', `the cell reading the file is ${status}: ${(await differences(pb, 1)).join('\n')}`);
  } finally {
    await close(pb);
  }
});

test('a runaway command ends in an error the reader can read, and the lab goes on', async () => {
  const pb = await openChapterWith(consoleCellHtml('while true; do :; done', '') + consoleCellHtml('echo still here', 'still here'));
  try {
    await pb.clickRun(0);
    const status = await pb.waitSettled(0);
    // Whichever stops it first: the shell's step budget (an ordinary result with its message) or,
    // on a slow machine, the sandbox's deadline (an error).
    if (status === 'error') {
      const message = await pb.cell(0).locator('.pb-error').textContent();
      check(/^podbook: command stopped: it ran longer than \d+ s/.test(message ?? ''), `error message: ${message}`);
    } else {
      check(status === 'mismatch', `the runaway cell is ${status}`);
      const actual = (await differences(pb, 0)).join('\n');
      check(actual.includes('podbook: command stopped: too many steps'), `the runaway cell says why it stopped: ${actual}`);
    }
    await pb.clickRun(1);
    const next = await pb.waitSettled(1);
    check(next === 'ok', `the next cell after the error is ${next}: ${(await differences(pb, 1)).join('\n')}`);
    await pb.cell(0).scrollIntoViewIfNeeded();
    await pb.screenshot(join(RESULTS, 'cell-error.png'));
  } finally {
    await close(pb);
  }
});

test('the Chinese chapter runs the same cells with its own labels', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const pb = new PodbookPage(await context.newPage(), server.url);
  try {
    await pb.goto('/zh-cn/02-docker-basics/');
    check((await pb.cellCount()) >= 5, 'the Chinese chapter has cells');
    await pb.clickRun(2);
    const status = await pb.waitSettled(2);
    check(status === 'ok', `cell 2 is ${status}: ${(await differences(pb, 2)).join('\n')}`);
    const label = await pb.cell(2).locator('.pb-cell-state').textContent();
    check(label === '输出与预期一致', `status text: ${label}`);
    check((await pb.page.getByRole('button', { name: '全部运行' }).count()) === 1, 'Run all is labelled in Chinese');
    // A space after Chinese punctuation shows as a gap (between the bar's two sentences, at a wrapped line of the chapter).
    const gaps = await pb.page.evaluate(() =>
      Array.from(document.querySelectorAll('.pb-notebook-intro, .sl-markdown-content p, .sl-markdown-content li'))
        .map((el) => {
          const prose = el.cloneNode(true) as HTMLElement;
          prose.querySelectorAll('code, kbd').forEach((c) => c.replaceWith('x'));
          return (prose.textContent ?? '').replace(/\s+/g, ' ');
        })
        .filter((t) => /[。，；：）] /.test(t)),
    );
    check(gaps.length === 0, `no gap after Chinese punctuation:\n${gaps.join('\n')}`);
    const violations = await pb.axeViolations();
    check(violations.length === 0, violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n'));
  } finally {
    await context.close();
  }
});

test('on a phone, the home page offers the language picker (it has no sidebar menu): choosing 简体中文 opens the Chinese home page', async () => {
  const pb = await openPage('/en/', { viewport: { width: 375, height: 740 } });
  try {
    const picker = pb.page.getByRole('combobox', { name: 'Select language' });
    check(await picker.isVisible(), 'the language picker shows in the header');
    await Promise.all([pb.page.waitForURL('**/zh-cn/'), picker.selectOption({ label: '简体中文' })]);
    check(await pb.page.getByRole('button', { name: '全部运行' }).isVisible(), 'the Chinese home page opened');
    check(await pb.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the header fits the phone');
  } finally {
    await close(pb);
  }
});

test('search finds a command in the chapters', async () => {
  const pb = await openChapter();
  try {
    await pb.goto('/en/');
    // The button opens the dialog once Starlight's search element has loaded: a click before that does nothing.
    for (let i = 0; i < 10 && !(await pb.page.locator('dialog[open]').count()); i++) {
      await pb.page.getByRole('button', { name: 'Search' }).click();
      await pb.page.locator('dialog[open]').waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await pb.page.locator('dialog input').fill('container prune');
    const result = pb.page.locator('dialog a[href*="02-docker-basics"]').first();
    await result.waitFor({ timeout: 15_000 });
    check(await result.isVisible(), 'a search result links to the Docker basics chapter');
  } finally {
    await close(pb);
  }
});

for (const theme of ['dark', 'light'] as const) {
  test(`no serious or critical axe violations (${theme} mode)`, async () => {
    const pb = await openChapter({ colorScheme: theme });
    try {
      await pb.setTheme(theme);
      await pb.setExpected(2, 'not this');
      await pb.clickRun(2);
      await pb.waitSettled(2);
      await pb.cell(0).scrollIntoViewIfNeeded();
      await pb.screenshot(join(RESULTS, `chapter-${theme}.png`));
      const violations = await pb.axeViolations();
      await pb.goto('/en/');
      await pb.screenshot(join(RESULTS, `home-${theme}.png`));
      violations.push(...(await pb.axeViolations()));
      check(violations.length === 0, violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n'));
    } finally {
      await close(pb);
    }
  });
}

// The other test files register their tests when loaded (after these, so the order stays).
await import('./exercises.ts');
await import('./terminals.ts');
await import('./diagrams.ts');
await import('./languages.ts');
process.exit(await runTests(process.argv[2]));
