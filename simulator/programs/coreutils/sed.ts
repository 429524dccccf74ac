/**
 * sed (GNU sed 4.2.2, CentOS 7) basics: `s/re/repl/[gpiN]` with `&` and `\1`, `p`, `d`, `q`, `=`,
 * `a`/`i`/`c` text; addresses by line number, `$`, `/re/` and ranges; `-n`, `-e`, `-i[SUFFIX]`, `-E`/`-r`.
 */
import type { Program } from '../../kernel/types.ts';
import { abs, errno, lines, parseOptions } from './common.ts';
import { posixToJs } from './regex.ts';

type Address = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: RegExp };

interface SedCommand {
  from?: Address;
  to?: Address;
  negate: boolean;
  name: string;
  re?: RegExp;
  replacement?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  text?: string;
  inRange?: boolean;
}

class SedError extends Error {}

function parseScript(script: string, extended: boolean, exprNo: number): SedCommand[] {
  const cmds: SedCommand[] = [];
  let i = 0;
  const fail = (msg: string): never => {
    throw new SedError(`-e expression #${exprNo}, char ${i}: ${msg}`);
  };
  const readDelimited = (delim: string): string => {
    let out = '';
    for (;;) {
      if (i >= script.length) return fail(`unterminated \`s' command`);
      const c = script[i++] as string;
      if (c === delim) return out;
      if (c === '\\' && script[i] === delim) {
        out += delim;
        i++;
      } else if (c === '\\' && i < script.length) {
        out += c + script[i++];
      } else if (c === '\n') return fail(`unterminated \`s' command`);
      else out += c;
    }
  };
  const regex = (src: string, flags: string): RegExp => {
    try {
      return new RegExp(posixToJs(src, extended), flags);
    } catch {
      return fail('unterminated address regex');
    }
  };
  const address = (): Address | undefined => {
    const m = /^\d+/.exec(script.slice(i));
    if (m) {
      i += m[0].length;
      return { kind: 'line', n: Number(m[0]) };
    }
    if (script[i] === '$') {
      i++;
      return { kind: 'last' };
    }
    if (script[i] === '/' || script[i] === '\\') {
      const delim = script[i] === '\\' ? (script[++i] as string) : '/';
      i++;
      const src = readDelimited(delim);
      let flags = '';
      if (script[i] === 'I') {
        flags = 'i';
        i++;
      }
      return { kind: 're', re: regex(src, flags) };
    }
    return undefined;
  };
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i] as string)) i++;
    if (i >= script.length) break;
    const cmd: SedCommand = { negate: false, name: '' };
    const from = address();
    if (from) {
      cmd.from = from;
      if (script[i] === ',') {
        i++;
        const to = address();
        if (!to) fail('unexpected `,\'');
        cmd.to = to as Address;
      }
    }
    while (script[i] === ' ') i++;
    if (script[i] === '!') {
      cmd.negate = true;
      i++;
    }
    const name = script[i++];
    if (name === undefined) fail('missing command');
    cmd.name = name as string;
    if (name === 's') {
      const delim = script[i++];
      if (delim === undefined || delim === '\n' || delim === '\\') fail(`unterminated \`s' command`);
      const src = readDelimited(delim as string);
      const repl = readDelimited(delim as string);
      let flags = '';
      cmd.global = false;
      while (i < script.length && /[gpiI0-9]/.test(script[i] as string)) {
        const f = script[i++] as string;
        if (f === 'g') cmd.global = true;
        else if (f === 'p') cmd.print = true;
        else if (f === 'i' || f === 'I') flags += 'i';
        else {
          const m = /^\d+/.exec(script.slice(i - 1)) as RegExpExecArray;
          cmd.nth = Number(m[0]);
          i += m[0].length - 1;
        }
      }
      if (i < script.length && !/[\s;}]/.test(script[i] as string)) fail(`unknown option to \`s'`);
      cmd.re = regex(src, 'g' + flags);
      cmd.replacement = repl;
    } else if (name === 'a' || name === 'i' || name === 'c') {
      let j = i;
      if (script[j] === '\\') j++;
      if (script[j] === '\n') j++;
      while (script[j] === ' ' && j === i) j++;
      const end = script.indexOf('\n', j);
      cmd.text = script.slice(j, end < 0 ? undefined : end).replace(/^\s+/, '');
      i = end < 0 ? script.length : end;
    } else if (name === 'y') {
      const delim = script[i++] as string;
      const a = readDelimited(delim);
      const b = readDelimited(delim);
      if ([...a].length !== [...b].length) fail('strings for `y\' command are different lengths');
      cmd.text = a;
      cmd.replacement = b;
    } else if (!'pdqQ=nN{}hHgGx'.includes(name as string)) fail(`unknown command: \`${name}'`);
    cmds.push(cmd);
  }
  return cmds;
}

function expandReplacement(repl: string, m: RegExpExecArray | string[]): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i] as string;
    if (c === '&') out += m[0];
    else if (c === '\\' && i + 1 < repl.length) {
      const d = repl[++i] as string;
      if (/\d/.test(d)) out += m[Number(d)] ?? '';
      else if (d === 'n') out += '\n';
      else if (d === 't') out += '\t';
      else out += d;
    } else out += c;
  }
  return out;
}

export const sed: Program = (ctx) => {
  const args = ctx.argv.slice(1).map((a) => (/^-i./.test(a) ? '-i' : a));
  const opts = parseOptions(ctx, 'sed', { short: 'ne:f:iErs', long: { quiet: 'n', silent: 'n', 'expression=': 'e', 'in-place?=': 'i', 'regexp-extended': 'E', separate: 's' } }, args);
  if (typeof opts === 'number') return opts;
  const operands = [...opts.operands];
  const scripts = opts.values('e');
  if (scripts.length === 0) {
    const s = operands.shift();
    if (s === undefined) {
      ctx.stderr('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n');
      return 1;
    }
    scripts.push(s);
  }
  const extended = opts.has('E') || opts.has('r');
  let program: SedCommand[];
  try {
    program = scripts.flatMap((s, i) => parseScript(s, extended, i + 1));
  } catch (e) {
    if (!(e instanceof SedError)) throw e;
    ctx.stderr(`sed: ${e.message}\n`);
    return 1;
  }
  const quiet = opts.has('n');
  const inPlace = opts.has('i');
  const files = operands.length ? operands : ['-'];
  if (inPlace && operands.length === 0) {
    ctx.stderr('sed: no input files\n');
    return 4;
  }
  let status = 0;
  const run = (text: string, write: (t: string) => void): boolean => {
    const input = lines(text);
    const endsWithNewline = text.endsWith('\n');
    for (const c of program) c.inRange = false;
    for (let n = 0; n < input.length; n++) {
      let line = input[n] as string;
      const last = n === input.length - 1;
      const append: string[] = [];
      let deleted = false;
      let quit = false;
      const matches = (a: Address): boolean => (a.kind === 'line' ? a.n === n + 1 : a.kind === 'last' ? last : (a.re.lastIndex = 0, a.re.test(line)));
      for (const c of program) {
        let hit: boolean;
        if (!c.from) hit = true;
        else if (!c.to) hit = matches(c.from);
        else if (c.inRange) {
          hit = true;
          if (c.to.kind === 'line' ? n + 1 >= c.to.n : matches(c.to)) c.inRange = false;
        } else if (matches(c.from)) {
          hit = true;
          c.inRange = !(c.to.kind === 'line' && c.to.n <= n + 1) && !(c.to.kind !== 'line' && false);
        } else hit = false;
        if (hit === c.negate) continue;
        if (c.name === 's' && c.re) {
          let k = 0;
          let did = false;
          c.re.lastIndex = 0;
          line = line.replace(c.re, (...m: unknown[]) => {
            k++;
            const whole = m[0] as string;
            if (c.nth ? k !== c.nth && !(c.global && k > c.nth) : !c.global && k > 1) return whole;
            did = true;
            const groups = m.slice(0, m.findIndex((x) => typeof x === 'number')) as string[];
            return expandReplacement(c.replacement ?? '', groups);
          });
          if (did && c.print) write(line + '\n');
        } else if (c.name === 'p') write(line + '\n');
        else if (c.name === 'd') {
          deleted = true;
          break;
        } else if (c.name === 'q') {
          quit = true;
          break;
        } else if (c.name === 'Q') {
          return false;
        } else if (c.name === '=') write(`${n + 1}\n`);
        else if (c.name === 'a') append.push((c.text ?? '') + '\n');
        else if (c.name === 'i') write((c.text ?? '') + '\n');
        else if (c.name === 'c') {
          write((c.text ?? '') + '\n');
          deleted = true;
          break;
        } else if (c.name === 'y') {
          const from = [...(c.text ?? '')];
          const to = [...(c.replacement ?? '')];
          line = [...line].map((ch) => {
            const idx = from.indexOf(ch);
            return idx < 0 ? ch : (to[idx] as string);
          }).join('');
        }
      }
      if (!deleted && !quiet) write(line + (last && !endsWithNewline ? '' : '\n'));
      for (const a of append) write(a);
      if (quit) return false;
    }
    return true;
  };
  for (const name of files) {
    let text: string;
    try {
      text = name === '-' ? ctx.stdin : ctx.host.fs.readFile(abs(ctx, name));
    } catch (e) {
      ctx.stderr(`sed: can't read ${name}: ${errno(e)}\n`);
      status = 2;
      continue;
    }
    if (inPlace) {
      let out = '';
      run(text, (t) => (out += t));
      ctx.host.fs.writeFile(abs(ctx, name), out);
    } else if (!run(text, ctx.stdout)) break;
  }
  return status;
};
