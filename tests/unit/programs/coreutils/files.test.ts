/**
 * File utilities against CentOS 7 formats (coreutils 8.22: ‘curly’ quotes in messages in the
 * en_US.UTF-8 locale, `ls -l` with the SELinux dot, XFS directory sizes, columns with tab stops).
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';
import { columns } from '../../../../simulator/programs/coreutils/ls.ts';

describe('ls', () => {
  it('prints columns on a terminal the way GNU ls fits them (tabs at 8-column stops)', () => {
    const { run } = terminal();
    expect(run('ls /').out).toBe('bin   dev  home  lib64\tmnt  proc  run\t srv  tmp  var\nboot  etc  lib\t media\topt  root  sbin  sys  usr\n');
    expect(columns(['a'], 80)).toBe('a\n');
  });

  it('prints one name per line to a pipe, and sorts in the en_US order', () => {
    const { run } = terminal();
    run('mkdir /tmp/s && cd /tmp/s && touch b Dockerfile a.txt _z C');
    expect(run('ls | cat').out).toBe('a.txt\nb\nC\nDockerfile\n_z\n');
  });

  it('prints the long format with owner names, sizes, dates and symlink targets', () => {
    const { run } = terminal();
    run('mkdir -p /tmp/l/sub && printf "hello\\n" > /tmp/l/file && ln -s file /tmp/l/link && useradd app && touch /tmp/l/x');
    expect(run('ls -l /tmp/l').out).toBe(
      'total 4\n-rw-r--r--. 1 root root 6 Jun  2 09:00 file\nlrwxrwxrwx. 1 root root 4 Jun  2 09:00 link -> file\ndrwxr-xr-x. 2 root root 6 Jun  2 09:00 sub\n-rw-r--r--. 1 root root 0 Jun  2 09:00 x\n',
    );
    expect(run('ls -ld /tmp/l /home/app').out).toBe('drwx------. 2 app  app  62 Jun  2 09:00 /home/app\ndrwxr-xr-x. 3 root root 50 Jun  2 09:00 /tmp/l\n');
    expect(run('ls -a /tmp/l | head -2').out).toBe('.\n..\n');
  });

  it('prints human sizes', () => {
    const { run } = terminal();
    run('seq 1 2000 > /tmp/big');
    expect(run('ls -lh /tmp/big').out).toBe('-rw-r--r--. 1 root root 8.7K Jun  2 09:00 /tmp/big\n');
  });

  it('reports missing files and bad options', () => {
    const { run } = terminal();
    expect(run('ls /nope')).toEqual({ out: 'ls: cannot access /nope: No such file or directory\n', code: 2 });
    expect(run('ls -z')).toEqual({ out: "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", code: 2 });
    expect(run('ls --bogus')).toEqual({ out: "ls: unrecognized option '--bogus'\nTry 'ls --help' for more information.\n", code: 2 });
  });

  it('has the ll alias of CentOS', () => {
    const { run } = terminal();
    expect(run('type ll').out).toBe("ll is aliased to `ls -l --color=auto'\n");
    expect(run('ll -d /tmp').out).toBe('drwxrwxrwt. 2 root root 6 Jun  2 09:00 /tmp\n');
  });
});

describe('cat, touch, mkdir, rm, rmdir', () => {
  it('cat concatenates and numbers, and reports errors', () => {
    const { run } = terminal();
    run('printf "a\\nb\\n" > f');
    expect(run('cat f f').out).toBe('a\nb\na\nb\n');
    expect(run('cat -n f').out).toBe('     1\ta\n     2\tb\n');
    expect(run('cat nofile')).toEqual({ out: 'cat: nofile: No such file or directory\n', code: 1 });
    expect(run('cat /tmp')).toEqual({ out: 'cat: /tmp: Is a directory\n', code: 1 });
  });

  it('touch creates files and complains about missing directories', () => {
    const { run, lab } = terminal();
    expect(run('touch new').code).toBe(0);
    expect(lab.readFile('/root/new')).toBe('');
    expect(run('touch /no/such')).toEqual({ out: 'touch: cannot touch ‘/no/such’: No such file or directory\n', code: 1 });
  });

  it('mkdir, with -p and without', () => {
    const { run } = terminal();
    expect(run('mkdir d && mkdir d')).toEqual({ out: 'mkdir: cannot create directory ‘d’: File exists\n', code: 1 });
    expect(run('mkdir a/b')).toEqual({ out: 'mkdir: cannot create directory ‘a/b’: No such file or directory\n', code: 1 });
    expect(run('mkdir -p a/b/c d && ls -d a/b/c')).toEqual({ out: 'a/b/c\n', code: 0 });
    expect(run('mkdir')).toEqual({ out: "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", code: 1 });
  });

  it('rm removes files, -r directories, -f ignores missing ones', () => {
    const { run } = terminal();
    run('mkdir -p t/u && touch t/u/f t/g');
    expect(run('rm t')).toEqual({ out: 'rm: cannot remove ‘t’: Is a directory\n', code: 1 });
    expect(run('rm nothing')).toEqual({ out: 'rm: cannot remove ‘nothing’: No such file or directory\n', code: 1 });
    expect(run('rm -f nothing')).toEqual({ out: '', code: 0 });
    expect(run('rm -rv t').out).toBe('removed ‘t/g’\nremoved ‘t/u/f’\nremoved directory: ‘t/u’\nremoved directory: ‘t’\n');
    expect(run('rm -rf /')).toEqual({ out: 'rm: it is dangerous to operate recursively on ‘/’\nrm: use --no-preserve-root to override this failsafe\n', code: 1 });
  });

  it('rmdir refuses non-empty directories', () => {
    const { run } = terminal();
    run('mkdir -p e/f');
    expect(run('rmdir e')).toEqual({ out: 'rmdir: failed to remove ‘e’: Directory not empty\n', code: 1 });
    expect(run('rmdir -p e/f && ls -d e')).toEqual({ out: 'ls: cannot access e: No such file or directory\n', code: 2 });
  });
});

describe('cp, mv, ln, chmod', () => {
  it('copies files and trees, into directories', () => {
    const { run, lab } = terminal();
    run('mkdir -p src/in dst && echo x > src/in/f');
    expect(run('cp src dst')).toEqual({ out: 'cp: omitting directory ‘src’\n', code: 1 });
    expect(run('cp -r src dst && cat dst/src/in/f').out).toBe('x\n');
    expect(run('cp src/in/f g && cat g').out).toBe('x\n');
    expect(run('cp nope x')).toEqual({ out: 'cp: cannot stat ‘nope’: No such file or directory\n', code: 1 });
    expect(run('cp g')).toEqual({ out: "cp: missing destination file operand after ‘g’\nTry 'cp --help' for more information.\n", code: 1 });
    expect(lab.readFile('/root/dst/src/in/f')).toBe('x\n');
  });

  it('moves and renames', () => {
    const { run } = terminal();
    run('mkdir m && echo 1 > one');
    expect(run('mv one two && cat two && mv two m && ls m').out).toBe('1\ntwo\n');
    expect(run('mv nope x')).toEqual({ out: 'mv: cannot stat ‘nope’: No such file or directory\n', code: 1 });
  });

  it('links and changes modes', () => {
    const { run } = terminal();
    run('echo data > target');
    expect(run('ln -s target link && cat link && readlink link').out).toBe('data\ntarget\n');
    expect(run('ln -s target link')).toEqual({ out: 'ln: failed to create symbolic link ‘link’: File exists\n', code: 1 });
    expect(run('chmod 700 target && stat -c "%a %A" target').out).toBe('700 -rwx------\n');
    expect(run('chmod go+r,u-x target && stat -c %a target').out).toBe('644\n');
    expect(run('chmod xyz target')).toEqual({ out: "chmod: invalid mode: ‘xyz’\nTry 'chmod --help' for more information.\n", code: 1 });
  });
});

describe('chown and chgrp', () => {
  it('changes owners recursively and rejects unknown names', () => {
    const { run } = terminal();
    run('useradd web && mkdir -p /srv/w/x && touch /srv/w/x/f && chown -R web:web /srv/w && chgrp root /srv/w/x/f');
    expect(run('ls -l /srv/w/x | tail -1').out).toBe('-rw-r--r--. 1 web root 0 Jun  2 09:00 f\n');
    expect(run('stat -c "%U:%G" /srv/w').out).toBe('web:web\n');
    expect(run('chown nouser /srv/w')).toEqual({ out: 'chown: invalid user: ‘nouser’\n', code: 1 });
    expect(run('chown web:nogroup /srv/w')).toEqual({ out: 'chown: invalid group: ‘web:nogroup’\n', code: 1 });
  });
});

describe('find and stat', () => {
  it('finds by name and type', () => {
    const { run } = terminal();
    run('mkdir -p f/a/b && touch f/x.txt f/a/y.txt f/a/b/z.log');
    expect(run('find f -name "*.txt"').out).toBe('f/a/y.txt\nf/x.txt\n');
    expect(run('find f -type d').out).toBe('f\nf/a\nf/a/b\n');
    expect(run('find f -maxdepth 1 -type f').out).toBe('f/x.txt\n');
    expect(run('find nope')).toEqual({ out: 'find: ‘nope’: No such file or directory\n', code: 1 });
    expect(run('find f -bogus')).toEqual({ out: "find: unknown predicate `-bogus'\n", code: 1 });
  });

  it('stat prints the coreutils 8.22 report', () => {
    const { run } = terminal();
    const out = run('stat /etc/hosts').out.split('\n');
    expect(out[0]).toBe('  File: ‘/etc/hosts’');
    expect(out[1]).toBe('  Size: 158       \tBlocks: 8          IO Block: 4096   regular file');
    expect(out[3]).toBe('Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)');
    expect(run('stat nope')).toEqual({ out: 'stat: cannot stat ‘nope’: No such file or directory\n', code: 1 });
  });
});
