/**
 * GS1 check digits. Every numeric GS1 key (GTIN-8/12/13/14, SSCC, GLN, GSIN, GDTI, GSRN, ...)
 * ends in a mod-10 check digit computed with weights 3,1,3,1,... from the right (GenSpecs
 * §7.9.1, Figure 7.9.1-2); GMN and MUDI carry a two-character check pair (GenSpecs §7.9.5).
 */
import { CSET32, CSET82 } from './charsets.ts';

/** The mod-10 check digit for a string of digits that does not yet carry one. */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  let sum = 0;
  let weight = 3; // the digit next to the check digit is weighted 3
  for (let i = digitsWithoutCheck.length - 1; i >= 0; i--) {
    sum += (digitsWithoutCheck.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the GS1 mod-10 check digit of the ones before it. */
export function hasValidCheckDigit(digits: string): boolean {
  if (digits.length < 2 || !/^\d+$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/** Appends the check digit: `withCheckDigit('950110153000')` → `'9501101530003'`. */
export function withCheckDigit(digitsWithoutCheck: string): string {
  return digitsWithoutCheck + String(gs1CheckDigit(digitsWithoutCheck));
}

export type GtinLength = 8 | 12 | 13 | 14;

/** A GTIN of any length, normalised to the 14 digits AI (01) carries (GenSpecs §3.3.2). */
export function toGtin14(gtin: string): string {
  return gtin.padStart(14, '0');
}

// Primes used as weights for the GMN check pair, rightmost data character first (§7.9.5).
const PRIMES = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83,
];

/**
 * The two check characters of a GMN (AI 8013) or MUDI (AI 8014): each data character's index
 * in set 82, weighted by primes from the right, summed mod 1021, written as two set-32 digits.
 * Returns null when the data holds a character outside set 82 or is longer than 23 characters.
 */
export function gmnCheckPair(data: string): string | null {
  if (data.length > PRIMES.length) return null;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const value = CSET82.indexOf(data[i]!);
    if (value < 0) return null;
    sum += value * PRIMES[data.length - 1 - i]!;
  }
  sum %= 1021;
  return CSET32[Math.floor(sum / 32)]! + CSET32[sum % 32]!;
}
