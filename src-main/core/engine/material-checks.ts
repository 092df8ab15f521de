/**
 * May this container be used for this material line today? The checks an auditor walks
 * (COMPLIANCE.md auditor scenario 9; EU GMP Ch. 5.30-5.34): the container is known, its label
 * agrees with master data, it holds the line's material, its lot is released, not expired,
 * not past retest (label dates count too, the stricter wins: label-checks.ts), has the potency
 * data a corrected line needs, and it is not empty.
 * Pure: every fact is passed in; the first blocking reason is returned as a typed error.
 */
import { isZeroMass, isNegativeMass, formatMass, type Mass } from '../../../src-shared/mass.ts';
import type { Container } from '../../../src-shared/master-data/container.ts';
import type { Lot } from '../../../src-shared/master-data/lot.ts';
import type { Material } from '../../../src-shared/master-data/material.ts';
import type { PlannedLine } from '../../../src-shared/orders/execution-plan.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { potencyFraction } from '../../../src-shared/recipe/quantity-math.ts';
import type { MasterDataReader, StoredObject } from '../master-data/master-data-reader.ts';
import { checkDates, checkLabelExpiry, checkLabelGtin, checkLabelLot, labelReferents, type LabelReferents, type LabelScan } from './label-checks.ts';

export interface ContainerFacts {
  container: StoredObject<Container> | undefined;
  left: Mass | undefined;
  lot: StoredObject<Lot> | undefined;
  material: StoredObject<Material> | undefined;
  /** What the label's GTIN and lot number point at in master data (for naming both sides). */
  referents?: LabelReferents;
}

/** Everything master data says about a scanned container, read once. */
export function containerFacts(md: MasterDataReader, scan: LabelScan): ContainerFacts {
  const container = md.get('container', scan.containerId);
  return {
    container,
    left: md.containerLeft(scan.containerId),
    lot: container ? md.get('lot', container.data.lotId) : undefined,
    material: container ? md.get('material', container.data.materialCode) : undefined,
    referents: labelReferents(md, scan),
  };
}

export interface VerifiedContainer {
  container: StoredObject<Container>;
  lot: StoredObject<Lot>;
  left: Mass;
  /** Share of the lot's mass counting toward the line; null when the line is not corrected. */
  potencyFraction: string | null;
}

export function checkContainerForLine(line: PlannedLine, scan: LabelScan, facts: ContainerFacts, today: string): Result<VerifiedContainer> {
  const { container, lot, material, left } = facts;
  const refs = facts.referents ?? { gtinMaterial: undefined, lotNumberLot: undefined, lotNumberMaterial: undefined };
  const id = { containerId: scan.containerId };
  if (!container || left === undefined) return err('CONTAINER_UNKNOWN', `container ${scan.containerId} is not in the station's master data`, id);
  const c = container.data;
  const gtin = checkLabelGtin(scan, c, material?.data, refs);
  if (!gtin.ok) return gtin;
  if (c.materialCode !== line.materialCode) {
    const holds = material ? `${c.materialCode} (${material.data.name})` : c.materialCode;
    return err('WRONG_MATERIAL', `container ${c.containerId} holds ${holds}; this line needs ${line.materialCode} (${line.materialName})`, {
      ...id,
      expected: line.materialCode,
      expectedName: line.materialName,
      found: c.materialCode,
      foundName: material?.data.name ?? null,
    });
  }
  if (!lot) return err('LOT_UNKNOWN', `lot ${c.lotId} of container ${c.containerId} is not in the station's master data`, { ...id, lotId: c.lotId });
  const l = lot.data;
  const lotLabel = checkLabelLot(scan, c, l, material?.data, refs);
  if (!lotLabel.ok) return lotLabel;
  if (l.materialCode !== c.materialCode) return err('MASTER_DATA_INVALID', `lot ${l.lotId} is of ${l.materialCode}, its container says ${c.materialCode}`, { ...id, lotId: l.lotId });
  if (l.qcStatus !== 'released') {
    return err('LOT_NOT_RELEASED', `lot ${l.lotNumber} is ${l.qcStatus}, not released by QC`, { ...id, lotId: l.lotId, qcStatus: l.qcStatus });
  }
  // Dates before the expiry comparison: a label whose own expiry has passed is refused as
  // expired (the stricter date wins) even where master data would still allow the lot.
  const dates = checkDates(scan, c, l, today);
  if (!dates.ok) return dates;
  const expiryLabel = checkLabelExpiry(scan, c, l, material?.data);
  if (!expiryLabel.ok) return expiryLabel;
  let fraction: string | null = null;
  if (line.potency.corrected) {
    if (l.assayPercent === null || (line.potency.basis === 'anhydrous' && l.waterPercent === null)) {
      return err('MASTER_DATA_INVALID', `lot ${l.lotNumber} has no ${l.assayPercent === null ? 'assay' : 'water content'} for the potency correction`, { ...id, lotId: l.lotId });
    }
    fraction = potencyFraction(l.assayPercent, l.waterPercent, line.potency.basis);
    if (/^0(\.0*)?$/.test(fraction)) return err('MASTER_DATA_INVALID', `lot ${l.lotNumber} has a potency of zero`, { ...id, lotId: l.lotId });
  }
  if (isZeroMass(left) || isNegativeMass(left)) return err('CONTAINER_EMPTY', `container ${c.containerId} is empty (${formatMass(left)} left)`, id);
  return ok({ container, lot, left, potencyFraction: fraction });
}
