/**
 * An entry's hash is SHA-256 over the RFC 8785 canonical JSON of every field but `hash`
 * (P11-02). The writer takes a short cut for an entry with exactly the ledger's fields; it must
 * hash exactly what the reference canonicaliser writes, whatever order the fields arrive in
 * (a station's JSON, the hub's parse), and anything else must take the general path.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { entryHash } from './entry-hash.ts';

const reference = (e: Record<string, unknown>): string => {
  const { hash: _h, ...rest } = e;
  return createHash('sha256').update(canonicalize(rest)!, 'utf8').digest('hex');
};

const text = fc.string({ unit: 'binary' });
const entry = fc.record({
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  stationId: text,
  time: text,
  tzOffset: text,
  type: text,
  actor: fc.option(text, { nil: null }),
  batchRef: fc.option(text, { nil: null }),
  payload: fc.dictionary(text, fc.jsonValue()),
  prevHash: text,
  hash: text,
});

/** The same fields in another order (as another JSON writer may send them). */
function shuffled(e: Record<string, unknown>, seed: number): Record<string, unknown> {
  const keys = Object.keys(e);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys.splice((seed * (i + 7)) % keys.length, 1)[0]!;
    out[k] = e[k];
    i--;
    if (keys.length === 0) break;
  }
  return out;
}

describe('entry hash', () => {
  it('P11-02 an entry hashes to SHA-256 of the reference canonical JSON of its fields but hash, in any field order, with fields extra or missing', () => {
    fc.assert(
      fc.property(entry, fc.nat(), fc.option(fc.tuple(text, fc.jsonValue())), fc.boolean(), (e, seed, extra, dropHash) => {
        const variants: Record<string, unknown>[] = [e, shuffled(e, seed)];
        if (extra) variants.push({ ...e, [extra[0]]: extra[1] });
        const { actor: _a, ...missing } = e;
        variants.push(missing);
        if (dropHash) variants.push(shuffled({ ...e, hash: undefined as unknown as string }, seed + 1));
        for (const v of variants) {
          if (Object.values(v).some((x) => x === undefined)) {
            const { hash: _h, ...noHash } = v;
            expect(entryHash(noHash as never)).toBe(reference(noHash));
          } else expect(entryHash(v as never)).toBe(reference(v));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('P11-02 a changed byte in any hashed field changes the hash; the hash field itself is not hashed', () => {
    const e = { seq: 7, stationId: 'ST-1', time: '2026-03-02T01:00:00.000Z', tzOffset: '+08:00', type: 'comment.added', actor: 'u1', batchRef: null, payload: { a: 1, text: '李伟' }, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
    const h = entryHash(e);
    expect(h).toBe(reference(e));
    expect(entryHash({ ...e, hash: 'c'.repeat(64) })).toBe(h);
    for (const changed of [{ ...e, seq: 8 }, { ...e, stationId: 'ST-2' }, { ...e, actor: 'u2' }, { ...e, batchRef: 'B' }, { ...e, payload: { a: 1, text: '李伟 ' } }, { ...e, payload: { a: 2, text: '李伟' } }, { ...e, prevHash: 'a'.repeat(63) + 'b' }, { ...e, tzOffset: '+09:00' }, { ...e, type: 'comment.adde' }]) {
      expect(entryHash(changed)).not.toBe(h);
    }
  });

  it('P11-02 a field JSON cannot carry is refused, naming where, on the short path as on the general one', () => {
    const e = { seq: 7, stationId: 'ST-1', time: 't', tzOffset: '+08:00', type: 'x', actor: null, batchRef: null, payload: { a: Number.NaN }, prevHash: 'p', hash: 'h' };
    expect(() => entryHash(e)).toThrow('non-finite number at $.payload.a');
    expect(() => entryHash({ ...e, payload: {}, actor: undefined as unknown as null })).toThrow('undefined at $.actor');
  });
});
