import { describe, expect, it } from 'vitest';
import { encodeElementString } from './encode-element-string.ts';
import { parseBarcode } from './parse-barcode.ts';

describe('encodeElementString', () => {
  it('puts GS only after variable-length elements that are not last (GenSpecs §7.8.5)', () => {
    const r = encodeElementString([
      { ai: '01', value: '09501101530003' },
      { ai: '10', value: 'LOT(1)' },
      { ai: '17', value: '260131' },
      { ai: '21', value: 'S1' },
    ]);
    expect(r.ok && r.value).toMatchObject({
      hri: '(01)09501101530003(10)LOT\\(1)(17)260131(21)S1',
      raw: '0109501101530003' + '10LOT(1)\x1D' + '17260131' + '21S1',
    });
  });
  it('refuses what the parser would refuse', () => {
    const bad = encodeElementString([{ ai: '01', value: '09501101530004' }]);
    expect(!bad.ok && bad.error).toMatchObject({ code: 'BARCODE_BAD_CHECK_DIGIT', details: { ai: '01', index: 0 } });
    const unknown = encodeElementString([{ ai: '01', value: '09501101530003' }, { ai: '89', value: 'X' }]);
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'BARCODE_UNKNOWN_AI', details: { index: 1 } });
    expect(encodeElementString([]).ok).toBe(false);
  });
  it('round-trips through parseBarcode in both forms', () => {
    const elements = [{ ai: '01', value: '09501101530003' }, { ai: '10', value: 'A(B' }, { ai: '3103', value: '001250' }];
    const enc = encodeElementString(elements);
    if (!enc.ok) throw new Error(enc.error.message);
    for (const form of [enc.value.hri, `]d2${enc.value.raw}`]) {
      const p = parseBarcode(form, { referenceYear: 2025 });
      expect(p.ok && p.value.elements.map((e) => ({ ai: e.ai, value: e.value }))).toEqual(elements);
    }
  });
});
