import { describe, expect, it } from 'vitest';
import { CSET39, CSET64, CSET82, firstInvalidChar } from './charsets.ts';

describe('GS1 character sets (GenSpecs §7.11)', () => {
  it('have the sizes their names promise', () => {
    expect(new Set(CSET82).size).toBe(82);
    expect(new Set(CSET39).size).toBe(39);
    expect(new Set(CSET64).size).toBe(64);
  });
  it('set 82 refuses space, GS, #, ~, non-ASCII and names the first offender', () => {
    expect(firstInvalidChar('ABC-12/x', 'X')).toBe(-1);
    expect(firstInvalidChar('AB C', 'X')).toBe(2);
    expect(firstInvalidChar('AB\x1DC', 'X')).toBe(2);
    expect(firstInvalidChar('#1', 'X')).toBe(0);
    expect(firstInvalidChar('A~', 'X')).toBe(1);
    expect(firstInvalidChar('Bä', 'X')).toBe(1);
  });
  it('set 39 allows # but not lower case', () => {
    expect(firstInvalidChar('AB#-/09', 'Y')).toBe(-1);
    expect(firstInvalidChar('ABc', 'Y')).toBe(2);
  });
  it('set 64 allows at most two trailing "=" making the length a multiple of three', () => {
    expect(firstInvalidChar('ab-_', 'Z')).toBe(-1);
    expect(firstInvalidChar('12=', 'Z')).toBe(-1);
    expect(firstInvalidChar('1==', 'Z')).toBe(-1);
    expect(firstInvalidChar('123=', 'Z')).toBe(3);
    expect(firstInvalidChar('12==', 'Z')).toBe(2);
    expect(firstInvalidChar('===', 'Z')).toBe(0);
    expect(firstInvalidChar('a=b', 'Z')).toBe(1);
    expect(firstInvalidChar('ABC:123', 'Z')).toBe(3);
  });
  it('N is digits only', () => {
    expect(firstInvalidChar('0123456789', 'N')).toBe(-1);
    expect(firstInvalidChar('12a', 'N')).toBe(2);
  });
});
