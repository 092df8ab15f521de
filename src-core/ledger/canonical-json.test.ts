import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { canonicalJson } from './canonical-json.ts';
import { InvariantViolation } from '../../src-shared/result.ts';

describe('RFC 8785 canonical JSON', () => {
  it('sorts keys by UTF-16 code units and serialises numbers as ECMAScript (RFC 8785 §3.2.2, §3.2.3)', () => {
    // The §3.2.2 sample with its expected output
    const input = { numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001], string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"\/', literals: [null, true, false] };
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '\u0080': 4, '1': 5, 'ö': 6 })).toBe('{"\\r":2,"1":5,"\u0080":4,"ö":6,"€":1,"😀":3}');
  });

  it('refuses values JSON cannot carry instead of silently changing them', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(InvariantViolation);
    expect(() => canonicalJson({ a: undefined })).toThrow(InvariantViolation);
    expect(() => canonicalJson({ a: new Date() })).toThrow(InvariantViolation);
    expect(() => canonicalJson({ a: 10n })).toThrow(InvariantViolation);
  });
});

describe('canonical JSON against the reference implementation', () => {
  it('matches the canonicalize package on random JSON values, objects with any keys and numbers included', () => {
    const json = fc.jsonValue();
    const keyed = fc.dictionary(fc.string({ unit: 'binary' }), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ unit: 'binary' }), fc.boolean(), fc.constant(null)));
    fc.assert(
      fc.property(fc.oneof(json, keyed, fc.array(keyed)), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses unsafe values nested anywhere, naming where', () => {
    expect(() => canonicalJson({ a: [1, { b: Infinity }] })).toThrow('non-finite number at $.a[1].b');
    expect(() => canonicalJson([1, undefined])).toThrow('undefined at $[1] has no JSON form');
    expect(() => canonicalJson({ a: { f: () => 1 } })).toThrow('function at $.a.f has no JSON form');
  });
});
