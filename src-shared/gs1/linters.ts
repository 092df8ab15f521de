/**
 * Content checks applied to one component of an AI value after its length and character set
 * passed. The names are those of the GS1 Barcode Syntax Dictionary so that the AI table reads
 * like the standard; each returns the failing offset inside the component so the error can name
 * the exact character.
 *
 * Deliberately shallow: iso3166*, iso4217 check the shape (three digits / two capitals) but not
 * membership of the ISO code lists, which change outside our release cycle.
 */
import type { ErrorCode } from '../errors.ts';
import { CSET32, CSET64 } from './charsets.ts';
import { gmnCheckPair, hasValidCheckDigit } from './check-digit.ts';
import { resolveGs1Date } from './gs1-dates.ts';

export interface LintFailure {
  readonly code: Extract<ErrorCode, 'BARCODE_BAD_CHECK_DIGIT' | 'BARCODE_BAD_DATE' | 'BARCODE_BAD_VALUE'>;
  readonly message: string;
  /** Offset of the offending character within the component. */
  readonly offset: number;
}

export interface LintContext {
  /** Four-digit year two-digit years are resolved against (GenSpecs §7.12). */
  readonly referenceYear: number;
}

type Linter = (value: string, ctx: LintContext) => LintFailure | null;

const bad = (message: string, offset = 0): LintFailure => ({ code: 'BARCODE_BAD_VALUE', message, offset });

function dateLinter(opts: { allowDayZero: boolean; fourDigitYear?: boolean }): Linter {
  return (value, ctx) => {
    const r = resolveGs1Date(value, { ...opts, referenceYear: ctx.referenceYear });
    const yLen = opts.fourDigitYear ? 4 : 2;
    if (r === 'month') return { code: 'BARCODE_BAD_DATE', message: `month ${value.slice(yLen, yLen + 2)} does not exist`, offset: yLen };
    if (r === 'day') return { code: 'BARCODE_BAD_DATE', message: `day ${value.slice(yLen + 2, yLen + 4)} does not exist in that month`, offset: yLen + 2 };
    return null;
  };
}

const rangeLinter = (max: number, what: string): Linter => (value) =>
  Number(value) > max ? { code: 'BARCODE_BAD_DATE', message: `${what} ${value} is out of range`, offset: 0 } : null;

function ibanValid(v: string): LintFailure | null {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(v)) {
    const i = v.search(/[^A-Z0-9]/);
    return bad('IBAN must be a country code, two check digits and up to 30 letters or digits', i < 0 ? 0 : i);
  }
  // ISO 13616: move the first four characters to the end, letters to numbers, mod 97 must be 1.
  const rearranged = v.slice(4) + v.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const n = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rem = n >= 10 ? (rem * 100 + n) % 97 : (rem * 10 + n) % 97;
  }
  return rem === 1 ? null : bad('IBAN check digits do not match', 2);
}

const LINTERS = {
  csum: (v) => (hasValidCheckDigit(v) ? null : { code: 'BARCODE_BAD_CHECK_DIGIT', message: 'check digit does not match (GS1 mod-10)', offset: v.length - 1 }),
  csumalpha: (v) => {
    if (v.length < 2) return { code: 'BARCODE_BAD_CHECK_DIGIT', message: 'too short to carry a check character pair', offset: 0 };
    const pair = v.slice(-2);
    for (let i = 0; i < 2; i++) {
      if (!CSET32.includes(pair[i]!)) return { code: 'BARCODE_BAD_CHECK_DIGIT', message: 'check characters must come from GS1 set 32', offset: v.length - 2 + i };
    }
    return gmnCheckPair(v.slice(0, -2)) === pair ? null : { code: 'BARCODE_BAD_CHECK_DIGIT', message: 'check character pair does not match (GS1 §7.9.5)', offset: v.length - 2 };
  },
  yymmd0: dateLinter({ allowDayZero: true }),
  yymmdd: dateLinter({ allowDayZero: false }),
  yyyymmdd: dateLinter({ allowDayZero: false, fourDigitYear: true }),
  hhmi: (v) => {
    if (Number(v.slice(0, 2)) > 23) return { code: 'BARCODE_BAD_DATE', message: `hour ${v.slice(0, 2)} is out of range`, offset: 0 };
    if (Number(v.slice(2, 4)) > 59) return { code: 'BARCODE_BAD_DATE', message: `minute ${v.slice(2, 4)} is out of range`, offset: 2 };
    return null;
  },
  hh: rangeLinter(23, 'hour'),
  mi: rangeLinter(59, 'minute'),
  ss: rangeLinter(59, 'second'),
  iso3166: (v) => (/^\d{3}$/.test(v) ? null : bad('not an ISO 3166 numeric country code')),
  iso3166999: (v) => (/^\d{3}$/.test(v) ? null : bad('not an ISO 3166 numeric country code or 999')),
  iso3166alpha2: (v) => (/^[A-Z]{2}$/.test(v) ? null : bad('not an ISO 3166 two-letter country code')),
  iso4217: (v) => (/^\d{3}$/.test(v) ? null : bad('not an ISO 4217 numeric currency code')),
  iso5218: (v) => ('0129'.includes(v) && v.length === 1 ? null : bad('sex must be 0, 1, 2 or 9 (ISO/IEC 5218)')),
  pcenc: (v) => {
    for (let i = 0; i < v.length; i++) {
      if (v[i] === '%' && !/^[0-9A-Fa-f]{2}$/.test(v.slice(i + 1, i + 3))) return bad('"%" must be followed by two hex digits', i);
    }
    return null;
  },
  latitude: (v) => (Number(v) <= 1_800_000_000 ? null : bad('latitude out of range')),
  longitude: (v) => (Number(v) <= 3_600_000_000 ? null : bad('longitude out of range')),
  yesno: (v) => (v === '0' || v === '1' ? null : bad('must be 0 or 1')),
  hyphen: (v) => (v === '-' ? null : bad('must be "-"')),
  nonzero: (v) => (/^0+$/.test(v) ? bad('must not be zero') : null),
  zero: (v) => (v === '0' ? null : bad('must be 0')),
  winding: (v) => ('019'.includes(v) && v.length === 1 ? null : bad('winding direction must be 0, 1 or 9')),
  pieceoftotal: (v) => {
    const piece = Number(v.slice(0, 2));
    const total = Number(v.slice(2, 4));
    if (piece === 0) return bad('piece number must not be 00');
    if (total === 0) return bad('total number of pieces must not be 00', 2);
    return piece > total ? bad('piece number exceeds total pieces') : null;
  },
  mediatype: (v) => {
    const n = Number(v);
    return (n >= 1 && n <= 10) || n >= 80 ? null : bad('AIDC media type must be 01-10 or 80-99');
  },
  importeridx: (v) => (v.length === 1 && CSET64.includes(v) ? null : bad('importer index must be one of 0-9, A-Z, a-z, "-", "_"')),
  posinseqslash: (v) => {
    const m = /^([1-9])\/([1-9])$/.exec(v);
    if (!m) return bad('must be "position/total", e.g. 1/2');
    return Number(m[1]) > Number(m[2]) ? bad('position exceeds total') : null;
  },
  nozeroprefix: (v) => (v.length > 1 && v[0] === '0' ? bad('must not start with 0') : null),
  hasnondigit: (v) => (/\D/.test(v) ? null : bad('must contain at least one non-digit')),
  iban: ibanValid,
} satisfies Record<string, Linter>;

export type LinterName = keyof typeof LINTERS;

export function isLinterName(name: string): name is LinterName {
  return Object.hasOwn(LINTERS, name);
}

export function runLinter(name: LinterName, value: string, ctx: LintContext): LintFailure | null {
  return LINTERS[name](value, ctx);
}
