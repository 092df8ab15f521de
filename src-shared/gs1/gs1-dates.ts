/**
 * GS1 dates and times. Two-digit years are resolved with the sliding window of GenSpecs §7.12
 * (a year 51..99 ahead of the reference year belongs to the previous century, one 50..99 behind
 * it to the next), relative to a reference year the caller supplies, so parsing stays pure and a
 * test (or a replay of an old scan) gets the same century the operator saw. A day of "00" in the
 * YYMMDD fields that allow it (AIs 11-17, 4324/4325) means the last day of that month (§3.4.4-§3.4.8).
 */

/** Resolves a two-digit year per GenSpecs §7.12 against a four-digit reference year. */
export function resolveCentury(yy: number, referenceYear: number): number {
  const currentYy = referenceYear % 100;
  const century = referenceYear - currentYy;
  const difference = yy - currentYy;
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export type DateFailure = 'month' | 'day';

export interface ResolvedDate {
  /** Calendar date as ISO 8601 "YYYY-MM-DD" (no time zone: a GS1 date names a day, not an instant). */
  readonly iso: string;
  /** True when the barcode said day 00 and we substituted the last day of the month. */
  readonly dayWasZero: boolean;
}

/**
 * Resolves "YYMMDD" (or "YYYYMMDD" when `fourDigitYear`). `allowDayZero` is the yymmd0 rule.
 * Returns the failing field rather than a message, so the caller can name the position.
 */
export function resolveGs1Date(
  digits: string,
  opts: { referenceYear: number; allowDayZero: boolean; fourDigitYear?: boolean },
): ResolvedDate | DateFailure {
  const yLen = opts.fourDigitYear ? 4 : 2;
  const yearPart = Number(digits.slice(0, yLen));
  const month = Number(digits.slice(yLen, yLen + 2));
  const day = Number(digits.slice(yLen + 2, yLen + 4));
  const year = opts.fourDigitYear ? yearPart : resolveCentury(yearPart, opts.referenceYear);
  if (month < 1 || month > 12) return 'month';
  const last = daysInMonth(year, month);
  if (day === 0 && !opts.allowDayZero) return 'day';
  if (day > last) return 'day';
  const realDay = day === 0 ? last : day;
  return {
    iso: `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(realDay)}`,
    dayWasZero: day === 0,
  };
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
