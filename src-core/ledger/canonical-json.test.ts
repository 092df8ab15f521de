import { describe, expect, it } from 'vitest';
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
