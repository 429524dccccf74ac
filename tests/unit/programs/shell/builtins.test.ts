/** bash 4.2's builtins and their messages on an interactive terminal. */
import { describe, expect, it } from 'vitest';
import { terminal } from './helpers.ts';

describe('cd and pwd', () => {
  it('changes directory, with -, ~ and errors', () => {
    const { run, lab } = terminal();
    expect(run('cd /etc && pwd').out).toBe('/etc\n');
    expect(lab.prompt()).toBe('[root@localhost etc]# ');
    expect(run('cd /tmp; cd -').out).toBe('/etc\n');
    expect(run('cd ~; pwd').out).toBe('/root\n');
    expect(run('cd /nope')).toEqual({ out: 'bash: cd: /nope: No such file or directory\n', code: 1 });
    expect(run('cd /etc/hosts')).toEqual({ out: 'bash: cd: /etc/hosts: Not a directory\n', code: 1 });
    expect(run('cd /usr/bin && echo $PWD $OLDPWD').out).toBe('/usr/bin /root\n');
  });

  it('cd - without a previous directory', () => {
    expect(terminal().run('cd -')).toEqual({ out: 'bash: cd: OLDPWD not set\n', code: 1 });
  });
});

describe('variables', () => {
  it('export, unset and their errors', () => {
    const { run } = terminal();
    expect(run('X=1; bash -c "echo [\\$X]"; export X; bash -c "echo [\\$X]"').out).toBe('[]\n[1]\n');
    expect(run('export -p | grep " X="').out).toBe('declare -x X="1"\n');
    expect(run('unset X; echo "[$X]"').out).toBe('[]\n');
    expect(run('export 1a=b')).toEqual({ out: "bash: export: `1a=b': not a valid identifier\n", code: 1 });
    expect(run('unset 1a')).toEqual({ out: "bash: unset: `1a': not a valid identifier\n", code: 1 });
  });

  it('read splits a line into variables', () => {
    const { run } = terminal();
    expect(run('echo "a b c d" | { read x y; echo "$x|$y"; }').out).toBe('a|b c d\n');
    expect(run('read -r line <<< "back\\\\slash"; echo "$line"').out).toBe('back\\slash\n');
    expect(run('read v < /dev/null; echo $?').out).toBe('1\n');
  });
});

describe('echo, printf, test', () => {
  it('echo options', () => {
    const { run } = terminal();
    expect(run('echo -n a; echo -e "b\\tc\\n"; echo -E "\\t"; echo -- -n').out).toBe('ab\tc\n\n\\t\n-- -n\n');
  });

  it('printf formats and reuses its format', () => {
    const { run } = terminal();
    expect(run('printf "%s-%d-%05.2f-%x-%o-%e-%c|\\n" a 42 3.14159 255 8 1234.5 xyz').out).toBe('a-42-03.14-ff-10-1.234500e+03-x|\n');
    expect(run('printf "%s=%s\\n" a 1 b 2').out).toBe('a=1\nb=2\n');
    expect(run('printf "[%-4s][%4s]\\n" ab cd').out).toBe('[ab  ][  cd]\n');
    expect(run('printf "%d\\n" abc')).toEqual({ out: 'bash: printf: abc: invalid number\n0\n', code: 1 });
    expect(run('printf')).toEqual({ out: 'printf: usage: printf [-v var] format [arguments]\n', code: 2 });
    expect(run('printf -v out "%03d" 7; echo $out').out).toBe('007\n');
  });

  it('test and [ with their errors', () => {
    const { run } = terminal();
    expect(run('[ -f /etc/hosts ] && [ -d /etc ] && [ ! -e /nope ] && [ -z "" ] && [ -n x ] && echo ok').out).toBe('ok\n');
    expect(run('[ 2 -gt 1 -a 1 -lt 2 ] && test abc != abd && echo ok').out).toBe('ok\n');
    expect(run('[ 1 -eq ]')).toEqual({ out: 'bash: [: 1: unary operator expected\n', code: 2 });
    expect(run('[ a')).toEqual({ out: "bash: [: missing `]'\n", code: 2 });
    expect(run('[ x -eq 1 ]')).toEqual({ out: 'bash: [: x: integer expression expected\n', code: 2 });
    expect(run('[ a b c ]')).toEqual({ out: 'bash: [: b: binary operator expected\n', code: 2 });
  });
});

describe('type, alias, command, history', () => {
  it('describes names', () => {
    const { run } = terminal();
    expect(run('type cd ls cat if')).toEqual({ out: "cd is a shell builtin\nls is aliased to `ls --color=auto'\ncat is /usr/bin/cat\nif is a shell keyword\n", code: 0 });
    expect(run('type nosuch')).toEqual({ out: 'bash: type: nosuch: not found\n', code: 1 });
    expect(run('type -t cd ls cat').out).toBe('builtin\nalias\nfile\n');
    expect(run('command -v ls cat cd').out).toBe("alias ls='ls --color=auto'\n/usr/bin/cat\ncd\n");
  });

  it('prints functions as bash formats them', () => {
    const { run } = terminal();
    run('g() { if [ -f x ]; then echo y; elif true; then :; else echo n; fi; for i in 1 2; do echo "$i"; done; x=$(date) y=1; }');
    expect(run('type g').out).toBe(
      'g is a function\ng () \n{ \n    if [ -f x ]; then\n        echo y;\n    else\n        if true; then\n            :;\n        else\n            echo n;\n        fi;\n    fi;\n    for i in 1 2;\n    do\n        echo "$i";\n    done;\n    x=$(date) y=1\n}\n',
    );
    run('h() { while read l; do echo $l; done < f; case $1 in a|b) echo ab;; *) echo o;; esac; (cd /; ls); }');
    expect(run('type h').out).toBe('h is a function\nh () \n{ \n    while read l; do\n        echo $l;\n    done < f;\n    case $1 in \n        a | b)\n            echo ab\n        ;;\n        *)\n            echo o\n        ;;\n    esac;\n    ( cd /;\n    ls )\n}\n');
  });

  it('defines aliases and lists them like bash', () => {
    const { run } = terminal();
    run("alias hi='echo hello'");
    expect(run('hi there').out).toBe('hello there\n');
    expect(run('alias hi').out).toBe("alias hi='echo hello'\n");
    expect(run('alias | head -2').out).toBe("alias egrep='egrep --color=auto'\nalias fgrep='fgrep --color=auto'\n");
    expect(run('unalias hi; hi')).toEqual({ out: 'bash: hi: command not found\n', code: 127 });
    expect(run('alias nope')).toEqual({ out: 'bash: alias: nope: not found\n', code: 1 });
  });

  it('history numbers the lines typed', () => {
    const { run } = terminal();
    run('echo one');
    run('echo two');
    expect(run('history').out).toBe('    1  echo one\n    2  echo two\n    3  history\n');
    expect(run('history 1').out).toBe('    4  history 1\n');
  });
});

describe('flow builtins outside their place', () => {
  it('return, break and exit messages', () => {
    const { run } = terminal();
    expect(run('return')).toEqual({ out: "bash: return: can only `return' from a function or sourced script\n", code: 1 });
    expect(run('break')).toEqual({ out: "bash: break: only meaningful in a `for', `while', or `until' loop\n", code: 0 });
    expect(run('exit abc')).toEqual({ out: 'logout\nbash: exit: abc: numeric argument required\n', code: 255 });
    expect(run('exit 1 2')).toEqual({ out: 'logout\nbash: exit: too many arguments\n', code: 1 });
  });

  it('eval, let, shift and set --', () => {
    const { run } = terminal();
    expect(run('cmd="echo evald"; eval $cmd').out).toBe('evald\n');
    expect(run('let "y = 6 * 7"; echo $y').out).toBe('42\n');
    expect(run('set -- a b c; shift; echo $@; shift 5; echo $?').out).toBe('b c\n1\n');
  });
});
