import { describe, expect, it } from 'vitest';
import { parseBarcode } from '../../../src-shared/gs1/parse-barcode.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { labelElements } from './label-gs1.ts';
import { sampleLabel } from './label-fixture.testkit.ts';
import { prepareDispensedLabel } from './print-label.ts';
import { zplFieldHex, zplGs1DataMatrixData } from './zpl-label.ts';

/** What a scanner reads from a ^BX field with escape "_": "_1" is FNC1, "__" is "_". */
function scannedFromZplField(fd: string): string {
  let out = ']d2';
  for (let i = 0; i < fd.length; i++) {
    if (fd[i] === '_' && fd[i + 1] === '1') {
      if (i > 0) out += '\x1D'; // FNC1 in first position is the GS1 flag, not data
      i++;
    } else if (fd[i] === '_' && fd[i + 1] === '_') {
      out += '_';
      i++;
    } else out += fd[i];
  }
  return out;
}

describe('ZPL for a dispensed container', () => {
  const { zpl, layout } = unwrap(prepareDispensedLabel(sampleLabel()));

  it('is one format with UTF-8, the label size and every field', () => {
    expect(zpl.startsWith('^XA\n^CI28\n^PW800\n^LL560\n')).toBe(true);
    expect(zpl.trimEnd().endsWith('^PQ1\n^XZ')).toBe(true);
    for (const text of ['MAT-00123', 'Paracetamol USP micronised', 'Lot: L2024-001', 'Batch: B-7781', 'Net: 12.3400 g', 'Tare: 250.10 g', 'Gross: 262.4400 g', 'Dispensed by: jdoe', 'Verified by: asmith', 'Time: 2025-06-30 14:05 +08:00', 'Expiry: 2026-01-31']) {
      expect(zpl).toContain(`^FH\\^FD${text}^FS`);
    }
    expect(layout.warnings).toEqual([]);
  });

  it('FR-05 encodes a GS1 DataMatrix (^BX ECC 200) whose scan gives back the label AIs', () => {
    const m = /\^BXN,\d+,200,,,,_,1\^FD(.*?)\^FS/.exec(zpl);
    expect(m).not.toBeNull();
    const fd = m![1]!;
    expect(fd.startsWith('_1')).toBe(true); // FNC1 in first position: GS1 DataMatrix
    expect(fd).toContain('C__0001'); // "_" in data is doubled
    const scanned = unwrap(parseBarcode(scannedFromZplField(fd), { referenceYear: 2025 }));
    expect(scanned.elements.map((e) => ({ ai: e.ai, value: e.value }))).toEqual(labelElements(sampleLabel()));
    expect(scanned).toMatchObject({ gtin: '09501101530003', lot: 'L2024-001', expiry: '2026-01-31', serial: 'C_0001', netContent: { value: '0.01234', unit: 'kg' } });
  });

  it('hex-escapes characters that ZPL would execute, and non-ASCII as UTF-8 bytes', () => {
    expect(zplFieldHex('A^B~C\\D')).toBe('A\\5EB\\7EC\\5CD');
    expect(zplFieldHex('Zucker ä 糖')).toBe('Zucker \\C3\\A4 \\E7\\B3\\96');
    const { zpl: evil } = unwrap(prepareDispensedLabel(sampleLabel({ material: { code: 'M1', name: 'Evil ^XZ~JR name' } })));
    expect(evil).not.toContain('^XZ~JR');
    expect(evil.match(/\^XZ/g)).toHaveLength(1);
  });

  it('separates only variable-length elements with FNC1', () => {
    expect(zplGs1DataMatrixData([{ text: '0109501101530003', fnc1After: false }, { text: '10A', fnc1After: true }, { text: '21B', fnc1After: false }])).toBe('_1010950110153000310A_121B');
  });

  it('warns when the symbol breaks GS1 pairing rules (lot without GTIN) but still prints', () => {
    const r = unwrap(prepareDispensedLabel(sampleLabel({ gtin: undefined })));
    expect(r.layout.warnings.some((w) => w.includes('(10)'))).toBe(true);
  });

  it.each([
    ['a control character', sampleLabel({ batch: 'B\x1D7' }), 'batch'],
    ['a lot GS1 cannot carry', sampleLabel({ lot: 'L 2024' }), undefined],
    ['a name too long for two lines', sampleLabel({ material: { code: 'M', name: 'Abcdefghij '.repeat(7).trim() } }), 'material.name'],
    ['a negative net weight', sampleLabel({ net: { amount: '-1', unit: 'g' } }), 'net.amount'],
    ['a missing signature name', { ...sampleLabel(), dispensedBy: '' }, 'dispensedBy'],
  ])('refuses %s with LABEL_FIELD_INVALID', (_what, input, field) => {
    const r = prepareDispensedLabel(input);
    expect(!r.ok && r.error.code).toBe('LABEL_FIELD_INVALID');
    if (field && !r.ok) expect(r.error.details?.['field']).toBe(field);
  });

  it('refuses text wider than the label instead of cutting it', () => {
    const r = prepareDispensedLabel(sampleLabel({ net: { amount: '1234567890123456789012345678901.5', unit: 'g' } }));
    expect(!r.ok && r.error).toMatchObject({ code: 'LABEL_FIELD_INVALID', details: { field: 'net' } });
  });

  it('fits the longest names and codes the schema allows', () => {
    const r = prepareDispensedLabel(
      sampleLabel({ material: { code: 'M'.repeat(30), name: 'Abcdefghij '.repeat(6).trim() }, batch: 'B'.repeat(30), lot: 'L'.repeat(20), dispensedBy: 'D'.repeat(40), verifiedBy: 'V'.repeat(40) }),
    );
    expect(r.ok && r.value.layout.items.length).toBeGreaterThan(10);
  });
});
