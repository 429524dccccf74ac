/** The ustar encoder/decoder and GNU tar 1.26's command line and listing format. */
import { describe, expect, it } from 'vitest';
import { decodeTar, encodeTar, TarError, textToBytes } from '../../../../simulator/programs/coreutils/tar-format.ts';
import { terminal } from '../shell/helpers.ts';

describe('tar format', () => {
  it('writes 512-byte ustar headers with a valid checksum and pads to a 10 KiB record', () => {
    const bytes = encodeTar([{ name: 'a.txt', type: 'file', mode: 0o644, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: 1748854800, data: 'hello\n' }]);
    expect(bytes.length).toBe(10240);
    const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));
    expect(ascii(0, 5)).toBe('a.txt');
    expect(ascii(100, 108)).toBe('0000644\0');
    expect(ascii(124, 136)).toBe('00000000006\0');
    expect(ascii(257, 265)).toBe('ustar  \0');
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (bytes[i] as number);
    expect(ascii(148, 156)).toBe(sum.toString(8).padStart(6, '0') + '\0 ');
    expect(ascii(512, 518)).toBe('hello\n');
  });

  it('round-trips entries, long names, programs and apparent sizes', () => {
    const long = 'dir/' + 'x'.repeat(120) + '/file';
    const entries = [
      { name: 'dir/', type: 'dir' as const, mode: 0o755, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: 1 },
      { name: long, type: 'file' as const, mode: 0o600, uid: 1000, gid: 1000, uname: 'u', gname: 'g', mtime: 2, data: 'héllo' },
      { name: 'bin/httpd', type: 'file' as const, mode: 0o755, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: 3, data: '', prog: 'httpd', size: 523_000 },
      { name: 'link', type: 'symlink' as const, mode: 0o777, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: 4, linkname: 'dir/' },
    ];
    const back = decodeTar(encodeTar(entries, { format: 'ustar' }));
    expect(back).toEqual(entries);
  });

  it('rejects bytes that are not an archive', () => {
    expect(() => decodeTar(textToBytes('hello'))).toThrow(TarError);
    expect(() => decodeTar(textToBytes('x'.repeat(1024)))).toThrow(TarError);
  });
});

describe('tar command', () => {
  it('creates, lists verbosely and extracts', () => {
    const { run } = terminal();
    run('mkdir -p site/css && echo "<h1>hi</h1>" > site/index.html && echo "p{}" > site/css/a.css');
    expect(run('tar cvf site.tar site').out).toBe('site/\nsite/css/\nsite/css/a.css\nsite/index.html\n');
    expect(run('tar tvf site.tar').out).toBe(
      'drwxr-xr-x root/root         0 2025-06-02 09:00 site/\ndrwxr-xr-x root/root         0 2025-06-02 09:00 site/css/\n-rw-r--r-- root/root         4 2025-06-02 09:00 site/css/a.css\n-rw-r--r-- root/root        12 2025-06-02 09:00 site/index.html\n',
    );
    expect(run('ls -l site.tar').out).toBe('-rw-r--r--. 1 root root 10240 Jun  2 09:00 site.tar\n');
    expect(run('mkdir out && tar -xf site.tar -C out && cat out/site/index.html').out).toBe('<h1>hi</h1>\n');
    expect(run('tar -cf - site --exclude=css | tar -t').out).toBe('site/\nsite/index.html\n');
  });

  it('strips the leading slash and reports errors as GNU tar does', () => {
    const { run } = terminal();
    expect(run('tar cf h.tar /etc/hosts && tar tf h.tar')).toEqual({ out: "tar: Removing leading `/' from member names\netc/hosts\n", code: 0 });
    expect(run('tar cf x.tar nope')).toEqual({ out: 'tar: nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n', code: 2 });
    expect(run('tar xf missing.tar')).toEqual({ out: 'tar: missing.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n', code: 2 });
    expect(run('tar tf /etc/hosts')).toEqual({ out: 'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n', code: 2 });
    expect(run('tar')).toEqual({ out: "tar: You must specify one of the `-Acdtrux' or `--test-label'  options\nTry `tar --help' or `tar --usage' for more information.\n", code: 2 });
  });

  it('keeps executables runnable through an archive', () => {
    const { run } = terminal();
    run('mkdir -p img/bin && cp /usr/bin/echo img/bin/say && tar cf img.tar -C img bin && mkdir new && tar xf img.tar -C new');
    expect(run('new/bin/say it works').out).toBe('it works\n');
  });
});
