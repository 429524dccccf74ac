/**
 * Which lines of a chapter the real client can run too, and how: a `docker` command with its words
 * (quotes as bash reads them), optionally after `NAME=value` assignments, with its input from a
 * file (`< FILE`, `cat FILE |`) or from `echo WORDS |`, its output into a file (`> FILE`), and
 * unquoted command substitutions of plain docker commands as whole words (`docker rm -f $(docker
 * ps -aq)`: the inner command runs through the real client first, and its output is split into
 * words as bash splits it). Anything else the shell would interpret (pipes into other programs,
 * other `$(...)`, globs, `;`, `&&`, expansions inside double quotes) is not sent to the real
 * client: such lines run on both labs alike, uncompared.
 */

export interface ClientLine {
  /** `docker` and its arguments. */
  words: string[];
  env: Record<string, string>;
  /** A file of the lab whose content is the client's standard input. */
  stdinFile?: string;
  /** A file of the lab the client's standard output goes to. */
  stdoutFile?: string;
  /** The client's standard input as text (`echo WORDS | docker ...`). */
  stdinText?: string;
  /**
   * The command that feeds the client through a pipe (`cat FILE`, `echo WORDS`), as written: in
   * the lab it is a process of its own, so the served lab's stand-in runs it too.
   */
  feeder?: string;
  /** Inner docker commands (their words) whose output replaces the word `SUBSTITUTION(i)`. */
  substitutions?: string[][];
}

/** The word standing for the output of substitution `i` until it has run. */
export function SUBSTITUTION(i: number): string {
  return `@podbook-substitution-${i}@`;
}

/** The words with each substitution's output split in (bash's splitting on blanks and newlines). */
export function expandSubstitutions(words: string[], outputs: string[]): string[] {
  return words.flatMap((w) => {
    const m = /^@podbook-substitution-(\d+)@$/.exec(w);
    return m ? (outputs[Number(m[1])] ?? '').split(/[ \t\n]+/).filter((x) => x !== '') : [w];
  });
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

/** Where the first `|` outside quotes is (the tokenizer has checked the line's quotes). */
function firstPipe(text: string): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '|') return i;
  }
  return text.length;
}

const isWord = (t: Token | undefined): t is { word: string } => t !== undefined && 'word' in t;

/** The line as the real client would run it, or undefined when it cannot be sent as it is. */
export function clientLine(line: string): ClientLine | undefined {
  const substitutions: string[][] = [];
  let text = line.trim();
  if (!/['"]/.test(text)) {
    text = text.replace(/(^|[ \t])\$\((docker [^()$`'"|;&<>]*)\)(?=$|[ \t])/g, (_, before: string, inner: string) => {
      const inside = clientLine(inner);
      if (!inside || inside.stdinFile !== undefined || inside.stdoutFile !== undefined || Object.keys(inside.env).length > 0) return `${before}$(`;
      substitutions.push(inside.words);
      return `${before}${SUBSTITUTION(substitutions.length - 1)}`;
    });
  }
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return undefined;
  let rest = tokens;
  let stdinFile: string | undefined;
  let stdinText: string | undefined;
  let feeder: string | undefined;
  // `echo WORDS | docker ...`
  const bar = rest.findIndex((t) => !isWord(t));
  if (isWord(rest[0]) && rest[0].word === 'echo' && bar > 1 && (rest[bar] as { op: string }).op === '|') {
    stdinText = `${(rest.slice(1, bar) as { word: string }[]).map((t) => t.word).join(' ')}\n`;
    feeder = text.slice(0, firstPipe(text)).trim();
    rest = rest.slice(bar + 1);
  }
  // `cat FILE | docker ...`
  if (isWord(rest[0]) && rest[0].word === 'cat' && isWord(rest[1]) && !isWord(rest[2]) && rest[2]?.op === '|') {
    stdinFile = rest[1].word;
    feeder = text.slice(0, firstPipe(text)).trim();
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
  return {
    words,
    env,
    ...(stdinFile !== undefined ? { stdinFile } : {}),
    ...(stdoutFile !== undefined ? { stdoutFile } : {}),
    ...(stdinText !== undefined ? { stdinText } : {}),
    ...(feeder !== undefined ? { feeder } : {}),
    ...(substitutions.length > 0 ? { substitutions } : {}),
  };
}

/**
 * The docker commands inside a line the real client cannot run as it is, each as a line it can:
 * the first stage of a pipeline (`docker inspect web | grep -i pid`), a command after `time`, and
 * each `$(docker ...)` substitution (`cat /sys/.../$(docker inspect -f '{{.Id}}' web)/cpu.shares`).
 */
export function dockerParts(line: string): string[] {
  const parts: string[] = [];
  const add = (text: string): void => {
    const t = text.trim();
    if (clientLine(t) && !parts.includes(t)) parts.push(t);
  };
  const text = line.trim();
  if (text.includes('\n')) return [];
  const first = text.slice(0, firstPipe(text)).trim();
  if (first !== text && /^docker\s/.test(first)) add(first);
  const timed = /^time\s+(docker\s.*)$/.exec(text);
  if (timed) add(timed[1] as string);
  for (const m of text.matchAll(/\$\((docker\s[^()`$]*)\)/g)) add(m[1] as string);
  return parts;
}
