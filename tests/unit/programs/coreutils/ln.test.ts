/** ln makes hard links: one inode with two names and a link count of 2 (coreutils 8.22). */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

describe('ln', () => {
  it('links a file under a second name sharing its inode', () => {
    const { run } = terminal();
    run('echo one > a && ln a b');
    const [a, b] = run('ls -li a b').out.trim().split('\n') as [string, string];
    expect(a.split(' ')[0]).toBe(b.split(' ')[0]);
    expect(a).toMatch(/^\d+ -rw-r--r--\. 2 root root 4 /);
    run('echo two >> b');
    expect(run('cat a').out).toBe('one\ntwo\n');
    run('rm a');
    expect(run('cat b').out).toBe('one\ntwo\n');
    expect(run('ls -l b').out).toMatch(/^-rw-r--r--\. 1 root root 8 /);
  });

  it('refuses directories and existing names as before', () => {
    const { run } = terminal();
    run('mkdir d; touch f g');
    expect(run('ln d e')).toEqual({ out: "ln: ‘d’: hard link not allowed for directory\n", code: 1 });
    expect(run('ln f g').code).toBe(1);
  });
});
