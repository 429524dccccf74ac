export { Shell, type ShellIo, type Fds, MAX_STEPS, MAX_OUTPUT, STEP_MESSAGE, TRUNCATED_MESSAGE } from './interpreter.ts';
export { parse, ShellSyntaxError } from './parser.ts';
export { bash } from './bash-program.ts';
export { echoText, printfText } from './format-builtins.ts';
export type * from './ast.ts';
