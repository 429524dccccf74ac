/**
 * POSIX regular expressions (basic and extended, as grep and sed read them) translated to
 * JavaScript RegExp source: BRE's `\(`, `\{`, `\|`, `\+`, `\?` and bracket classes like `[[:digit:]]`.
 */
const CLASSES: Record<string, string> = { alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f' };

function bracket(src: string, i: number): [string, number] {
  let j = i + 1;
  let out = '[';
  if (src[j] === '^') {
    out += '^';
    j++;
  }
  if (src[j] === ']') {
    out += '\\]';
    j++;
  }
  while (j < src.length && src[j] !== ']') {
    const cls = /^\[:([a-z]+):\]/.exec(src.slice(j));
    if (cls) {
      out += CLASSES[cls[1] as string] ?? '';
      j += cls[0].length;
      continue;
    }
    const c = src[j] as string;
    out += c === '\\' || c === '[' ? '\\' + c : c;
    j++;
  }
  if (j >= src.length) throw new SyntaxError('Unmatched [ or [^');
  return [out + ']', j];
}

export function posixToJs(src: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '[') {
      const [text, end] = bracket(src, i);
      out += text;
      i = end;
    } else if (c === '\\') {
      const d = src[++i];
      if (d === undefined) throw new SyntaxError('Trailing backslash');
      if (!extended && '(){}|+?'.includes(d)) out += d;
      else if (/[1-9]/.test(d)) out += '\\' + d;
      else if (d === '<' || d === '>') out += '\\b';
      else if ('wWsSb'.includes(d)) out += '\\' + d;
      else out += /[A-Za-z0-9]/.test(d) ? d : '\\' + d;
    } else if (!extended && '(){}|+?'.includes(c)) out += '\\' + c;
    else if (c === '*' && (out === '' || out.endsWith('(') || out.endsWith('|') || out === '^')) out += '\\*';
    else if (c === '/') out += '\\/';
    else out += c;
  }
  return out;
}

export function compile(src: string, extended: boolean, flags: string): RegExp {
  return new RegExp(posixToJs(src, extended), flags);
}
