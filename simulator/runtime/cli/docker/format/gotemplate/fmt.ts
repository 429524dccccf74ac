/**
 * Values as Go's fmt prints them after they came out of JSON: `%v` of strings, numbers, slices
 * (`[a b]`), maps (`map[k:v]`, keys sorted) and structs (`{v1 v2}`), and Sprintf with Go's verbs,
 * flags, width and precision, including its `%!d(string=x)` and `%!v(MISSING)` complaints.
 */
import { byCodePoint } from '../../../../../core/format.ts';

import { EMBEDDED, GO_PTR, GO_TIME, isGoPtr, isGoTime, JSON_FIELDS, NIL_MAP, NIL_SLICE, POINTER, type Layout } from './values.ts';

export { EMBEDDED, GO_PTR, GO_TIME, isGoPtr, isGoTime, JSON_FIELDS, NIL_MAP, NIL_SLICE, POINTER };

/** `%v` of a value inside another: a pointer to a struct prints as its address. */
function goPrintNested(v: unknown, kindOf: KindOf, plus: boolean): string {
  if (isGoPtr(v)) return v[GO_PTR].address;
  const address = v !== null && typeof v === 'object' ? (v as { [POINTER]?: string })[POINTER] : undefined;
  return address ?? goPrint(v, kindOf, plus);
}

/** Tells maps from structs (both are JSON objects). */
export type KindOf = (value: object) => 'map' | 'struct';

export function formatFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${mant}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(n);
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : formatFloat(n);
}

/** `%v` of a value. */
export function goPrint(v: unknown, kindOf: KindOf, plus = false): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (v === NIL_SLICE) return '[]';
  if (v === NIL_MAP) return 'map[]';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (isGoTime(v)) return v[GO_TIME].text;
  // A pointer printed itself is what it points to (text/template follows it).
  if (isGoPtr(v)) return goPrint(v[GO_PTR].value, kindOf, plus);
  if (Array.isArray(v)) return `[${v.map((x) => goPrintNested(x, kindOf, plus)).join(' ')}]`;
  const obj = v as Record<string, unknown>;
  if (kindOf(obj) === 'map') {
    const keys = Object.keys(obj).sort(byCodePoint);
    return `map[${keys.map((k) => `${k}:${goPrintNested(obj[k], kindOf, plus)}`).join(' ')}]`;
  }
  const layout = (obj as { [EMBEDDED]?: Layout })[EMBEDDED];
  if (layout) return printLayout(obj, layout, kindOf, plus);
  return `{${Object.entries(obj).map(([k, x]) => (plus ? `${k}:` : '') + goPrintNested(x, kindOf, plus)).join(' ')}}`;
}

/** A struct with embedded parts: each embedded struct nested in braces, an embedded pointer as its address. */
function printLayout(obj: Record<string, unknown>, layout: Layout, kindOf: KindOf, plus: boolean): string {
  const one = (entry: Layout[number]): string => {
    if (typeof entry === 'string') return (plus ? `${entry}:` : '') + goPrintNested(obj[entry], kindOf, plus);
    if (Array.isArray(entry)) return printLayout(obj, entry, kindOf, plus);
    return entry.address;
  };
  return `{${layout.map(one).join(' ')}}`;
}

/** Go's name for a value's dynamic type, as errors print it. */
export function goTypeName(v: unknown, kindOf: KindOf): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (isGoTime(v)) return v[GO_TIME].type;
  if (Array.isArray(v)) return v.length > 0 && v.every((x) => typeof x === 'string') ? '[]string' : '[]interface {}';
  const obj = v as Record<string, unknown>;
  if (kindOf(obj) === 'map') return Object.values(obj).every((x) => typeof x === 'string') ? 'map[string]string' : 'map[string]interface {}';
  return 'struct';
}

/** strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 11) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  const w = spec.width ?? 0;
  const len = [...text].length;
  if (len >= w) return text;
  if (spec.minus) return text + ' '.repeat(w - len);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(text) ? (text[0] as string) : '';
    return sign + '0'.repeat(w - len) + text.slice(sign.length);
  }
  return ' '.repeat(w - len) + text;
}

function bad(verb: string, v: unknown, kindOf: KindOf): string {
  return `%!${verb}(${goTypeName(v, kindOf)}=${goPrint(v, kindOf)})`;
}

function intText(n: number, verb: string, spec: Spec): string {
  const neg = n < 0;
  const abs = Math.abs(n);
  let body: string;
  switch (verb) {
    case 'x':
      body = abs.toString(16);
      if (spec.sharp) body = '0x' + body;
      break;
    case 'X':
      body = abs.toString(16).toUpperCase();
      if (spec.sharp) body = '0X' + body;
      break;
    case 'o':
      body = abs.toString(8);
      if (spec.sharp) body = '0' + body;
      break;
    case 'b':
      body = abs.toString(2);
      break;
    default:
      body = String(abs);
  }
  if (spec.prec !== undefined) body = body.padStart(spec.prec, '0');
  return (neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '') + body;
}

/** toFixed with Go's rounding: an exact half goes to the even digit (2.25 -> 2.2), not up. */
function toFixedEven(n: number, prec: number): string {
  const exact = Math.abs(n).toFixed(Math.min(100, prec + 30));
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + prec);
  if (!/^50*$/.test(rest)) return n.toFixed(prec);
  const kept = exact.slice(0, dot + 1 + prec).replace(/\.$/, '');
  const last = Number(kept[kept.length - 1]);
  if (last % 2 === 0) return (n < 0 ? '-' : '') + kept;
  return n.toFixed(prec);
}

function floatText(n: number, verb: string, spec: Spec): string {
  let body: string;
  const prec = spec.prec;
  switch (verb) {
    case 'e':
    case 'E': {
      const [m, e] = n.toExponential(prec ?? 6).split('e') as [string, string];
      body = `${m}e${e.startsWith('-') ? '-' : '+'}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
      if (verb === 'E') body = body.toUpperCase();
      break;
    }
    case 'f':
    case 'F':
      body = toFixedEven(n, prec ?? 6);
      break;
    default:
      body = prec === undefined ? formatFloat(n) : formatFloat(Number(n.toPrecision(Math.max(1, prec))));
  }
  return (n >= 0 && spec.plus ? '+' : n >= 0 && spec.space ? ' ' : '') + body;
}

function formatOne(verb: string, v: unknown, spec: Spec, kindOf: KindOf): string {
  switch (verb) {
    case 'v':
      if (typeof v === 'number') return pad(Number.isInteger(v) ? intText(v, 'd', spec) : floatText(v, 'g', spec), spec, true);
      return pad(goPrint(v, kindOf, spec.plus), spec, false);
    case 's':
      if (typeof v === 'string') return pad(spec.prec !== undefined ? [...v].slice(0, spec.prec).join('') : v, spec, false);
      if (Array.isArray(v) || (v !== null && typeof v === 'object')) return pad(goPrint(v, kindOf), spec, false);
      return bad(verb, v, kindOf);
    case 'q':
      if (typeof v === 'string') return pad(goQuote(v), spec, false);
      if (typeof v === 'number' && Number.isInteger(v)) return pad(`'${String.fromCodePoint(v)}'`, spec, false);
      return bad(verb, v, kindOf);
    case 'd':
    case 'o':
    case 'b':
      if (typeof v === 'number' && Number.isInteger(v)) return pad(intText(v, verb, spec), spec, true);
      return bad(verb, v, kindOf);
    case 'x':
    case 'X':
      if (typeof v === 'number' && Number.isInteger(v)) return pad(intText(v, verb, spec), spec, true);
      if (typeof v === 'string') {
        let hex = '';
        for (const ch of v) hex += (ch.codePointAt(0) as number).toString(16).padStart(2, '0');
        return pad(verb === 'X' ? hex.toUpperCase() : hex, spec, false);
      }
      return bad(verb, v, kindOf);
    case 'c':
      if (typeof v === 'number' && Number.isInteger(v)) return pad(String.fromCodePoint(v), spec, false);
      return bad(verb, v, kindOf);
    case 'U':
      if (typeof v === 'number' && Number.isInteger(v)) return pad(`U+${v.toString(16).toUpperCase().padStart(4, '0')}`, spec, false);
      return bad(verb, v, kindOf);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      if (typeof v === 'number' && !Number.isInteger(v)) return pad(floatText(v, verb, spec), spec, true);
      return bad(verb, v, kindOf);
    case 't':
      if (typeof v === 'boolean') return pad(String(v), spec, false);
      return bad(verb, v, kindOf);
    case 'T':
      return pad(goTypeName(v, kindOf), spec, false);
    default:
      return bad(verb, v, kindOf);
  }
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: unknown[], kindOf: KindOf): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    i++;
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '#') spec.sharp = true;
      else if (f === ' ') spec.space = true;
      else if (f === '0') spec.zero = !spec.minus;
      else break;
    }
    const num = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const a = args[argi++];
        return typeof a === 'number' ? a : undefined;
      }
      let digits = '';
      while (/[0-9]/.test(format[i] ?? '')) digits += format[i++];
      return digits === '' ? undefined : Number(digits);
    };
    spec.width = num();
    if (format[i] === '.') {
      i++;
      spec.prec = num() ?? 0;
    }
    const verb = format[i];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(verb, args[argi++], spec, kindOf);
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args.slice(argi).map((a) => `${goTypeName(a, kindOf)}=${goPrint(a, kindOf)}`).join(', ')})`;
  }
  return out;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[], kindOf: KindOf): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += goPrint(a, kindOf);
  });
  return out;
}

/** fmt.Sprintln: always spaces, and a newline. */
export function sprintln(args: unknown[], kindOf: KindOf): string {
  return args.map((a) => goPrint(a, kindOf)).join(' ') + '\n';
}
