/**
 * What a scanned container label says, held against the station's master data (issue 18
 * item 1; EU GMP Ch. 5.30-5.34). Two rules:
 *  - identity: a label that disagrees with master data about the GTIN, the material, the lot
 *    or the expiry is refused, naming the label's value and master data's, and the material
 *    each of them belongs to, so the operator and QA see which label is wrong;
 *  - dates: every date the label carries (GS1 AI 17 expiry, AI 15 best before, a plant label's
 *    retest date) counts together with the lot's master data, and the earlier date wins
 *    ("stricter wins"). A production date (AI 11) after today or after the use-by date cannot
 *    be true of this container.
 * Pure; GS1 day "00" is already resolved to the month's last day by the parser.
 */
import type { Container } from '../../../src-shared/master-data/container.ts';
import type { Lot } from '../../../src-shared/master-data/lot.ts';
import type { Material } from '../../../src-shared/master-data/material.ts';
import type { ContainerScan } from '../../../src-shared/orders/engine-command.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { MasterDataReader, StoredObject } from '../master-data/master-data-reader.ts';

/** The label fields a check reads: the dates are optional (older commands, plain labels). */
export type LabelScan = Pick<ContainerScan, 'containerId' | 'gtin' | 'lotNumber'> & { raw?: string | null } & Partial<Pick<ContainerScan, 'expiryDate' | 'bestBeforeDate' | 'retestDate' | 'productionDate'>>;

/** Master data the label's own GTIN and lot number point at (which may be another material's). */
export interface LabelReferents {
  gtinMaterial: StoredObject<Material> | undefined;
  lotNumberLot: StoredObject<Lot> | undefined;
  lotNumberMaterial: StoredObject<Material> | undefined;
}

export function labelReferents(md: MasterDataReader, scan: LabelScan): LabelReferents {
  const lotNumberLot = scan.lotNumber === null ? undefined : md.list('lot').find((l) => l.data.lotNumber === scan.lotNumber);
  return {
    gtinMaterial: scan.gtin === null ? undefined : md.list('material').find((m) => m.data.gtins.includes(scan.gtin!)),
    lotNumberLot,
    lotNumberMaterial: lotNumberLot ? md.get('material', lotNumberLot.data.materialCode) : undefined,
  };
}

interface Named {
  code: string;
  name: string | null;
}
const named = (code: string, material: Material | undefined): Named => ({ code, name: material?.name ?? null });
const says = (m: Named | null) => (m === null ? 'a material unknown to this station' : m.name ? `${m.code} (${m.name})` : m.code);

/** GTIN on the label against the container's material (its GTINs, or the container's own). */
export function checkLabelGtin(scan: LabelScan, c: Container, material: Material | undefined, refs: LabelReferents): Result<void> {
  if (scan.gtin === null || !material) return ok(undefined);
  if (material.gtins.includes(scan.gtin) || c.gtin === scan.gtin) return ok(undefined);
  const labelMaterial = refs.gtinMaterial ? named(refs.gtinMaterial.data.materialCode, refs.gtinMaterial.data) : null;
  const recorded = named(c.materialCode, material);
  const expected = c.gtin ?? material.gtins[0] ?? null;
  return err(
    'CONTAINER_LABEL_MISMATCH',
    `the label's GTIN ${scan.gtin} is of ${says(labelMaterial)}; container ${c.containerId} holds ${says(recorded)}${expected ? `, GTIN ${expected}` : ''}`,
    { containerId: c.containerId, field: 'gtin', scanned: scan.gtin, expected, scannedMaterial: labelMaterial, expectedMaterial: recorded },
  );
}

/** Lot number on the label against the container's lot. */
export function checkLabelLot(scan: LabelScan, c: Container, lot: Lot, material: Material | undefined, refs: LabelReferents): Result<void> {
  if (scan.lotNumber === null || scan.lotNumber === lot.lotNumber) return ok(undefined);
  const other = refs.lotNumberLot?.data;
  const labelMaterial = other ? named(other.materialCode, refs.lotNumberMaterial?.data) : null;
  const recorded = named(lot.materialCode, material);
  return err(
    'CONTAINER_LABEL_MISMATCH',
    `the label says lot ${scan.lotNumber} (${other ? `a lot of ${says(labelMaterial)}` : 'not a lot known to this station'}); container ${c.containerId} belongs to lot ${lot.lotNumber} of ${says(recorded)}`,
    { containerId: c.containerId, field: 'lot', scanned: scan.lotNumber, expected: lot.lotNumber, scannedMaterial: labelMaterial, expectedMaterial: recorded },
  );
}

/** The label's expiry against the lot's: a label that states another expiry is the wrong label. */
export function checkLabelExpiry(scan: LabelScan, c: Container, lot: Lot, material: Material | undefined): Result<void> {
  if (!scan.expiryDate || scan.expiryDate === lot.expiryDate) return ok(undefined);
  const recorded = named(lot.materialCode, material);
  return err('CONTAINER_LABEL_MISMATCH', `the label says expiry ${scan.expiryDate}; lot ${lot.lotNumber} of ${says(recorded)} expires ${lot.expiryDate} in master data`, {
    containerId: c.containerId,
    field: 'expiry',
    scanned: scan.expiryDate,
    expected: lot.expiryDate,
    scannedMaterial: recorded,
    expectedMaterial: recorded,
  });
}

type DateSource = 'label' | 'master-data';

/** The earliest of the dates that apply, and where it came from. */
function earliest(candidates: [string | null | undefined, DateSource, string][]): { date: string; source: DateSource; what: string } | null {
  let best: { date: string; source: DateSource; what: string } | null = null;
  for (const [date, source, what] of candidates) if (date && (best === null || date < best.date)) best = { date, source, what };
  return best;
}

/**
 * Expiry and retest with the stricter of label and master data; `today` is the plant's
 * calendar day. A date is good through its day and refused the day after.
 */
export function checkDates(scan: LabelScan, c: Container, lot: Lot, today: string): Result<void> {
  const id = { containerId: c.containerId, lotId: lot.lotId };
  const useBy = earliest([
    [lot.expiryDate, 'master-data', 'expiry'],
    [scan.expiryDate, 'label', 'expiry'],
    [scan.bestBeforeDate, 'label', 'best-before date'],
  ])!;
  if (today > useBy.date) {
    const where = useBy.source === 'label' ? `its label's ${useBy.what}` : 'master data';
    return err('LOT_EXPIRED', `lot ${lot.lotNumber} expired on ${useBy.date} (${where})`, { ...id, expiryDate: useBy.date, source: useBy.source, dateKind: useBy.what, masterExpiryDate: lot.expiryDate });
  }
  const retest = earliest([
    [lot.retestDate, 'master-data', 'retest date'],
    [scan.retestDate, 'label', 'retest date'],
  ]);
  if (retest && today > retest.date) {
    const where = retest.source === 'label' ? "its label's retest date" : 'master data';
    return err('LOT_PAST_RETEST', `lot ${lot.lotNumber} was due for retest on ${retest.date} (${where})`, { ...id, retestDate: retest.date, source: retest.source, masterRetestDate: lot.retestDate });
  }
  if (scan.productionDate && (scan.productionDate > today || scan.productionDate > useBy.date)) {
    return err('CONTAINER_LABEL_MISMATCH', `the label's production date ${scan.productionDate} is after ${scan.productionDate > today ? `today (${today})` : `the use-by date ${useBy.date}`}: it cannot be this container's label`, {
      ...id,
      field: 'productionDate',
      scanned: scan.productionDate,
      expected: null,
    });
  }
  return ok(undefined);
}

/** The label's fields as the record keeps them (dates only when the label carried them). */
export function scanRecord(scan: ContainerScan): Record<string, string | null> {
  const out: Record<string, string | null> = { containerId: scan.containerId, gtin: scan.gtin, lotNumber: scan.lotNumber, raw: scan.raw };
  for (const k of ['expiryDate', 'bestBeforeDate', 'retestDate', 'productionDate'] as const) if (scan[k]) out[k] = scan[k];
  return out;
}
