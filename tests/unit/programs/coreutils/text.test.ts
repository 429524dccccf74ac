/** Text tools: outputs as GNU grep 2.20, sed 4.2.2, gawk 4.0.2 and coreutils 8.22 print them. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

function withFile() {
  const t = terminal();
  t.run("cat > /tmp/t <<'EOF'\napple 3 red\nBanana 10 yellow\ncherry 7 red\napple 3 red\nEOF");
  return t;
}

describe('grep', () => {
  it('matches with -i -v -n -c -E -o -w and several files', () => {
    const { run } = withFile();
    expect(run('grep red /tmp/t').out).toBe('apple 3 red\ncherry 7 red\napple 3 red\n');
    expect(run('grep -i banana /tmp/t').out).toBe('Banana 10 yellow\n');
    expect(run('grep -vn red /tmp/t').out).toBe('2:Banana 10 yellow\n');
    expect(run('grep -c apple /tmp/t').out).toBe('2\n');
    expect(run('grep -E "^(apple|cherry)" /tmp/t | wc -l').out).toBe('3\n');
    expect(run('grep -o "[0-9]\\+" /tmp/t').out).toBe('3\n10\n7\n3\n');
    expect(run('grep -w 1 /tmp/t; echo $?').out).toBe('1\n');
    expect(run('grep -l red /tmp/t /etc/hosts').out).toBe('/tmp/t\n');
    expect(run('grep root /etc/passwd /etc/group').out).toBe('/etc/passwd:root:x:0:0:root:/root:/bin/bash\n/etc/passwd:operator:x:11:0:operator:/root:/sbin/nologin\n/etc/group:root:x:0:\n');
  });

  it('exits 1 without a match and 2 on errors', () => {
    const { run } = withFile();
    expect(run('grep zzz /tmp/t')).toEqual({ out: '', code: 1 });
    expect(run('grep x /nope')).toEqual({ out: 'grep: /nope: No such file or directory\n', code: 2 });
    expect(run('grep')).toEqual({ out: "Usage: grep [OPTION]... PATTERN [FILE]...\nTry 'grep --help' for more information.\n", code: 2 });
    expect(run('grep -Z x')).toEqual({ out: "grep: invalid option -- 'Z'\nUsage: grep [OPTION]... PATTERN [FILE]...\nTry 'grep --help' for more information.\n", code: 2 });
    expect(run('grep "[" /tmp/t')).toEqual({ out: 'grep: Unmatched [ or [^\n', code: 2 });
  });

  it('searches recursively and accepts --color', () => {
    const { run } = terminal();
    run('mkdir -p /srv/r/s && echo needle > /srv/r/a && echo needle > /srv/r/s/b');
    expect(run('grep --color=auto -r needle /srv/r').out).toBe('/srv/r/a:needle\n/srv/r/s/b:needle\n');
  });
});

describe('sed', () => {
  it('substitutes, prints, deletes, and edits in place', () => {
    const { run, lab } = withFile();
    expect(run('echo hello | sed "s/l/L/"').out).toBe('heLlo\n');
    expect(run('echo hello | sed "s/l/L/g"').out).toBe('heLLo\n');
    expect(run("echo 'a-b' | sed -E 's/(a)-(b)/\\2-\\1 [&]/'").out).toBe('b-a [a-b]\n');
    expect(run('sed -n "2p" /tmp/t').out).toBe('Banana 10 yellow\n');
    expect(run('sed "/red/d" /tmp/t').out).toBe('Banana 10 yellow\n');
    expect(run('sed -n "/Banana/,/cherry/p" /tmp/t').out).toBe('Banana 10 yellow\ncherry 7 red\n');
    expect(run('sed "1!d;s|apple|pear|" /tmp/t').out).toBe('pear 3 red\n');
    expect(run('sed -i "s/red/RED/g" /tmp/t').out).toBe('');
    expect(lab.readFile('/tmp/t')?.split('\n')[0]).toBe('apple 3 RED');
  });

  it('reports script errors and missing files', () => {
    const { run } = withFile();
    expect(run('sed "s/a/b" /tmp/t')).toEqual({ out: "sed: -e expression #1, char 5: unterminated `s' command\n", code: 1 });
    expect(run('sed p /nope')).toEqual({ out: "sed: can't read /nope: No such file or directory\n", code: 2 });
  });
});

describe('awk', () => {
  it('prints fields with separators, patterns and END sums', () => {
    const { run } = withFile();
    expect(run("awk '{print $1}' /tmp/t").out).toBe('apple\nBanana\ncherry\napple\n');
    expect(run("awk -F: '{print $1, $NF}' /etc/passwd | head -1").out).toBe('root /bin/bash\n');
    expect(run("awk '$2 > 5 {print NR\": \"$1}' /tmp/t").out).toBe('2: Banana\n3: cherry\n');
    expect(run("awk '/red/ {n++; s += $2} END {print n, s}' /tmp/t").out).toBe('3 13\n');
    expect(run("awk 'BEGIN {printf \"%-5s|%3d\\n\", \"ab\", 7}'").out).toBe('ab   |  7\n');
    expect(run("echo 'a b c' | awk '{print length($0), toupper($2), substr($0, 3)}'").out).toBe('5 B b c\n');
  });

  it('reports syntax errors', () => {
    const { run } = terminal();
    expect(run("awk '{print $1' /etc/hosts").code).toBe(1);
  });
});

describe('sort, uniq, cut, tr, wc', () => {
  it('sorts numerically, reversed, by key, uniquely', () => {
    const { run } = withFile();
    expect(run('sort /tmp/t').out).toBe('apple 3 red\napple 3 red\nBanana 10 yellow\ncherry 7 red\n');
    expect(run('sort -u /tmp/t').out).toBe('apple 3 red\nBanana 10 yellow\ncherry 7 red\n');
    expect(run('sort -k2 -n /tmp/t | cut -d" " -f2').out).toBe('3\n3\n7\n10\n');
    expect(run('sort -k2 -nr /tmp/t | head -1').out).toBe('Banana 10 yellow\n');
    expect(run('sort /nope')).toEqual({ out: 'sort: open failed: /nope: No such file or directory\n', code: 2 });
  });

  it('counts runs with uniq -c', () => {
    const { run } = terminal();
    expect(run('printf "a\\na\\nb\\na\\n" | uniq -c').out).toBe('      2 a\n      1 b\n      1 a\n');
    expect(run('printf "a\\na\\nb\\n" | uniq -d').out).toBe('a\n');
  });

  it('cuts fields and characters', () => {
    const { run } = terminal();
    expect(run('echo a:b:c:d | cut -d: -f2,4').out).toBe('b:d\n');
    expect(run('echo a:b:c:d | cut -d: -f2-').out).toBe('b:c:d\n');
    expect(run('echo abcdef | cut -c2-4').out).toBe('bcd\n');
    expect(run('cut -d: /etc/hosts')).toEqual({ out: "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n", code: 1 });
  });

  it('translates, deletes and squeezes', () => {
    const { run } = terminal();
    expect(run('echo hello | tr a-z A-Z').out).toBe('HELLO\n');
    expect(run('echo "a  b   c" | tr -s " "').out).toBe('a b c\n');
    expect(run('echo hello123 | tr -d "[:digit:]"').out).toBe('hello\n');
    expect(run('echo abc | tr -c "a\\n" x').out).toBe('axx\n');
  });

  it('counts with widths as wc does', () => {
    const { run } = withFile();
    expect(run('wc /tmp/t').out).toBe(' 4 12 54 /tmp/t\n');
    expect(run('wc -l /tmp/t').out).toBe('4 /tmp/t\n');
    expect(run('wc -l < /tmp/t').out).toBe('4\n');
    expect(run('cat /tmp/t | wc').out).toBe('      4      12      54\n');
    expect(run('wc -l /tmp/t /etc/hosts').out).toBe('  4 /tmp/t\n  2 /etc/hosts\n  6 total\n');
    expect(run('wc /nope')).toEqual({ out: 'wc: /nope: No such file or directory\n', code: 1 });
  });
});

describe('sha256sum and tac', () => {
  it('hashes like the real sha256sum and reverses lines', () => {
    const { run } = terminal();
    expect(run('echo hello | sha256sum').out).toBe('5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\n');
    expect(run('sha256sum /etc/hostname nope')).toEqual({ out: 'd906aecb61d076a967d9ffe8821c7b04b063f72df9d9e35b33ef36b1c0d98f16  /etc/hostname\nsha256sum: nope: No such file or directory\n', code: 1 });
    expect(run('seq 3 | tac').out).toBe('3\n2\n1\n');
  });
});

describe('head, tail, tee, base64', () => {
  it('head and tail count lines and bytes', () => {
    const { run } = terminal();
    run('seq 1 20 > n');
    expect(run('head -3 n').out).toBe('1\n2\n3\n');
    expect(run('head -n 2 n | tail -1').out).toBe('2\n');
    expect(run('tail -n 2 n').out).toBe('19\n20\n');
    expect(run('tail -n +19 n').out).toBe('19\n20\n');
    expect(run('tail -f -n 1 n').out).toBe('20\n');
    expect(run('head -c 4 n').out).toBe('1\n2\n');
    expect(run('head -n 1 n n').out).toBe('==> n <==\n1\n\n==> n <==\n1\n');
    expect(run('head nope')).toEqual({ out: 'head: cannot open ‘nope’ for reading: No such file or directory\n', code: 1 });
    expect(run('head -n x n')).toEqual({ out: 'head: invalid number of lines: ‘x’\n', code: 1 });
  });

  it('tee writes files and passes input through', () => {
    const { run, lab } = terminal();
    expect(run('echo one | tee a b').out).toBe('one\n');
    expect(run('echo two | tee -a a > /dev/null').out).toBe('');
    expect(lab.readFile('/root/a')).toBe('one\ntwo\n');
    expect(lab.readFile('/root/b')).toBe('one\n');
  });

  it('base64 encodes with wrapping and decodes', () => {
    const { run } = terminal();
    expect(run('echo hello world | base64').out).toBe('aGVsbG8gd29ybGQK\n');
    expect(run('echo hello world | base64 -w 8').out).toBe('aGVsbG8g\nd29ybGQK\n');
    expect(run('echo aGVsbG8gd29ybGQK | base64 -d').out).toBe('hello world\n');
    expect(run('echo "%%%" | base64 -d')).toEqual({ out: 'base64: invalid input\n', code: 1 });
    expect(run('seq 1 40 | base64 | head -1').out).toBe('MQoyCjMKNAo1CjYKNwo4CjkKMTAKMTEKMTIKMTMKMTQKMTUKMTYKMTcKMTgKMTkKMjAKMjEKMjIK\n');
  });
});
