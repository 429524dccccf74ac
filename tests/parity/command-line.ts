/**
 * Which lines of a chapter the real client can run too, and how: a `docker` command with its words
 * (quotes as bash reads them), optionally after `NAME=value` assignments, with its input from a
 * file (`< FILE`, `cat FILE |`) or its output into one (`> FILE`). Anything else the shell would
 * interpret (pipes into other programs, `$(...)`, globs, `;`, `&&`, expansions inside double
 * quotes) is not sent to the real client: such lines run on both labs alike, uncompared.
 */

export interface ClientLine {
  /** `docker` and its arguments. */
  words: string[];
  env: Record<string, string>;
  /** A file of the lab whose content is the client's standard input. */
  stdinFile?: string;
  /** A file of the lab the client's standard output goes to. */
  stdoutFile?: string;
}

type Token = { op: '|' | '<' | '>' } | { word: string };

/** Words and the three operators; undefined when the line needs more of the shell than that. */
function tokenize(line: string): Token[] | undefined {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  const flush = (): void => {
    if (inWord) tokens.push({ word });
    word = '';
    inWord = false;
  };
  for (const ch of line) {
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '$' || ch === '`' || ch === '\\') return undefined;
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === ' ' || ch === '\t') flush();
    else if (ch === '|' || ch === '<' || ch === '>') {
      flush();
      tokens.push({ op: ch });
    } else if (';&$`\\()*?\n'.includes(ch) || ((ch === '#' || ch === '~') && !inWord)) return undefined;
    else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return undefined;
  flush();
  return tokens;
}

const isWord = (t: Token | undefined): t is { word: string } => t !== undefined && 'word' in t;

/** The line as the real client would run it, or undefined when it cannot be sent as it is. */
export function clientLine(line: string): ClientLine | undefined {
  const tokens = tokenize(line.trim());
  if (!tokens || tokens.length === 0) return undefined;
  let rest = tokens;
  let stdinFile: string | undefined;
  // `cat FILE | docker ...`
  if (isWord(rest[0]) && rest[0].word === 'cat' && isWord(rest[1]) && !isWord(rest[2]) && rest[2]?.op === '|') {
    stdinFile = rest[1].word;
    rest = rest.slice(3);
  }
  const env: Record<string, string> = {};
  while (isWord(rest[0]) && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0].word)) {
    const text = rest[0].word;
    env[text.slice(0, text.indexOf('='))] = text.slice(text.indexOf('=') + 1);
    rest = rest.slice(1);
  }
  const words: string[] = [];
  let stdoutFile: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i] as Token;
    if (isWord(t)) {
      words.push(t.word);
      continue;
    }
    const target = rest[i + 1];
    if (t.op === '|' || !isWord(target)) return undefined;
    if (t.op === '<' && stdinFile === undefined) stdinFile = target.word;
    else if (t.op === '>' && stdoutFile === undefined) stdoutFile = target.word;
    else return undefined;
    i++;
  }
  if (words[0] !== 'docker' || words.length < 2) return undefined;
  return { words, env, ...(stdinFile !== undefined ? { stdinFile } : {}), ...(stdoutFile !== undefined ? { stdoutFile } : {}) };
}
