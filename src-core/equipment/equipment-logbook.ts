/**
 * What a logbook entry made at the hub does to the equipment's master data (issue 13 item 2):
 * pure, so the rule is tested without a database and the hub writes the result as a new version
 * through the master-data feed the stations pull.
 * - cleaning: clean at that level, at that time; the product and end of the last use come from
 *   the last use the hub knows (a station's `equipment.used`), so the changeover and dirty-hold
 *   rules judge the next use against what was really made on it;
 * - maintenance / calibration: done then; next due = the given date, else then + the plan's interval;
 * - qualification: the stage completed under its document; a requalification date if given;
 * - breakdown: out of service; repair: back in service.
 */
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { NewLogbookEntry } from '../../src-shared/equipment/equipment-logbook-contract.ts';
import { stationLogbookAt, type StationLogbookPayload } from '../../src-shared/equipment/station-logbook-contract.ts';
import type { Equipment } from '../../src-shared/master-data/process-equipment.ts';

const DAY_MS = 86_400_000;

export interface LastUseAtHub {
  product: string;
  at: string;
}

type Facts<T> = T extends unknown ? Omit<T, 'password'> : never;
/** A logbook entry's facts, without the password that signed it. */
export type LogbookFacts = Facts<NewLogbookEntry>;

export function applyLogbookEntry(q: Equipment, e: LogbookFacts, at: string, lastUse: LastUseAtHub | null): Result<Equipment> {
  const plan = (p: Equipment['calibration'], nextDueAt: string | undefined): Result<Equipment['calibration']> => {
    if (nextDueAt !== undefined) return ok({ ...p, lastAt: at, nextDueAt });
    if (p.intervalDays === null) return err('INPUT_INVALID', `name the next due date: ${q.equipmentId} has no interval for this plan`, { equipmentId: q.equipmentId });
    return ok({ ...p, lastAt: at, nextDueAt: new Date(Date.parse(at) + p.intervalDays * DAY_MS).toISOString() });
  };
  switch (e.kind) {
    case 'cleaning': {
      const used = lastUse && (q.cleaning.usedUntil === null || lastUse.at > q.cleaning.usedUntil) ? lastUse : null;
      return ok({ ...q, cleaning: { ...q.cleaning, status: 'clean', level: e.level, cleanedAt: at, lastProduct: used?.product ?? q.cleaning.lastProduct, usedUntil: used?.at ?? q.cleaning.usedUntil } });
    }
    case 'maintenance': {
      const p = plan(q.maintenance, e.nextDueAt);
      return p.ok ? ok({ ...q, maintenance: p.value }) : p;
    }
    case 'calibration': {
      const p = plan(q.calibration, e.nextDueAt);
      return p.ok ? ok({ ...q, calibration: p.value }) : p;
    }
    case 'qualification': {
      const stage = e.stage.toLowerCase() as 'iq' | 'oq' | 'pq';
      return ok({ ...q, qualification: { ...q.qualification, [stage]: { completedAt: at, document: e.document }, ...(e.requalificationDueAt ? { requalificationDueAt: e.requalificationDueAt } : {}) } });
    }
    case 'breakdown':
      return ok({ ...q, inService: false, serviceChangedAt: at });
    case 'repair':
      return ok({ ...q, inService: true, serviceChangedAt: at });
  }
}

/**
 * A station's use reaching the hub (issue 13 item 3): dirty since the use, from its product, so
 * every other station's gate refuses it until a cleaning after it. null when the use changes
 * nothing: a cleaning or a later use is already recorded (a use synced late stays in the logbook).
 */
export function applyStationUse(q: Equipment, use: LastUseAtHub): Equipment | null {
  const t = Date.parse(use.at);
  const { cleanedAt, usedUntil } = q.cleaning;
  if ((cleanedAt !== null && Date.parse(cleanedAt) >= t) || (usedUntil !== null && Date.parse(usedUntil) >= t)) return null;
  return { ...q, cleaning: { ...q.cleaning, status: 'dirty', lastProduct: use.product, usedUntil: use.at } };
}

/** A station's signed logbook entry (issue 13 item 4) as the hub's rule for the same kind of entry. */
export function applyStationLogbook(q: Equipment, p: StationLogbookPayload, lastUse: LastUseAtHub | null): Result<Equipment> {
  const at = stationLogbookAt(p);
  switch (p.kind) {
    case 'cleaning':
      return applyLogbookEntry(q, { kind: 'cleaning', level: p.level, note: p.note }, at, lastUse);
    case 'maintenance':
      return applyLogbookEntry(q, { kind: 'maintenance', note: p.note, ...(p.nextDueAt ? { nextDueAt: p.nextDueAt } : {}) }, at, lastUse);
    case 'breakdown':
      return applyLogbookEntry(q, { kind: 'breakdown', note: p.note }, at, lastUse);
  }
}

/**
 * The equipment as this station's gate sees it (issue 13 item 4): the master data the hub served,
 * with the station's own signed entries the hub had not reflected yet. An entry counts when it is
 * later than what the master data already records for its kind (cleaning: cleanedAt;
 * maintenance: the plan's lastAt; breakdown: serviceChangedAt), so an entry applied twice (here,
 * then at the hub and back down) changes nothing the second time, and a later hub entry (a repair)
 * wins over an earlier station one. An entry the rule refuses is skipped (the hub refuses it too).
 */
export function overlayStationLogbook(q: Equipment, entries: readonly StationLogbookPayload[], lastUse: LastUseAtHub | null): Equipment {
  let cur = q;
  for (const p of [...entries].sort((a, b) => Date.parse(stationLogbookAt(a)) - Date.parse(stationLogbookAt(b)))) {
    const t = Date.parse(stationLogbookAt(p));
    const known = p.kind === 'cleaning' ? cur.cleaning.cleanedAt : p.kind === 'maintenance' ? cur.maintenance.lastAt : cur.serviceChangedAt;
    if (known !== null && Date.parse(known) >= t) continue;
    const next = applyStationLogbook(cur, p, lastUse);
    if (next.ok) cur = next.value;
  }
  return cur;
}
