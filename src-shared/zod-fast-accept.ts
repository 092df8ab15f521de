/**
 * A fast yes from a zod schema, compiled from its definition (issue 16, intake). zod copies every
 * object and record it parses; the hub parsed every push page so (the route's body check) and
 * every entry's payload again (the ledger verifier, which keeps only the verdict), and the copies,
 * not the checks, were most of that CPU and much of the garbage collection after it.
 *
 *  - `exactAcceptor(schema)`: true only when zod would accept the value AND return an equal copy
 *    of it (every key the shape names present, in the shape's order, no other key): a route then
 *    takes the value as it is.
 *  - `acceptor(schema)`: true only when zod would accept the value (unknown keys allowed, as zod
 *    strips them; optional fields, enums, literals, trim-like rewrites too): a caller that wants
 *    the verdict alone skips the parse.
 *
 * False never refuses anything: the caller parses with zod as before, and what is refused, and
 * the words why, are zod's alone. Only what this file reads exactly is compiled: objects without
 * catchall, nullable, arrays and strings with length limits and regex formats, safe-integer and
 * bounded numbers, booleans, records of string keys to unknown values, unknown, and in the
 * second mode optional, enum, literal and rewriting rules. Any other type or rule (refine,
 * transform, default, union, email, …) anywhere in the schema means no acceptor at all (null):
 * zod alone. A schema changed later therefore either keeps a fast yes that is right or loses it;
 * it can never gain a fast yes zod would refuse.
 */
import type { z } from 'zod';

export type Acceptor = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, Node>;
  element?: Node;
  innerType?: Node;
  keyType?: Node;
  valueType?: Node;
}

interface Node {
  _zod: { def: Def; check?: unknown; values?: unknown };
}

type Mode = 'exact' | 'accepts';

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
  value?: unknown;
  inclusive?: boolean;
  tx?: (v: unknown) => unknown;
}

const compiled = { exact: new WeakMap<z.ZodType, Acceptor | null>(), accepts: new WeakMap<z.ZodType, Acceptor | null>() };

/** True only where zod accepts and returns an equal copy; null when some part of the schema is not read here. */
export function exactAcceptor(schema: z.ZodType): Acceptor | null {
  return cached(schema, 'exact');
}

/** True only where zod accepts; null when some part of the schema is not read here. */
export function acceptor(schema: z.ZodType): Acceptor | null {
  return cached(schema, 'accepts');
}

function cached(schema: z.ZodType, mode: Mode): Acceptor | null {
  const memo = compiled[mode];
  if (memo.has(schema)) return memo.get(schema)!;
  let acceptor: Acceptor | null;
  try {
    acceptor = compile(schema as unknown as Node, mode);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    acceptor = null;
  }
  memo.set(schema, acceptor);
  return acceptor;
}

class Unsupported extends Error {}

function unsupported(what: string): never {
  throw new Unsupported(what);
}

/**
 * The definition keys each type may have here; any other (a format of z.email() or z.int(),
 * coercion, a record's mode, a literal's values…) is a rule this file does not read. `error`
 * only changes zod's words, which the fallback gives.
 */
const KEYS: Record<string, readonly string[]> = {
  object: ['type', 'shape'],
  array: ['type', 'element', 'checks'],
  string: ['type', 'checks'],
  number: ['type', 'checks'],
  boolean: ['type'],
  nullable: ['type', 'innerType'],
  record: ['type', 'keyType', 'valueType'],
  unknown: ['type'],
};
/** What the verdict-only mode reads besides. */
const ACCEPTS_KEYS: Record<string, readonly string[]> = {
  optional: ['type', 'innerType'],
  enum: ['type', 'entries'],
  literal: ['type', 'values'],
};

/** Class names zod gives a plain schema beside its type's own two (zod 4: the object's JIT, the string's base). */
const PLAIN_TRAITS = new Set(['ZodType', '$ZodType', '$ZodObjectJIT', '_ZodString']);

/**
 * Whether a schema is of its type's plain class (`_zod.traits`: Zod<T>, $Zod<T> and nothing but
 * PLAIN_TRAITS besides). Any other class name (ZodExactOptional, a string format's, one a later
 * zod adds) is a specialisation whose rules this file does not read.
 */
function plainClass(s: Node, type: string): boolean {
  const traits = (s._zod as { traits?: Set<string> }).traits;
  if (!(traits instanceof Set)) return false;
  const name = type.charAt(0).toUpperCase() + type.slice(1);
  if (!traits.has(`Zod${name}`) || !traits.has(`$Zod${name}`)) return false;
  for (const t of traits) if (t !== `Zod${name}` && t !== `$Zod${name}` && !PLAIN_TRAITS.has(t)) return false;
  return true;
}

function defOf(s: Node | undefined, mode: Mode): Def {
  if (s === undefined) return unsupported('missing inner schema');
  // A schema that checks itself (z.email(), z.int(), …) runs a rule its definition only names.
  if (s._zod.check !== undefined) unsupported('a self-checking schema');
  const def = s._zod.def;
  // Only the plain class of its type: a specialised one shares the definition's type and keys but
  // not its rules (z.exactOptional is an "optional" that refuses a key present as undefined).
  if (!plainClass(s, def.type)) unsupported(`a specialised ${def.type}`);
  const allowed = KEYS[def.type] ?? (mode === 'accepts' ? ACCEPTS_KEYS[def.type] : undefined) ?? unsupported(def.type);
  for (const k of Object.keys(def)) if (k !== 'error' && !allowed.includes(k)) unsupported(`${def.type}.${k}`);
  return def;
}

function compile(node: Node, mode: Mode): Acceptor {
  const def = defOf(node, mode);
  switch (def.type) {
    case 'object':
      return mode === 'exact' ? objectAcceptor(def) : objectVerdict(def);
    case 'array':
      return arrayAcceptor(def, mode);
    case 'string':
      return stringAcceptor(def, mode);
    case 'number':
      return numberAcceptor(def);
    case 'boolean':
      noChecks(def);
      return (v) => typeof v === 'boolean';
    case 'nullable': {
      noChecks(def);
      const inner = compile(def.innerType!, mode);
      return (v) => v === null || inner(v);
    }
    case 'optional': {
      noChecks(def);
      const inner = compile(def.innerType!, mode);
      return (v) => v === undefined || inner(v);
    }
    case 'enum':
    case 'literal': {
      noChecks(def);
      // zod's own set of the allowed values (an enum's or literal's `values`).
      const values = node._zod.values;
      if (!(values instanceof Set)) return unsupported(`${def.type} without values`);
      return (v) => values.has(v);
    }
    case 'record':
      return recordAcceptor(def, mode);
    case 'unknown':
      noChecks(def);
      return () => true;
    default:
      return unsupported(def.type);
  }
}

function noChecks(def: Def): void {
  if (def.checks && def.checks.length > 0) unsupported(`checks on ${def.type}`);
}

/**
 * The rules of a field. A rule's `when` (zod's length rules carry one) can only make zod skip
 * the rule; the acceptor demands every rule, so it stays within what zod accepts.
 */
function checksOf(def: Def): CheckDef[] {
  return (def.checks ?? []).map((c) => c._zod.def);
}

/**
 * zod returns a new object with the shape's keys in the shape's order and drops every other
 * key: equal to the input only when the input has exactly those keys in that order.
 */
function objectAcceptor(def: Def): Acceptor {
  noChecks(def);
  const shape = def.shape ?? unsupported('object without shape');
  const keys = Object.keys(shape);
  if (keys.includes('__proto__')) unsupported('__proto__ in a shape');
  const fields = keys.map((k) => compile(shape[k]!, 'exact'));
  const n = keys.length;
  return (v) => {
    if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
    let i = 0;
    for (const k in v) {
      if (i >= n || k !== keys[i] || !Object.prototype.hasOwnProperty.call(v, k)) return false;
      if (!fields[i]!((v as Record<string, unknown>)[k])) return false;
      i++;
    }
    return i === n;
  };
}

/**
 * zod (strip mode) reads each key of the shape and ignores the rest; a key that is absent (not
 * merely undefined) passes only where the field is optional: zod refuses an absent key even
 * for z.unknown() ("expected nonoptional").
 */
function objectVerdict(def: Def): Acceptor {
  noChecks(def);
  const shape = def.shape ?? unsupported('object without shape');
  const keys = Object.keys(shape);
  const fields = keys.map((k) => compile(shape[k]!, 'accepts'));
  const optional = keys.map((k) => shape[k]!._zod.def.type === 'optional');
  const n = keys.length;
  return (v) => {
    if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
    const o = v as Record<string, unknown>;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      if (!Object.prototype.hasOwnProperty.call(o, k)) {
        if (!optional[i] || o[k] !== undefined) return false;
      } else if (!fields[i]!(o[k])) return false;
    }
    return true;
  };
}

function arrayAcceptor(def: Def, mode: Mode): Acceptor {
  let min = 0;
  let max = Infinity;
  for (const c of checksOf(def)) {
    if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else unsupported(`array check ${c.check}`);
  }
  const element = compile(def.element!, mode);
  return (v) => {
    if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype || v.length < min || v.length > max) return false;
    // zod's copy has the items only: no hole, no other key
    if (Object.keys(v).length !== v.length) return false;
    for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
    return true;
  };
}

function stringAcceptor(def: Def, mode: Mode): Acceptor {
  // zod runs a string's rules in order; a rewrite (trim, toLowerCase…) changes the value the
  // rules after it see (verdict mode only: the exact mode would return the value unchanged).
  const rules: ((v: string) => string | null)[] = [];
  for (const c of checksOf(def)) {
    if (c.check === 'min_length' && typeof c.minimum === 'number') {
      const min = c.minimum;
      rules.push((v) => (v.length >= min ? v : null));
    } else if (c.check === 'max_length' && typeof c.maximum === 'number') {
      const max = c.maximum;
      rules.push((v) => (v.length <= max ? v : null));
    } else if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp && !c.pattern.global && !c.pattern.sticky) {
      const pattern = c.pattern;
      rules.push((v) => (pattern.test(v) ? v : null));
    } else if (c.check === 'overwrite' && mode === 'accepts' && typeof c.tx === 'function') {
      const tx = c.tx;
      rules.push((v) => {
        const out = tx(v);
        return typeof out === 'string' ? out : null;
      });
    } else unsupported(`string check ${c.check} ${c.format ?? ''}`);
  }
  return (v) => {
    if (typeof v !== 'string') return false;
    let s: string | null = v;
    for (let i = 0; i < rules.length && s !== null; i++) s = rules[i]!(s);
    return s !== null;
  };
}

function numberAcceptor(def: Def): Acceptor {
  let safeInt = false;
  const bounds: ((n: number) => boolean)[] = [];
  for (const c of checksOf(def)) {
    if (c.check === 'number_format' && c.format === 'safeint') safeInt = true;
    else if (c.check === 'greater_than' && typeof c.value === 'number') {
      const x = c.value;
      bounds.push(c.inclusive ? (n) => n >= x : (n) => n > x);
    } else if (c.check === 'less_than' && typeof c.value === 'number') {
      const x = c.value;
      bounds.push(c.inclusive ? (n) => n <= x : (n) => n < x);
    } else unsupported(`number check ${c.check} ${c.format ?? ''}`);
  }
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || (safeInt && !Number.isSafeInteger(v))) return false;
    for (const b of bounds) if (!b(v)) return false;
    return true;
  };
}

/**
 * A record of plain string keys to unknown values: zod copies the object key by key (in the
 * input's order) and drops an own `__proto__` key, so equal to the input unless it has one.
 */
function recordAcceptor(def: Def, mode: Mode): Acceptor {
  noChecks(def);
  const key = defOf(def.keyType, mode);
  if (key.type !== 'string' || (key.checks && key.checks.length > 0)) unsupported('record keys other than any string');
  if (defOf(def.valueType, mode).type !== 'unknown') unsupported('record values other than unknown');
  const value = compile(def.valueType!, mode);
  return (v) => {
    if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
    if (Object.prototype.hasOwnProperty.call(v, '__proto__') || Object.getOwnPropertySymbols(v).length > 0) return false;
    for (const k in v) if (!value((v as Record<string, unknown>)[k])) return false;
    return true;
  };
}
