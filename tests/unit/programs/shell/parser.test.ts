/** The parser's tree and bash's syntax error texts (checked against bash on an interactive terminal). */
import { describe, expect, it } from 'vitest';
import { parse, ShellSyntaxError } from '../../../../simulator/programs/shell/index.ts';

function errorOf(src: string): string[] {
  try {
    parse(src);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return e.lines;
    throw e;
  }
  return [];
}

describe('parse', () => {
  it('builds lists, and-or chains and pipelines', () => {
    const { list } = parse('a && b || c; d | e &');
    expect(list).toHaveLength(2);
    expect(list[0]?.rest.map((r) => r.op)).toEqual(['&&', '||']);
    expect(list[1]?.first.commands).toHaveLength(2);
    expect(list[1]?.background).toBe(true);
  });

  it('recognises reserved words only where a command starts', () => {
    const { list } = parse('echo if then fi');
    const cmd = list[0]?.first.commands[0];
    expect(cmd?.type).toBe('simple');
    const { list: l2 } = parse('if true; then echo y; elif false; then :; else echo n; fi');
    const ifCmd = l2[0]?.first.commands[0];
    expect(ifCmd?.type).toBe('if');
    if (ifCmd?.type === 'if') {
      expect(ifCmd.clauses).toHaveLength(2);
      expect(ifCmd.otherwise).toHaveLength(1);
    }
  });

  it('reads assignments, redirections with fds, and here-documents with and without expansion', () => {
    const { list } = parse("A=1 B=2 cmd 2>&1 >out <<'EOF'\n$x\nEOF\n");
    const cmd = list[0]?.first.commands[0];
    expect(cmd?.type).toBe('simple');
    if (cmd?.type !== 'simple') return;
    expect(cmd.assigns.map((a) => a.name)).toEqual(['A', 'B']);
    expect(cmd.redirects.map((r) => [r.op, r.fd])).toEqual([['>&', 2], ['>', undefined], ['<<', undefined]]);
    expect(cmd.redirects[2]?.heredoc).toEqual({ body: '$x\n', expand: false });
    const { list: l2 } = parse('cat <<-END\n\t\tindented $y\n\tEND');
    const c2 = l2[0]?.first.commands[0];
    if (c2?.type === 'simple') expect(c2.redirects[0]?.heredoc).toEqual({ body: 'indented $y\n', expand: true });
  });

  it('nests command substitution, arithmetic and parameter operators', () => {
    const { list } = parse('echo "$(echo "$((1+2))")" ${x:-$(date)} `echo a`');
    const cmd = list[0]?.first.commands[0];
    if (cmd?.type !== 'simple') throw new Error('simple expected');
    expect(cmd.words[1]?.[0]?.t).toBe('dq');
    expect(cmd.words[2]?.[0]).toMatchObject({ t: 'param', name: 'x', op: ':-' });
    expect(cmd.words[3]?.[0]?.t).toBe('cmd');
  });

  it('parses functions, case, for and while', () => {
    expect(parse('f() { echo hi; }').list[0]?.first.commands[0]?.type).toBe('function');
    expect(parse('function g { :; }').list[0]?.first.commands[0]?.type).toBe('function');
    expect(parse('case $x in a|b) echo ab;; *) echo other;; esac').list[0]?.first.commands[0]?.type).toBe('case');
    expect(parse('for i in 1 2; do echo $i; done').list[0]?.first.commands[0]?.type).toBe('for');
    expect(parse('while false; do :; done').list[0]?.first.commands[0]?.type).toBe('while');
    expect(parse('until true\ndo\n:\ndone').list[0]?.first.commands[0]?.type).toBe('while');
  });

  it('reports bash syntax errors', () => {
    expect(errorOf(';')).toEqual(["syntax error near unexpected token `;'"]);
    expect(errorOf('echo a ;; b')).toEqual(["syntax error near unexpected token `;;'"]);
    expect(errorOf('a &&')).toEqual(['syntax error: unexpected end of file']);
    expect(errorOf('| a')).toEqual(["syntax error near unexpected token `|'"]);
    expect(errorOf('echo >')).toEqual(["syntax error near unexpected token `newline'"]);
    expect(errorOf('fi')).toEqual(["syntax error near unexpected token `fi'"]);
    expect(errorOf('if true; then')).toEqual(['syntax error: unexpected end of file']);
    expect(errorOf('echo "abc')).toEqual(['unexpected EOF while looking for matching `"\'', 'syntax error: unexpected end of file']);
    expect(errorOf("echo 'abc")).toEqual(["unexpected EOF while looking for matching `''", 'syntax error: unexpected end of file']);
    expect(errorOf('echo $(ls')).toEqual(["unexpected EOF while looking for matching `)'", 'syntax error: unexpected end of file']);
    expect(errorOf('echo a (b)')).toEqual(["syntax error near unexpected token `('"]);
  });

  it('warns about a here-document ended by end of input', () => {
    expect(parse('cat <<EOF\nabc').warnings).toEqual(["warning: here-document at line 1 delimited by end-of-file (wanted `EOF')"]);
  });
});
