/**
 * Canonical JSON per RFC 8785 (JSON Canonicalization Scheme), via the reference
 * implementation's npm package. Every hash and signature in Batchline is computed over these
 * bytes, so the same entry hashes the same on the station, the hub and an auditor's laptop.
 *
 * RFC 8785 §3.2.2.3 serialises numbers as ECMAScript does; non-finite numbers have no JSON
 * form, so they are refused here rather than silently becoming `null`.
 */
import canonicalize from 'canonicalize';
import { InvariantViolation } from '../../src-shared/result.ts';

export function canonicalJson(value: unknown): string {
  assertJsonSafe(value, '$');
  const text = canonicalize(value);
  if (text === undefined) throw new InvariantViolation('value has no canonical JSON form');
  return text;
}

function assertJsonSafe(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvariantViolation(`non-finite number at ${path}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJsonSafe(v, `${path}[${i}]`));
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
