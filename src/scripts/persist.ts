/**
 * Keeps a page's lab across reloads, in localStorage: the lab's snapshot, what each cell showed and
 * the terminal history, keyed by page, lab, seed and a format version (a saved lab of another
 * version is not read). Storage that is full or refused only means nothing is kept.
 */
export const FORMAT = 1;

export interface SavedCell {
  status: string;
  /** Each console step's output and exit code, as shown. */
  steps: { output: string; exitCode: number }[];
}

export interface SavedLab {
  version: number;
  snapshot: string;
  cells: SavedCell[];
  history: string[];
}

export function storageKey(path: string, lab: string, seed: number): string {
  return `podbook:lab:v${FORMAT}:${path}:${lab}:${seed}`;
}

/** The saved lab, `undefined` when none, or `'corrupt'` when one is there but cannot be used. */
export function loadSaved(key: string): SavedLab | undefined | 'corrupt' {
  let text: string | null;
  try {
    text = localStorage.getItem(key);
  } catch {
    return undefined;
  }
  if (text === null) return undefined;
  try {
    const data = JSON.parse(text) as Partial<SavedLab>;
    if (data.version !== FORMAT || typeof data.snapshot !== 'string' || !Array.isArray(data.cells) || !Array.isArray(data.history)) return 'corrupt';
    return data as SavedLab;
  } catch {
    return 'corrupt';
  }
}

export function save(key: string, saved: SavedLab): void {
  try {
    localStorage.setItem(key, JSON.stringify(saved));
  } catch {
    // Full or refused: the lab simply is not kept.
  }
}

export function forget(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing kept
  }
}
