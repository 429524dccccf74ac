/**
 * The text of `echo` and `printf` (the bash builtins and the coreutils programs share it).
 */
import { ansiEscape } from './parser.ts';

/** echo's options (`-n`, `-e`, `-E`, combined like `-ne`) and escapes. */
export function echoText(args: string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const r = expandEscapes(text, true);
    text = r.text;
    if (r.stop) return text;
  }
  return text + (newline ? '\n' : '');
}

/** Backslash escapes of `echo -e`, `printf %b` and printf formats; `\c` stops all output. */
export function expandEscapes(text: string, echoStyle: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const d = text[i + 1] as string;
    if (d === 'c') return { text: out, stop: true };
    if (echoStyle && d === '0') {
      const m = /^[0-7]{0,3}/.exec(text.slice(i + 2, i + 5)) as RegExpExecArray;
      out += String.fromCharCode(parseInt(m[0] || '0', 8) & 0xff);
      i += 1 + m[0].length;
      continue;
    }
    if (d === '"' || d === "'") {
      out += echoStyle ? '\\' + d : d;
      i++;
      continue;
    }
    const [t, used] = ansiEscape(text, i + 1);
    out += t;
    i += used;
  }
  return { text: out, stop: false };
}

function toNumber(arg: string, fail: (m: string) => void): number {
  if (arg === '') return 0;
  if (/^['"]/.test(arg)) return arg.length > 1 ? (arg.codePointAt(1) as number) : 0;
  const t = arg.trim();
  let v: number;
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) v = (t.startsWith('-') ? -1 : 1) * parseInt(t.replace(/^[+-]/, '').slice(2), 16);
  else if (/^[+-]?0[0-7]+$/.test(t)) v = (t.startsWith('-') ? -1 : 1) * parseInt(t.replace(/^[+-]/, ''), 8);
  else if (/^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?$/.test(t) || /^[+-]?\.\d+$/.test(t)) v = Number(t);
  else {
    const m = /^[+-]?\d+/.exec(t);
    fail(m ? `${arg}: invalid number` : `${arg}: invalid number`);
    return m ? Number(m[0]) : 0;
  }
  return v;
}

function pad(text: string, width: number, left: boolean, zero = false): string {
  if (text.length >= width) return text;
  if (left) return text.padEnd(width);
  if (zero) {
    const sign = /^[+-]/.test(text) ? (text[0] as string) : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function exponent(v: number, prec: number, upper: boolean): string {
  const [m, e] = v.toExponential(prec).split('e') as [string, string];
  const n = Number(e);
  const s = `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  return upper ? s.toUpperCase() : s;
}

function general(v: number, prec: number, upper: boolean, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  let s: string;
  if (exp < -4 || exp >= p) {
    s = exponent(v, p - 1, upper);
    if (!alt) s = s.replace(/\.?0+(?=[eE])/, '');
  } else {
    s = v.toFixed(Math.max(0, p - 1 - exp));
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s;
}

/** printf FORMAT ARGS...: the format is reused while arguments remain, as bash and coreutils do. */
export function printfText(format: string, args: string[], fail: (message: string) => void): { text: string; status: number } {
  let out = '';
  let status = 0;
  let argi = 0;
  const onFail = (m: string): void => {
    status = 1;
    fail(m);
  };
  const next = (): string | undefined => args[argi++];
  for (let round = 0; round < 10000; round++) {
    const before = argi;
    for (let i = 0; i < format.length; i++) {
      const c = format[i] as string;
      if (c === '\\') {
        if (format[i + 1] === 'c') return { text: out, status };
        const d = format[i + 1];
        if (d === undefined) {
          out += '\\';
          continue;
        }
        if (d === '0' || /[1-7]/.test(d)) {
          const m = /^[0-7]{1,3}/.exec(format.slice(i + 1, i + 4)) as RegExpExecArray;
          out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
          i += m[0].length;
          continue;
        }
        const [t, used] = ansiEscape(format, i + 1);
        out += t;
        i += used;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXfFeEgGcsbq%])/.exec(format.slice(i));
      if (!m) {
        const bad = format[i + 1];
        onFail(bad === undefined ? '`%\': missing format character' : `\`${bad}': invalid format character`);
        return { text: out, status: 1 };
      }
      i += m[0].length - 1;
      const flags = m[1] as string;
      const conv = m[4] as string;
      if (conv === '%') {
        out += '%';
        continue;
      }
      let width = m[2] === '*' ? toNumber(next() ?? '0', onFail) : Number(m[2] ?? 0);
      let left = flags.includes('-');
      if (width < 0) {
        left = true;
        width = -width;
      }
      const precText = m[3] === '*' ? String(toNumber(next() ?? '0', onFail)) : m[3];
      const prec = precText === undefined ? undefined : Number(precText || 0);
      const zero = flags.includes('0') && !left;
      const arg = next();
      let text: string;
      switch (conv) {
        case 's':
          text = arg ?? '';
          if (prec !== undefined) text = text.slice(0, prec);
          break;
        case 'q':
          text = arg === undefined || arg === '' ? "''" : /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : arg.replace(/[^A-Za-z0-9_@%+=:,./-]/g, '\\$&');
          break;
        case 'b': {
          const r = expandEscapes(arg ?? '', true);
          text = r.text;
          if (r.stop) return { text: out + pad(text, width, left), status };
          break;
        }
        case 'c':
          text = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i': {
          const v = Math.trunc(toNumber(arg ?? '0', onFail));
          let s = String(Math.abs(v));
          if (prec !== undefined) s = s.padStart(prec, '0');
          text = (v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
          break;
        }
        case 'o':
        case 'u':
        case 'x':
        case 'X': {
          let v = Math.trunc(toNumber(arg ?? '0', onFail));
          if (v < 0) v = Number(BigInt.asUintN(64, BigInt(v)));
          const base = conv === 'o' ? 8 : conv === 'u' ? 10 : 16;
          text = v.toString(base);
          if (conv === 'X') text = text.toUpperCase();
          if (prec !== undefined) text = text.padStart(prec, '0');
          if (flags.includes('#') && v !== 0) text = (conv === 'o' ? '0' : conv === 'x' ? '0x' : conv === 'X' ? '0X' : '') + text;
          break;
        }
        default: {
          const v = toNumber(arg ?? '0', onFail);
          const p = prec ?? 6;
          if (conv === 'f' || conv === 'F') text = v.toFixed(p);
          else if (conv === 'e' || conv === 'E') text = exponent(v, p, conv === 'E');
          else text = general(v, p, conv === 'G', flags.includes('#'));
          if (v >= 0 && flags.includes('+')) text = '+' + text;
          else if (v >= 0 && flags.includes(' ')) text = ' ' + text;
        }
      }
      out += pad(text, width, left, zero && 'diouxXfFeEgG'.includes(conv));
    }
    if (argi >= args.length || argi === before) break;
  }
  return { text: out, status };
}
