/**
 * Placeholders for output that is truly variable. The simulator is deterministic (same lab, seed
 * and commands give the same bytes), so this list is empty on purpose: a chapter's expected output
 * is compared exactly. Add an entry only for text that cannot be made deterministic, and say why
 * next to it. An entry is a token an author writes in expected output and the pattern it matches:
 *
 *   { token: '<podbook:version>', pattern: '\\d+\\.\\d+\\.\\d+', why: 'the release being built' }
 */
export interface Placeholder {
  token: string;
  /** A regular expression source matched against the actual text, within one line. */
  pattern: string;
  why: string;
}

export const PLACEHOLDERS: readonly Placeholder[] = [];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether actual output matches the expected text, placeholders included. */
export function matchesExpected(expected: string, actual: string, placeholders: readonly Placeholder[] = PLACEHOLDERS): boolean {
  const used = placeholders.filter((p) => expected.includes(p.token));
  if (used.length === 0) return expected === actual;
  let source = escape(expected);
  for (const p of used) source = source.split(escape(p.token)).join(`(?:${p.pattern})`);
  return new RegExp(`^${source}$`).test(actual);
}
