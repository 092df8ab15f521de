/**
 * Booth and balance pre-checks (ARCHITECTURE.md "Weigh & dispense": booth clean and cleared,
 * balance calibration valid and periodic check done; COMPLIANCE.md DI-05, auditor scenario
 * 10). The balance gate itself is the device layer's pure qualification rule; this file feeds
 * it the balance's master data and the station's last recorded check.
 */
import { compareMass, type Mass } from '../../../src-shared/mass.ts';
import type { Balance, Booth } from '../../../src-shared/master-data/equipment.ts';
import type { QualifyingBalance } from '../../../src-shared/orders/qualifying-balances.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { checkBalanceMayWeigh, type WeighingClearance } from '../../../src-core/equipment/balance-qualification.ts';
import type { BalanceCheckRow, BoothUse, MasterDataReader, StoredObject } from '../master-data/master-data-reader.ts';

/** The booth may take this order: known, clean within its hold time, line cleared, not taken. */
export function checkBooth(booth: StoredObject<Booth> | undefined, use: BoothUse | undefined, batchNumber: string, now: Date, shared = false): Result<StoredObject<Booth>> {
  if (!booth) return err('BOOTH_UNKNOWN', 'this booth is not in the station master data');
  const b = booth.data;
  const id = { boothId: b.boothId };
  // A shared booth (campaign work, issue 17) holds several open orders at once.
  if (!shared && use?.currentBatch && use.currentBatch !== batchNumber) return err('BOOTH_IN_USE', `booth ${b.name} is in use by batch ${use.currentBatch}`, { ...id, batchNumber: use.currentBatch });
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

/**
 * The booth's balances that pass every gate for this weighing now (issue 18, item 4): named in
 * a refusal for minimum weight (USP <41>), capacity or readability, so the operator switches in
 * one touch instead of trying balances one by one. `fits` adds the caller's own condition (the
 * window must hold a reading at the balance's readability). Finest readability first: of two
 * balances that qualify, the finer one weighs the closer to target.
 */
export function qualifyingBalances(
  md: MasterDataReader,
  boothId: string | null,
  now: Date,
  intended: { net?: Mass; gross?: Mass },
  options: { except?: string; fits?: (b: Balance) => boolean } = {},
): QualifyingBalance[] {
  const out: QualifyingBalance[] = [];
  for (const balance of md.list('balance')) {
    const b = balance.data;
    if (b.balanceId === options.except || (b.boothId !== null && b.boothId !== boothId)) continue;
    const clearance = checkBalance(balance, md.lastBalanceCheck(b.balanceId), now, intended);
    if (!clearance.ok || (options.fits && !options.fits(b))) continue;
    out.push({ balanceId: b.balanceId, name: b.name, minimumWeight: clearance.value.minimumWeight, capacity: b.capacity, readability: b.readability });
  }
  return out.sort((x, y) => compareMass(x.readability, y.readability) || compareMass(x.capacity, y.capacity) || x.balanceId.localeCompare(y.balanceId));
}

/**
 * Every balance of the booth is qualified now (calibration, periodic check): the start rule
 * of an order (issue 18 item 10 and the pre-check rule at the right depth). The engine's
 * start-order decides with it and the pre-check screen's `ready` is that decision, so the
 * screen and the engine cannot differ. A booth without a balance cannot start either.
 */
export function checkBoothBalances(md: MasterDataReader, boothId: string, now: Date): Result<StoredObject<Balance>[]> {
  const balances = md.list('balance').filter((b) => b.data.boothId === null || b.data.boothId === boothId);
  if (balances.length === 0) return err('BALANCE_UNKNOWN', `booth ${boothId} has no balance in the station's master data`, { boothId });
  for (const b of balances) {
    const clearance = checkBalance(b, md.lastBalanceCheck(b.key), now);
    if (!clearance.ok) return err(clearance.error.code, `${b.data.name} (${b.key}): ${clearance.error.message}`, { ...clearance.error.details, balanceId: b.key });
  }
  return ok(balances);
}
