/**
 * Numbers read from a URL (query strings and path parameters; FR-138). `z.coerce.number()` runs
 * `Number()`, which also takes "0x10" (16), "1e2" (100), " 7 " (7) and "0b11" (3): a page size,
 * cursor or id spelled that way was accepted as a different number than a reader of the URL
 * sees. These take the decimal spelling only (and a number, for callers that parse an object
 * they built themselves), then hold it to the same integer or finite-number rules.
 */
import { z } from 'zod';

/** A whole number in decimal digits: an optional minus, no leading zero, no sign +, no spaces, at most 16 digits. */
export const DECIMAL_INTEGER = /^-?(0|[1-9]\d{0,15})$/;
/** A decimal number: DECIMAL_INTEGER's spelling with an optional fraction, no exponent. */
export const DECIMAL_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

function fromText(pattern: RegExp) {
  return z.union([z.number(), z.string().regex(pattern, 'expected a decimal number').transform(Number)]);
}

/** A whole number written in decimal, from `min` to `max`. */
export function queryInteger(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return fromText(DECIMAL_INTEGER).pipe(z.number().int().min(min).max(max));
}

/** A finite number written in decimal (an optional sign and fraction, no exponent). */
export function queryDecimal() {
  return fromText(DECIMAL_NUMBER).pipe(z.number().finite());
}
