import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.ts';
import { parseBarcode } from './parse-barcode.ts';
import type { ParseBarcodeOptions } from './parse-options.ts';

const GS = '\x1D';
const opts: ParseBarcodeOptions = { referenceYear: 2025 };
const parse = (s: string, o: ParseBarcodeOptions = {}) => parseBarcode(s, { ...opts, ...o });
const okValue = (s: string, o: ParseBarcodeOptions = {}) => {
  const r = parse(s, o);
  if (!r.ok) throw new Error(`${JSON.stringify(s)}: ${r.error.code} ${r.error.message}`);
  return r.value;
};
const errorOf = (s: string, o: ParseBarcodeOptions = {}) => {
  const r = parse(s, o);
  if (r.ok) throw new Error(`${JSON.stringify(s)} parsed, expected an error`);
  expect(ErrorCode.safeParse(r.error.code).success).toBe(true);
  return r.error;
};

describe('parseBarcode: what kind of scan', () => {
  it('reads a GS1 DataMatrix scan with symbology identifier into elements and summary', () => {
    const p = okValue(`]d2010950110153000317250600101ABC123${GS}21SN0042`);
    expect(p).toMatchObject({
      kind: 'gs1',
      symbology: { id: ']d2', name: 'GS1 DataMatrix' },
      gtin: '09501101530003',
      lot: '1ABC123',
      serial: 'SN0042',
      expiry: '2025-06-30',
      hri: '(01)09501101530003(17)250600(10)1ABC123(21)SN0042',
      warnings: [],
    });
    expect(p.elements.find((e) => e.ai === '17')).toMatchObject({ title: 'USE BY or EXPIRY', date: '2025-06-30', dayZero: true });
  });

  it('calls an element string keyed by an SSCC kind "sscc"', () => {
    expect(okValue('(00)106141411234567897')).toMatchObject({ kind: 'sscc', sscc: '106141411234567897' });
    expect(okValue(']C100106141411234567897')).toMatchObject({ kind: 'sscc', symbology: { name: 'GS1-128' } });
  });

  it('reads bare EAN/UPC/ITF-14 as a GTIN normalised to 14 digits', () => {
    expect(okValue(']E09501101530003')).toMatchObject({ kind: 'gtin', gtin: '09501101530003', hri: '(01)09501101530003' });
    expect(okValue(']E402345680')).toMatchObject({ kind: 'gtin', gtin: '00000002345680' });
    expect(okValue('416000336108')).toMatchObject({ kind: 'gtin', gtin: '00416000336108' });
    expect(okValue(']I124012345678905')).toMatchObject({ kind: 'gtin', gtin: '24012345678905' });
  });

  it('refuses a bare GTIN with a wrong check digit or the wrong number of digits', () => {
    expect(errorOf(']E09501101530004')).toMatchObject({ code: 'BARCODE_BAD_CHECK_DIGIT', details: { position: 15 } });
    expect(errorOf(']E0950110153000').code).toBe('BARCODE_BAD_SYMBOLOGY');
    expect(errorOf('9501101530004').code).toBe('BARCODE_BAD_CHECK_DIGIT');
  });

  it('recognises the 20-digit China drug traceability code', () => {
    expect(okValue('81234567890123456789')).toMatchObject({
      kind: 'cn-drug-trace',
      cnDrugTrace: { code: '81234567890123456789', productCode: '8123456', unitCode: '7890123456789' },
      elements: [],
    });
    // a 20-digit string that is not a valid GS1 element string is a traceability code too
    expect(okValue('12345678901234567890').kind).toBe('cn-drug-trace');
    // under a non-GS1 Code 128 identifier, as printed on Chinese packs
    expect(okValue(']C083123456789012345678').kind).toBe('cn-drug-trace');
  });

  it('prefers a valid SSCC over the traceability reading for 20 digits starting 00', () => {
    expect(okValue('00106141411234567897').kind).toBe('sscc');
    expect(okValue('00106141411234567897', { cnDrugTrace: false }).kind).toBe('sscc');
  });

  it('can switch traceability codes off', () => {
    expect(errorOf('81234567890123456789', { cnDrugTrace: false }).code).toBe('BARCODE_UNKNOWN_AI');
  });

  it('recognises internal container labels by configured pattern, with named groups', () => {
    const internalPatterns = [{ name: 'bin', pattern: 'BIN-(?<container>\\d{6})-(?<lot>[A-Z0-9]+)' }];
    expect(okValue('BIN-000123-L77', { internalPatterns })).toMatchObject({
      kind: 'internal-container',
      internal: { pattern: 'bin', fields: { container: '000123', lot: 'L77' } },
    });
    // the pattern must match the whole scan
    expect(errorOf('XBIN-000123-L77', { internalPatterns }).code).toBe('BARCODE_UNRECOGNISED');
    expect(errorOf('BIN-1', { internalPatterns: [{ name: 'broken', pattern: '(' }] }).code).toBe('INPUT_INVALID');
  });

  it('refuses text that is nothing we know', () => {
    expect(errorOf('hello world').code).toBe('BARCODE_UNRECOGNISED');
  });
});

describe('parseBarcode: typed refusals', () => {
  it('empty, only an identifier, only separators', () => {
    expect(errorOf('').code).toBe('BARCODE_EMPTY');
    expect(errorOf(']d2').code).toBe('BARCODE_EMPTY');
    expect(errorOf(`]d2${GS}${GS}`).code).toBe('BARCODE_EMPTY');
  });
  it('too long for any carrier', () => {
    expect(errorOf('9'.repeat(5000))).toMatchObject({ code: 'BARCODE_TOO_LONG', details: { length: 5000 } });
  });
  it('malformed symbology identifier', () => {
    expect(errorOf(']!1abc').code).toBe('BARCODE_BAD_SYMBOLOGY');
  });
  it('bad check digit inside an element string, with AI and position', () => {
    expect(errorOf(']d20109501101530004')).toMatchObject({ code: 'BARCODE_BAD_CHECK_DIGIT', details: { ai: '01', position: 18 } });
    expect(errorOf('(00)106141411234567898')).toMatchObject({ code: 'BARCODE_BAD_CHECK_DIGIT', details: { ai: '00' } });
  });
  it('bad dates name the field', () => {
    expect(errorOf('(01)09501101530003(17)251301')).toMatchObject({ code: 'BARCODE_BAD_DATE', details: { ai: '17', position: 24 } });
    expect(errorOf('(01)09501101530003(17)250231')).toMatchObject({ code: 'BARCODE_BAD_DATE', details: { ai: '17', position: 26 } });
    expect(errorOf('(01)09501101530003(7003)2512312460').code).toBe('BARCODE_BAD_DATE');
  });
  it('a duplicated AI with a different value', () => {
    expect(errorOf('(01)09501101530003(10)A(10)B')).toMatchObject({ code: 'BARCODE_DUPLICATE_AI', details: { ai: '10' } });
    // the same value twice is tolerated
    expect(okValue('(01)09501101530003(10)A(10)A').elements).toHaveLength(3);
  });
  it('pairing rules warn by default and refuse when strict', () => {
    const lone = okValue('(10)ABC');
    expect(lone.warnings).toEqual([expect.objectContaining({ code: 'BARCODE_AI_ASSOCIATION', ai: '10' })]);
    expect(errorOf('(10)ABC', { strictAssociations: true }).code).toBe('BARCODE_AI_ASSOCIATION');
    expect(errorOf('(01)09501101530003(02)09501101530003(37)5', { strictAssociations: true }).code).toBe('BARCODE_AI_ASSOCIATION');
    expect(okValue('(01)09501101530003(10)ABC(17)250101', { strictAssociations: true }).warnings).toEqual([]);
  });
  it('rejects separator aliases that are letters or digits', () => {
    expect(errorOf('10ABC', { separatorAliases: ['A'] }).code).toBe('INPUT_INVALID');
  });
});

describe('parseBarcode: meaning of values', () => {
  it('turns implied-decimal measures into exact decimals with unit (GenSpecs §3.6)', () => {
    const p = okValue('(01)09521234543213(3103)000123');
    expect(p.netContent).toEqual({ value: '0.123', unit: 'kg', quantity: 'NET WEIGHT', decimals: 3 });
    expect(okValue('(01)09521234543213(3300)012500').elements[1]!.measure).toEqual({ value: '12500', unit: 'kg', quantity: 'GROSS WEIGHT', decimals: 0 });
    expect(okValue('(01)09521234543213(3155)001500').netContent).toEqual({ value: '0.01500', unit: 'l', quantity: 'NET VOLUME', decimals: 5 });
  });
  it('reads amounts with currency (391n/393n) exactly', () => {
    const p = okValue('(01)09521234543213(30)1(3932)97817999');
    expect(p.elements[2]!.amount).toEqual({ value: '179.99', decimals: 2, currency: '978' });
  });
  it('reads date and time of AI 7003 and AI 8008', () => {
    const p = okValue('(01)09501101530003(7003)2512311530(8008)2512311504');
    expect(p.elements[1]).toMatchObject({ date: '2025-12-31', dateTime: '2025-12-31T15:30' });
    expect(p.elements[2]).toMatchObject({ date: '2025-12-31', dateTime: '2025-12-31T15:04' });
    expect(p.expiry).toBe('2025-12-31');
  });
  it('resolves the century against the reference year', () => {
    expect(okValue('(01)09501101530003(17)760101').expiry).toBe('1976-01-01');
    expect(okValue('(01)09501101530003(17)750101').expiry).toBe('2075-01-01');
    expect(okValue('(01)09501101530003(17)760101', { referenceYear: 2030 }).expiry).toBe('2076-01-01');
  });
  it('accepts an FNC1 alias typed by a keyboard-wedge scanner', () => {
    expect(okValue('0109501101530003101234^17250101', { separatorAliases: ['^'] })).toMatchObject({ lot: '1234', expiry: '2025-01-01' });
  });
  it('warns when GS1 data arrives under a non-GS1 symbology identifier', () => {
    const p = okValue(']d1(01)09501101530003');
    expect(p.kind).toBe('gs1');
    expect(p.warnings[0]!.code).toBe('BARCODE_BAD_SYMBOLOGY');
  });
});
