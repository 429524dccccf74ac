/**
 * String order of the en_US.UTF-8 locale that CentOS's root shell runs in (LANG=en_US.UTF-8), close
 * enough for file names: glibc compares letters and digits first, ignoring case and punctuation,
 * then puts lower case before upper case, then falls back to the bytes. So `ls` lists `a.txt`
 * before `Dockerfile` and `.bashrc` between `anaconda-ks.cfg` and `.cshrc`, as the real one does.
 */
import { byCodePoint } from '../../core/format.ts';

function primaryKey(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

export function collate(a: string, b: string): number {
  const ka = primaryKey(a);
  const kb = primaryKey(b);
  if (ka !== kb) return byCodePoint(ka, kb);
  const ca = a.replace(/[^A-Za-z0-9]/g, '');
  const cb = b.replace(/[^A-Za-z0-9]/g, '');
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i] as string;
    const y = cb[i] as string;
    if (x !== y) return x === x.toLowerCase() ? -1 : 1;
  }
  return byCodePoint(a, b);
}

/** The order a program sorts names in: the locale's, or bytes when none is set (as in containers, whose environment has no LANG). */
export function collatorFor(env: Record<string, string>): (a: string, b: string) => number {
  const locale = env['LC_ALL'] || env['LC_COLLATE'] || env['LANG'] || 'C';
  return locale === 'C' || locale === 'POSIX' ? byCodePoint : collate;
}
