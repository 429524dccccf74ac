/**
 * The shell's syntax tree. Every node is plain JSON data, so a function definition can be kept in
 * the shell process's state (and so in a lab snapshot) exactly as it was parsed.
 */

/** One piece of a word; quoting is kept so expansion knows what to split and glob. */
export type WordPart =
  /** Unquoted text: subject to globbing. */
  | { t: 'lit'; v: string }
  /** Quoted text ('...', a backslash escape, or literal text inside "..."). */
  | { t: 'sq'; v: string }
  | { t: 'dq'; parts: WordPart[] }
  | { t: 'param'; name: string; op?: string; arg?: WordPart[]; len?: boolean }
  | { t: 'cmd'; body: List }
  | { t: 'arith'; expr: string }
  | { t: 'tilde'; user: string };

export type Word = WordPart[];

export type RedirOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

export interface Redirect {
  op: RedirOp;
  /** Explicit fd number (`2>`), or undefined for the operator's default. */
  fd?: number;
  target: Word;
  /** Here-document body: raw text, and whether it undergoes expansion (unquoted delimiter). */
  heredoc?: { body: string; expand: boolean };
}

export interface Assignment {
  name: string;
  value: Word;
  append: boolean;
}

export interface SimpleCommand {
  type: 'simple';
  assigns: Assignment[];
  words: Word[];
  redirects: Redirect[];
  line: number;
}

export interface Subshell {
  type: 'subshell';
  body: List;
  redirects: Redirect[];
}

export interface Group {
  type: 'group';
  body: List;
  redirects: Redirect[];
}

export interface IfCommand {
  type: 'if';
  clauses: { cond: List; body: List }[];
  otherwise?: List;
  redirects: Redirect[];
}

export interface ForCommand {
  type: 'for';
  name: string;
  /** undefined: iterate over "$@". */
  items?: Word[];
  body: List;
  redirects: Redirect[];
}

export interface WhileCommand {
  type: 'while';
  until: boolean;
  cond: List;
  body: List;
  redirects: Redirect[];
}

export interface CaseCommand {
  type: 'case';
  subject: Word;
  arms: { patterns: Word[]; body: List }[];
  redirects: Redirect[];
}

/** `[[ expression ]]`: words are not split or globbed; `ops` marks which words were operators. */
export interface CondCommand {
  type: 'cond';
  words: Word[];
  ops: boolean[];
  redirects: Redirect[];
}

export interface FunctionDef {
  type: 'function';
  name: string;
  body: Command;
}

export type Command = SimpleCommand | Subshell | Group | IfCommand | ForCommand | WhileCommand | CaseCommand | CondCommand | FunctionDef;

export interface Pipeline {
  negate: boolean;
  /** `time` before the pipeline (`posix` for `time -p`). */
  timed?: 'bash' | 'posix';
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  background: boolean;
}

export type List = AndOr[];
