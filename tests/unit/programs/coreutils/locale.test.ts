/**
 * GNU tools quote names in messages by the locale's character set: ‘name’ in a UTF-8 locale (the
 * CentOS host's root shell has LANG=en_US.UTF-8), 'name' without one (containers set no LANG).
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';
import { quoteFor } from '../../../../simulator/programs/coreutils/locale.ts';

describe('locale-dependent quoting', () => {
  it('picks the quotes from LC_ALL, then LC_CTYPE, then LANG', () => {
    expect(quoteFor({ LANG: 'en_US.UTF-8' })('f')).toBe('‘f’');
    expect(quoteFor({ LANG: 'C.utf8' })('f')).toBe('‘f’');
    expect(quoteFor({})('f')).toBe("'f'");
    expect(quoteFor({ LANG: 'en_US.UTF-8', LC_ALL: 'C' })('f')).toBe("'f'");
    expect(quoteFor({ LANG: 'C', LC_CTYPE: 'en_US.UTF-8' })('f')).toBe('‘f’');
    expect(quoteFor({ LANG: 'en_US.ISO-8859-1' })('f')).toBe("'f'");
  });

  it('uses curly quotes on the host and ASCII ones with LANG unset or C', () => {
    const { run } = terminal();
    expect(run('cat /nope')).toEqual({ out: 'cat: /nope: No such file or directory\n', code: 1 });
    expect(run('rmdir /nope').out).toBe('rmdir: failed to remove ‘/nope’: No such file or directory\n');
    expect(run('LANG=C rmdir /nope').out).toBe("rmdir: failed to remove '/nope': No such file or directory\n");
    expect(run('env -u LANG mkdir /root').out).toBe("mkdir: cannot create directory '/root': File exists\n");
    expect(run('LC_ALL=C ls --color=sometimes').out).toMatch(/^ls: invalid argument 'sometimes' for '--color'\n/);
    expect(run('LC_ALL=C date -d junk').out).toBe("date: invalid date 'junk'\n");
  });

  it('uses ASCII quotes in a container, whose environment has no LANG', () => {
    const { run } = terminal();
    run('docker pull centos:7');
    const r = run('docker run --rm centos:7 rm /nope');
    expect(r.out).toBe("rm: cannot remove '/nope': No such file or directory\n");
  });
});
