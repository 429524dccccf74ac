/**
 * The tokens of Go's text/template: text between actions, and inside `{{ }}` the words, fields,
 * variables, literals and punctuation of a pipeline. Trim markers (`{{- ` and ` -}}`) remove the
 * white space next to an action and comments (slash-star ... star-slash inside braces) vanish, as in Go. Errors carry Go's
 * wording and the line they were found on.
 */

export type ItemType =
  | 'text'
  | 'left'
  | 'right'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'raw'
  | 'char'
  | 'charConstant'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'declare'
  | 'assign'
  | 'lparen'
  | 'rparen'
  | 'eof'
  | 'error';

export interface Item {
  type: ItemType;
  /** Byte offset in the template, for error positions. */
  pos: number;
  value: string;
  line: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string): boolean => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);

/** Go's %#U of a character: `U+007D '}'`. */
export function goQuoteRune(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${c}'`;
}

/** Tokenises a whole template (Go lexes lazily; the items and errors come out the same). */
export function lex(src: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let line = 1;
  let parenDepth: number;
  const emit = (type: ItemType, start: number, value: string, startLine = line): void => {
    items.push({ type, pos: start, value, line: startLine });
  };
  const countLines = (text: string): number => text.split('\n').length - 1;
  const fail = (message: string): Item[] => {
    items.push({ type: 'error', pos, value: message, line });
    return items;
  };

  let trimNextText = false;
  for (;;) {
    // Text up to the next action.
    const open = src.indexOf('{{', pos);
    const end = open < 0 ? src.length : open;
    let text = src.slice(pos, end);
    const textStart = pos;
    let trimLeft = false;
    if (open >= 0 && src[open + 2] === '-' && isSpace(src[open + 3] ?? '')) trimLeft = true;
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    trimNextText = false;
    if (text !== '') emit('text', textStart, text);
    line += countLines(src.slice(pos, end));
    if (open < 0) {
      emit('eof', src.length, '');
      return items;
    }
    // The action.
    pos = open;
    emit('left', pos, '{{');
    pos += 2;
    if (trimLeft) pos += 2;
    // A comment fills the whole action.
    if (src.startsWith('/*', pos)) {
      const close = src.indexOf('*/', pos + 2);
      if (close < 0) return fail('unclosed comment');
      line += countLines(src.slice(pos, close));
      pos = close + 2;
      let trimRight = false;
      if (isSpace(src[pos] ?? '') && src.startsWith('-}}', pos + 1)) {
        trimRight = true;
        pos += 2;
      }
      if (!src.startsWith('}}', pos)) return fail('comment ends before closing delimiter');
      items.pop();
      pos += 2;
      trimNextText = trimRight;
      continue;
    }
    parenDepth = 0;
    // Inside the action.
    for (;;) {
      const c = src[pos];
      // ` -}}` closes with a right trim.
      if (c !== undefined && isSpace(c) && src.startsWith('-}}', pos + 1)) {
        if (parenDepth > 0) return fail('unclosed left paren');
        emit('right', pos + 2, '}}');
        pos += 4;
        trimNextText = true;
        break;
      }
      if (src.startsWith('}}', pos)) {
        if (parenDepth > 0) return fail('unclosed left paren');
        emit('right', pos, '}}');
        pos += 2;
        break;
      }
      if (c === undefined) return fail('unclosed action');
      const start = pos;
      if (isSpace(c)) {
        let i = pos;
        // Stop before the space that belongs to a ` -}}` trim marker.
        while (i < src.length && isSpace(src[i] as string) && !src.startsWith('-}}', i + 1)) {
          if (src[i] === '\n') line++;
          i++;
        }
        if (i > pos) emit('space', start, src.slice(start, i));
        pos = i;
        continue;
      }
      if (c === '=') {
        emit('assign', start, '=');
        pos++;
        continue;
      }
      if (c === ':') {
        if (src[pos + 1] !== '=') return fail('expected :=');
        emit('declare', start, ':=');
        pos += 2;
        continue;
      }
      if (c === '|') {
        emit('pipe', start, '|');
        pos++;
        continue;
      }
      if (c === '"') {
        let i = pos + 1;
        for (;;) {
          const d = src[i];
          if (d === undefined || d === '\n') return fail('unterminated quoted string');
          if (d === '\\') {
            i += 2;
            continue;
          }
          if (d === '"') break;
          i++;
        }
        emit('string', start, src.slice(start, i + 1));
        pos = i + 1;
        continue;
      }
      if (c === '`') {
        const close = src.indexOf('`', pos + 1);
        if (close < 0) return fail('unterminated raw quoted string');
        const value = src.slice(start, close + 1);
        emit('raw', start, value);
        line += countLines(value);
        pos = close + 1;
        continue;
      }
      if (c === "'") {
        let i = pos + 1;
        for (;;) {
          const d = src[i];
          if (d === undefined || d === '\n') return fail('unterminated character constant');
          if (d === '\\') {
            i += 2;
            continue;
          }
          if (d === "'") break;
          i++;
        }
        emit('charConstant', start, src.slice(start, i + 1));
        pos = i + 1;
        continue;
      }
      if (c === '$') {
        let i = pos + 1;
        while (i < src.length && isAlnum(src[i] as string)) i++;
        emit('variable', start, src.slice(start, i));
        pos = i;
        if (!atTerminator(src, pos)) return fail(`bad character ${goQuoteRune(src[pos] as string)}`);
        continue;
      }
      if (c === '.') {
        const next = src[pos + 1] ?? '';
        if (/[0-9]/.test(next)) {
          const n = scanNumber(src, pos);
          if (n.error) return fail(n.error);
          emit('number', start, src.slice(start, n.end));
          pos = n.end;
          continue;
        }
        let i = pos + 1;
        while (i < src.length && isAlnum(src[i] as string)) i++;
        if (i === pos + 1) {
          emit('dot', start, '.');
          pos = i;
          continue;
        }
        emit('field', start, src.slice(start, i));
        pos = i;
        if (!atTerminator(src, pos)) return fail(`bad character ${goQuoteRune(src[pos] as string)}`);
        continue;
      }
      if (c === '+' || c === '-' || /[0-9]/.test(c)) {
        const n = scanNumber(src, pos);
        if (n.error) return fail(n.error);
        emit('number', start, src.slice(start, n.end));
        pos = n.end;
        continue;
      }
      if (isAlnum(c)) {
        let i = pos;
        while (i < src.length && isAlnum(src[i] as string)) i++;
        const word = src.slice(start, i);
        pos = i;
        if (!atTerminator(src, pos)) return fail(`bad character ${goQuoteRune(src[pos] as string)}`);
        if (KEYWORDS.has(word)) emit('keyword', start, word);
        else if (word === 'true' || word === 'false') emit('bool', start, word);
        else if (word === 'nil') emit('nil', start, word);
        else emit('identifier', start, word);
        continue;
      }
      if (c === '(') {
        parenDepth++;
        emit('lparen', start, '(');
        pos++;
        continue;
      }
      if (c === ')') {
        parenDepth--;
        if (parenDepth < 0) return fail('unexpected right paren');
        emit('rparen', start, ')');
        pos++;
        continue;
      }
      const cp = c.codePointAt(0) ?? 0;
      if (cp < 0x7f && cp >= 0x20) {
        emit('char', start, c);
        pos++;
        continue;
      }
      return fail(`unrecognized character in action: ${goQuoteRune(c)}`);
    }
  }
}

function atTerminator(src: string, pos: number): boolean {
  const c = src[pos];
  if (c === undefined || isSpace(c)) return true;
  if ('.,|:)('.includes(c)) return true;
  return src.startsWith('}}', pos);
}

/** Go's number syntax, loosely: sign, digits, hex/octal/binary prefixes, fraction, exponent. */
function scanNumber(src: string, pos: number): { end: number; error?: string } {
  let i = pos;
  if (src[i] === '+' || src[i] === '-') i++;
  let digits = '0123456789_';
  if (src[i] === '0' && /[xXoObB]/.test(src[i + 1] ?? '')) {
    const p = (src[i + 1] as string).toLowerCase();
    digits = p === 'x' ? '0123456789abcdefABCDEF_' : p === 'o' ? '01234567_' : '01_';
    i += 2;
  }
  while (i < src.length && digits.includes(src[i] as string)) i++;
  if (src[i] === '.') {
    i++;
    while (i < src.length && digits.includes(src[i] as string)) i++;
  }
  if (/[eEpP]/.test(src[i] ?? '') && digits.length === 11) {
    i++;
    if (src[i] === '+' || src[i] === '-') i++;
    while (i < src.length && /[0-9_]/.test(src[i] as string)) i++;
  }
  if (src[i] === 'i') i++;
  if (i < src.length && isAlnum(src[i] as string)) {
    let j = i;
    while (j < src.length && isAlnum(src[j] as string)) j++;
    return { end: j, error: `bad number syntax: "${src.slice(pos, j)}"` };
  }
  return { end: i };
}
