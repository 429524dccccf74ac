/**
 * Browser tests of the chapters' exercises, on the built site (loaded by run.ts). Exercises are
 * found on the pages, not listed here: every `<Exercise>` of every English chapter, and of one
 * Chinese chapter, is checked where it stands (Check runs the cells above it first) and must name
 * what is missing; then its solution is typed in its own terminal and Check must pass and mark it
 * done. Screenshots of each passed exercise go to test-results/exercise-*.png.
 */
import { join } from 'node:path';
import type { Probe } from '../../src/markdown/cells.ts';
import { builtChapters, check, close, openPage, RESULTS, slug, test } from './harness.ts';
import type { PodbookPage } from './podbook-page.ts';

type Result = 'passed' | 'failed' | 'idle';

const exercise = (id: string): string => `.pb-exercise[data-exercise="${id}"]`;

/** Clicks Check and waits for its verdict. */
async function checkExercise(pb: PodbookPage, ex: string, timeout = 180_000): Promise<Result> {
  await pb.page.locator(`${ex} .pb-check`).click();
  await pb.page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset['status'] !== 'checking', ex, { timeout });
  return (await pb.page.locator(ex).getAttribute('data-status')) as Result;
}

async function probesOf(pb: PodbookPage, ex: string): Promise<Probe[]> {
  return JSON.parse((await pb.page.locator(`${ex} .pb-ex-check`).getAttribute('data-probes')) ?? '[]') as Probe[];
}

/** Each probe's shown result and text, in order. */
async function shownProbes(pb: PodbookPage, ex: string): Promise<{ result: string; text: string }[]> {
  return pb.page.locator(`${ex} .pb-ex-probe`).evaluateAll((items) =>
    items.map((li) => ({
      result: (li as HTMLElement).dataset['result'] ?? '',
      text: Array.from(li.childNodes)
        .filter((n) => n.nodeName !== 'DETAILS')
        .map((n) => n.textContent)
        .join(''),
    })),
  );
}

async function stateText(pb: PodbookPage, ex: string): Promise<string> {
  return ((await pb.page.locator(`${ex} .pb-ex-state`).textContent()) ?? '').trim();
}

/**
 * Check on the lab as it stands fails and names each missing thing; the solution typed in the
 * exercise's terminal makes it pass. Returns the problems found.
 */
async function solveExercise(pb: PodbookPage, path: string, id: string, labels: { failed: RegExp; passed: string }): Promise<string[]> {
  const ex = exercise(id);
  const where = `${path} exercise ${id}`;
  const problems: string[] = [];
  await pb.page.locator(ex).scrollIntoViewIfNeeded();
  const probes = await probesOf(pb, ex);
  const before = await checkExercise(pb, ex);
  if (before !== 'failed') return [`${where}: Check before the solution is ${before} (${await stateText(pb, ex)})`];
  const shown = await shownProbes(pb, ex);
  const failing = shown.filter((p) => p.result === 'failed');
  if (failing.length === 0) problems.push(`${where}: no probe is marked as failing`);
  shown.forEach((p, i) => {
    const probe = probes[i];
    if (!probe || !p.text.endsWith(` ${probe.what}`)) problems.push(`${where}: probe ${i} shows ${JSON.stringify(p.text)}, not its message ${JSON.stringify(probe?.what)}`);
    else if (probe.what === probe.command) problems.push(`${where}: probe ${i} has no # comment, so the reader is shown the command: ${probe.command}`);
  });
  const state = await stateText(pb, ex);
  if (!labels.failed.test(state) || !state.includes(`${failing.length}`)) problems.push(`${where}: the status says ${JSON.stringify(state)} for ${failing.length} failing probes`);

  const commands = JSON.parse((await pb.page.locator(`${ex} .pb-ex-solution`).getAttribute('data-commands')) ?? '[]') as string[];
  if (commands.length === 0) return [...problems, `${where}: no solution commands on the page`];
  const term = `${ex} .pb-terminal`;
  await pb.terminalReady(term);
  for (const command of commands) await pb.typeCommand(term, command);
  const after = await checkExercise(pb, ex);
  if (after !== 'passed') {
    const details = await pb.page.locator(`${ex} .pb-ex-probe[data-result="failed"]`).evaluateAll((items) => items.map((li) => (li as HTMLElement).innerText));
    problems.push(`${where}: Check after typing the solution is ${after}: ${details.join(' | ')}\n${await pb.screen(term)}`);
    return problems;
  }
  if ((await pb.page.locator(ex).getAttribute('data-done')) !== 'true') problems.push(`${where}: no done mark after passing`);
  if ((await stateText(pb, ex)) !== labels.passed) problems.push(`${where}: the status says ${JSON.stringify(await stateText(pb, ex))}`);
  await pb.page.locator(ex).screenshot({ path: join(RESULTS, `exercise-${slug(path)}-${id}.png`) });
  return problems;
}

async function exerciseIds(pb: PodbookPage): Promise<string[]> {
  return pb.page.locator('.pb-exercise').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['exercise'] ?? ''));
}

const EN = { failed: /^Not yet: \d+ of \d+ checks still fail\.$/, passed: 'Done: every check passes.' };
const ZH = { failed: /^尚未完成：\d+ 项检查中还有 \d+ 项未通过。$/, passed: '完成：所有检查都已通过。' };

test('every exercise of every chapter: Check names what is missing, then passes once its solution is typed in its terminal', async () => {
  const chapters = builtChapters('en', 'class="pb-exercise"');
  check(chapters.length >= 1, 'some built chapter has exercises');
  const problems: string[] = [];
  let count = 0;
  for (const path of chapters) {
    const pb = await openPage(path);
    try {
      const ids = await exerciseIds(pb);
      for (const id of ids) problems.push(...(await solveExercise(pb, path, id, EN)));
      count += ids.length;
      console.log(`  ${path}: ${ids.length} exercises`);
      if (pb.errors.length > 0) problems.push(`${path}: page errors: ${pb.errors.join('; ')}`);
    } finally {
      await close(pb);
    }
  }
  console.log(`  ${count} exercises in ${chapters.length} chapters`);
  check(problems.length === 0, `${problems.length} problems:\n${problems.join('\n')}`);
});

test('a Chinese chapter\'s exercises: Check names what is missing in Chinese, then passes after the solution', async () => {
  const chapters = builtChapters('zh-cn', 'class="pb-exercise"');
  check(chapters.length >= 1, 'some built Chinese chapter has exercises');
  // The chapter with the most exercises.
  const path = chapters[chapters.length - 1] as string;
  const pb = await openPage(path, { locale: 'zh-CN' });
  try {
    const problems: string[] = [];
    const ids = await exerciseIds(pb);
    for (const id of ids) problems.push(...(await solveExercise(pb, path, id, ZH)));
    console.log(`  ${path}: ${ids.length} exercises`);
    check(problems.length === 0, problems.join('\n'));
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

test('an exercise checked on a fresh lab, and again after Reset lab, says what is missing; a reset mid-check says so', async () => {
  const path = builtChapters('en', 'class="pb-exercise"')[0] as string;
  const pb = await openPage(path);
  try {
    // The page's last exercise: the most cells above it, so a reset can come while they run.
    const id = (await exerciseIds(pb)).pop() as string;
    const ex = exercise(id);
    // Fresh page: nothing ran. Check runs the cells above first, then names what is missing.
    check((await checkExercise(pb, ex)) === 'failed', 'Check on a fresh lab fails');
    check(EN.failed.test(await stateText(pb, ex)), `clear status: ${await stateText(pb, ex)}`);
    const shown = await shownProbes(pb, ex);
    check(shown.some((p) => p.result === 'failed' && p.text.startsWith('✗ missing')), `a probe is marked missing: ${JSON.stringify(shown)}`);
    const above = await pb.page.evaluate((sel) => {
      const el = document.querySelector(sel) as Element;
      return Array.from(document.querySelectorAll<HTMLElement>('.pb-cell[data-cell]'))
        .filter((c) => c.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
        .map((c) => c.dataset['status']);
    }, ex);
    check(above.every((s) => s === 'ok'), `the cells above ran first: ${above.join(',')}`);
    await pb.page.locator(ex).screenshot({ path: join(RESULTS, 'exercise-fresh-lab.png') });

    // Reset lab: the old results go, Check starts from the fresh lab again.
    await pb.resetLab();
    check((await pb.page.locator(ex).getAttribute('data-status')) === 'idle', 'the exercise is idle after Reset lab');
    check((await pb.page.locator(`${ex} .pb-ex-probe[data-result]`).count()) === 0, 'no stale probe results after Reset lab');

    // Reset while Check waits for the cells above: the check is dropped with a message, not a false verdict.
    await pb.page.locator(`${ex} .pb-check`).click();
    await pb.page.getByRole('button', { name: 'Reset lab' }).click();
    await pb.page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset['status'] !== 'checking', ex, { timeout: 90_000 });
    const dropped = await stateText(pb, ex);
    const status = await pb.page.locator(ex).getAttribute('data-status');
    check(status === 'idle' && dropped === 'Check stopped: the lab was reset. Press Check again.', `after a reset mid-check: ${status} ${JSON.stringify(dropped)}`);
    check((await checkExercise(pb, ex)) === 'failed', 'Check after the reset works again');
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});
