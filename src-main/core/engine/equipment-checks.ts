/**
 * Booth and balance pre-checks (ARCHITECTURE.md "Weigh & dispense": booth clean and cleared,
 * balance calibration valid and periodic check done; COMPLIANCE.md DI-05, auditor scenario
 * 10). The balance gate itself is the device layer's pure qualification rule; this file feeds
 * it the balance's master data and the station's last recorded check.
 */
import type { Mass } from '../../../src-shared/mass.ts';
import type { Balance, Booth } from '../../../src-shared/master-data/equipment.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { checkBalanceMayWeigh, type WeighingClearance } from '../../../src-core/equipment/balance-qualification.ts';
import type { BalanceCheckRow, BoothUse, StoredObject } from '../master-data/master-data-reader.ts';

/** The booth may take this order: known, clean within its hold time, line cleared, not taken. */
export function checkBooth(booth: StoredObject<Booth> | undefined, use: BoothUse | undefined, batchNumber: string, now: Date): Result<StoredObject<Booth>> {
  if (!booth) return err('BOOTH_UNKNOWN', 'this booth is not in the station master data');
  const b = booth.data;
  const id = { boothId: b.boothId };
  if (use?.currentBatch && use.currentBatch !== batchNumber) return err('BOOTH_IN_USE', `booth ${b.name} is in use by batch ${use.currentBatch}`, { ...id, batchNumber: use.currentBatch });
  if (b.cleaning.status !== 'clean') return err('BOOTH_NOT_CLEARED', `booth ${b.name} is not clean`, { ...id, reason: 'dirty' });
  if (b.cleaning.validUntil !== null && now.toISOString() > b.cleaning.validUntil) {
    return err('BOOTH_NOT_CLEARED', `the clean-hold time of booth ${b.name} ended ${b.cleaning.validUntil}`, { ...id, reason: 'clean-hold-expired' });
  }
  if (use?.releasedAt && (b.cleaning.cleanedAt === null || b.cleaning.cleanedAt < use.releasedAt)) {
    return err('BOOTH_NOT_CLEARED', `booth ${b.name} has not been cleaned since the last order left it at ${use.releasedAt}`, { ...id, reason: 'not-cleaned-after-use' });
  }
  if (b.lineClearance.status !== 'cleared') return err('BOOTH_NOT_CLEARED', `line clearance of booth ${b.name} is not done`, { ...id, reason: 'line-clearance' });
  return ok(booth);
}

/** The device layer's gate over master data and the last check recorded at this station. */
export function checkBalance(
  balance: StoredObject<Balance>,
  lastCheck: BalanceCheckRow | undefined,
  now: Date,
  intended: { net?: Mass; gross?: Mass } = {},
): Result<WeighingClearance> {
  const b = balance.data;
  const qualification = {
    balanceId: b.balanceId,
    capacity: b.capacity,
    readability: b.readability,
    calibration: b.calibration,
    repeatability: b.repeatability,
    ...(b.minimumWeightSafetyFactor !== null ? { minimumWeightSafetyFactor: b.minimumWeightSafetyFactor } : {}),
    checkPlan: b.checkPlan,
    lastCheck: lastCheck?.record ?? null,
  };
  return checkBalanceMayWeigh(qualification, now, intended);
}
