/**
 * A fast yes for request bodies that zod would return unchanged (issue 16, intake). zod copies
 * every object and every record it parses; for a push page of 500 entries that copy, not the
 * checks, was most of the route's validation CPU, though zod's answer is then an equal copy of
 * what JSON.parse gave. `exactAcceptor(schema)` reads the schema's definition once and returns a
 * check that is true only when zod would accept the value AND return a deep copy of it: every
 * key the shape names present, in the shape's order, no other key, every rule of every field
 * met. Then the route takes the value as it is; for anything else (a refusal, a key zod would
 * strip, a key order zod would change) zod parses as always, and its answer and its words are
 * the route's, so what the route refuses, and why, is zod's alone.
 *
 * Only what it can read exactly is compiled: objects without catchall, nullable, arrays and
 * strings with length limits and regex formats, safe-integer and bounded numbers, booleans,
 * records of string keys to unknown values, unknown. Any other type or rule (optional, enum,
 * refine, transform, email, …) anywhere in the schema means no acceptor at all (null): zod
 * alone, as before. A schema changed later therefore either stays exact or loses the fast yes;
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
  _zod: { def: Def; check?: unknown };
}

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
  value?: unknown;
  inclusive?: boolean;
}

const compiled = new WeakMap<z.ZodType, Acceptor | null>();

/** The exact acceptor of `schema`, or null when some part of it is not one this file reads. */
export function exactAcceptor(schema: z.ZodType): Acceptor | null {
  if (compiled.has(schema)) return compiled.get(schema)!;
  let acceptor: Acceptor | null;
  try {
    acceptor = compile(schema as unknown as Node);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    acceptor = null;
  }
  compiled.set(schema, acceptor);
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

function defOf(s: Node | undefined): Def {
  if (s === undefined) return unsupported('missing inner schema');
  // A schema that checks itself (z.email(), z.int(), …) runs a rule its definition only names.
  if (s._zod.check !== undefined) unsupported('a self-checking schema');
  const def = s._zod.def;
  const allowed = KEYS[def.type] ?? unsupported(def.type);
  for (const k of Object.keys(def)) if (k !== 'error' && !allowed.includes(k)) unsupported(`${def.type}.${k}`);
  return def;
}

function compile(node: Node): Acceptor {
  const def = defOf(node);
  switch (def.type) {
    case 'object':
      return objectAcceptor(def);
    case 'array':
      return arrayAcceptor(def);
    case 'string':
      return stringAcceptor(def);
    case 'number':
      return numberAcceptor(def);
    case 'boolean':
      noChecks(def);
      return (v) => typeof v === 'boolean';
    case 'nullable': {
      noChecks(def);
      const inner = compile(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case 'record':
      return recordAcceptor(def);
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
  const fields = keys.map((k) => compile(shape[k]!));
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

function arrayAcceptor(def: Def): Acceptor {
  let min = 0;
  let max = Infinity;
  for (const c of checksOf(def)) {
    if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else unsupported(`array check ${c.check}`);
  }
  const element = compile(def.element!);
  return (v) => {
    if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype || v.length < min || v.length > max) return false;
    // zod's copy has the items only: no hole, no other key
    if (Object.keys(v).length !== v.length) return false;
    for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
    return true;
  };
}

function stringAcceptor(def: Def): Acceptor {
  let min = 0;
  let max = Infinity;
  const patterns: RegExp[] = [];
  for (const c of checksOf(def)) {
    if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp && !c.pattern.global && !c.pattern.sticky) patterns.push(c.pattern);
    else unsupported(`string check ${c.check} ${c.format ?? ''}`);
  }
  return (v) => {
    if (typeof v !== 'string' || v.length < min || v.length > max) return false;
    for (const p of patterns) if (!p.test(v)) return false;
    return true;
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
function recordAcceptor(def: Def): Acceptor {
  noChecks(def);
  const key = defOf(def.keyType);
  if (key.type !== 'string' || (key.checks && key.checks.length > 0)) unsupported('record keys other than any string');
  if (defOf(def.valueType).type !== 'unknown') unsupported('record values other than unknown');
  const value = compile(def.valueType!);
  return (v) => {
    if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
    if (Object.prototype.hasOwnProperty.call(v, '__proto__') || Object.getOwnPropertySymbols(v).length > 0) return false;
    for (const k in v) if (!value((v as Record<string, unknown>)[k])) return false;
    return true;
  };
}
