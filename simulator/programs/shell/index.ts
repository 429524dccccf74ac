export { Shell, type ShellIo } from './interpreter.ts';
export { tokenize, ShellSyntaxError, type Token, type WordPart } from './lexer.ts';
