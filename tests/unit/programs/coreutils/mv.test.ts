/** mv (coreutils 8.22) renames within a filesystem and copies then removes across mounts. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

const inode = (line: string): string => line.trim().split(/\s+/)[0] as string;

describe('mv', () => {
  it('renames: the same inode under the new name, hard links kept', () => {
    const { run } = terminal();
    run('echo hi > a; ln a b');
    const before = inode(run('ls -i a').out);
    expect(run('mv a c')).toEqual({ out: '', code: 0 });
    const [b, c] = run('ls -li b c').out.trim().split('\n') as [string, string];
    expect(inode(c)).toBe(before);
    expect(inode(b)).toBe(before);
    expect(c).toMatch(/^\d+ -rw-r--r--\. 2 root root 3 /);
    run('echo more >> c');
    expect(run('cat b').out).toBe('hi\nmore\n');
  });

  it('moves a directory by renaming it, with its contents', () => {
    const { run } = terminal();
    run('mkdir -p d/sub; echo x > d/sub/f; mkdir t');
    const before = inode(run('ls -id d').out);
    run('mv d t');
    expect(inode(run('ls -id t/d').out)).toBe(before);
    expect(run('cat t/d/sub/f').out).toBe('x\n');
    expect(run('ls d').code).toBe(2);
  });

  it('copies and removes across mounts: a new inode on the other filesystem', () => {
    const { run } = terminal();
    run('echo hi > a; ln a b');
    const before = inode(run('ls -i a').out);
    expect(run('mv a /dev/shm/')).toEqual({ out: '', code: 0 });
    expect(inode(run('ls -i /dev/shm/a').out)).not.toBe(before);
    expect(run('cat /dev/shm/a').out).toBe('hi\n');
    expect(run('ls a').code).toBe(2);
    expect(run('ls -l b').out).toMatch(/^-rw-r--r--\. 1 root root 3 /);
  });

  it('reports errors as GNU mv 8.22', () => {
    const { run } = terminal();
    run('touch f; mkdir -p g/f/x h/e/x; mkdir e');
    expect(run('mv f g')).toEqual({ out: 'mv: cannot overwrite directory ‘g/f’ with non-directory\n', code: 1 });
    expect(run('mv g/f .')).toEqual({ out: 'mv: cannot overwrite non-directory ‘./f’ with directory ‘g/f’\n', code: 1 });
    expect(run('mv e h')).toEqual({ out: 'mv: cannot move ‘e’ to ‘h/e’: Directory not empty\n', code: 1 });
    expect(run('mv nope x')).toEqual({ out: 'mv: cannot stat ‘nope’: No such file or directory\n', code: 1 });
    expect(run('mv f f')).toEqual({ out: 'mv: ‘f’ and ‘f’ are the same file\n', code: 1 });
    expect(run('mv g g/f')).toEqual({ out: 'mv: cannot move ‘g’ to a subdirectory of itself, ‘g/f/g’\n', code: 1 });
    expect(run('mv f')).toEqual({ out: "mv: missing destination file operand after ‘f’\nTry 'mv --help' for more information.\n", code: 1 });
    expect(run('mv -v f f2')).toEqual({ out: '‘f’ -> ‘f2’\n', code: 0 });
  });
});
