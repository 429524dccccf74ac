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

/**
 * A snapshot is JSON, and a file holding binary data (the tar `docker save` writes) is mostly NULs,
 * each written `\u0000`: six characters, seven once the saved record escapes it again. Runs of them
 * are kept as their count between two U+0001 characters, which JSON.stringify never writes
 * unescaped, so the packed text reads back unambiguously. A chapter that saves images keeps about a
 * third of the room in storage.
 */
const NUL_ESCAPE = '\\u0000';
const NUL_RUN = /(?<!\\)((?:\\\\)*)((?:\\u0000){4,})/g;
// eslint-disable-next-line no-control-regex -- U+0001 is the marker packSnapshot writes
const PACKED_RUN = /\u0001(\d+)\u0001/g;

export function packSnapshot(snapshot: string): string {
  return snapshot.replace(NUL_RUN, (_match, slashes: string, run: string) => `${slashes}\u0001${run.length / NUL_ESCAPE.length}\u0001`);
}

export function unpackSnapshot(packed: string): string {
  return packed.replace(PACKED_RUN, (_match, count: string) => NUL_ESCAPE.repeat(Number(count)));
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
    return { ...(data as SavedLab), snapshot: unpackSnapshot(data.snapshot) };
  } catch {
    return 'corrupt';
  }
}

export function save(key: string, saved: SavedLab): void {
  try {
    localStorage.setItem(key, JSON.stringify({ ...saved, snapshot: packSnapshot(saved.snapshot) }));
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
