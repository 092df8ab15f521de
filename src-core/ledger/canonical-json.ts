/**
 * Canonical JSON per RFC 8785 (JSON Canonicalization Scheme). Every hash and signature in
 * Batchline is computed over these bytes, so the same entry hashes the same on the station,
 * the hub and an auditor's laptop.
 *
 * The rules, and how this one pass meets them: object keys sorted by UTF-16 code units
 * (§3.2.3; `Array.prototype.sort` compares strings exactly so), strings escaped as
 * ECMAScript's JSON.stringify does (§3.2.2.2), numbers serialised as ECMAScript does
 * (§3.2.2.3; JSON.stringify again), no whitespace. It is the reference implementation's
 * algorithm (the `canonicalize` package, which canonical-json.test.ts holds it to on random
 * values), written as one walk that also refuses what JSON cannot carry: `batchline verify`
 * canonicalises every entry, and the separate safety walk and the library's per-value string
 * joins were a fifth of its time (issue 16, item 3).
 *
 * Refused rather than silently changed (the library would write `null` or drop them):
 * non-finite numbers, undefined, bigint, functions, symbols and objects that are not plain.
 */
import { InvariantViolation } from '../../src-shared/result.ts';

export function canonicalJson(value: unknown): string {
  const text = write(value);
  if (text === undefined) {
    assertJsonSafe(value, '$'); // throws, naming where the value has no JSON form
    throw new InvariantViolation('value has no canonical JSON form');
  }
  return text;
}

/**
 * The canonical text of an object the caller knows has exactly `sortedKeys` (already in
 * canonical order) among its own enumerable keys, or undefined when a value has no JSON form
 * (call canonicalJson for the reason). Saves listing and sorting the keys of a record whose
 * shape is fixed: every ledger entry is hashed this way (entry-hash.ts).
 */
export function canonicalJsonOfKeys(record: Readonly<Record<string, unknown>>, sortedKeys: readonly string[]): string | undefined {
  let out = '{';
  for (let i = 0; i < sortedKeys.length; i++) {
    const key = sortedKeys[i]!;
    const item = write(record[key]);
    if (item === undefined) return undefined;
    out += (i === 0 ? '' : ',') + quotedKey(key) + ':' + item;
  }
  return out + '}';
}

/** The canonical text, or undefined when some part of the value has no JSON form. */
function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = write(value[i]);
          if (item === undefined) return undefined;
          out += i === 0 ? item : ',' + item;
        }
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const item = write(record[key]);
        if (item === undefined) return undefined;
        out += (i === 0 ? '' : ',') + quotedKey(key) + ':' + item;
      }
      return out + '}';
    }
    default:
      return undefined;
  }
}

// Ledger payloads repeat a few hundred field names; their quoted form is looked up, not
// re-escaped per entry. Bounded, so arbitrary keys (a hostile payload) cannot grow it.
const QUOTED_KEYS = new Map<string, string>();
const QUOTED_KEYS_MAX = 4_096;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < QUOTED_KEYS_MAX) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

function assertJsonSafe(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvariantViolation(`non-finite number at ${path}`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertJsonSafe(value[i], `${path}[${i}]`);
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new InvariantViolation(`non-plain object at ${path}`);
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) throw new InvariantViolation(`undefined at ${path}.${k}`);
      assertJsonSafe(v, `${path}.${k}`);
    }
    return;
  }
  throw new InvariantViolation(`${typeof value} at ${path} has no JSON form`);
}
