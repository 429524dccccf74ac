/**
 * Shell arithmetic (`$((...))`, `let`-style): 64-bit-ish integers (JS numbers truncated), C operator
 * precedence, variables by name, assignment operators and ++/--. Errors use bash's wording, e.g.
 * `1/0: division by 0 (error token is "0")`.
 */
export class ArithError extends Error {}

export interface ArithVars {
  get(name: string): string;
  set(name: string, value: string): void;
}

type Tok = { k: 'num'; v: number } | { k: 'name'; v: string } | { k: 'op'; v: string };

const OPS = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '|', '^', '?', ':', '(', ')', ','];

function tokenize(expr: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0[xX][0-9A-Fa-f]+|[0-9]+#[0-9A-Za-z@_]+|[0-9]+)/.exec(expr.slice(i));
    if (num) {
      const text = num[0];
      if (/[A-Za-z_]/.test(expr[i + text.length] ?? '')) throw new ArithError(`${expr.slice(i).trim()}: value too great for base (error token is "${expr.slice(i).trim()}")`);
      let v: number;
      if (/^0[xX]/.test(text)) v = parseInt(text.slice(2), 16);
      else if (text.includes('#')) {
        const [base, digits] = text.split('#') as [string, string];
        v = parseInt(digits, Number(base));
      } else if (text.length > 1 && text.startsWith('0')) {
        if (/[89]/.test(text)) throw new ArithError(`${text}: value too great for base (error token is "${text}")`);
        v = parseInt(text, 8);
      } else v = Number(text);
      toks.push({ k: 'num', v });
      i += text.length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
    if (name) {
      toks.push({ k: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) throw new ArithError(`${expr}: syntax error: invalid arithmetic operator (error token is "${expr.slice(i)}")`);
    toks.push({ k: 'op', v: op });
    i += op.length;
  }
  return toks;
}

const BINARY: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 11 };

const int = (n: number): number => (Number.isFinite(n) ? Math.trunc(n) : 0);

/** Evaluates an arithmetic expression; throws ArithError with bash's message. */
export function evalArith(expr: string, vars: ArithVars, depth = 0): number {
  if (depth > 64) throw new ArithError(`${expr}: expression recursion level exceeded`);
  const toks = tokenize(expr);
  if (toks.length === 0) return 0;
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const isOp = (v: string): boolean => {
    const t = toks[i];
    return t !== undefined && t.k === 'op' && t.v === v;
  };
  const rest = (): string => toks.slice(i).map((t) => String(t.v)).join(' ');
  const fail = (): never => {
    const token = rest();
    throw new ArithError(`${expr.trim()}: syntax error: ${token ? 'invalid arithmetic operator' : 'operand expected'} (error token is "${token}")`);
  };
  const valueOf = (name: string): number => {
    const raw = vars.get(name).trim();
    if (raw === '') return 0;
    if (/^-?\d+$/.test(raw)) return Number(raw);
    return evalArith(raw, vars, depth + 1);
  };

  const primary = (): number => {
    const t = peek();
    if (!t) return fail();
    if (t.k === 'num') {
      i++;
      return t.v;
    }
    if (t.k === 'name') {
      i++;
      const next = peek();
      if (next?.k === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^='].includes(next.v)) {
        i++;
        const rhs = assignment();
        const cur = next.v === '=' ? 0 : valueOf(t.v);
        const v = next.v === '=' ? rhs : binary(next.v.slice(0, -1), cur, rhs);
        vars.set(t.v, String(v));
        return v;
      }
      if (next?.k === 'op' && (next.v === '++' || next.v === '--')) {
        i++;
        const v = valueOf(t.v);
        vars.set(t.v, String(next.v === '++' ? v + 1 : v - 1));
        return v;
      }
      return valueOf(t.v);
    }
    if (t.v === '(') {
      i++;
      const v = comma();
      if (!isOp(')')) fail();
      i++;
      return v;
    }
    if (t.v === '++' || t.v === '--') {
      i++;
      const n = peek();
      if (n?.k !== 'name') return fail();
      i++;
      const v = valueOf(n.v) + (t.v === '++' ? 1 : -1);
      vars.set(n.v, String(v));
      return v;
    }
    if (t.v === '-' || t.v === '+' || t.v === '!' || t.v === '~') {
      i++;
      const v = unaryOperand();
      return t.v === '-' ? -v : t.v === '+' ? v : t.v === '!' ? (v ? 0 : 1) : ~v;
    }
    return fail();
  };
  const unaryOperand = (): number => primary();

  const binary = (op: string, a: number, b: number): number => {
    switch (op) {
      case '+': return int(a + b);
      case '-': return int(a - b);
      case '*': return int(a * b);
      case '/':
      case '%':
        if (b === 0) throw new ArithError(`${expr.trim()}: division by 0 (error token is "${String(toks[i - 1]?.v ?? '')}")`);
        return op === '/' ? int(a / b) : int(a % b);
      case '**': return int(a ** b);
      case '<<': return a << b;
      case '>>': return a >> b;
      case '<': return a < b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '&': return a & b;
      case '|': return a | b;
      case '^': return a ^ b;
      case '&&': return a && b ? 1 : 0;
      case '||': return a || b ? 1 : 0;
    }
    return fail();
  };

  const binaryExpr = (minPrec: number): number => {
    let left = primary();
    for (;;) {
      const t = peek();
      if (!t || t.k !== 'op') break;
      const prec = BINARY[t.v];
      if (prec === undefined || prec < minPrec) break;
      i++;
      const right = binaryExpr(t.v === '**' ? prec : prec + 1);
      left = binary(t.v, left, right);
    }
    return left;
  };

  const ternary = (): number => {
    const cond = binaryExpr(1);
    if (!isOp('?')) return cond;
    i++;
    const a = assignment();
    if (!isOp(':')) fail();
    i++;
    const b = assignment();
    return cond ? a : b;
  };

  const assignment = (): number => ternary();

  const comma = (): number => {
    let v = assignment();
    while (isOp(',')) {
      i++;
      v = assignment();
    }
    return v;
  };

  const result = comma();
  if (i < toks.length) fail();
  return result;
}
