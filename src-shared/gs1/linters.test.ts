import { describe, expect, it } from 'vitest';
import { runLinter, type LinterName } from './linters.ts';

const ctx = { referenceYear: 2025 };
const code = (name: LinterName, v: string) => runLinter(name, v, ctx)?.code ?? 'OK';

describe('content checks', () => {
  it.each<[LinterName, string, string]>([
    ['csum', '09501101530003', 'OK'],
    ['csum', '09501101530004', 'BARCODE_BAD_CHECK_DIGIT'],
    ['csumalpha', '1987654Ad4X4bL5ttr2310c2K', 'OK'],
    ['csumalpha', '123456ABXX', 'BARCODE_BAD_CHECK_DIGIT'],
    ['csumalpha', '123456ABOO', 'BARCODE_BAD_CHECK_DIGIT'], // O is not in set 32
    ['csumalpha', 'A', 'BARCODE_BAD_CHECK_DIGIT'],
    ['yymmd0', '251200', 'OK'],
    ['yymmdd', '251200', 'BARCODE_BAD_DATE'],
    ['yymmdd', '201300', 'BARCODE_BAD_DATE'],
    ['yyyymmdd', '20240229', 'OK'],
    ['yyyymmdd', '20230229', 'BARCODE_BAD_DATE'],
    ['hhmi', '2359', 'OK'],
    ['hhmi', '2400', 'BARCODE_BAD_DATE'],
    ['hhmi', '2360', 'BARCODE_BAD_DATE'],
    ['ss', '60', 'BARCODE_BAD_DATE'],
    ['pieceoftotal', '0102', 'OK'],
    ['pieceoftotal', '0099', 'BARCODE_BAD_VALUE'],
    ['pieceoftotal', '0100', 'BARCODE_BAD_VALUE'],
    ['pieceoftotal', '0302', 'BARCODE_BAD_VALUE'],
    ['pcenc', 'ABC%20D', 'OK'],
    ['pcenc', 'ABC%0g', 'BARCODE_BAD_VALUE'],
    ['latitude', '1800000001', 'BARCODE_BAD_VALUE'],
    ['longitude', '3600000001', 'BARCODE_BAD_VALUE'],
    ['iban', 'GB82WEST12345698765432', 'OK'],
    ['iban', 'FR12345678901234', 'BARCODE_BAD_VALUE'],
    ['iban', 'FR12_45678901234', 'BARCODE_BAD_VALUE'],
    ['yesno', '2', 'BARCODE_BAD_VALUE'],
    ['winding', '2', 'BARCODE_BAD_VALUE'],
    ['nonzero', '000', 'BARCODE_BAD_VALUE'],
    ['zero', '1', 'BARCODE_BAD_VALUE'],
    ['nozeroprefix', '023456789012', 'BARCODE_BAD_VALUE'],
    ['nozeroprefix', '0', 'OK'],
    ['hasnondigit', '1234', 'BARCODE_BAD_VALUE'],
    ['mediatype', '11', 'BARCODE_BAD_VALUE'],
    ['mediatype', '80', 'OK'],
    ['importeridx', '=', 'BARCODE_BAD_VALUE'],
    ['posinseqslash', '1/2', 'OK'],
    ['posinseqslash', '3/2', 'BARCODE_BAD_VALUE'],
    ['iso5218', '9', 'OK'],
    ['iso5218', '3', 'BARCODE_BAD_VALUE'],
  ])('%s(%s) -> %s', (name, value, expected) => {
    expect(code(name, value)).toBe(expected);
  });

  it('points at the offending character', () => {
    expect(runLinter('csum', '09501101530004', ctx)?.offset).toBe(13);
    expect(runLinter('yymmdd', '251301', ctx)?.offset).toBe(2);
    expect(runLinter('yymmdd', '250231', ctx)?.offset).toBe(4);
    expect(runLinter('pcenc', 'ABC%0g', ctx)?.offset).toBe(3);
  });
});
