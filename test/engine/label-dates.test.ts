/**
 * Labels against master data (issue 18 item 1): every date a scanned container label carries
 * counts with the lot's master data, the stricter winning, and a label that disagrees with
 * master data (GTIN, material, lot, expiry) is refused naming both values and both material
 * names. Scans go through the renderer's label reader (containerScanOf), as at the station.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { containerScanOf } from '../../src-renderer/scanner/container-scan.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, refusalsOf, runTo, view } from './engine-test-kit.ts';

const B = 'B-LABEL-1';
let d: DispensingStation;
afterEach(() => d?.close());

// The demo's paracetamol (API-PARA) GTIN and MCC's; the station's day is 2026-03-02 (+08:00).
const PARA_GTIN = '04012345000016';
const MCC_GTIN = '04012345000023';

async function atScan(): Promise<string> {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S11', 'need-container'));
  return d.login('op.li');
}

const label = (ais: string) => unwrap(containerScanOf(ais));
const scanOf = (ais: string) => ({ type: 'scan-container' as const, stepId: 'S11', scan: label(ais) });
const masterExpiry = () => d.station.masterData.reader.get('lot', 'LOT-PARA-2401')!.data.expiryDate;
const yymmdd = (iso: string) => iso.slice(2).replaceAll('-', '');

describe('dates on labels (GS1 AI 17, 15; day 00 = last day of the month)', () => {
  test('a label whose expiry (day 00) has passed is refused although master data is still good', async () => {
    const s = await atScan();
    // 2026-02-00 is 2026-02-28, four days before the station's day.
    const r = await exec(d, s, B, scanOf(`(01)${PARA_GTIN}(17)260200(10)PARA-2401(21)C-PARA-0002`));
    expectRefused(r, 'LOT_EXPIRED');
    expect(!r.ok && r.error.details).toMatchObject({ expiryDate: '2026-02-28', source: 'label', masterExpiryDate: masterExpiry() });
    expect(view(d, B).current?.phase).toBe('need-container');
    expect(refusalsOf(d, B).at(-1)).toMatchObject({ command: 'scan-container', code: 'LOT_EXPIRED' });
  });

  test('a passed best-before date on the label is refused as expired (the stricter date wins)', async () => {
    const s = await atScan();
    const r = await exec(d, s, B, scanOf(`(01)${PARA_GTIN}(15)260301(10)PARA-2401(21)C-PARA-0002`));
    expectRefused(r, 'LOT_EXPIRED');
    expect(!r.ok && r.error.details).toMatchObject({ expiryDate: '2026-03-01', source: 'label', dateKind: 'best-before date' });
  });

  test('a label whose expiry agrees with master data is accepted, and its dates are kept in the record', async () => {
    const s = await atScan();
    const r = await exec(d, s, B, scanOf(`(01)${PARA_GTIN}(17)${yymmdd(masterExpiry())}(11)260101(10)PARA-2401(21)C-PARA-0002`));
    expect(r.ok).toBe(true);
    const scanned = d.station.ledger.query({ batchRef: B, types: ['dispense.container_scanned'] }).at(-1)!;
    expect((scanned.payload as { scan: unknown }).scan).toMatchObject({ containerId: 'C-PARA-0002', expiryDate: masterExpiry(), productionDate: '2026-01-01' });
  });

  test('a label production date after today cannot be this container\'s', async () => {
    const s = await atScan();
    expectRefused(await exec(d, s, B, scanOf(`(01)${PARA_GTIN}(11)260401(10)PARA-2401(21)C-PARA-0002`)), 'CONTAINER_LABEL_MISMATCH');
  });
});

describe('labels that disagree with master data name both sides', () => {
  test('expiry: the label\'s and the lot\'s', async () => {
    const s = await atScan();
    const r = await exec(d, s, B, scanOf(`(01)${PARA_GTIN}(17)291231(10)PARA-2401(21)C-PARA-0002`));
    expectRefused(r, 'CONTAINER_LABEL_MISMATCH');
    expect(!r.ok && r.error.details).toMatchObject({ field: 'expiry', scanned: '2029-12-31', expected: masterExpiry() });
    expect(!r.ok && r.error.message).toContain('2029-12-31');
    expect(!r.ok && r.error.message).toContain(masterExpiry());
  });

  test('GTIN: both GTINs and both material names', async () => {
    const s = await atScan();
    const r = await exec(d, s, B, scanOf(`(01)${MCC_GTIN}(10)PARA-2401(21)C-PARA-0002`));
    expectRefused(r, 'CONTAINER_LABEL_MISMATCH');
    expect(!r.ok && r.error.details).toMatchObject({
      field: 'gtin',
      scanned: MCC_GTIN,
      expected: PARA_GTIN,
      scannedMaterial: { code: 'EXC-MCC', name: 'Microcrystalline cellulose PH-102' },
      expectedMaterial: { code: 'API-PARA', name: 'Paracetamol Ph. Eur.' },
    });
    expect(!r.ok && r.error.message).toMatch(/Microcrystalline cellulose PH-102.*Paracetamol Ph\. Eur\./);
  });

  test('lot: both lot numbers and the materials they belong to', async () => {
    const s = await atScan();
    const r = await exec(d, s, B, scanOf(`(01)${PARA_GTIN}(10)MCC-2405(21)C-PARA-0002`));
    expectRefused(r, 'CONTAINER_LABEL_MISMATCH');
    expect(!r.ok && r.error.details).toMatchObject({ field: 'lot', scanned: 'MCC-2405', expected: 'PARA-2401', scannedMaterial: { code: 'EXC-MCC', name: 'Microcrystalline cellulose PH-102' }, expectedMaterial: { code: 'API-PARA', name: 'Paracetamol Ph. Eur.' } });
  });

  test('material: the container\'s material name and the line\'s', async () => {
    const s = await atScan();
    const r = await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-MCC-0002' } });
    expectRefused(r, 'WRONG_MATERIAL');
    expect(!r.ok && r.error.message).toMatch(/Microcrystalline cellulose PH-102.*Paracetamol Ph\. Eur\./);
    expect(!r.ok && r.error.details).toMatchObject({ found: 'EXC-MCC', foundName: 'Microcrystalline cellulose PH-102', expected: 'API-PARA', expectedName: 'Paracetamol Ph. Eur.' });
  });
});
