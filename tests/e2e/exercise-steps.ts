/**
 * What a reader does with an `<Exercise>` on a page, for the browser tests: Check it, read what it
 * says, type its solution in its terminal. Exercises are found on the page, never listed.
 */
import { join } from 'node:path';
import type { Probe } from '../../src/markdown/cells.ts';
import { RESULTS, slug } from './harness.ts';
import type { PodbookPage } from './podbook-page.ts';

export type Result = 'passed' | 'failed' | 'idle';

export const exercise = (id: string): string => `.pb-exercise[data-exercise="${id}"]`;

/**
 * Clicks Check and waits for its verdict. A click can miss when the page shifts under it (live
 * diagrams redraw after the lab changed), so it clicks again until the exercise has been seen checking.
 */
export async function checkExercise(pb: PodbookPage, ex: string, timeout = 180_000): Promise<Result> {
  type Watched = { podbookSawChecking?: boolean; podbookWatch?: MutationObserver };
  await pb.page.locator(ex).evaluate((el) => {
    const w = window as unknown as Watched;
    w.podbookWatch?.disconnect();
    w.podbookSawChecking = false;
    // A check can start and end between two callbacks: the records' old values still show it.
    w.podbookWatch = new MutationObserver((records) => {
      if ((el as HTMLElement).dataset['status'] === 'checking' || records.some((r) => r.oldValue === 'checking')) w.podbookSawChecking = true;
    });
    w.podbookWatch.observe(el, { attributes: true, attributeFilter: ['data-status'], attributeOldValue: true });
  });
  for (let attempt = 0; ; attempt++) {
    await pb.page.locator(`${ex} .pb-check`).click();
    const seen = await pb.page
      .waitForFunction(() => (window as unknown as Watched).podbookSawChecking === true, undefined, { timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (seen) break;
    if (attempt === 2) throw new Error(`${ex}: three clicks on Check did not start a check`);
  }
  await pb.page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset['status'] !== 'checking', ex, { timeout });
  await pb.page.evaluate(() => (window as unknown as Watched).podbookWatch?.disconnect());
  return (await pb.page.locator(ex).getAttribute('data-status')) as Result;
}

async function probesOf(pb: PodbookPage, ex: string): Promise<Probe[]> {
  return JSON.parse((await pb.page.locator(`${ex} .pb-ex-check`).getAttribute('data-probes')) ?? '[]') as Probe[];
}

/** Each probe's shown result and text, in order. */
export async function shownProbes(pb: PodbookPage, ex: string): Promise<{ result: string; text: string }[]> {
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

export async function stateText(pb: PodbookPage, ex: string): Promise<string> {
  return ((await pb.page.locator(`${ex} .pb-ex-state`).textContent()) ?? '').trim();
}

/**
 * Check on the lab as it stands fails and names each missing thing; the solution typed in the
 * exercise's terminal makes it pass. With `keepLab` the lab is put back as it was before the
 * solution, so the cells after the exercise still print what the chapter expects. Returns the
 * problems found.
 */
export async function solveExercise(pb: PodbookPage, path: string, id: string, labels: { failed: RegExp; passed: string }, keepLab = false): Promise<string[]> {
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
  if (keepLab) await pb.saveLab();
  try {
    for (const command of commands) await pb.typeCommand(term, command);
    problems.push(...(await afterSolution(pb, path, id, labels)));
  } finally {
    if (keepLab) await pb.restoreLab();
  }
  return problems;
}

/** Check once the solution was typed: it passes, the exercise is marked done, the terminal fits its box. */
async function afterSolution(pb: PodbookPage, path: string, id: string, labels: { passed: string }): Promise<string[]> {
  const ex = exercise(id);
  const term = `${ex} .pb-terminal`;
  const where = `${path} exercise ${id}`;
  const problems: string[] = [];
  const after = await checkExercise(pb, ex);
  if (after !== 'passed') {
    const details = await pb.page.locator(`${ex} .pb-ex-probe[data-result="failed"]`).evaluateAll((items) => items.map((li) => (li as HTMLElement).innerText));
    problems.push(`${where}: Check after typing the solution is ${after}: ${details.join(' | ')}\n${await pb.screen(term)}`);
    return problems;
  }
  if ((await pb.page.locator(ex).getAttribute('data-done')) !== 'true') problems.push(`${where}: no done mark after passing`);
  if ((await stateText(pb, ex)) !== labels.passed) problems.push(`${where}: the status says ${JSON.stringify(await stateText(pb, ex))}`);
  // The terminal's columns fit its box: nothing typed is cut off at the right.
  const [screenWidth, boxWidth] = await pb.page.locator(term).evaluate((el) => [el.querySelector('.xterm-screen')?.getBoundingClientRect().width ?? 0, el.clientWidth]);
  if (screenWidth > boxWidth) problems.push(`${where}: the terminal is ${screenWidth}px wide in a ${boxWidth}px box`);
  await pb.page.locator(ex).screenshot({ path: join(RESULTS, `exercise-${slug(path)}-${id}.png`) });
  return problems;
}

export async function exerciseIds(pb: PodbookPage): Promise<string[]> {
  return pb.page.locator('.pb-exercise').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['exercise'] ?? ''));
}

export const EN = { failed: /^Not yet: \d+ of \d+ checks still fail\.$/, passed: 'Done: every check passes.' };
export const ZH = { failed: /^尚未完成：\d+ 项检查中还有 \d+ 项未通过。$/, passed: '完成：所有检查都已通过。' };
