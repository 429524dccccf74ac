/**
 * Reading progress, kept in the browser: for each chapter, how many of its cells ran and exercises
 * passed. Chapter pages record it; pages that link to chapters (the home page's list) show it.
 */
export interface Progress {
  done: number;
  total: number;
}

const key = (path: string): string => `podbook:progress:v1:${path}`;

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Records this page's progress from what its cells and exercises show. */
export function recordProgress(): void {
  const cells = Array.from(document.querySelectorAll<HTMLElement>('.pb-cell[data-cell]'));
  const exercises = Array.from(document.querySelectorAll<HTMLElement>('.pb-exercise'));
  const ran = cells.filter((c) => c.dataset['status'] === 'ok' || c.dataset['status'] === 'mismatch').length;
  const passed = exercises.filter((e) => e.dataset['done'] === 'true').length;
  const progress: Progress = { done: ran + passed, total: cells.length + exercises.length };
  try {
    localStorage.setItem(key(location.pathname), JSON.stringify(progress));
  } catch {
    // not kept
  }
}

export function readProgress(path: string): Progress | undefined {
  try {
    const text = localStorage.getItem(key(path));
    const p = text ? (JSON.parse(text) as Partial<Progress>) : undefined;
    return p && typeof p.done === 'number' && typeof p.total === 'number' ? { done: p.done, total: p.total } : undefined;
  } catch {
    return undefined;
  }
}

/** Marks the page's links to chapters with their progress (`data-progress="done"` when complete). */
export function showProgress(template: string): void {
  for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('.sl-markdown-content a[href]'))) {
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname === location.pathname) continue;
    const p = readProgress(url.pathname);
    if (!p || p.total === 0 || p.done === 0) continue;
    const badge = document.createElement('span');
    badge.className = 'pb-progress';
    badge.dataset['progress'] = p.done >= p.total ? 'done' : 'partial';
    badge.textContent = `${p.done >= p.total ? '✓ ' : ''}${fill(template, { done: p.done, total: p.total })}`;
    a.after(' ', badge);
  }
}
