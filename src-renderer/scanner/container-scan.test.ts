import { describe, expect, it } from 'vitest';
import { containerScanOf } from './container-scan.ts';

describe('container scans', () => {
  it('read container, GTIN and lot from a GS1 label, bracketed or with FNC1', () => {
    const bracketed = containerScanOf('(01)04012345000016(10)PARA-2401(21)C-PARA-0002');
    expect(bracketed.ok && bracketed.value).toMatchObject({ containerId: 'C-PARA-0002', gtin: '04012345000016', lotNumber: 'PARA-2401' });
    const raw = containerScanOf(']d20104012345000016' + '10PARA-2401\x1D21C-PARA-0002');
    expect(raw.ok && raw.value.containerId).toBe('C-PARA-0002');
  });

  it('take a plant label without AIs as the container id', () => {
    const plain = containerScanOf('C-PARA-0003');
    expect(plain.ok && plain.value).toMatchObject({ containerId: 'C-PARA-0003', gtin: null, lotNumber: null });
  });

  it('A11-11 refuse a GS1 label that names no container, and a bad check digit, with typed codes', () => {
    const noSerial = containerScanOf('(01)04012345000016(10)PARA-2401');
    expect(!noSerial.ok && noSerial.error).toMatchObject({ code: 'SCAN_NOT_CONTAINER_LABEL', details: { kind: 'gs1' } });
    const bad = containerScanOf('(01)04012345000017(21)C-1');
    expect(!bad.ok && bad.error.code).toBe('BARCODE_BAD_CHECK_DIGIT');
  });

  it('name every barcode kind the parser knows that is not a container label (issue 18 item 8)', () => {
    const kinds = {
      // China NMPA 20-digit drug traceability code on a sales pack.
      '81234560000012345678': 'cn-drug-trace',
      '(00)340123450000000017': 'sscc',
      '4012345000016': 'gtin',
      '(01)04012345000016(17)270630': 'gs1',
    };
    for (const [data, kind] of Object.entries(kinds)) {
      const r = containerScanOf(data);
      expect(!r.ok && r.error, data).toMatchObject({ code: 'SCAN_NOT_CONTAINER_LABEL', details: { kind } });
    }
    const cn = containerScanOf('81234560000012345678');
    expect(!cn.ok && cn.error.message).toContain('sales-pack drug traceability code');
  });

  it('carry the dates a label states: expiry (day 00 = last day of the month), best before, production', () => {
    const r = containerScanOf('(01)04012345000016(17)260200(15)260115(11)250101(10)PARA-2401(21)C-PARA-0002');
    expect(r.ok && r.value).toMatchObject({ expiryDate: '2026-02-28', bestBeforeDate: '2026-01-15', productionDate: '2025-01-01' });
  });
});
