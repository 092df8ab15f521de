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
import type { Equipment } from '../../src-shared/master-data/process-equipment.ts';

const DAY_MS = 86_400_000;

export interface LastUseAtHub {
  product: string;
  at: string;
}

export function applyLogbookEntry(q: Equipment, e: NewLogbookEntry, at: string, lastUse: LastUseAtHub | null): Result<Equipment> {
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
      return ok({ ...q, inService: false });
    case 'repair':
      return ok({ ...q, inService: true });
  }
}
