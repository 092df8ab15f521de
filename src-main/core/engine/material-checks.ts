/**
 * May this container be used for this material line today? The checks an auditor walks
 * (COMPLIANCE.md auditor scenario 9; EU GMP Ch. 5.30-5.34): the container is known, its label
 * agrees with master data, it holds the line's material, its lot is released, not expired,
 * not past retest, has the potency data a corrected line needs, and it is not empty.
 * Pure: every fact is passed in; the first blocking reason is returned as a typed error.
 */
import { isZeroMass, isNegativeMass, formatMass, type Mass } from '../../../src-shared/mass.ts';
import type { Container } from '../../../src-shared/master-data/container.ts';
import type { Lot } from '../../../src-shared/master-data/lot.ts';
import type { Material } from '../../../src-shared/master-data/material.ts';
import type { PlannedLine } from '../../../src-shared/orders/execution-plan.ts';
import type { ContainerScan } from '../../../src-shared/orders/engine-command.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { potencyFraction } from '../../../src-shared/recipe/quantity-math.ts';
import type { StoredObject } from '../master-data/master-data-reader.ts';

export interface ContainerFacts {
  container: StoredObject<Container> | undefined;
  left: Mass | undefined;
  lot: StoredObject<Lot> | undefined;
  material: StoredObject<Material> | undefined;
}

export interface VerifiedContainer {
  container: StoredObject<Container>;
  lot: StoredObject<Lot>;
  left: Mass;
  /** Share of the lot's mass counting toward the line; null when the line is not corrected. */
  potencyFraction: string | null;
}

export function checkContainerForLine(line: PlannedLine, scan: ContainerScan, facts: ContainerFacts, today: string): Result<VerifiedContainer> {
  const { container, lot, material, left } = facts;
  const id = { containerId: scan.containerId };
  if (!container || left === undefined) return err('CONTAINER_UNKNOWN', `container ${scan.containerId} is not in the station's master data`, id);
  const c = container.data;
  if (scan.gtin !== null && material && !material.data.gtins.includes(scan.gtin) && c.gtin !== scan.gtin) {
    return err('CONTAINER_LABEL_MISMATCH', `the label's GTIN ${scan.gtin} does not belong to material ${c.materialCode}`, { ...id, gtin: scan.gtin });
  }
  if (c.materialCode !== line.materialCode) {
    return err('WRONG_MATERIAL', `container ${c.containerId} holds ${c.materialCode}; this line needs ${line.materialCode} (${line.materialName})`, { ...id, expected: line.materialCode, found: c.materialCode });
  }
  if (!lot) return err('LOT_UNKNOWN', `lot ${c.lotId} of container ${c.containerId} is not in the station's master data`, { ...id, lotId: c.lotId });
  const l = lot.data;
  if (scan.lotNumber !== null && scan.lotNumber !== l.lotNumber) {
    return err('CONTAINER_LABEL_MISMATCH', `the label says lot ${scan.lotNumber}; container ${c.containerId} belongs to lot ${l.lotNumber}`, { ...id, scanned: scan.lotNumber, expected: l.lotNumber });
  }
  if (l.materialCode !== c.materialCode) return err('MASTER_DATA_INVALID', `lot ${l.lotId} is of ${l.materialCode}, its container says ${c.materialCode}`, { ...id, lotId: l.lotId });
  if (l.qcStatus !== 'released') {
    return err('LOT_NOT_RELEASED', `lot ${l.lotNumber} is ${l.qcStatus}, not released by QC`, { ...id, lotId: l.lotId, qcStatus: l.qcStatus });
  }
  if (today > l.expiryDate) return err('LOT_EXPIRED', `lot ${l.lotNumber} expired on ${l.expiryDate}`, { ...id, lotId: l.lotId, expiryDate: l.expiryDate });
  if (l.retestDate !== null && today > l.retestDate) {
    return err('LOT_PAST_RETEST', `lot ${l.lotNumber} was due for retest on ${l.retestDate}`, { ...id, lotId: l.lotId, retestDate: l.retestDate });
  }
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
