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
    expect(!noSerial.ok && noSerial.error.code).toBe('BARCODE_UNRECOGNISED');
    const bad = containerScanOf('(01)04012345000017(21)C-1');
    expect(!bad.ok && bad.error.code).toBe('BARCODE_BAD_CHECK_DIGIT');
  });
});
