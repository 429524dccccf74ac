/**
 * Splits a command line into words and operators the way bash's tokenizer does for the simple
 * cases: single and double quotes, backslash escapes, `#` comments at word start, and the control
 * operators `;`, `&&`, `||`, `|`, `&` and redirections. Words keep a quoted/unquoted record of each
 * character so expansion can skip what was quoted.
 */
export type Token =
  | { kind: 'word'; parts: WordPart[] }
  | { kind: 'op'; op: ';' | '&&' | '||' | '|' | '&' | '\n' }
  | { kind: 'redir'; op: '>' | '>>' | '<' | '2>' | '2>>' | '&>' | '2>&1' | '>&2' | '<<' | '<<-'; fd?: number };

export interface WordPart {
  text: string;
  /** 'none' expands variables and globs; 'double' expands variables only; 'single' is literal. */
  quote: 'none' | 'single' | 'double';
}

export class ShellSyntaxError extends Error {}

const OPERATOR_CHARS = new Set([';', '&', '|', '<', '>', '\n']);

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let parts: WordPart[] | null = null;
  const push = (text: string, quote: WordPart['quote']): void => {
    parts ??= [];
    const last = parts[parts.length - 1];
    if (last && last.quote === quote) last.text += text;
    else parts.push({ text, quote });
  };
  const endWord = (): void => {
    if (parts) tokens.push({ kind: 'word', parts });
    parts = null;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '#' && parts === null) {
      while (i < line.length && line[i] !== '\n') i++;
    } else if (c === '\\') {
      if (i + 1 < line.length) {
        if (line[i + 1] !== '\n') push(line[i + 1] as string, 'single');
        i += 2;
      } else {
        i++;
      }
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      push(line.slice(i + 1, end), 'single');
      if (end === i + 1) push('', 'single');
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= line.length) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
        const d = line[j] as string;
        if (d === '"') break;
        if (d === '\\' && j + 1 < line.length && '$`"\\\n'.includes(line[j + 1] as string)) {
          if (line[j + 1] !== '\n') text += line[j + 1] === '$' ? '\\$' : line[j + 1];
          j += 2;
          continue;
        }
        text += d;
        j++;
      }
      push(text, 'double');
      if (text === '') push('', 'double');
      i = j + 1;
    } else if (OPERATOR_CHARS.has(c)) {
      const two = line.slice(i, i + 2);
      const four = line.slice(i, i + 4);
      if (parts !== null && (c === '>' || c === '<')) {
        // `2>` and `2>&1`: a lone digit word directly before a redirection is its fd.
        const p = parts as WordPart[];
        if (p.length === 1 && p[0]?.quote === 'none' && p[0].text === '2') {
          parts = null;
          if (line.slice(i, i + 3) === '>&1') {
            tokens.push({ kind: 'redir', op: '2>&1' });
            i += 3;
          } else if (two === '>>') {
            tokens.push({ kind: 'redir', op: '2>>' });
            i += 2;
          } else {
            tokens.push({ kind: 'redir', op: '2>' });
            i += 1;
          }
          continue;
        }
      }
      endWord();
      if (two === '&&' || two === '||') {
        tokens.push({ kind: 'op', op: two });
        i += 2;
      } else if (two === '&>') {
        tokens.push({ kind: 'redir', op: '&>' });
        i += 2;
      } else if (two === '>&' && line[i + 2] === '2') {
        tokens.push({ kind: 'redir', op: '>&2' });
        i += 3;
      } else if (two === '>>') {
        tokens.push({ kind: 'redir', op: '>>' });
        i += 2;
      } else if (four.startsWith('<<-')) {
        tokens.push({ kind: 'redir', op: '<<-' });
        i += 3;
      } else if (two === '<<') {
        tokens.push({ kind: 'redir', op: '<<' });
        i += 2;
      } else if (c === '>' || c === '<') {
        tokens.push({ kind: 'redir', op: c });
        i += 1;
      } else {
        tokens.push({ kind: 'op', op: c as ';' | '&' | '|' | '\n' });
        i += 1;
      }
    } else {
      push(c, 'none');
      i++;
    }
  }
  endWord();
  return tokens;
}
