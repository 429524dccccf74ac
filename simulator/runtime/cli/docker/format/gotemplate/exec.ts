/**
 * Executes a parsed Go template against JSON-shaped data the way text/template walks Go values.
 * Objects are structs or maps (the caller says which): a struct without the field is an error
 * (`can't evaluate field X in type T`), a map without the key gives `<no value>` — or, with
 * `missingkey=error`, `map has no entry for key "X"`. The builtin functions and the docker CLI's
 * own (json, split, join, title, lower, upper, pad, truncate) check their arguments as Go does.
 */
import { byCodePoint } from '../../../../../core/format.ts';
import { argString, commandString, nodeString, pipeString, TemplateError, type Arg, type Command, type Node, type Pipe, type Tree } from './parse.ts';
import { GO_PTR, GO_TIME, goPrint, goQuote, goTypeName, isGoPtr, isGoTime, NIL_MAP, NIL_SLICE, JSON_FIELDS, sprint, sprintf, sprintln, type KindOf } from './fmt.ts';
import { GO_FIELDS, GO_KIND, GO_MAP_KEY } from './values.ts';

export interface ExecOptions {
  kindOf: KindOf;
  /** Go type of the top-level value, for `can't evaluate field X in type T`. */
  rootType: string;
  /** Nested values are `interface {}` (data decoded into a generic map) rather than typed structs. */
  raw: boolean;
  missingKeyError: boolean;
  /** Table headers: the text functions hand their argument back unchanged. */
  header: boolean;
  /** What `json` prints for the top-level value (the CLI's formatter contexts marshal themselves). */
  rootJson?: (value: unknown) => string;
  /** Go field names that differ from the JSON keys (`ID` for `Id`). */
  aliases: Record<string, string>;
  /** The template's name (`version` for `docker version`), shown in errors. */
  name?: string;
}

const MISSING = Symbol('missing');
type Val = unknown;
type RangeNode = { type: 'range'; pos: number; pipe: Pipe; list: Node[]; elseList: Node[] | null };

class Break {}
class Continue {}

/** Names the template's functions, for the parser's check. */
export const FUNCTIONS = new Set(['and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'html', 'js', 'urlquery', 'call', 'json', 'split', 'join', 'title', 'lower', 'upper', 'pad', 'truncate']);

type ParamKind = 'any' | 'string' | 'int' | 'strings';

interface FnSpec {
  params: ParamKind[];
  /** Kind of the variadic tail, if any. */
  variadic?: ParamKind;
}

const SPECS: Record<string, FnSpec> = {
  not: { params: ['any'] },
  len: { params: ['any'] },
  index: { params: ['any'], variadic: 'any' },
  slice: { params: ['any'], variadic: 'any' },
  print: { params: [], variadic: 'any' },
  printf: { params: ['string'], variadic: 'any' },
  println: { params: [], variadic: 'any' },
  eq: { params: ['any'], variadic: 'any' },
  ne: { params: ['any', 'any'] },
  lt: { params: ['any', 'any'] },
  le: { params: ['any', 'any'] },
  gt: { params: ['any', 'any'] },
  ge: { params: ['any', 'any'] },
  html: { params: [], variadic: 'any' },
  js: { params: [], variadic: 'any' },
  urlquery: { params: [], variadic: 'any' },
  call: { params: ['any'], variadic: 'any' },
  json: { params: ['any'] },
  split: { params: ['string', 'string'] },
  join: { params: ['strings', 'string'] },
  title: { params: ['string'] },
  lower: { params: ['string'] },
  upper: { params: ['string'] },
  pad: { params: ['string', 'int', 'int'] },
  truncate: { params: ['string', 'int'] },
};

/** Header mode: these hand their first argument back (the CLI's HeaderFunctions). */
const HEADER_PASSTHROUGH = new Set(['json', 'split', 'join', 'title', 'lower', 'upper', 'truncate']);
const HEADER_SPECS: Record<string, FnSpec> = {
  json: { params: ['string'] },
  split: { params: ['string', 'string'] },
  join: { params: ['string', 'string'] },
  title: { params: ['string'] },
  lower: { params: ['string'] },
  upper: { params: ['string'] },
  truncate: { params: ['string', 'int'] },
};

function kindName(k: ParamKind): string {
  return k === 'strings' ? '[]string' : k === 'any' ? 'interface {}' : k;
}

/** JSON as encoding/json writes it with HTML escaping off; maps sorted by key. */
function jsonEncode(v: unknown, kindOf: KindOf): string {
  if (v === undefined || v === null || v === NIL_SLICE || v === NIL_MAP) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (isGoTime(v)) return JSON.stringify(v[GO_TIME].json);
  if (isGoPtr(v)) return jsonEncode(v[GO_PTR].value, kindOf);
  if (Array.isArray(v)) return `[${v.map((x) => jsonEncode(x, kindOf)).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const keys = kindOf(obj) === 'map' ? Object.keys(obj).sort(byCodePoint) : Object.keys(obj);
  const instead = (obj as { [JSON_FIELDS]?: Record<string, unknown> })[JSON_FIELDS] ?? {};
  const value = (k: string): unknown => (k in instead ? instead[k] : obj[k]);
  return `{${keys.filter((k) => value(k) !== undefined).map((k) => `${JSON.stringify(k)}:${jsonEncode(value(k), kindOf)}`).join(',')}}`;
}

function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += /[\s\p{P}\p{S}]/u.test(prev) || prev === ' ' ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\0': '\uFFFD' })[c] as string);
}

function urlQueryEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else {
      const cp = ch.codePointAt(0) as number;
      const bytes = cp < 0x80 ? [cp] : cp < 0x800 ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)] : cp < 0x10000 ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)] : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
      for (const b of bytes) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

function jsEscape(s: string): string {
  return s.replace(/[\\'"<>&=\n\r\t]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] as string);
}

function isTrue(v: Val): boolean | undefined {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return true;
  return undefined;
}

type Basic = 'bool' | 'int' | 'float' | 'string';

function basicKind(v: Val): Basic | undefined {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  return undefined;
}

export class Executor {
  private readonly tree: Tree;
  private readonly opts: ExecOptions;
  private out = '';
  private node: { pos: number; text: string } | null = null;
  private vars: { name: string; value: Val }[] = [];

  constructor(tree: Tree, opts: ExecOptions) {
    this.tree = tree;
    this.opts = opts;
  }

  /** What was written before an error stopped the run. */
  get partial(): string {
    return this.out;
  }

  run(data: Val): string {
    this.out = '';
    this.vars = [{ name: '$', value: data }];
    try {
      this.walkList(data, this.tree.root);
    } catch (e) {
      if (e instanceof TemplateError) e.partial = this.out;
      throw e;
    }
    return this.out;
  }

  private at(pos: number, text: string): void {
    this.node = { pos, text };
  }

  private errorf(message: string): never {
    const name = this.opts.name ?? '';
    if (!this.node) throw new TemplateError(`template: ${name}: ${message}`);
    const before = this.tree.text.slice(0, this.node.pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + before.split('\n').length - 1;
    const col = nl < 0 ? this.node.pos : this.node.pos - (nl + 1);
    throw new TemplateError(`template: ${name}:${line}:${col}: executing "${name}" at <${this.node.text}>: ${message}`);
  }

  private walkList(dot: Val, list: Node[]): void {
    for (const n of list) this.walk(dot, n);
  }

  private walk(dot: Val, n: Node): void {
    this.at(n.pos, nodeString(n));
    switch (n.type) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) {
          this.at(n.pos, nodeString(n));
          this.out += goPrint(v, this.opts.kindOf);
        }
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        const truth = isTrue(v);
        if (truth === undefined) this.errorf(`if/with can't use ${goPrint(v, this.opts.kindOf)}`);
        if (truth) this.walkList(n.type === 'with' ? v : dot, n.list);
        else if (n.elseList) this.walkList(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(dot, n as RangeNode);
        return;
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
      case 'template': {
        const body = this.tree.defined[n.name];
        if (!body) this.errorf(`template ${goQuote(n.name)} not defined`);
        const value = n.pipe ? this.evalPipeline(dot, n.pipe) : undefined;
        const saved = this.vars;
        this.vars = [{ name: '$', value }];
        this.walkList(value, body);
        this.vars = saved;
        return;
      }
    }
  }

  private walkRange(dot: Val, n: RangeNode): void {
    const outer = this.vars.length;
    const v = this.evalPipeline(dot, n.pipe);
    const mark = this.vars.length;
    const one = (index: Val, elem: Val): boolean => {
      if (n.pipe.decl.length > 0) (this.vars[this.vars.length - 1] as { value: Val }).value = elem;
      if (n.pipe.decl.length > 1) (this.vars[this.vars.length - 2] as { value: Val }).value = index;
      try {
        this.walkList(elem, n.list);
      } catch (e) {
        if (e instanceof Break) return false;
        if (!(e instanceof Continue)) throw e;
      } finally {
        this.vars.length = mark;
      }
      return true;
    };
    let ran = false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        ran = true;
        if (!one(i, v[i])) break;
      }
    } else if (typeof v === 'number' && Number.isInteger(v)) {
      for (let i = 0; i < v; i++) {
        ran = true;
        if (!one(i, i)) break;
      }
    } else if (v !== null && v !== undefined && typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      if (this.opts.kindOf(obj) !== 'map' && !this.opts.raw) {
        this.at(n.pos, nodeString(n));
        this.errorf(`range can't iterate over ${goPrint(v, this.opts.kindOf)}`);
      }
      for (const k of Object.keys(obj).sort(byCodePoint)) {
        ran = true;
        if (!one(k, obj[k])) break;
      }
    } else if (v !== null && v !== undefined) {
      this.at(n.pos, nodeString(n));
      this.errorf(`range can't iterate over ${goPrint(v, this.opts.kindOf)}`);
    }
    this.vars.length = outer;
    if (!ran && n.elseList) this.walkList(dot, n.elseList);
  }

  private evalPipeline(dot: Val, pipe: Pipe): Val {
    this.at(pipe.pos, pipeString(pipe));
    let value: Val = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const name of pipe.decl) {
      if (pipe.isAssign) {
        const slot = [...this.vars].reverse().find((x) => x.name === name);
        if (!slot) this.errorf(`undefined variable: ${name}`);
        slot.value = value;
      } else this.vars.push({ name, value });
    }
    return value;
  }

  private notAFunction(args: Arg[], final: Val): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${argString(args[0] as Arg)}`);
  }

  private evalCommand(dot: Val, cmd: Command, final: Val): Val {
    const first = cmd.args[0] as Arg;
    switch (first.type) {
      case 'field':
        this.at(first.pos, argString(first));
        return this.evalFieldChain(dot, first.ident, cmd.args, final, true);
      case 'chain': {
        this.at(first.pos, argString(first));
        const recv = this.evalArg(dot, first.node);
        return this.evalFieldChain(recv, first.field, cmd.args, final, false);
      }
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first.pipe);
      case 'variable':
        return this.evalVariable(first, cmd.args, final);
    }
    this.at(first.pos, argString(first));
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return first.value;
      default:
        return first.value;
    }
  }

  private varValue(name: string): Val {
    for (let i = this.vars.length - 1; i >= 0; i--) if ((this.vars[i] as { name: string }).name === name) return (this.vars[i] as { value: Val }).value;
    return this.errorf(`undefined variable: ${name}`);
  }

  private evalVariable(v: Extract<Arg, { type: 'variable' }>, args: Arg[], final: Val): Val {
    this.at(v.pos, argString(v));
    const value = this.varValue(v.ident[0] as string);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(value, v.ident.slice(1), args, final, false);
  }

  private evalFieldChain(receiver: Val, ident: string[], args: Arg[], final: Val, fromDot: boolean): Val {
    let recv = receiver;
    let typed = fromDot;
    for (let i = 0; i < ident.length - 1; i++) {
      recv = this.evalField(ident[i] as string, [], MISSING, recv, typed && i === 0);
      typed = false;
    }
    return this.evalField(ident[ident.length - 1] as string, args, final, recv, typed && ident.length === 1);
  }

  /** Go's name for the type of a value reached through a field chain. */
  private typeOf(v: Val, isRoot: boolean): string {
    if (isRoot) return this.opts.rootType;
    if (this.opts.raw) return 'interface {}';
    return goTypeName(v, this.opts.kindOf);
  }

  private evalField(name: string, args: Arg[], final: Val, receiver: Val, isRoot: boolean): Val {
    if (receiver === undefined) {
      if (this.opts.missingKeyError) this.errorf(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver === null || receiver === NIL_MAP || receiver === NIL_SLICE) {
      if (receiver === NIL_MAP) return undefined;
      return this.errorf(`nil pointer evaluating ${this.opts.raw ? 'interface {}' : this.typeOf(receiver, isRoot)}.${name}`);
    }
    if (typeof receiver === 'object' && !Array.isArray(receiver)) {
      const obj = receiver as Record<string, unknown>;
      // A method of the formatter context (`.Label "app"`): its string arguments, Go's count check.
      if (typeof obj[name] === 'function') {
        const method = obj[name] as (...a: string[]) => unknown;
        const given = args.slice(1).map((a) => this.evalTypedArg(undefined, a, 'string') as string);
        if (final !== MISSING) given.push(this.validate(final, 'string') as string);
        if (given.length !== method.length) this.errorf(`wrong number of args for ${name}: want ${method.length} got ${given.length}`);
        return method(...given);
      }
      const isMap = this.opts.raw || this.opts.kindOf(obj) === 'map';
      if (isMap) {
        if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
        if (name in obj) return this.nilAware(name, obj[name]);
        if (this.opts.missingKeyError) this.errorf(`map has no entry for key ${goQuote(name)}`);
        return undefined;
      }
      const goFields = (obj as { [GO_FIELDS]?: Record<string, unknown> })[GO_FIELDS];
      if (goFields && name in goFields && !(name in obj)) {
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return goFields[name] as Val;
      }
      const key = name in obj ? name : this.opts.aliases[name] !== undefined && (this.opts.aliases[name] as string) in obj ? (this.opts.aliases[name] as string) : undefined;
      if (key !== undefined) {
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return this.nilAware(name, obj[key]);
      }
    }
    return this.errorf(`can't evaluate field ${name} in type ${this.typeOf(receiver, isRoot)}`);
  }

  /** A struct's nil slice or map field prints as `[]` / `map[]`, as Go prints them. */
  private nilAware(name: string, v: Val): Val {
    if (v !== null || this.opts.raw) return v;
    if (SLICE_FIELDS.has(name)) return NIL_SLICE;
    if (MAP_FIELDS.has(name)) return NIL_MAP;
    return v;
  }

  private evalFunction(dot: Val, node: Extract<Arg, { type: 'identifier' }>, cmd: Command | null, args: Arg[], final: Val): Val {
    this.at(node.pos, node.name);
    const name = node.name;
    const header = this.opts.header && HEADER_SPECS[name] !== undefined;
    const spec = header ? (HEADER_SPECS[name] as FnSpec) : SPECS[name];
    const callArgs = args.slice(1);
    const numIn = callArgs.length + (final !== MISSING ? 1 : 0);
    // and/or take their arguments unevaluated and stop at the first that decides.
    if (name === 'and' || name === 'or') {
      if (numIn < 1) this.errorf(`wrong number of args for ${name}: want at least 1 got ${callArgs.length}`);
      let v: Val = MISSING;
      for (const a of callArgs) {
        v = this.evalArg(dot, a);
        const t = isTrue(v);
        if (name === 'and' ? !t : t) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    if (!spec) return this.errorf(`"${name}" is not a defined function`);
    const fixed = spec.params.length;
    if (spec.variadic !== undefined) {
      if (numIn < fixed) this.errorf(`wrong number of args for ${name}: want at least ${fixed} got ${callArgs.length}`);
    } else if (numIn !== fixed) this.errorf(`wrong number of args for ${name}: want ${fixed} got ${numIn}`);
    const values: Val[] = [];
    callArgs.forEach((a, i) => {
      const kind = i < fixed ? (spec.params[i] as ParamKind) : (spec.variadic as ParamKind);
      values.push(this.evalTypedArg(dot, a, kind));
    });
    if (final !== MISSING) {
      const kind = values.length < fixed ? (spec.params[values.length] as ParamKind) : (spec.variadic ?? (spec.params[fixed - 1] as ParamKind));
      values.push(this.validate(final, kind));
    }
    if (header && HEADER_PASSTHROUGH.has(name)) return values[0];
    try {
      return this.call(name, values);
    } catch (e) {
      if (e instanceof CallError) {
        if (cmd) this.at(cmd.pos, commandString(cmd));
        return this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  private validate(v: Val, kind: ParamKind): Val {
    if (kind === 'any') return v === undefined ? null : v;
    if (v === undefined || v === null) {
      if (kind === 'strings') return NIL_SLICE;
      return this.errorf(`invalid value; expected ${kindName(kind)}`);
    }
    const ok = kind === 'string' ? typeof v === 'string' : kind === 'int' ? typeof v === 'number' && Number.isInteger(v) : Array.isArray(v) && !this.opts.raw && v.every((x) => typeof x === 'string');
    if (!ok) this.errorf(`wrong type for value; expected ${kindName(kind)}; got ${this.opts.raw && typeof v === 'object' ? (Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}') : goTypeName(v, this.opts.kindOf)}`);
    return v;
  }

  /** An argument evaluated for a parameter of a known kind (literals are checked against it). */
  private evalTypedArg(dot: Val, a: Arg, kind: ParamKind): Val {
    this.at(a.pos, argString(a));
    if (a.type === 'nil') {
      if (kind === 'any' || kind === 'strings') return kind === 'strings' ? NIL_SLICE : null;
      return this.errorf(`cannot assign nil to ${kindName(kind)}`);
    }
    if (['bool', 'number', 'string'].includes(a.type) && kind !== 'any') {
      if (kind === 'string' && a.type !== 'string') this.errorf(`expected string; found ${argString(a)}`);
      if (kind === 'int' && !(a.type === 'number' && a.isInt)) this.errorf(`expected integer; found ${argString(a)}`);
      if (kind === 'strings') this.errorf(`can't handle ${argString(a)} for arg of type []string`);
    }
    return this.validate(this.evalArg(dot, a), kind);
  }

  private evalArg(dot: Val, a: Arg): Val {
    this.at(a.pos, argString(a));
    switch (a.type) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldChain(dot, a.ident, [a], MISSING, true);
      case 'variable':
        return this.evalVariable(a, [a], MISSING);
      case 'pipe':
        return this.evalPipeline(dot, a.pipe);
      case 'identifier':
        return this.evalFunction(dot, a, null, [a], MISSING);
      case 'chain': {
        const recv = this.evalArg(dot, a.node);
        return this.evalFieldChain(recv, a.field, [a], MISSING, false);
      }
      case 'bool':
      case 'number':
      case 'string':
        return a.value;
    }
  }

  private call(name: string, v: Val[]): Val {
    const kindOf = this.opts.kindOf;
    const [a, b] = v;
    switch (name) {
      case 'not':
        return !isTrue(a);
      case 'len':
        if (typeof a === 'string' || Array.isArray(a)) return typeof a === 'string' ? utf8Length(a) : a.length;
        if (a !== null && typeof a === 'object') return Object.keys(a).length;
        throw new CallError(`len of type ${a === null ? '<nil>' : goTypeName(a, kindOf)}`);
      case 'index':
        return this.index(a, v.slice(1));
      case 'slice':
        return this.slice(a, v.slice(1));
      case 'print':
        return sprint(v, kindOf);
      case 'printf':
        return sprintf(a as string, v.slice(1), kindOf);
      case 'println':
        return sprintln(v, kindOf);
      case 'eq': {
        if (v.length < 2) throw new CallError('missing argument for comparison');
        return v.slice(1).some((x) => this.compare(a, x) === 0);
      }
      case 'ne':
        return this.compare(a, b) !== 0;
      case 'lt':
        return this.order(a, b) < 0;
      case 'le':
        return this.order(a, b) <= 0;
      case 'gt':
        return this.order(a, b) > 0;
      case 'ge':
        return this.order(a, b) >= 0;
      case 'html':
        return htmlEscape(v.length === 1 && typeof a === 'string' ? a : sprint(v, kindOf));
      case 'js':
        return jsEscape(v.length === 1 && typeof a === 'string' ? a : sprint(v, kindOf));
      case 'urlquery':
        return urlQueryEscape(v.length === 1 && typeof a === 'string' ? a : sprint(v, kindOf));
      case 'call':
        throw new CallError(a === null ? 'call of nil' : `non-function ${goPrint(a, kindOf)} of type ${goTypeName(a, kindOf)}`);
      case 'json':
        if (this.opts.rootJson && a === this.vars[0]?.value) return this.opts.rootJson(a);
        return jsonEncode(a, kindOf);
      case 'split':
        return b === '' ? [...(a as string)] : (a as string).split(b as string);
      case 'join':
        return (a as string[]).join(b as string);
      case 'title':
        return goTitle(a as string);
      case 'lower':
        return (a as string).toLowerCase();
      case 'upper':
        return (a as string).toUpperCase();
      case 'pad':
        return a === '' ? a : ' '.repeat(Math.max(0, b as number)) + (a as string) + ' '.repeat(Math.max(0, v[2] as number));
      case 'truncate': {
        const s = a as string;
        return s.length < (b as number) ? s : s.slice(0, Math.max(0, b as number));
      }
    }
    throw new CallError(`unknown function ${name}`);
  }

  private index(item: Val, indexes: Val[]): Val {
    let cur = item;
    for (const ix of indexes) {
      if (cur === null || cur === undefined) throw new CallError('index of untyped nil');
      if (Array.isArray(cur) || typeof cur === 'string') {
        if (typeof ix !== 'number' || !Number.isInteger(ix)) throw new CallError(ix === null ? 'cannot index slice/array with nil' : `cannot index slice/array with type ${goTypeName(ix, this.opts.kindOf)}`);
        const len = cur.length;
        if (ix < 0 || ix >= len) throw new CallError(`index out of range: ${ix}`);
        cur = typeof cur === 'string' ? (cur as string).charCodeAt(ix) : cur[ix];
        continue;
      }
      if (typeof cur === 'object') {
        const obj = cur as Record<string, unknown>;
        if (this.opts.kindOf(obj) !== 'map' && !this.opts.raw) throw new CallError(`can't index item of type ${goTypeName(cur, this.opts.kindOf)}`);
        const keyType = this.opts.raw ? undefined : (obj as { [GO_MAP_KEY]?: string })[GO_MAP_KEY];
        if (keyType !== undefined) throw new CallError(ix === null ? `value is nil; should be of type ${keyType}` : `value has type ${goTypeName(ix, this.opts.kindOf)}; should be ${keyType}`);
        if (typeof ix !== 'string') throw new CallError(ix === null ? 'value is nil; should be of type string' : `value has type ${goTypeName(ix, this.opts.kindOf)}; should be string`);
        if (ix in obj) cur = obj[ix];
        else cur = Object.values(obj).every((x) => typeof x === 'string') && Object.keys(obj).length > 0 && !this.opts.raw ? '' : undefined;
        continue;
      }
      throw new CallError(`can't index item of type ${goTypeName(cur, this.opts.kindOf)}`);
    }
    return cur;
  }

  private slice(item: Val, indexes: Val[]): Val {
    if (typeof item !== 'string' && !Array.isArray(item)) throw new CallError(`can't slice item of type ${goTypeName(item, this.opts.kindOf)}`);
    if (indexes.length > 3) throw new CallError(`too many slice indexes: ${indexes.length}`);
    const len = item.length;
    const ix = indexes.map((x) => {
      if (typeof x !== 'number' || !Number.isInteger(x)) throw new CallError(`cannot index slice/array with type ${goTypeName(x, this.opts.kindOf)}`);
      return x;
    });
    const lo = ix[0] ?? 0;
    const hi = ix[1] ?? len;
    if (lo < 0 || lo > len) throw new CallError(`index out of range: ${lo}`);
    if (hi < lo || hi > len) throw new CallError(hi < lo ? `invalid slice index: ${lo} > ${hi}` : `index out of range: ${hi}`);
    return item.slice(lo, hi);
  }

  private compare(a: Val, b: Val): number {
    const ka = basicKind(a);
    const kb = basicKind(b);
    if (ka === undefined || kb === undefined) {
      if (a === null || b === null || a === undefined || b === undefined) return a === b || ((a === null || a === undefined) && (b === null || b === undefined)) ? 0 : 1;
      throw new CallError('incompatible types for comparison');
    }
    const num = (k: Basic): boolean => k === 'int' || k === 'float';
    if (ka !== kb && !(num(ka) && num(kb) && ka === kb)) {
      if (num(ka) && num(kb)) throw new CallError('incompatible types for comparison');
      throw new CallError('incompatible types for comparison');
    }
    return a === b ? 0 : 1;
  }

  private order(a: Val, b: Val): number {
    const ka = basicKind(a);
    const kb = basicKind(b);
    if (ka === undefined || kb === undefined || ka === 'bool' || kb === 'bool') throw new CallError(`invalid type for comparison`);
    if (ka !== kb) throw new CallError('incompatible types for comparison');
    if (typeof a === 'string') return byCodePoint(a, b as string);
    return (a as number) - (b as number);
  }
}

/** UTF-8 length of a string (Go's len counts bytes). */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

class CallError extends Error {}

/** Struct fields of the Engine API types that are slices or maps (nil prints `[]` / `map[]`). */
const SLICE_FIELDS = new Set(['Args', 'Binds', 'Cmd', 'Entrypoint', 'Env', 'Links', 'Aliases', 'DNSNames', 'Dns', 'DnsOptions', 'DnsSearch', 'ExtraHosts', 'VolumesFrom', 'CapAdd', 'CapDrop', 'SecurityOpt', 'GroupAdd', 'Devices', 'DeviceRequests', 'DeviceCgroupRules', 'BlkioWeightDevice', 'BlkioDeviceReadBps', 'BlkioDeviceWriteBps', 'BlkioDeviceReadIOps', 'BlkioDeviceWriteIOps', 'Ulimits', 'ConsoleSize', 'MaskedPaths', 'ReadonlyPaths', 'ExecIDs', 'RepoTags', 'RepoDigests', 'Layers', 'OnBuild', 'Shell', 'SecondaryIPAddresses', 'SecondaryIPv6Addresses', 'Mounts', 'Warnings']);
const MAP_FIELDS = new Set(['Labels', 'Networks', 'Ports', 'ExposedPorts', 'Volumes', 'Options', 'Attributes', 'Data', 'DriverOpts', 'Status', 'Containers', 'Tmpfs', 'Sysctls', 'StorageOpt', 'Annotations', 'PortBindings']);

/** Classifies the objects of API data: maps by their field name or their keys, structs otherwise. */
export function apiKinds(root: unknown): KindOf {
  const maps = new Set<object>();
  const visit = (v: unknown, key: string, parentKey: string, inMap: boolean): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, '', key, false);
      return;
    }
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    const isMap = MAP_FIELDS.has(key) || (key === 'Config' && parentKey === 'LogConfig') || (!inMap && keys.some((k) => !/^[A-Z]/.test(k)) && key !== '');
    if (isMap) maps.add(obj);
    for (const k of keys) visit(obj[k], k, key, isMap);
  };
  visit(root, '', '', false);
  // A nil map field (NIL_MAP, e.g. the empty event's Attributes) is still a map: index gives its zero value.
  return (value: object) => (value as { [GO_KIND]?: 'map' | 'struct' })[GO_KIND] ?? (value === NIL_MAP || maps.has(value) ? 'map' : 'struct');
}

export { TemplateError };
