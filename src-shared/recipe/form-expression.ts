/**
 * The calculation language of step forms (issue 14 item 2): arithmetic over the form's number
 * fields, in exact decimals (decimal.js; a mass of 10.02 kg + 5.01 kg is 15.03 kg, never
 * 15.030000000000001). Interpreted from a parsed tree: no `eval`, no `new Function`.
 *
 * Why not filtrex, which the task named: filtrex 3 compiles every expression to a JavaScript
 * function with `new Function(...)` (dist/esm/filtrex.mjs, compileExpression), i.e. eval. Both
 * UIs run under a Content-Security-Policy without 'unsafe-eval' (src-main/electron/security.ts,
 * A11-19), and a step definition is parsed in the renderer too (order view contract), so
 * filtrex could neither check nor preview an expression there, and it computes in floats.
 * The grammar below is the arithmetic subset of filtrex's, so an expression written for one
 * reads the same in the other:
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := number | field | func '(' expr (',' expr)* ')' | '(' expr ')'
 *   func    := abs | min | max | round     round(x, n): half-up to n decimals (0 ≤ n ≤ 12)
 *
 * Division is rounded to 20 significant decimals beyond the point (DIVISION_DECIMALS); + − ×
 * are exact.
 */
import { Decimal as DecimalBase } from 'decimal.js';

export const FormDecimal = DecimalBase.clone({ precision: 80, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -80, toExpPos: 80 });
export type FormDecimal = InstanceType<typeof FormDecimal>;

export const DIVISION_DECIMALS = 20;
export const EXPRESSION_FUNCTIONS = ['abs', 'min', 'max', 'round'] as const;

export type Expr =
  | { kind: 'number'; value: string }
  | { kind: 'field'; name: string }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { kind: 'call'; fn: (typeof EXPRESSION_FUNCTIONS)[number]; args: Expr[] };

type Token = { t: 'num'; v: string; at: number } | { t: 'id'; v: string; at: number } | { t: 'op'; v: string; at: number } | { t: 'end'; at: number };

function tokenize(src: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    if ('+-*/(),'.includes(c)) {
      out.push({ t: 'op', v: c, at: i });
      i += 1;
      continue;
    }
    return `unexpected character "${c}" at position ${i + 1}`;
  }
  out.push({ t: 'end', at: src.length });
  return out;
}

/** The tree of an expression, or why it does not parse (in words, with the position). */
export function parseExpression(src: string): { ok: true; expr: Expr } | { ok: false; reason: string } {
  if (src.trim() === '') return { ok: false, reason: 'the expression is empty' };
  const tokens = tokenize(src);
  if (typeof tokens === 'string') return { ok: false, reason: tokens };
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos]!;
  const fail = (what: string): never => {
    const tok = peek();
    throw new ExpressionSyntax(`${what} at position ${tok.at + 1}${tok.t === 'end' ? ' (end of expression)' : ` ("${tok.v}")`}`);
  };
  const isOp = (v: string) => peek().t === 'op' && (peek() as { v: string }).v === v;
  const expect = (v: string) => (isOp(v) ? (pos += 1) : fail(`expected "${v}"`));
  function expr(): Expr {
    let left = term();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { v: '+' | '-' }).v;
      left = { kind: 'binary', op, left, right: term() };
    }
    return left;
  }
  function term(): Expr {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { v: '*' | '/' }).v;
      left = { kind: 'binary', op, left, right: unary() };
    }
    return left;
  }
  function unary(): Expr {
    if (isOp('-')) {
      pos += 1;
      return { kind: 'neg', arg: unary() };
    }
    return primary();
  }
  function primary(): Expr {
    const tok = peek();
    if (++depth > 64) fail('the expression nests too deeply');
    try {
      if (tok.t === 'num') {
        pos += 1;
        return { kind: 'number', value: tok.v };
      }
      if (tok.t === 'id') {
        pos += 1;
        if (!isOp('(')) return { kind: 'field', name: tok.v };
        if (!(EXPRESSION_FUNCTIONS as readonly string[]).includes(tok.v)) {
          pos -= 1;
          fail(`unknown function "${tok.v}" (known: ${EXPRESSION_FUNCTIONS.join(', ')})`);
        }
        pos += 1;
        const args = [expr()];
        while (isOp(',')) {
          pos += 1;
          args.push(expr());
        }
        expect(')');
        const fn = tok.v as (typeof EXPRESSION_FUNCTIONS)[number];
        if (fn === 'abs' && args.length !== 1) throw new ExpressionSyntax('abs takes one argument');
        if (fn === 'round' && (args.length !== 2 || args[1]!.kind !== 'number' || !/^\d{1,2}$/.test((args[1] as { value: string }).value) || Number((args[1] as { value: string }).value) > 12)) {
          throw new ExpressionSyntax('round takes a value and a whole number of decimals from 0 to 12, e.g. round(x, 2)');
        }
        return { kind: 'call', fn, args };
      }
      if (isOp('(')) {
        pos += 1;
        const inner = expr();
        expect(')');
        return inner;
      }
      return fail('expected a number, a field or "("');
    } finally {
      depth -= 1;
    }
  }
  try {
    const tree = expr();
    if (peek().t !== 'end') fail('unexpected text after the expression');
    return { ok: true, expr: tree };
  } catch (e) {
    if (e instanceof ExpressionSyntax) return { ok: false, reason: e.message };
    throw e;
  }
}

class ExpressionSyntax extends Error {}

/** The field names an expression reads, each once, in order of appearance. */
export function fieldsOf(e: Expr, out: string[] = []): string[] {
  switch (e.kind) {
    case 'number':
      return out;
    case 'field':
      if (!out.includes(e.name)) out.push(e.name);
      return out;
    case 'neg':
      return fieldsOf(e.arg, out);
    case 'binary':
      fieldsOf(e.left, out);
      return fieldsOf(e.right, out);
    case 'call':
      for (const a of e.args) fieldsOf(a, out);
      return out;
  }
}

/** The value of an expression, exact; a division by zero or a missing field is a reason, not a throw. */
export function evaluateExpression(e: Expr, fields: Readonly<Record<string, FormDecimal>>): { ok: true; value: FormDecimal } | { ok: false; reason: string } {
  try {
    return { ok: true, value: ev(e, fields) };
  } catch (x) {
    if (x instanceof ExpressionSyntax) return { ok: false, reason: x.message };
    throw x;
  }
}

function ev(e: Expr, f: Readonly<Record<string, FormDecimal>>): FormDecimal {
  switch (e.kind) {
    case 'number':
      return new FormDecimal(e.value);
    case 'field': {
      const v = Object.hasOwn(f, e.name) ? f[e.name] : undefined;
      if (v === undefined) throw new ExpressionSyntax(`field "${e.name}" has no value`);
      return v;
    }
    case 'neg':
      return ev(e.arg, f).negated();
    case 'binary': {
      const a = ev(e.left, f);
      const b = ev(e.right, f);
      if (e.op === '+') return a.plus(b);
      if (e.op === '-') return a.minus(b);
      if (e.op === '*') return a.times(b);
      if (b.isZero()) throw new ExpressionSyntax('division by zero');
      return a.dividedBy(b).toDecimalPlaces(DIVISION_DECIMALS, FormDecimal.ROUND_HALF_UP);
    }
    case 'call': {
      const args = e.args.map((a) => ev(a, f));
      if (e.fn === 'abs') return args[0]!.abs();
      if (e.fn === 'min') return FormDecimal.min(...args);
      if (e.fn === 'max') return FormDecimal.max(...args);
      return args[0]!.toDecimalPlaces(Number((e.args[1] as { value: string }).value), FormDecimal.ROUND_HALF_UP);
    }
  }
}
