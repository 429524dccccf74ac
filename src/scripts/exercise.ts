/**
 * Check of an `<Exercise>`: runs the probes of its `check` block on a copy of the page's lab
 * (snapshot, run, restore: the reader's lab is never changed) and compares each probe's output with
 * its expected text as a cell does (`normalizeOutput`). A probe that fails names what is missing
 * (its `# comment`); expected and actual output are one click away. Done exercises are remembered
 * in the browser.
 */
import { normalizeOutput, type Probe } from '../markdown/cells.ts';
import type { LabClient } from '../sandbox/client.ts';
import { pageNotebook } from './notebook.ts';

type Strings = Record<string, string>;
type Status = 'idle' | 'checking' | 'passed' | 'failed';
type Outcome = { probe: Probe; ok: boolean; actual: string };

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Where a page's done exercises are kept (localStorage). */
export function exerciseKey(path: string, id: string): string {
  return `podbook:v1:exercise:${path}:${id}`;
}

function remember(key: string, done: boolean): void {
  try {
    if (done) localStorage.setItem(key, 'done');
  } catch {
    // Storage may be full or refused; the check still shows.
  }
}

function recalled(key: string): boolean {
  try {
    return localStorage.getItem(key) === 'done';
  } catch {
    return false;
  }
}

/** Runs every probe on a copy of the lab and puts the lab back exactly as it was. */
export async function runProbes(client: LabClient, probes: readonly Probe[]): Promise<Outcome[] | string> {
  const saved = await client.snapshot();
  if (!saved.ok) return saved.message;
  const out: Outcome[] = [];
  try {
    for (const probe of probes) {
      const r = await client.run(probe.command);
      const actual = r.ok ? normalizeOutput(r.output) : r.message;
      out.push({ probe, ok: r.ok && actual === normalizeOutput(probe.expected), actual });
    }
  } finally {
    await client.restore(saved.snapshot);
  }
  return out;
}

function setStatus(ex: HTMLElement, status: Status, label: string): void {
  ex.dataset['status'] = status;
  const state = ex.querySelector('.pb-ex-state');
  if (state) state.textContent = label;
  ex.querySelector('.pb-check')?.setAttribute('aria-busy', String(status === 'checking'));
}

function showOutcomes(ex: HTMLElement, outcomes: Outcome[], t: Strings): void {
  const items = Array.from(ex.querySelectorAll<HTMLElement>('.pb-ex-probe'));
  outcomes.forEach((o, i) => {
    const li = items[i];
    if (!li) return;
    li.replaceChildren();
    li.dataset['result'] = o.ok ? 'passed' : 'failed';
    const mark = document.createElement('span');
    mark.className = 'pb-ex-mark';
    mark.textContent = o.ok ? `✓ ${t['exercise.probeOk'] ?? 'passed'}` : `✗ ${t['exercise.probeMissing'] ?? 'missing'}`;
    li.append(mark, ` ${o.probe.what}`);
    if (!o.ok) {
      const details = document.createElement('details');
      details.className = 'pb-ex-detail';
      const summary = document.createElement('summary');
      summary.textContent = t['exercise.details'] ?? 'Expected and actual output';
      const pre = (label: string, text: string): HTMLElement => {
        const wrap = document.createElement('div');
        const p = document.createElement('p');
        p.className = 'pb-diff-label';
        p.textContent = label;
        const body = document.createElement('pre');
        body.className = 'pb-out';
        body.textContent = `$ ${o.probe.command}\n${text}`;
        wrap.append(p, body);
        return wrap;
      };
      details.append(summary, pre(t['cell.expected'] ?? 'Expected', normalizeOutput(o.probe.expected)), pre(t['cell.actual'] ?? 'Actual', o.actual));
      li.append(details);
    }
  });
}

/** Whether a cell placed before the exercise stopped with an error (so the cells after it did not run). */
function blockedAbove(ex: HTMLElement): boolean {
  return Array.from(document.querySelectorAll<HTMLElement>('.pb-cell[data-cell][data-status="error"]')).some(
    (cell) => (cell.compareDocumentPosition(ex) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
  );
}

/** Back to the probe list as the page shipped it (after a reset the old results no longer hold). */
function clearOutcomes(ex: HTMLElement, probes: readonly Probe[]): void {
  Array.from(ex.querySelectorAll<HTMLElement>('.pb-ex-probe')).forEach((li, i) => {
    delete li.dataset['result'];
    li.replaceChildren(probes[i]?.what ?? '');
  });
}

function startExercise(ex: HTMLElement): void {
  const t = JSON.parse(ex.dataset['strings'] ?? '{}') as Strings;
  const probes = JSON.parse(ex.querySelector<HTMLElement>('.pb-ex-check')?.dataset['probes'] ?? '[]') as Probe[];
  const key = exerciseKey(location.pathname, ex.dataset['exercise'] ?? '');
  const done = ex.querySelector<HTMLElement>('.pb-ex-done');
  if (recalled(key)) {
    ex.dataset['done'] = 'true';
    if (done) done.hidden = false;
  }
  document.addEventListener('podbook:lab-reset', () => {
    // A check in flight says itself that it was dropped; a verdict on the old lab no longer holds.
    if (ex.dataset['status'] !== 'passed' && ex.dataset['status'] !== 'failed') return;
    clearOutcomes(ex, probes);
    setStatus(ex, 'idle', '');
  });
  const button = ex.querySelector<HTMLButtonElement>('.pb-check');
  button?.addEventListener('click', () => {
    if (ex.dataset['status'] === 'checking') return;
    setStatus(ex, 'checking', t['exercise.checking'] ?? '');
    void pageNotebook()
      .then((notebook) => notebook.withLab(ex, (client) => runProbes(client, probes)))
      .then((outcomes) => {
        if (outcomes === undefined) {
          // The notebook dropped the check: a cell above stopped with an error, or Reset lab came first.
          if (blockedAbove(ex)) setStatus(ex, 'failed', t['exercise.blocked'] ?? '');
          else {
            clearOutcomes(ex, probes);
            setStatus(ex, 'idle', t['exercise.interrupted'] ?? '');
          }
          return;
        }
        if (typeof outcomes === 'string') {
          setStatus(ex, 'failed', outcomes);
          return;
        }
        showOutcomes(ex, outcomes, t);
        const failing = outcomes.filter((o) => !o.ok).length;
        if (failing === 0) {
          setStatus(ex, 'passed', t['exercise.passed'] ?? '');
          ex.dataset['done'] = 'true';
          remember(key, true);
          document.dispatchEvent(new CustomEvent('podbook:exercise-passed', { detail: { id: ex.dataset['exercise'] } }));
        } else {
          setStatus(ex, 'failed', fill(t['exercise.failed'] ?? '', { count: failing, total: outcomes.length }));
        }
      });
  });
}

export function startExercises(): void {
  for (const ex of Array.from(document.querySelectorAll<HTMLElement>('.pb-exercise:not([data-started])'))) {
    ex.dataset['started'] = 'true';
    startExercise(ex);
  }
}
