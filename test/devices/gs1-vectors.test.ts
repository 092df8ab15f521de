/**
 * GS1 test vectors from public sources, each with where it comes from:
 *  - GS1 General Specifications (GenSpecs) rules and worked examples, by section;
 *  - the GS1 Barcode Syntax Engine's own unit tests (github.com/gs1/gs1-syntax-engine,
 *    src/c-lib/ai.c "test_ai_processAIdata" and "test_ai_linters", src/c-lib/scandata.c), which
 *    GS1 maintains as the reference for the Barcode Syntax Resource. There "^" is FNC1; a
 *    leading "^" (FNC1 in first position) becomes the GS1-128 identifier "]C1" and an inner one
 *    becomes GS (ASCII 29), which is what a scanner transmits (GenSpecs §5.1.2, §7.8.4).
 *
 * Where the reference has a finer failure category than our codes, the mapping is noted.
 * Known gaps (checked by the reference, not by us): ISO 3166 / ISO 4217 list membership
 * ("(426)987", "(4307)AA", "(3910)9870", "(7030)987ABC"), GS1 Company Prefix checks of keys
 * ("(401)123", "(7023)12A4") and the coupon linters of AIs 8110/8112.
 */
import { describe, expect, it } from 'vitest';
import { parseBarcode } from '../../src-shared/gs1/parse-barcode.ts';
import type { ParsedBarcode } from '../../src-shared/gs1/types.ts';

const GS = '\x1D';
const OPTS = { referenceYear: 2025 };
/** "^..." syntax-engine notation to scanner data. */
const scan = (s: string) => (s.startsWith('^') ? ']C1' + s.slice(1) : s).replaceAll('^', GS);
const parsed = (s: string): ParsedBarcode => {
  const r = parseBarcode(s, OPTS);
  if (!r.ok) throw new Error(`${JSON.stringify(s)} refused: ${r.error.code}: ${r.error.message}`);
  return r.value;
};
const codeOf = (s: string) => {
  const r = parseBarcode(s, OPTS);
  return r.ok ? 'OK' : r.error.code;
};
const pairs = (p: ParsedBarcode) => p.elements.map((e) => `(${e.ai})${e.value}`).join('');

describe('GenSpecs worked examples and rules', () => {
  it('§7.9.1 Figure 7.9.1-2: check digit of GTIN-13 629104150021 is 3', () => {
    expect(parsed(']E06291041500213')).toMatchObject({ kind: 'gtin', gtin: '06291041500213' });
    expect(codeOf(']E06291041500214')).toBe('BARCODE_BAD_CHECK_DIGIT');
  });

  it('§3.2 / §3.6.2: GTIN with net weight in kg, 3 implied decimals: (01)09521234543213(3103)000123', () => {
    const p = parsed('(01)09521234543213(3103)000123');
    expect(p.gtin).toBe('09521234543213');
    expect(p.netContent).toEqual({ value: '0.123', unit: 'kg', quantity: 'NET WEIGHT', decimals: 3 });
    // the same data as scanned from GS1-128: (3103) is predefined-length, no separator needed
    expect(pairs(parsed(']C10109521234543213' + '3103000123'))).toBe('(01)09521234543213(3103)000123');
  });

  it('§5.6 GS1 DataMatrix: ]d2 + (01)(17)(10), no separator after the predefined-length AIs', () => {
    const p = parsed(']d2010950110153000317171125101ABC123');
    expect(p).toMatchObject({ kind: 'gs1', symbology: { id: ']d2' }, gtin: '09501101530003', expiry: '2017-11-25', lot: '1ABC123' });
  });

  it('§3.3.1 SSCC with its check digit: (00)106141411234567897', () => {
    expect(parsed('(00)106141411234567897')).toMatchObject({ kind: 'sscc', sscc: '106141411234567897' });
    expect(parsed(']C100106141411234567897').kind).toBe('sscc');
    expect(codeOf('(00)106141411234567890')).toBe('BARCODE_BAD_CHECK_DIGIT');
  });

  it('§3.4.2-§3.4.7: day 00 in (11)-(17) means the last day of the month', () => {
    expect(parsed('(01)09521234543213(17)240200').expiry).toBe('2024-02-29');
    expect(parsed('(01)09521234543213(15)250200').bestBefore).toBe('2025-02-28');
    expect(parsed('(01)09521234543213(11)251100').productionDate).toBe('2025-11-30');
    // ... but not in YYMMDD fields without that rule, e.g. (7006) FIRST FREEZE DATE
    expect(codeOf('(01)09521234543213(7006)251100')).toBe('BARCODE_BAD_DATE');
  });

  it('§7.12: the century of a two-digit year follows the sliding window', () => {
    const expiry = (yy: string, referenceYear: number) => {
      const r = parseBarcode(`(01)09521234543213(17)${yy}0101`, { referenceYear });
      return r.ok ? r.value.expiry : r.error.code;
    };
    expect(expiry('75', 2025)).toBe('2075-01-01'); // +50: this century
    expect(expiry('76', 2025)).toBe('1976-01-01'); // +51: previous century
    expect(expiry('00', 2050)).toBe('2100-01-01'); // -50: next century
  });

  it('§7.8.5 Figure 7.8.5-2: FNC1 is needed after variable-length AIs only', () => {
    expect(pairs(parsed(`]C1010952123454321310ABC${GS}17250101`))).toBe('(01)09521234543213(10)ABC(17)250101');
    expect(codeOf(`]C1010952123454321310ABCDEFGHIJKLMNOPQRS17250101`)).toBe('BARCODE_MISSING_SEPARATOR');
  });
});

describe('GS1 Barcode Syntax Engine: test_ai_processAIdata', () => {
  it.each([
    '^991234',
    '^0112345678901231', // N14, no FNC1 required
    '^0112345678901231^', // tolerate superfluous FNC1
    '^0112345678901231991234', // fixed-length, run into next AI
    '^0112345678901231^991234',
    '^2421', '^24212', '^242123', '^2421234', '^24212345', '^242123456', // N..6
    '^242123456^10ABC123', '^242123456^',
    '^81111234', '^81111234^10ABC123', // N4, FNC1 required
    '^800112341234512398', '^800112341234512398^0112345678901231', // N4-5-3-1-1
    '^7007211225211231', '^7007211225', // N6 [N6]
    '^800302112345678900ABC', '^800302112345678900', '^800302112345678900^10ABC123', '^800302112345678900ABCDEFGHIJKLMNOP',
    '^7230121234567890123456789012345678', '^7230123', // X2 X..28
  ])('accepts %s', (data) => {
    expect(codeOf(scan(data))).toBe('OK');
  });

  it.each([
    ['^891234', 'BARCODE_UNKNOWN_AI'], // no such AI
    ['^99~ABC', 'BARCODE_BAD_CHARACTER'], // "~" is not in set 82
    ['^99ABC~', 'BARCODE_BAD_CHARACTER'],
    ['^01A2345678901231', 'BARCODE_BAD_CHARACTER'], // non-digit in N14
    ['^011234567890123A', 'BARCODE_BAD_CHARACTER'],
    ['^0112345678901234', 'BARCODE_BAD_CHECK_DIGIT'],
    ['^011234567890123', 'BARCODE_BAD_LENGTH'], // too short
    ['^01123456789012312', 'BARCODE_UNKNOWN_AI'], // "2" after a complete (01) is no AI
    ['^011234567890123^', 'BARCODE_BAD_LENGTH'], // short, with superfluous FNC1
    ['^01123456789012345^', 'BARCODE_BAD_CHECK_DIGIT'], // reference: "long"; (01) takes 14 digits, whose check digit is wrong
    ['^2421234567', 'BARCODE_BAD_LENGTH'], // N..6 too long
    ['^8111123', 'BARCODE_BAD_LENGTH'],
    ['^811112345', 'BARCODE_BAD_LENGTH'],
    ['^80011234123451239', 'BARCODE_BAD_LENGTH'],
    ['^8001123412345123981', 'BARCODE_BAD_LENGTH'],
    ['^80011234123451239^0112345678901231', 'BARCODE_BAD_LENGTH'],
    ['^70072112252', 'BARCODE_BAD_LENGTH'],
    ['^700721122521', 'BARCODE_BAD_LENGTH'],
    ['^7007211225211', 'BARCODE_BAD_LENGTH'],
    ['^70072112252112', 'BARCODE_BAD_LENGTH'],
    ['^700721122521123', 'BARCODE_BAD_LENGTH'],
    // reference: too long. Cut after 6 digits it reads as (7007)211225 + (22)12311, a complete
    // string with the GS dropped, and that is what we report
    ['^70072112252212311', 'BARCODE_MISSING_SEPARATOR'],
    ['^800302112345678901ABC', 'BARCODE_BAD_CHECK_DIGIT'], // check digit of the N13 component
    ['^800302112345678900ABCDEFGHIJKLMNOPQ', 'BARCODE_BAD_LENGTH'],
    // reference: too long; reads as (7230)1212345678 + (90)123456789... with the GS dropped
    ['^72301212345678901234567890123456789', 'BARCODE_MISSING_SEPARATOR'],
    ['^7230AB' + 'C'.repeat(30), 'BARCODE_BAD_LENGTH'], // no AI to cut at: simply too long
    ['^723012', 'BARCODE_BAD_LENGTH'],
  ])('refuses %s with %s', (data, code) => {
    expect(codeOf(scan(data))).toBe(code);
  });
});

describe('GS1 Barcode Syntax Engine: test_ai_linters (reference category -> our code)', () => {
  it.each([
    ['(00)123456789012345675', 'OK'],
    ['(00)A23456789012345675', 'BARCODE_BAD_CHARACTER'], // NON_DIGIT_CHARACTER
    ['(10) ', 'BARCODE_BAD_CHARACTER'], // INVALID_CSET82_CHARACTER
    ['(8010)123456_', 'BARCODE_BAD_CHARACTER'], // INVALID_CSET39_CHARACTER
    ['(8013)123456ABOO', 'BARCODE_BAD_CHECK_DIGIT'], // INVALID_CSET32_CHARACTER (check pair)
    ['(8030)ABC:123', 'BARCODE_BAD_CHARACTER'], // INVALID_CSET64_CHARACTER
    ['(8030)123=', 'BARCODE_BAD_CHARACTER'], // INVALID_CSET64_PADDING
    ['(00)123456789012345670', 'BARCODE_BAD_CHECK_DIGIT'], // INCORRECT_CHECK_DIGIT
    ['(8013)123456ABXX', 'BARCODE_BAD_CHECK_DIGIT'], // INCORRECT_CHECK_PAIR
    ['(8013)A', 'BARCODE_BAD_CHECK_DIGIT'], // TOO_SHORT_FOR_CHECK_PAIR
    ['(7040)1AB=', 'BARCODE_BAD_VALUE'], // INVALID_IMPORT_IDX_CHARACTER
    ['(8001)12340000012311', 'BARCODE_BAD_VALUE'], // ILLEGAL_ZERO_VALUE
    ['(8003)112345678901281234567890123456', 'BARCODE_BAD_VALUE'], // NOT_ZERO
    ['(8011)023456789012', 'BARCODE_BAD_VALUE'], // ILLEGAL_ZERO_PREFIX
    ['(4321)2', 'BARCODE_BAD_VALUE'], // NOT_ZERO_OR_ONE
    ['(8001)12341234512321', 'BARCODE_BAD_VALUE'], // INVALID_WINDING_DIRECTION
    ['(8007)AB1234', 'BARCODE_BAD_VALUE'], // IBAN_TOO_SHORT
    ['(8007)FR12_45678901234', 'BARCODE_BAD_VALUE'], // INVALID_IBAN_CHARACTER
    ['(8007)FR12345678901234', 'BARCODE_BAD_VALUE'], // INCORRECT_IBAN_CHECKSUM
    ['(8008)20122515300', 'BARCODE_BAD_LENGTH'], // MMSS_INVALID_LENGTH
    ['(4326)201300', 'BARCODE_BAD_DATE'], // ILLEGAL_MONTH
    ['(4326)201200', 'BARCODE_BAD_DATE'], // ILLEGAL_DAY
    ['(4324)2012252400', 'BARCODE_BAD_DATE'], // ILLEGAL_HOUR
    ['(4324)2012252360', 'BARCODE_BAD_DATE'], // ILLEGAL_MINUTE
    ['(8008)201225230060', 'BARCODE_BAD_DATE'], // ILLEGAL_SECOND
    ['(8026)123456789012310099', 'BARCODE_BAD_VALUE'], // ZERO_PIECE_NUMBER
    ['(8026)123456789012310100', 'BARCODE_BAD_VALUE'], // ZERO_TOTAL_PIECES
    ['(8026)123456789012310302', 'BARCODE_BAD_VALUE'], // PIECE_NUMBER_EXCEEDS_TOTAL
    ['(4300)ABC%0g', 'BARCODE_BAD_VALUE'], // INVALID_PERCENT_SEQUENCE
    ['(4309)18000000010000000000', 'BARCODE_BAD_VALUE'], // INVALID_LATITUDE
    ['(4309)00000000003600000001', 'BARCODE_BAD_VALUE'], // INVALID_LONGITUDE
    ['(4330)000000X', 'BARCODE_BAD_VALUE'], // NOT_HYPHEN
    ['(01)95012345678903(3103)000123', 'OK'],
    ['(01)95012345678902(3103)000123', 'BARCODE_BAD_CHECK_DIGIT'],
    ['(01)95012345678903(11)131313', 'BARCODE_BAD_DATE'], // ILLEGAL_MONTH
  ])('%s -> %s', (data, code) => {
    expect(codeOf(data)).toBe(code);
  });
});

describe('GS1 Barcode Syntax Engine: scandata.c (symbology identifiers)', () => {
  it('GS1 QR Code, GS1 DataMatrix and GS1 DataBar Expanded carry the same element string', () => {
    for (const id of [']Q3', ']d2', ']e0']) {
      expect(pairs(parsed(`${id}011231231231233310ABC123${GS}99TESTING`))).toBe('(01)12312312312333(10)ABC123(99)TESTING');
    }
    expect(pairs(parsed(`]e0011231231231233310ABC123${GS}1199122598COMPOSITE${GS}97XYZ`))).toBe('(01)12312312312333(10)ABC123(11)991225(98)COMPOSITE(97)XYZ');
  });
  it('plain Data Matrix / QR data is not GS1', () => {
    expect(codeOf(']d1TESTING')).toBe('BARCODE_UNRECOGNISED');
    expect(codeOf(']Q1TESTING')).toBe('BARCODE_UNRECOGNISED');
  });
  it.each([
    [']I124012345678905', 'OK'],
    [']I124012345678909', 'BARCODE_BAD_CHECK_DIGIT'],
    [']E02112233789657', 'OK'],
    [']E02112233789658', 'BARCODE_BAD_CHECK_DIGIT'],
    ['416000336108', 'OK'],
    ['416000336107', 'BARCODE_BAD_CHECK_DIGIT'],
    [']E402345680', 'OK'],
    [']E402345689', 'BARCODE_BAD_CHECK_DIGIT'],
  ])('validateParity: %s -> %s', (data, code) => {
    expect(codeOf(data)).toBe(code);
  });
});
