/**
 * Browser tests of exercises beyond the chapter walk in run.ts (which checks every exercise of every
 * English chapter where it stands): a Chinese chapter's exercises, and Check on a fresh lab, after
 * Reset lab and with a reset in the middle of it. Loaded by run.ts.
 */
import { join } from 'node:path';
import { builtChapters, check, close, openPage, RESULTS, test } from './harness.ts';
import { checkExercise, EN, exercise, exerciseIds, shownProbes, solveExercise, stateText, ZH } from './exercise-steps.ts';

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
    // The exercises' terminals name their input in Chinese for a screen reader, as the rest of the page does.
    const inputs = await pb.page.locator('.pb-exercise .xterm-helper-textarea').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    if (inputs.length === 0 || inputs.some((l) => l !== '终端输入')) problems.push(`terminal inputs are named ${JSON.stringify(inputs)}`);
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

const LEAVE = [
  { locale: 'en', text: 'Shift+Tab, or Esc then Tab, leaves the terminal.' },
  { locale: 'zh-cn', text: 'Shift+Tab，或先按 Esc 再按 Tab，可以离开终端。' },
] as const;

for (const { locale, text } of LEAVE) {
  test(`an exercise's terminal, like every terminal of a chapter, says under it how the keyboard leaves it (${locale}), Esc then Tab goes on to Check, and axe finds nothing serious`, async () => {
    const path = builtChapters(locale, 'class="pb-exercise"')[0] as string;
    const pb = await openPage(path);
    try {
      const ex = exercise((await exerciseIds(pb))[0] as string);
      const term = `${ex} .pb-terminal`;
      const hint = pb.page.locator(`${ex} .pb-terminal-leave`);
      check(await hint.isVisible(), 'the hint shows');
      check((await hint.textContent()) === text, `the hint says ${text}: ${await hint.textContent()}`);
      // So does every other terminal of the chapter (one outside an exercise too).
      const [terminals, hints] = [await pb.page.locator('.pb-terminal').count(), await pb.page.locator('.pb-terminal + .pb-terminal-leave').count()];
      check(terminals === hints, `${hints} of the page's ${terminals} terminals have the hint under them`);
      await pb.terminalReady(term);
      // Between the terminal and the Check button.
      const box = async (sel: string) => (await pb.page.locator(sel).boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
      const [t, h, c] = [await box(term), await box(`${ex} .pb-terminal-leave`), await box(`${ex} .pb-check`)];
      check(h.y >= t.y + t.height && h.y + h.height <= c.y, `the hint sits under the terminal, above Check: terminal ${JSON.stringify(t)}, hint ${JSON.stringify(h)}, Check ${JSON.stringify(c)}`);
      // Doing what it says moves on to Check.
      await pb.typeKeys(term, '');
      await pb.page.keyboard.press('Escape');
      await pb.page.keyboard.press('Tab');
      const focused = await pb.page.evaluate((sel) => document.activeElement === document.querySelector(`${sel} .pb-check`), ex);
      check(focused, 'Esc then Tab moves focus from the terminal to Check');
      await pb.page.locator(ex).screenshot({ path: join(RESULTS, `exercise-leave-hint-${locale}.png`) });
      for (const theme of ['light', 'dark'] as const) {
        await pb.setTheme(theme);
        const violations = await pb.axeViolations();
        check(violations.length === 0, violations.map((v) => `${theme}: ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n'));
      }
      check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
    } finally {
      await close(pb);
    }
  });
}
