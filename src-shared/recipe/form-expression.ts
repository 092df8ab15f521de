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

/** The number or name that starts at `i`, as the parser reads it (digits first: "2x" is a number, then a name), or null. */
function wordAt(src: string, i: number): { t: 'num' | 'id'; v: string } | null {
  const rest = src.slice(i);
  const num = /^\d+(\.\d+)?/.exec(rest);
  if (num) return { t: 'num', v: num[0] };
  const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
  return id ? { t: 'id', v: id[0] } : null;
}

function tokenize(src: string): Token[] | ExpressionReason {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const word = wordAt(src, i);
    if (word) {
      out.push({ ...word, at: i });
      i += word.v.length;
      continue;
    }
    if ('+-*/(),'.includes(c)) {
      out.push({ t: 'op', v: c, at: i });
      i += 1;
      continue;
    }
    return { code: 'unexpected-character', params: { character: c, position: i + 1 } };
  }
  out.push({ t: 'end', at: src.length });
  return out;
}

/**
 * `src` with every reading of field `from` named `to` (FR-118: a field renamed in the form
 * builder), the rest of the text exactly as typed. Tokens as the parser reads them: a name
 * followed by "(" is a function, not a field; digits then letters are a number then a name; a
 * character the parser refuses is kept, so text that does not parse yet is renamed too.
 */
export function renameFieldInExpression(src: string, from: string, to: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const word = wordAt(src, i);
    if (!word) {
      out += src[i];
      i += 1;
      continue;
    }
    i += word.v.length;
    out += word.t === 'id' && word.v === from && !/^\s*\(/.test(src.slice(i)) ? to : word.v;
  }
  return out;
}

/**
 * Why an expression does not parse, as a code and values (FR-118): the parser's English words are
 * `expressionReasonWords(code, params)`; the console words the same code in its reader's language
 * (designer.fb.exprReason, designer.fb.exprAt). `position` counts characters from 1; `found` is
 * the text found there, null at the end of the expression.
 */
export const EXPRESSION_REASON_CODES = ['empty', 'unexpected-character', 'expected-token', 'expected-operand', 'unknown-function', 'too-deep', 'abs-arguments', 'round-arguments', 'trailing-text'] as const;
export type ExpressionReasonCode = (typeof EXPRESSION_REASON_CODES)[number];
export interface ExpressionReasonParams {
  position?: number;
  found?: string | null;
  character?: string;
  token?: string;
  name?: string;
  known?: string;
}
export interface ExpressionReason {
  code: ExpressionReasonCode;
  params: ExpressionReasonParams;
}

/**
 * The English words of each reason, as i18next templates: the parser fills them in itself
 * (expressionReasonWords) and the console's English catalogue is these very objects
 * (designer.fb.exprReason, designer.fb.exprAt), so the two cannot say different things.
 */
export const EXPRESSION_REASON_EN: Readonly<Record<ExpressionReasonCode, string>> = {
  empty: 'the expression is empty',
  'unexpected-character': 'unexpected character "{{character}}"',
  'expected-token': 'expected "{{token}}"',
  'expected-operand': 'expected a number, a field or "("',
  'unknown-function': 'unknown function "{{name}}" (known: {{known}})',
  'too-deep': 'the expression nests too deeply',
  'abs-arguments': 'abs takes one argument',
  'round-arguments': 'round takes a value and a whole number of decimals from 0 to 12, e.g. round(x, 2)',
  'trailing-text': 'unexpected text after the expression',
};
/** Where: `plain` at a position, `end` at the end of the expression, `token` naming what was found there. */
export const EXPRESSION_AT_EN: Readonly<Record<'plain' | 'end' | 'token', string>> = { plain: '{{what}} at position {{position}}', end: '{{what}} at position {{position}} (end of expression)', token: '{{what}} at position {{position}} ("{{found}}")' };

const fill = (template: string, values: object): string => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String((values as Record<string, unknown>)[k] ?? ''));

/** A reason in English: what, then where (`at position 5 ("*")`, `(end of expression)`). */
export function expressionReasonWords(code: ExpressionReasonCode, params: ExpressionReasonParams): string {
  const what = fill(EXPRESSION_REASON_EN[code], params);
  if (params.position === undefined) return what;
  const where = params.found === undefined ? 'plain' : params.found === null ? 'end' : 'token';
  return fill(EXPRESSION_AT_EN[where], { what, position: params.position, found: params.found });
}

export type ExpressionFailure = { ok: false; reason: string } & ExpressionReason;
const failure = (r: ExpressionReason): ExpressionFailure => ({ ok: false, reason: expressionReasonWords(r.code, r.params), code: r.code, params: r.params });

/** The tree of an expression, or why it does not parse (a code and values, and in words with the position). */
export function parseExpression(src: string): { ok: true; expr: Expr } | ExpressionFailure {
  if (src.trim() === '') return failure({ code: 'empty', params: {} });
  const tokenized = tokenize(src);
  if (!Array.isArray(tokenized)) return failure(tokenized);
  const tokens: Token[] = tokenized;
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos]!;
  const fail = (code: ExpressionReasonCode, params: ExpressionReasonParams = {}): never => {
    const tok = peek();
    throw new ExpressionSyntax({ code, params: { ...params, position: tok.at + 1, found: tok.t === 'end' ? null : tok.v } });
  };
  const isOp = (v: string) => peek().t === 'op' && (peek() as { v: string }).v === v;
  const expect = (v: string) => (isOp(v) ? (pos += 1) : fail('expected-token', { token: v }));
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
    if (++depth > 64) fail('too-deep');
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
          fail('unknown-function', { name: tok.v, known: EXPRESSION_FUNCTIONS.join(', ') });
        }
        pos += 1;
        const args = [expr()];
        while (isOp(',')) {
          pos += 1;
          args.push(expr());
        }
        expect(')');
        const fn = tok.v as (typeof EXPRESSION_FUNCTIONS)[number];
        if (fn === 'abs' && args.length !== 1) throw new ExpressionSyntax({ code: 'abs-arguments', params: {} });
        if (fn === 'round' && (args.length !== 2 || args[1]!.kind !== 'number' || !/^\d{1,2}$/.test((args[1] as { value: string }).value) || Number((args[1] as { value: string }).value) > 12)) {
          throw new ExpressionSyntax({ code: 'round-arguments', params: {} });
        }
        return { kind: 'call', fn, args };
      }
      if (isOp('(')) {
        pos += 1;
        const inner = expr();
        expect(')');
        return inner;
      }
      return fail('expected-operand');
    } finally {
      depth -= 1;
    }
  }
  try {
    const tree = expr();
    if (peek().t !== 'end') fail('trailing-text');
    return { ok: true, expr: tree };
  } catch (e) {
    if (e instanceof ExpressionSyntax && e.reason) return failure(e.reason);
    throw e;
  }
}

/** A parse failure (with its reason) or an evaluation failure (message only), thrown inside and returned as a value. */
class ExpressionSyntax extends Error {
  readonly reason: ExpressionReason | null;
  constructor(r: ExpressionReason | string) {
    super(typeof r === 'string' ? r : expressionReasonWords(r.code, r.params));
    this.reason = typeof r === 'string' ? null : r;
  }
}

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
