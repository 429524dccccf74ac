/**
 * Shell pattern matching (`*`, `?`, `[...]`) for globbing, `case` and `${x#pat}`, and pathname
 * expansion over a host's filesystem. A backslash in a pattern makes the next character literal:
 * expansion escapes quoted text that way, so `"*"` never globs.
 */
import type { Vfs } from '../../kernel/vfs.ts';
import { collate } from '../coreutils/collate.ts';

const SPECIAL = /[\\^$.|+(){}[\]*?]/g;

/** True when the pattern has an unescaped glob character. */
export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || (c === '[' && pattern.indexOf(']', i + 2) > 0)) return true;
  }
  return false;
}

export function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, (c) => '\\' + c);
}

/** Removes the escaping backslashes of a pattern (what a non-matching glob expands to). */
export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}

/** The regex source for a pattern; `pathSegments` keeps `*` and `?` from matching `/`. */
export function patternSource(pattern: string, pathSegments = false): string {
  let out = '';
  const any = pathSegments ? '[^/]' : '[\\s\\S]';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const d = pattern[++i];
      if (d !== undefined) out += d.replace(SPECIAL, '\\$&');
    } else if (c === '*') out += any + '*';
    else if (c === '?') out += any;
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!' || pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, j);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      body = body
        .replace(/\[:(alpha|digit|alnum|upper|lower|space|punct|xdigit):\]/g, (_m, cls: string) => ({ alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f' })[cls] ?? '')
        .replace(/\\(.)/g, '$1')
        .replace(/[\\\]^]/g, '\\$&');
      out += `[${negate ? '^' : ''}${body}]`;
      i = j;
    } else out += c.replace(SPECIAL, '\\$&');
  }
  return out;
}

export function matchPattern(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^${patternSource(pattern)}$`).test(text);
  } catch {
    return pattern === text;
  }
}

/**
 * Pathname expansion: the sorted matches of a pattern relative to `cwd`, or [] when nothing
 * matches. Names starting with `.` match only a pattern segment that starts with `.`.
 */
export function glob(fs: Vfs, pattern: string, cwd: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let paths: string[] = [absolute ? '/' : ''];
  for (let si = absolute ? 1 : 0; si < segments.length; si++) {
    const seg = segments[si] as string;
    const next: string[] = [];
    for (const base of paths) {
      const dir = base === '' ? cwd : base;
      const join = (name: string): string => (base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`);
      if (!hasGlob(seg)) {
        const candidate = join(unescapeGlob(seg));
        const abs = candidate.startsWith('/') ? candidate : `${cwd}/${candidate}`;
        if (si === segments.length - 1 ? fs.tryStat(abs, false) : fs.tryStat(abs)?.type === 'dir') next.push(candidate);
        continue;
      }
      let names: string[];
      try {
        names = fs.readdir(dir);
      } catch {
        continue;
      }
      let re: RegExp;
      try {
        re = new RegExp(`^${patternSource(seg, true)}$`);
      } catch {
        continue;
      }
      const dotOk = seg.startsWith('.') || seg.startsWith('\\.');
      for (const name of names) {
        if (name.startsWith('.') && !dotOk) continue;
        if (re.test(name)) next.push(join(name));
      }
    }
    paths = next;
    if (paths.length === 0) return [];
  }
  return paths.filter((p) => p !== '' && p !== '/').sort(collate);
}
