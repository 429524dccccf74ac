/** Expansions, control flow, redirections and limits, through the lab's terminal. Outputs as bash 4.2 prints them. */
import { describe, expect, it } from 'vitest';
import { terminal } from './helpers.ts';

describe('expansion', () => {
  it('expands variables, defaults, lengths, patterns and substrings', () => {
    const { run } = terminal();
    run('x=hello; unset y');
    expect(run('echo $x ${x} ${y:-def} ${y-unset} ${x:+set} ${#x} ${x#h} ${x%l*} ${x%%l*} ${x/l/L} ${x//l/L} ${x:1:3}').out).toBe('hello hello def unset set 5 ello hel he heLlo heLLo ell\n');
    expect(run('echo ${z:=assigned}; echo $z').out).toBe('assigned\nassigned\n');
  });

  it('knows the special parameters', () => {
    const { run } = terminal();
    run('false');
    expect(run('echo $?').out).toBe('1\n');
    expect(run('echo $0 $#').out).toBe('-bash 0\n');
    expect(run('set -- a "b c"; echo $# $1 $2').out).toBe('2 a b c\n');
    expect(run('for a in "$@"; do echo "[$a]"; done').out).toBe('[a]\n[b c]\n');
  });

  it('substitutes commands and arithmetic', () => {
    const { run } = terminal();
    expect(run('echo "$(echo one; echo two)" `echo three` $((2 + 3 * 4)) $(( (1<<4) % 7 ))').out).toBe('one\ntwo three 14 2\n');
    expect(run('i=3; echo $((i++)) $i $((i*=2))').out).toBe('3 4 8\n');
    expect(run('echo $((1/0))')).toEqual({ out: 'bash: 1/0: division by 0 (error token is "0")\n', code: 1 });
  });

  it('splits unquoted expansions into fields but not quoted ones', () => {
    const { run } = terminal();
    run('v="a   b  c"');
    expect(run('printf "[%s]" $v; echo').out).toBe('[a][b][c]\n');
    expect(run('printf "[%s]" "$v"; echo').out).toBe('[a   b  c]\n');
    expect(run('IFS=:; w="x:y"; printf "[%s]" $w; echo').out).toBe('[x][y]\n');
  });

  it('expands globs against the filesystem, sorted, and leaves unmatched ones as typed', () => {
    const { run } = terminal();
    run('mkdir /tmp/g && touch /tmp/g/b.txt /tmp/g/a.txt /tmp/g/.hidden /tmp/g/c.log');
    expect(run('echo /tmp/g/*').out).toBe('/tmp/g/a.txt /tmp/g/b.txt /tmp/g/c.log\n');
    expect(run('cd /tmp/g && echo *.txt ?.log [ab].* && cd').out).toBe('a.txt b.txt c.log a.txt b.txt\n');
    expect(run('echo /tmp/g/*.none "/tmp/g/*"').out).toBe('/tmp/g/*.none /tmp/g/*\n');
  });

  it('expands tildes and braces', () => {
    const { run } = terminal();
    expect(run('echo ~ ~/x ~root ~nobody ~nosuch').out).toBe('/root /root/x /root / ~nosuch\n');
    expect(run('echo a{b,c}d {1..3} {a..c} x{01..03}').out).toBe('abd acd 1 2 3 a b c x01 x02 x03\n');
  });

  it('keeps single-quoted text literal and handles escapes', () => {
    const { run } = terminal();
    expect(run("echo '$HOME \\n' \"\\$HOME\" \\$HOME $'a\\tb'").out).toBe('$HOME \\n $HOME $HOME a\tb\n');
  });

  it('reports a bad substitution', () => {
    const { run } = terminal();
    expect(run('echo ${a b}')).toEqual({ out: 'bash: ${a b}: bad substitution\n', code: 1 });
  });
});

describe('control flow', () => {
  it('runs if, for, while, until and case', () => {
    const { run } = terminal();
    expect(run('if [ 1 -eq 2 ]; then echo a; elif [ 2 -eq 2 ]; then echo b; else echo c; fi').out).toBe('b\n');
    expect(run('for i in 1 2 3; do echo -n "$i "; done; echo').out).toBe('1 2 3 \n');
    expect(run('n=0; while [ $n -lt 3 ]; do n=$((n+1)); done; echo $n').out).toBe('3\n');
    expect(run('n=5; until [ $n -le 2 ]; do n=$((n-1)); done; echo $n').out).toBe('2\n');
    expect(run('case foo.txt in *.log) echo log;; *.txt|*.md) echo text;; esac').out).toBe('text\n');
    expect(run('for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done').out).toBe('1\n3\n');
  });

  it('evaluates [[ ]] without splitting, with patterns and regular expressions', () => {
    const { run } = terminal();
    run('x=hello.txt; v="a b"');
    expect(run('[[ -f /etc/hosts && -d /etc ]] && echo files').out).toBe('files\n');
    expect(run('[[ $x == *.txt ]] && echo glob; [[ $x == "*.txt" ]] || echo literal').out).toBe('glob\nliteral\n');
    expect(run('[[ $x =~ ^h.*\\.txt$ ]] && echo re').out).toBe('re\n');
    expect(run('[[ $v = "a b" && 3 -lt 10 && b > a ]] && echo all').out).toBe('all\n');
    expect(run('[[ ! -e /nope || 1 -eq 2 ]]; echo $?').out).toBe('0\n');
    expect(run('[[ ]]')).toEqual({ out: "bash: syntax error near unexpected token `]]'\n", code: 2 });
  });

  it('defines and calls functions with arguments, locals and return', () => {
    const { run } = terminal();
    run('greet() { local who=$1; echo "hi $who ($#)"; return 3; }');
    expect(run('greet bob x; echo $?; echo "[$who]"').out).toBe('hi bob (2)\n3\n[]\n');
  });

  it('short-circuits && and || and negates with !', () => {
    const { run } = terminal();
    expect(run('false && echo no || echo yes').out).toBe('yes\n');
    expect(run('! false && echo negated').out).toBe('negated\n');
  });

  it('runs subshells without leaking state and groups in the current shell', () => {
    const { run } = terminal();
    expect(run('x=1; (x=2; cd /tmp; echo $x); echo $x; pwd').out).toBe('2\n1\n/root\n');
    expect(run('{ x=3; echo in; }; echo $x').out).toBe('in\n3\n');
  });
});

describe('redirections and pipes', () => {
  it('writes, appends and reads files', () => {
    const { run, lab } = terminal();
    expect(run('echo one > f; echo two >> f; cat < f').out).toBe('one\ntwo\n');
    expect(lab.readFile('/root/f')).toBe('one\ntwo\n');
    expect(run('cat nofile 2>/dev/null; echo $?').out).toBe('1\n');
    expect(run('cat nofile 2>&1 | tr a-z A-Z').out).toBe('CAT: NOFILE: NO SUCH FILE OR DIRECTORY\n');
    expect(run('ls nofile &> both; cat both').out).toBe('ls: cannot access nofile: No such file or directory\n');
    expect(run('echo err >&2 2>/dev/null').out).toBe('err\n');
  });

  it('feeds here-documents and here-strings', () => {
    const { run } = terminal();
    run('name=world');
    expect(run('cat <<EOF\nhello $name\n$(echo sub)\nEOF').out).toBe('hello world\nsub\n');
    expect(run("cat <<'EOF'\nhello $name\nEOF").out).toBe('hello $name\n');
    expect(run('tr a-z A-Z <<< "$name"').out).toBe('WORLD\n');
  });

  it('reads stdin line by line in a loop', () => {
    const { run } = terminal();
    expect(run('printf "a b\\nc d\\n" | while read x y; do echo "$y-$x"; done').out).toBe('b-a\nd-c\n');
  });

  it('reports redirection errors', () => {
    const { run } = terminal();
    expect(run('echo x > /nodir/f')).toEqual({ out: 'bash: /nodir/f: No such file or directory\n', code: 1 });
    expect(run('echo x > /tmp')).toEqual({ out: 'bash: /tmp: Is a directory\n', code: 1 });
    expect(run('cat < /nofile')).toEqual({ out: 'bash: /nofile: No such file or directory\n', code: 1 });
  });

  it('stops a producer when the pipe is full, as SIGPIPE does', () => {
    const { run } = terminal();
    expect(run('yes | head -n 2')).toEqual({ out: 'y\ny\n', code: 0 });
  });
});

describe('commands and errors', () => {
  it('prints bash errors for unknown commands and syntax errors', () => {
    const { run } = terminal();
    expect(run('nosuchcmd')).toEqual({ out: 'bash: nosuchcmd: command not found\n', code: 127 });
    expect(run('./nosuch')).toEqual({ out: 'bash: ./nosuch: No such file or directory\n', code: 127 });
    expect(run('echo a;;')).toEqual({ out: "bash: syntax error near unexpected token `;;'\n", code: 2 });
    expect(run('echo "open')).toEqual({ out: 'bash: unexpected EOF while looking for matching `"\'\nbash: syntax error: unexpected end of file\n', code: 2 });
    expect(run('/etc')).toEqual({ out: 'bash: /etc: Is a directory\n', code: 126 });
    expect(run('/etc/hosts')).toEqual({ out: 'bash: /etc/hosts: Permission denied\n', code: 126 });
  });

  it('runs scripts with a shebang, with bash, and with source', () => {
    const { run } = terminal();
    run("cat > s.sh <<'EOF'\n#!/bin/bash\necho \"args: $# $1\"\nexit 4\nEOF");
    expect(run('bash s.sh a b')).toEqual({ out: 'args: 2 a\n', code: 4 });
    expect(run('./s.sh')).toEqual({ out: 'bash: ./s.sh: Permission denied\n', code: 126 });
    run('chmod +x s.sh');
    expect(run('./s.sh x')).toEqual({ out: 'args: 1 x\n', code: 4 });
    run('echo "v=42" > vars.sh');
    expect(run('source vars.sh; . ./vars.sh; echo $v').out).toBe('42\n');
    expect(run('bash -c \'echo "$0 $1"\' zero one').out).toBe('zero one\n');
  });

  it('passes prefix assignments to the command only', () => {
    const { run } = terminal();
    expect(run('FOO=bar printenv FOO; echo "[$FOO]"').out).toBe('bar\n[]\n');
    expect(run('export FOO=baz; bash -c "echo \\$FOO"').out).toBe('baz\n');
  });

  it('stops endless loops with a clear message and keeps the lab usable', () => {
    const { run } = terminal();
    expect(run('while true; do :; done')).toEqual({ out: 'podbook: command stopped: too many steps (is it an endless loop?)\n', code: 130 });
    expect(run('f() { f; }; f').code).not.toBe(0);
    expect(run('echo still here')).toEqual({ out: 'still here\n', code: 0 });
  });

  it('runs background jobs at once and reports them before the next prompt', () => {
    const { run } = terminal();
    const first = run('false & true & echo x');
    expect(first.out).toMatch(/^\[1\] (\d+)\n\[2\] (\d+)\nx\n$/);
    expect(run('echo next').out).toBe('next\n[1]-  Exit 1                  false\n[2]+  Done                    true\n');
    expect(run('echo again').out).toBe('again\n');
  });

  it('times pipelines on the lab clock', () => {
    const { run } = terminal();
    expect(run('time sleep 2')).toEqual({ out: '\nreal\t0m2.000s\nuser\t0m0.000s\nsys\t0m0.000s\n', code: 0 });
    expect(run('time -p sleep 1.5').out).toBe('real 1.50\nuser 0.00\nsys 0.00\n');
  });

  it('caps output', () => {
    const { run } = terminal();
    const r = run('yes');
    expect(r.out.endsWith('\npodbook: output truncated\n')).toBe(true);
    expect(r.out.length).toBeLessThan(1024 * 1024 + 100);
    expect(r.code).toBe(1);
  });

  it('errexit and xtrace', () => {
    const { run } = terminal();
    expect(run('bash -c "set -e; echo a; false; echo b"')).toEqual({ out: 'a\n', code: 1 });
    expect(run('bash -xc "x=1; echo \\$x"').out).toBe('+ x=1\n+ echo 1\n1\n');
  });
});

describe('exit', () => {
  it('logs out of the login shell and the lab gives a fresh one', () => {
    const { run, lab } = terminal();
    run('cd /tmp; x=1');
    expect(run('exit 3')).toEqual({ out: 'logout\n', code: 3 });
    expect(lab.prompt()).toBe('[root@localhost ~]# ');
    expect(run('echo "[$x]"; pwd').out).toBe('[]\n/root\n');
  });

  it('runs a nested interactive bash until its exit', () => {
    const { run } = terminal();
    expect(run('bash')).toEqual({ out: '', code: 0 });
    expect(run('echo $SHLVL; x=1').out).toBe('2\n');
    expect(run('exit')).toEqual({ out: 'exit\n', code: 0 });
    expect(run('echo $SHLVL [$x]').out).toBe('1 []\n');
  });

  it('exits a subshell only', () => {
    const { run } = terminal();
    expect(run('(exit 7); echo $?').out).toBe('7\n');
  });
});
