/**
 * `trap`: commands a shell runs when it receives a signal, or when it exits (`EXIT`). A trapped
 * signal becomes the shell process's disposition (the kernel calls SHELL_TRAP); the action itself
 * runs where the real shells run it: between commands, so a script waiting on `sleep 1` runs it when
 * the sleep ends, while one in the `wait` builtin runs it at once and `wait` returns 128+N
 * (detached.ts). The listing and the errors follow each shell (bash, dash, busybox ash).
 */
import { signalName, SIGNALS } from '../../kernel/signals.ts';
import type { Fds, Shell, ShellData } from './interpreter.ts';
import { singleQuote } from './builtins.ts';

/** Name of the signal handler the kernel calls for a signal a shell traps (registered in detached.ts). */
export const SHELL_TRAP = 'shell/trap';

/** bash's conditions that are not signals: it keeps them, but Podbook does not run them. */
const BASH_ONLY = ['DEBUG', 'RETURN', 'ERR'];

/** The condition a `trap` operand names (`EXIT`, `0`, `TERM`, `SIGTERM`, `15`), or undefined. */
export function trapCondition(text: string): string | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n === 0) return 'EXIT';
    return n < SIGNALS.length ? signalName(n) : undefined;
  }
  const upper = text.toUpperCase();
  if (upper === 'EXIT' || upper === 'SIGEXIT') return 'EXIT';
  if (BASH_ONLY.includes(upper)) return upper;
  const name = upper.replace(/^SIG/, '');
  const n = SIGNALS.indexOf(name);
  return n > 0 ? name : undefined;
}

/** Listing order: EXIT, then by signal number, then bash's own conditions. */
function order(name: string): number {
  if (name === 'EXIT') return 0;
  const n = SIGNALS.indexOf(name);
  return n > 0 ? n : SIGNALS.length + BASH_ONLY.indexOf(name);
}

/**
 * What `trap` and `trap -p` print. bash names signals with SIG unless it runs as `sh` (POSIX
 * mode); dash and busybox ash print the short names.
 */
export function trapListing(traps: Record<string, string>, bash: boolean, sigPrefix: boolean): string {
  return Object.keys(traps)
    .sort((a, b) => order(a) - order(b))
    .map((name) => {
      const shown = sigPrefix && name !== 'EXIT' && !BASH_ONLY.includes(name) ? `SIG${name}` : name;
      const action = traps[name] as string;
      return `trap -- ${bash ? singleQuote(action) : dashQuote(action)} ${shown}\n`;
    })
    .join('');
}

/** dash's and ash's quoting: quotes leave the single-quoted run and sit in double quotes (`'it'"'"'s'`). */
function dashQuote(text: string): string {
  return text
    .split(/('+)/)
    .map((part, i) => (i % 2 === 1 ? `"${part}"` : `'${part}'`))
    // A leading empty run stays (`''"'"'a'`); a trailing one does not.
    .filter((part, i, all) => part !== "''" || i === 0 || i < all.length - 1)
    .join('');
}

/** Sets one condition: an action, `''` to ignore the signal, or `null` for the default. */
function setTrap(shell: Shell, data: ShellData, name: string, action: string | null): void {
  const traps = (data.traps ??= {});
  if (action === null) delete traps[name];
  else traps[name] = action;
  if (name === 'EXIT' || BASH_ONLY.includes(name)) return;
  const proc = shell.proc;
  const signals = (proc.signals ??= {});
  if (action === null) delete signals[name];
  else signals[name] = action === '' ? 'ignore' : SHELL_TRAP;
  if (Object.keys(signals).length === 0) delete proc.signals;
}

export function trapBuiltin(shell: Shell, argv: string[], fds: Fds): number {
  const speaker = shell.speaker();
  const data = shell.data;
  let args = argv.slice(1);
  const bash = speaker.dialect === 'bash';
  const sigPrefix = bash && shell.proc.prog !== 'sh';
  let print = false;
  // bash takes -p and -l; dash and ash take no options at all.
  while (args.length > 0 && /^-./.test(args[0] as string)) {
    const opt = args[0] as string;
    if (opt === '--') {
      args = args.slice(1);
      break;
    }
    if (bash && opt === '-p') print = true;
    else if (bash && opt === '-l') {
      fds.out(signalTable());
      return 0;
    } else if (bash) {
      fds.err(`${shell.errPrefix()}trap: ${opt.slice(0, 2)}: invalid option\ntrap: usage: trap [-lp] [[arg] signal_spec ...]\n`);
      return 2;
    } else if (speaker.dialect === 'dash') {
      fds.err(`${shell.errPrefix()}trap: Illegal option ${opt.slice(0, 2)}\n`);
      return 2;
    } else {
      fds.err(`${speaker.name}: trap: ${speaker.interactive ? '' : `line ${speaker.line}: `}illegal option ${opt.slice(0, 2)}\n`);
      return 2;
    }
    args = args.slice(1);
  }
  const traps = data.traps ?? {};
  if (args.length === 0 || print) {
    if (args.length === 0) {
      fds.out(trapListing(traps, bash, sigPrefix));
      return 0;
    }
    let status = 0;
    const chosen: Record<string, string> = {};
    for (const a of args) {
      const name = trapCondition(a);
      if (name === undefined) {
        fds.err(invalid(shell, a));
        status = 1;
      } else if (traps[name] !== undefined) chosen[name] = traps[name];
    }
    fds.out(trapListing(chosen, bash, sigPrefix));
    return status;
  }
  // `trap N …` (a number first) and `trap - …` reset; a lone operand resets too (bash, ash).
  let action: string | null;
  if (args.length === 1 || /^\d+$/.test(args[0] as string)) action = null;
  else {
    const first = args.shift() as string;
    action = first === '-' ? null : first;
  }
  let status = 0;
  for (const a of args) {
    const name = trapCondition(a);
    if (name === undefined || (!bash && BASH_ONLY.includes(name))) {
      fds.err(invalid(shell, a));
      status = 1;
      // dash stops at the first bad condition; bash and ash go on with the rest.
      if (speaker.dialect === 'dash') return 1;
      continue;
    }
    if (action !== null && action !== '' && BASH_ONLY.includes(name)) {
      fds.err(`podbook: trap on ${name} is not simulated\n`);
      status = 1;
      continue;
    }
    setTrap(shell, data, name, action);
  }
  return status;
}

function invalid(shell: Shell, operand: string): string {
  const s = shell.speaker();
  if (s.dialect === 'dash') return `trap: ${operand}: bad trap\n`;
  if (s.dialect === 'ash') return `${s.name}: trap: ${s.interactive ? '' : `line ${s.line}: `}${operand}: invalid signal specification\n`;
  return `${shell.errPrefix()}trap: ${operand}: invalid signal specification\n`;
}

/**
 * bash's `trap -l`: every signal of Linux on x86_64 as `N) SIGNAME`, five to a row, with the
 * real-time ones bash names from both ends (SIGRTMIN+n up to 49, SIGRTMAX-n from 50).
 */
export function signalTable(): string {
  const names: [number, string][] = [];
  for (let n = 1; n < SIGNALS.length; n++) names.push([n, n === 29 ? 'IO' : (SIGNALS[n] as string)]);
  for (let n = 34; n <= 64; n++) names.push([n, n === 34 ? 'RTMIN' : n <= 49 ? `RTMIN+${n - 34}` : n === 64 ? 'RTMAX' : `RTMAX-${64 - n}`]);
  let out = '';
  names.forEach(([n, name], i) => {
    out += `${String(n).padStart(2)}) SIG${name}${i % 5 === 4 ? '\n' : '\t'}`;
  });
  return names.length % 5 === 0 ? out : out + '\n';
}
