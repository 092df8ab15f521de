/**
 * The character sets GS1 element strings may carry (GS1 General Specifications §7.11).
 * Everything outside them is refused with its position, because a scanner that emits, say, a
 * CR or an umlaut inside a lot number has been misconfigured and must not pass silently.
 */

/** GS1 AI encodable character set 82 (GenSpecs Figure 7.11-1), in the order of that figure. */
export const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;

/** GS1 AI encodable character set 39 (GenSpecs Figure 7.11-2), used by AI 8010 (CPID). */
export const CSET39 = '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** GS1 AI encodable character set 64 (GenSpecs Figure 7.11-3): RFC 4648 §5 file-safe base64. */
export const CSET64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 32 characters a GMN check character pair is drawn from (GenSpecs §7.9.5). */
export const CSET32 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export type CharsetName = 'N' | 'X' | 'Y' | 'Z';

const membership = (chars: string): boolean[] => {
  const table = new Array<boolean>(128).fill(false);
  for (const c of chars) table[c.charCodeAt(0)] = true;
  return table;
};
const IN82 = membership(CSET82);
const IN39 = membership(CSET39);
const IN64 = membership(CSET64);

/** Index of the first character of `value` outside the set, or -1 when every character belongs. */
export function firstInvalidChar(value: string, set: CharsetName): number {
  if (set === 'Z') return firstInvalidBase64(value);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const okChar =
      set === 'N' ? c >= 48 && c <= 57 : c < 128 && (set === 'X' ? IN82[c] === true : IN39[c] === true);
    if (!okChar) return i;
  }
  return -1;
}

// Set 64 allows at most two '=' as trailing padding, and only where the padded length is a
// multiple of three (the GS1 Barcode Syntax Tests' cset64 rule).
function firstInvalidBase64(value: string): number {
  let end = value.length;
  while (end > 0 && value[end - 1] === '=') end--;
  for (let i = 0; i < end; i++) {
    const c = value.charCodeAt(i);
    if (!(c < 128 && IN64[c] === true)) return i;
  }
  const padding = value.length - end;
  if (padding > 2 || (padding > 0 && value.length % 3 !== 0)) return end;
  return -1;
}

export function charsetTitle(set: CharsetName): string {
  switch (set) {
    case 'N':
      return 'digits';
    case 'X':
      return 'GS1 character set 82';
    case 'Y':
      return 'GS1 character set 39';
    case 'Z':
      return 'GS1 character set 64 (file-safe base64)';
  }
}

export function isAllDigits(value: string): boolean {
  return value.length > 0 && firstInvalidChar(value, 'N') === -1;
}
