import { describe, expect, it } from 'vitest';
import { resolveCentury, resolveGs1Date } from './gs1-dates.ts';

describe('century of a two-digit year (GenSpecs §7.12 sliding window)', () => {
  it.each([
    // [YY, reference year, expected]
    [25, 2025, 2025],
    [75, 2025, 2075], // difference +50: still this century
    [76, 2025, 1976], // difference +51: previous century
    [0, 2025, 2000],
    [99, 2049, 2099], // +50
    [99, 2048, 1999], // +51
    [0, 2050, 2100], // difference -50: next century
    [1, 2050, 2001], // difference -49: same century
    [49, 2099, 2149], // -50
    [50, 2099, 2050], // -49
  ])('YY=%i seen in %i is %i', (yy, ref, year) => {
    expect(resolveCentury(yy, ref)).toBe(year);
  });
});

describe('YYMMDD dates', () => {
  const opts = { referenceYear: 2025, allowDayZero: true };
  it('resolves a plain date', () => {
    expect(resolveGs1Date('251231', opts)).toEqual({ iso: '2025-12-31', dayWasZero: false });
  });
  it('reads day 00 as the last day of the month (GenSpecs §3.4.7), leap years included', () => {
    expect(resolveGs1Date('240200', opts)).toEqual({ iso: '2024-02-29', dayWasZero: true });
    expect(resolveGs1Date('250200', opts)).toEqual({ iso: '2025-02-28', dayWasZero: true });
    expect(resolveGs1Date('250400', opts)).toEqual({ iso: '2025-04-30', dayWasZero: true });
    expect(resolveGs1Date('251200', opts)).toEqual({ iso: '2025-12-31', dayWasZero: true });
  });
  it('refuses day 00 where the AI does not allow it', () => {
    expect(resolveGs1Date('251200', { referenceYear: 2025, allowDayZero: false })).toBe('day');
  });
  it('names the failing field', () => {
    expect(resolveGs1Date('251301', opts)).toBe('month');
    expect(resolveGs1Date('250001', opts)).toBe('month');
    expect(resolveGs1Date('250230', opts)).toBe('day');
    expect(resolveGs1Date('250229', opts)).toBe('day');
    expect(resolveGs1Date('000229', opts)).toEqual({ iso: '2000-02-29', dayWasZero: false });
  });
  it('reads four-digit years as given', () => {
    expect(resolveGs1Date('19850630', { referenceYear: 2025, allowDayZero: false, fourDigitYear: true })).toEqual({ iso: '1985-06-30', dayWasZero: false });
  });
});
