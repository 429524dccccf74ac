/**
 * /bin/sh per image: dash in Debian and Ubuntu images, busybox ash in busybox and Alpine ones, bash
 * on CentOS (sh is a link to bash there): each words a missing command and a failed redirection in
 * its own way, while bash stays bash everywhere.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from './helpers.ts';

function lab(images: string[]): (line: string) => { out: string; code: number } {
  const { run } = terminal();
  for (const image of images) run(`docker pull ${image}`);
  return run;
}

describe('sh dialects', () => {
  it('dash in Ubuntu: line numbers, "not found", status 127', () => {
    const run = lab(['ubuntu']);
    expect(run("docker run --rm ubuntu sh -c 'foo'")).toEqual({ out: 'sh: 1: foo: not found\n', code: 127 });
    expect(run("docker run --rm ubuntu /bin/sh -c 'true\nfoo'")).toEqual({ out: '/bin/sh: 2: foo: not found\n', code: 127 });
    expect(run("docker run --rm ubuntu sh -c 'echo hi > /nope/f'")).toEqual({ out: 'sh: 1: cannot create /nope/f: Directory nonexistent\n', code: 2 });
    expect(run("docker run --rm ubuntu sh -c 'cat < /nope'")).toEqual({ out: 'sh: 1: cannot open /nope: No such file\n', code: 2 });
    expect(run("docker run --rm ubuntu sh -c 'cd /nope'")).toEqual({ out: "sh: 1: cd: can't cd to /nope\n", code: 2 });
    expect(run("docker run --rm ubuntu bash -c 'foo'")).toEqual({ out: 'bash: foo: command not found\n', code: 127 });
  });

  it('ash in busybox: no line numbers, its own redirection words', () => {
    const run = lab(['busybox']);
    expect(run("docker run --rm busybox sh -c 'foo'")).toEqual({ out: 'sh: foo: not found\n', code: 127 });
    expect(run("docker run --rm busybox sh -c 'echo hi > /nope/f'")).toEqual({ out: "sh: can't create /nope/f: nonexistent directory\n", code: 2 });
    expect(run("docker run --rm busybox sh -c 'cd /nope'")).toEqual({ out: "sh: cd: line 1: can't cd to /nope: No such file or directory\n", code: 2 });
  });

  it('bash behind sh on CentOS names itself by $0', () => {
    const run = lab(['centos:7']);
    expect(run("docker run --rm centos:7 sh -c 'foo'")).toEqual({ out: 'sh: foo: command not found\n', code: 127 });
    expect(run("docker run --rm centos:7 /bin/bash -c 'foo'")).toEqual({ out: '/bin/bash: foo: command not found\n', code: 127 });
    expect(run("sh -c 'echo hi > /nope/f'")).toEqual({ out: 'sh: /nope/f: No such file or directory\n', code: 1 });
    expect(run('foo')).toEqual({ out: 'bash: foo: command not found\n', code: 127 });
  });
});
