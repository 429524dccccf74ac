/**
 * bash's builtin commands, with bash 4.2's messages (`bash: cd: x: No such file or directory`).
 * They run inside the shell process and change its state directly.
 */
import { FsError, ERRNO_TEXT, normalizePath } from '../../kernel/vfs.ts';
import { byCodePoint } from '../../core/format.ts';
import type { Fds, Shell } from './interpreter.ts';
import { CommandAbort, ExitSignal, LoopSignal, ReturnSignal } from './signals.ts';
import { evalTest } from './test-builtin.ts';
import { cdError } from './dialect.ts';
import { echoText, printfText } from './format-builtins.ts';
import { functionText } from './unparse.ts';
import { trapBuiltin } from './trap.ts';
import { killBuiltin } from './kill-builtin.ts';

export type Builtin = (shell: Shell, argv: string[], fds: Fds) => number;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]']);

/** `'text'` with embedded quotes escaped, as `alias` and `set` print values. */
export function singleQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

function setValue(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]*$/.test(text) && text !== '' ? text : singleQuote(text);
}

const cd: Builtin = (shell, argv, fds) => {
  const args = argv.slice(1).filter((a, i) => !(i === 0 && (a === '-L' || a === '-P')));
  let target = args[0];
  let print = false;
  if (target === undefined || target === '') {
    target = shell.getVar('HOME');
    if (target === undefined) {
      fds.err(`${shell.errPrefix()}cd: HOME not set\n`);
      return 1;
    }
  } else if (target === '-') {
    target = shell.getVar('OLDPWD');
    if (target === undefined) {
      fds.err('bash: cd: OLDPWD not set\n');
      return 1;
    }
    print = true;
  }
  const abs = normalizePath(target, shell.cwd);
  const node = shell.host.fs.tryStat(abs);
  if (!node || node.type !== 'dir') {
    const e = cdError(shell.speaker(), target, node ? 'ENOTDIR' : 'ENOENT');
    fds.err(e.text);
    return e.status;
  }
  const old = shell.cwd;
  shell.cwd = abs;
  shell.setVar('OLDPWD', old);
  shell.setVar('PWD', abs);
  if (print) fds.out(abs + '\n');
  return 0;
};

const pwd: Builtin = (shell, argv, fds) => {
  const bad = argv.slice(1).find((a) => a.startsWith('-') && a !== '-L' && a !== '-P');
  if (bad) {
    fds.err(`bash: pwd: ${bad.slice(0, 2)}: invalid option\npwd: usage: pwd [-LP]\n`);
    return 2;
  }
  fds.out(shell.cwd + '\n');
  return 0;
};

const exportBuiltin: Builtin = (shell, argv, fds) => {
  const args = argv.slice(1).filter((a) => a !== '-p' && a !== '-n' && a !== '--');
  if (args.length === 0) {
    for (const name of Object.keys(shell.env).sort(byCodePoint)) {
      const v = (shell.env[name] as string).replace(/["\\$`]/g, '\\$&');
      fds.out(`declare -x ${name}="${v}"\n`);
    }
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      fds.err(`bash: export: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (eq < 0) {
      const v = shell.getVar(name);
      if (v !== undefined || name in shell.frame.vars) shell.exportVar(name);
      else shell.exportVar(name, '');
    } else shell.exportVar(name, a.slice(eq + 1));
  }
  return status;
};

const unset: Builtin = (shell, argv, fds) => {
  let status = 0;
  let functions = false;
  for (const a of argv.slice(1)) {
    if (a === '-f') {
      functions = true;
      continue;
    }
    if (a === '-v') continue;
    if (!NAME.test(a)) {
      fds.err(`bash: unset: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (functions) delete shell.data.functions[a];
    else if (a in shell.frame.vars || a in shell.env) shell.unsetVar(a);
    else delete shell.data.functions[a];
  }
  return status;
};

const OPTION_NAMES: Record<string, 'errexit' | 'xtrace' | 'nounset' | 'pipefail'> = { e: 'errexit', x: 'xtrace', u: 'nounset' };

const set: Builtin = (shell, argv, fds) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    const names = new Set([...Object.keys(shell.env), ...Object.keys(shell.frame.vars).filter((n) => NAME.test(n))]);
    for (const n of ['BASH', 'BASH_VERSION', 'HOSTTYPE', 'IFS', 'MACHTYPE', 'OSTYPE', 'PPID', 'PS1', 'PS2', 'UID', 'EUID']) names.add(n);
    for (const n of [...names].sort(byCodePoint)) fds.out(`${n}=${n === 'IFS' ? "$' \\t\\n'" : setValue(shell.getVar(n) ?? '')}\n`);
    return 0;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      shell.data.positional = args.slice(i + 1);
      return 0;
    }
    if (a === '-o' || a === '+o') {
      const name = args[++i];
      if (name === undefined) {
        for (const [n, v] of [['errexit', shell.data.errexit], ['nounset', shell.data.nounset], ['pipefail', shell.data.pipefail], ['xtrace', shell.data.xtrace]] as const) fds.out(`${n.padEnd(15)}\t${v ? 'on' : 'off'}\n`);
        return 0;
      }
      if (name !== 'errexit' && name !== 'xtrace' && name !== 'nounset' && name !== 'pipefail') {
        if (['vi', 'emacs', 'history', 'noclobber', 'monitor', 'posix', 'noglob'].includes(name)) continue;
        fds.err(`bash: set: ${name}: invalid option name\n`);
        return 1;
      }
      shell.data[name] = a === '-o';
      continue;
    }
    if (/^[-+][a-zA-Z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        const opt = OPTION_NAMES[c];
        if (opt) shell.data[opt] = a[0] === '-';
        else if (!'bfhkmnvBCEHPT'.includes(c)) {
          fds.err(`bash: set: ${a[0]}${c}: invalid option\nset: usage: set [-abefhkmnptuvxBCHP] [-o option-name] [--] [arg ...]\n`);
          return 2;
        }
      }
      continue;
    }
    shell.data.positional = args.slice(i);
    return 0;
  }
  return 0;
};

const exit: Builtin = (shell, argv, fds) => {
  const arg = argv[1];
  if (arg === undefined) throw new ExitSignal(shell.status);
  if (!/^[+-]?\d+$/.test(arg)) throw new ExitSignal(255, `bash: exit: ${arg}: numeric argument required\n`);
  if (argv.length > 2) {
    // bash says goodbye before it looks at the arguments, then stays.
    if (shell.interactive) fds.err(shell.frame.kind === 'login' ? 'logout\n' : 'exit\n');
    fds.err('bash: exit: too many arguments\n');
    return 1;
  }
  throw new ExitSignal(Number(arg) & 255);
};

const history: Builtin = (shell, argv, fds) => {
  const h = shell.frame.history;
  if (argv[1] === '-c') {
    h.length = 0;
    return 0;
  }
  let start = 0;
  if (argv[1] !== undefined) {
    if (!/^\d+$/.test(argv[1])) {
      fds.err(`bash: history: ${argv[1]}: numeric argument required\n`);
      return 1;
    }
    start = Math.max(0, h.length - Number(argv[1]));
  }
  for (let i = start; i < h.length; i++) fds.out(`${String(i + 1).padStart(5)}  ${h[i]}\n`);
  return 0;
};

const echo: Builtin = (_shell, argv, fds) => {
  fds.out(echoText(argv.slice(1)));
  return 0;
};

const printf: Builtin = (shell, argv, fds) => {
  let args = argv.slice(1);
  let target: string | undefined;
  if (args[0] === '-v') {
    target = args[1];
    args = args.slice(2);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    fds.err('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  const r = printfText(args[0] as string, args.slice(1), (m) => fds.err(`bash: printf: ${m}\n`));
  if (target !== undefined) shell.setVar(target, r.text);
  else fds.out(r.text);
  return r.status;
};

const test: Builtin = (_shell, argv, fds) => {
  const name = argv[0] as string;
  let args = argv.slice(1);
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      fds.err("bash: [: missing `]'\n");
      return 2;
    }
    args = args.slice(0, -1);
  }
  const r = evalTest(args, _shell);
  if (typeof r === 'string') {
    fds.err(`bash: ${name}: ${r}\n`);
    return 2;
  }
  return r ? 0 : 1;
};

const read: Builtin = (shell, argv, fds) => {
  let raw = false;
  let delim = '\n';
  let count = -1;
  const names: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-r') raw = true;
    else if (a === '-s') continue;
    else if (a === '-p' || a === '-t' || a === '-u') {
      if (a === '-p' && fds.in.data.length === 0) fds.err(args[i + 1] ?? '');
      i++;
    } else if (a === '-d') delim = (args[++i] ?? '')[0] ?? '\0';
    else if (a === '-n' || a === '-N') count = Number(args[++i] ?? '0');
    else if (a.startsWith('-') && a.length > 1) {
      fds.err(`bash: read: ${a.slice(0, 2)}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`);
      return 2;
    } else {
      if (!NAME.test(a)) {
        fds.err(`bash: read: \`${a}': not a valid identifier\n`);
        return 1;
      }
      names.push(a);
    }
  }
  const input = fds.in;
  if (input.pos >= input.data.length) {
    for (const n of names.length ? names : ['REPLY']) shell.setVar(n, '');
    return 1;
  }
  let line = '';
  let hitDelim = false;
  while (input.pos < input.data.length) {
    const c = input.data[input.pos++] as string;
    if (c === delim) {
      hitDelim = true;
      break;
    }
    if (c === '\\' && !raw) {
      const d = input.data[input.pos++];
      if (d === '\n' || d === undefined) continue;
      line += d;
    } else line += c;
    if (count >= 0 && line.length >= count) {
      hitDelim = true;
      break;
    }
  }
  if (names.length === 0) {
    shell.setVar('REPLY', line);
  } else {
    const ifs = shell.getVar('IFS') ?? ' \t\n';
    const ws = ifs.replace(/[^ \t\n]/g, '');
    let rest = line;
    const trim = (s: string): string => {
      let a = 0;
      let b = s.length;
      while (a < b && ws.includes(s[a] as string)) a++;
      while (b > a && ws.includes(s[b - 1] as string)) b--;
      return s.slice(a, b);
    };
    rest = trim(rest);
    names.forEach((n, i) => {
      if (i === names.length - 1) {
        shell.setVar(n, trim(rest));
        return;
      }
      let j = 0;
      while (j < rest.length && !ifs.includes(rest[j] as string)) j++;
      shell.setVar(n, rest.slice(0, j));
      rest = rest.slice(j);
      let k = 0;
      while (k < rest.length && ws.includes(rest[k] as string)) k++;
      if (k < rest.length && ifs.includes(rest[k] as string) && !ws.includes(rest[k] as string)) k++;
      rest = trim(rest.slice(k));
    });
  }
  return hitDelim ? 0 : 1;
};

const source: Builtin = (shell, argv, fds) => {
  const name = argv[0] as string;
  const file = argv[1];
  if (file === undefined) {
    fds.err(`bash: ${name}: filename argument required\n${name}: usage: ${name} filename [arguments]\n`);
    return 2;
  }
  let text: string | undefined;
  const candidates = file.includes('/') ? [normalizePath(file, shell.cwd)] : [...(shell.getVar('PATH') ?? '').split(':').filter(Boolean).map((d) => normalizePath(`${d}/${file}`, shell.cwd)), normalizePath(file, shell.cwd)];
  let error: FsError['code'] = 'ENOENT';
  for (const path of candidates) {
    try {
      text = shell.host.fs.readFile(path);
      break;
    } catch (e) {
      if (e instanceof FsError && path === candidates[candidates.length - 1]) error = e.code;
    }
  }
  if (text === undefined) {
    fds.err(`bash: ${file}: ${ERRNO_TEXT[error]}\n`);
    return 1;
  }
  const saved = shell.data.positional;
  if (argv.length > 2) shell.data.positional = argv.slice(2);
  shell.sourceDepth++;
  try {
    return shell.runText(text, fds);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    shell.sourceDepth--;
    if (argv.length > 2) shell.data.positional = saved;
  }
};

function describe(shell: Shell, name: string): { kind: 'alias' | 'keyword' | 'function' | 'builtin' | 'file'; text: string; path?: string } | null {
  const alias = shell.data.aliases[name];
  if (alias !== undefined) return { kind: 'alias', text: `${name} is aliased to \`${alias}'` };
  if (KEYWORDS.has(name)) return { kind: 'keyword', text: `${name} is a shell keyword` };
  const fn = shell.data.functions[name];
  if (fn) return { kind: 'function', text: `${name} is a function\n${functionText(fn)}` };
  if (BUILTINS[name]) return { kind: 'builtin', text: `${name} is a shell builtin` };
  const found = shell.lookup(name);
  if ('path' in found) return { kind: 'file', text: `${name} is ${found.path}`, path: found.path };
  return null;
}

const type: Builtin = (shell, argv, fds) => {
  let mode: 't' | 'p' | '' = '';
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a === '-t') mode = 't';
    else if (a === '-p' || a === '-P') mode = 'p';
    else if (a === '-a' || a === '-f') continue;
    else {
      const d = describe(shell, a);
      if (!d) {
        if (mode === '') fds.err(`bash: type: ${a}: not found\n`);
        status = 1;
        continue;
      }
      if (mode === 't') fds.out(d.kind + '\n');
      else if (mode === 'p') {
        if (d.path) fds.out(d.path + '\n');
      } else fds.out(d.text + '\n');
    }
  }
  return status;
};

const command: Builtin = (shell, argv, fds) => {
  let args = argv.slice(1);
  let mode = '';
  while (args[0] === '-v' || args[0] === '-V' || args[0] === '-p') {
    if (args[0] !== '-p') mode = args[0];
    args = args.slice(1);
  }
  if (args.length === 0) return 0;
  if (mode) {
    let status = 0;
    for (const a of args) {
      const d = describe(shell, a);
      if (!d) {
        if (mode === '-V') fds.err(`bash: command: ${a}: not found\n`);
        status = 1;
        continue;
      }
      if (mode === '-V') fds.out(d.text + '\n');
      else if (d.kind === 'alias') fds.out(`alias ${a}=${singleQuote(shell.data.aliases[a] ?? '')}\n`);
      else fds.out((d.path ?? a) + '\n');
    }
    return status;
  }
  const fns = shell.data.functions;
  const fn = fns[args[0] as string];
  if (fn) delete fns[args[0] as string];
  try {
    return shell.invoke(args, fds);
  } finally {
    if (fn) fns[args[0] as string] = fn;
  }
};

const alias: Builtin = (shell, argv, fds) => {
  const args = argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    for (const n of Object.keys(shell.data.aliases).sort(byCodePoint)) fds.out(`alias ${n}=${singleQuote(shell.data.aliases[n] as string)}\n`);
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) {
      shell.data.aliases[a.slice(0, eq)] = a.slice(eq + 1);
      continue;
    }
    const v = shell.data.aliases[a];
    if (v === undefined) {
      fds.err(`bash: alias: ${a}: not found\n`);
      status = 1;
    } else fds.out(`alias ${a}=${singleQuote(v)}\n`);
  }
  return status;
};

const unalias: Builtin = (shell, argv, fds) => {
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a === '-a') {
      shell.data.aliases = {};
      continue;
    }
    if (!(a in shell.data.aliases)) {
      fds.err(`bash: unalias: ${a}: not found\n`);
      status = 1;
    } else delete shell.data.aliases[a];
  }
  return status;
};

const local: Builtin = (shell, argv, fds) => {
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a.startsWith('-')) continue;
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      fds.err(`bash: local: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (!shell.declareLocal(name, eq < 0 ? undefined : a.slice(eq + 1))) {
      fds.err('bash: local: can only be used in a function\n');
      return 1;
    }
  }
  return status;
};

const declare: Builtin = (shell, argv, fds) => {
  let exported = false;
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a.startsWith('-') || a.startsWith('+')) {
      if (a.includes('x')) exported = a[0] === '-';
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      fds.err(`bash: ${argv[0]}: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    const value = eq < 0 ? undefined : a.slice(eq + 1);
    if (shell.declareLocal(name, value)) {
      if (exported) shell.exportVar(name);
      continue;
    }
    if (exported) shell.exportVar(name, value);
    else if (value !== undefined) shell.setVar(name, value);
    else if (shell.getVar(name) === undefined) shell.frame.vars[name] = '';
  }
  return status;
};

const returnBuiltin: Builtin = (shell, argv, fds) => {
  if (!shell.canReturn) {
    fds.err("bash: return: can only `return' from a function or sourced script\n");
    return 1;
  }
  const arg = argv[1];
  if (arg !== undefined && !/^[+-]?\d+$/.test(arg)) {
    fds.err(`bash: return: ${arg}: numeric argument required\n`);
    throw new ReturnSignal(255);
  }
  throw new ReturnSignal(arg === undefined ? shell.status : Number(arg) & 255);
};

const shift: Builtin = (shell, argv, fds) => {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 0) {
    fds.err(`bash: shift: ${argv[1]}: numeric argument required\n`);
    return 1;
  }
  if (n > shell.data.positional.length) return 1;
  shell.data.positional = shell.data.positional.slice(n);
  return 0;
};

const loop = (kind: 'break' | 'continue'): Builtin => (shell, argv, fds) => {
  if (shell.loopDepth === 0) {
    fds.err(`bash: ${kind}: only meaningful in a \`for', \`while', or \`until' loop\n`);
    return 0;
  }
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 1) {
    fds.err(`bash: ${kind}: ${argv[1]}: loop count out of range\n`);
    return 1;
  }
  throw new LoopSignal(kind, n);
};

const evalBuiltin: Builtin = (shell, argv, fds) => shell.runText(argv.slice(1).join(' '), fds);

const exec: Builtin = (shell, argv, fds) => {
  if (argv.length < 2) return 0;
  throw new ExitSignal(shell.execReplacing(argv.slice(1), fds));
};

const letBuiltin: Builtin = (shell, argv, fds) => {
  if (argv.length < 2) {
    fds.err('bash: let: expression expected\n');
    return 1;
  }
  let v = 0;
  try {
    for (const a of argv.slice(1)) v = shell.arith(a);
  } catch (e) {
    if (e instanceof CommandAbort) return 1;
    throw e;
  }
  return v === 0 ? 1 : 0;
};

const logout: Builtin = (shell, _argv, fds) => {
  if (shell.frame.kind !== 'login' || !shell.interactive) {
    fds.err("bash: logout: not login shell: use `exit'\n");
    return 1;
  }
  throw new ExitSignal(shell.status);
};

export const BUILTINS: Record<string, Builtin> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  '.': source,
  '[': test,
  alias,
  break: loop('break'),
  cd,
  command,
  continue: loop('continue'),
  declare,
  typeset: declare,
  echo,
  eval: evalBuiltin,
  exec,
  exit,
  export: exportBuiltin,
  hash: (_s, argv, fds) => {
    if (argv.length === 1) fds.out('hash: hash table empty\n');
    return 0;
  },
  history,
  jobs: () => 0,
  kill: killBuiltin,
  let: letBuiltin,
  local,
  logout,
  printf,
  pwd,
  read,
  return: returnBuiltin,
  set,
  shift,
  source,
  test,
  trap: trapBuiltin,
  type,
  umask: (_s, argv, fds) => {
    if (argv.length === 1) fds.out('0022\n');
    return 0;
  },
  unalias,
  unset,
  wait: (shell, argv, fds) => shell.waitForJobs(argv.slice(1), fds),
};
