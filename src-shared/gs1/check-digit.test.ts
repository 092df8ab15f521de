import { describe, expect, it } from 'vitest';
import { gmnCheckPair, gs1CheckDigit, hasValidCheckDigit, toGtin14, withCheckDigit } from './check-digit.ts';

describe('GS1 mod-10 check digit (GenSpecs §7.9.1)', () => {
  it('computes the worked example of Figure 7.9.1-2 (GTIN-13 629104150021 -> 3)', () => {
    expect(gs1CheckDigit('629104150021')).toBe(3);
    expect(withCheckDigit('629104150021')).toBe('6291041500213');
  });

  it.each([
    ['GTIN-8', '02345680'],
    ['GTIN-12', '416000336108'],
    ['GTIN-13', '9501101530003'],
    ['GTIN-14', '09521234543213'],
    ['GTIN-14', '24012345678905'],
    ['SSCC', '106141411234567897'],
  ])('accepts a valid %s %s and refuses every single-digit change of it', (_kind, key) => {
    expect(hasValidCheckDigit(key)).toBe(true);
    for (let i = 0; i < key.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === key[i]) continue;
        const mutated = key.slice(0, i) + d + key.slice(i + 1);
        // mod-10 with weights 3/1 detects every single-digit substitution
        expect(hasValidCheckDigit(mutated)).toBe(false);
      }
    }
  });

  it('refuses non-digits and one-digit strings', () => {
    expect(hasValidCheckDigit('0950110153000A')).toBe(false);
    expect(hasValidCheckDigit('7')).toBe(false);
    expect(hasValidCheckDigit('')).toBe(false);
  });

  it('pads GTIN-8/12/13 to the 14 digits of AI (01)', () => {
    expect(toGtin14('02345680')).toBe('00000002345680');
    expect(toGtin14('9501101530003')).toBe('09501101530003');
  });
});

describe('GMN check character pair (GenSpecs §7.9.5)', () => {
  it('reproduces the GenSpecs example GMN 1987654Ad4X4bL5ttr2310c2K', () => {
    expect(gmnCheckPair('1987654Ad4X4bL5ttr2310c')).toBe('2K');
  });
  it('refuses characters outside set 82 and data longer than 23 characters', () => {
    expect(gmnCheckPair('ABC DEF')).toBeNull();
    expect(gmnCheckPair('A'.repeat(24))).toBeNull();
  });
});
