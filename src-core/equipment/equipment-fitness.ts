/**
 * May this piece of equipment be used now for product P? The engine asks at the step that names
 * the equipment's class; this answers with the first blocking reason as a typed error, or with
 * the facts the use record cites (qualification documents, due dates, the cleaning it relies on).
 * Pure: the caller passes the equipment's master data, the clock's `now` and, from the station's
 * own ledger, its last use there (a use makes the equipment dirty until a later cleaning).
 *
 * Gates, in the order an inspector walks them (EU GMP Annex 15 §3–§4 and §10; Ch. 3.41, 5.19):
 * 1. class: the step asks for this class of equipment (EQUIPMENT_WRONG_CLASS);
 * 2. in service: no open breakdown (EQUIPMENT_OUT_OF_SERVICE);
 * 3. qualified: IQ, OQ and PQ done, none dated in the future, requalification not past due;
 * 4. calibration (when required) and preventive maintenance not past due;
 * 5. cleaning, with the product changeover rules:
 *    - a later use in the same batch is the same use going on (no cleaning between);
 *    - dirty: refused, except the same product again when the changeover rule for the same
 *      product is `none` (a campaign); either way, dirty longer than the dirty hold time is
 *      refused as such (the validated cleaning no longer covers it);
 *    - clean: the cleaning must have started within the dirty hold time of the use before it,
 *      be within its clean hold time now, and be at least the level the changeover from the
 *      last product to P needs (`major` for another product by default).
 */
import { err, ok, type Result } from '../../src-shared/result.ts';
import { EquipmentSchema, type CleaningLevel, type Equipment, type EquipmentClass } from '../../src-shared/master-data/process-equipment.ts';

const HOUR_MS = 3_600_000;

export interface EquipmentUseIntent {
  /** The product code of the batch. */
  product: string;
  batchNumber: string;
  /** The classes the step accepts; empty or absent: any class. */
  classes?: readonly EquipmentClass[];
}

/** The last use of the equipment recorded at this station (`equipment.used`). */
export interface LastEquipmentUse {
  batchNumber: string;
  product: string;
  usedAt: string;
}

export interface EquipmentClearance {
  equipmentId: string;
  class: EquipmentClass;
  qualification: { iq: string; oq: string; pq: string; requalificationDueAt: string | null };
  calibrationDueAt: string | null;
  maintenanceDueAt: string | null;
  /** What the use relies on: a cleaning, a campaign of the same product, or the batch's own earlier use. */
  cleaning: { basis: 'cleaned' | 'campaign' | 'same-batch'; level: CleaningLevel | null; cleanedAt: string | null; lastProduct: string | null };
}

const ms = (iso: string): number => Date.parse(iso);
const hoursText = (h: number): string => `${Math.round(h * 10) / 10} h`;

/** The gate: ok with what the use record cites, or the first blocking reason. */
export function checkEquipmentMayBeUsed(input: unknown, now: Date, intent: EquipmentUseIntent, lastUse: LastEquipmentUse | null = null): Result<EquipmentClearance> {
  const parsed = EquipmentSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return err('INPUT_INVALID', `equipment record invalid at ${i?.path.join('.')}: ${i?.message}`);
  }
  const q = parsed.data;
  const id = { equipmentId: q.equipmentId };
  const t = now.getTime();
  if (intent.classes && intent.classes.length > 0 && !intent.classes.includes(q.class)) {
    return err('EQUIPMENT_WRONG_CLASS', `${q.name} (${q.equipmentId}) is a ${q.class}; this step needs a ${intent.classes.join(' or ')}`, { ...id, class: q.class, required: intent.classes.join(', ') });
  }
  if (!q.inService) return err('EQUIPMENT_OUT_OF_SERVICE', `${q.name} (${q.equipmentId}) is out of service after a breakdown`, id);
  const qualification = checkQualification(q, t);
  if (!qualification.ok) return qualification;
  if (q.calibration.required && t > ms(q.calibration.nextDueAt!)) {
    return err('EQUIPMENT_CALIBRATION_OVERDUE', `calibration of ${q.name} (${q.equipmentId}) was due ${q.calibration.nextDueAt}`, { ...id, dueAt: q.calibration.nextDueAt });
  }
  if (q.maintenance.required && t > ms(q.maintenance.nextDueAt!)) {
    return err('EQUIPMENT_MAINTENANCE_OVERDUE', `preventive maintenance of ${q.name} (${q.equipmentId}) was due ${q.maintenance.nextDueAt}`, { ...id, dueAt: q.maintenance.nextDueAt });
  }
  const cleaning = checkCleaning(q, t, intent, lastUse);
  if (!cleaning.ok) return cleaning;
  return ok({
    equipmentId: q.equipmentId,
    class: q.class,
    qualification: qualification.value,
    calibrationDueAt: q.calibration.required ? q.calibration.nextDueAt : null,
    maintenanceDueAt: q.maintenance.required ? q.maintenance.nextDueAt : null,
    cleaning: cleaning.value,
  });
}

function checkQualification(q: Equipment, t: number): Result<EquipmentClearance['qualification']> {
  const id = { equipmentId: q.equipmentId };
  for (const stage of ['iq', 'oq', 'pq'] as const) {
    const s = q.qualification[stage];
    if (s === null || ms(s.completedAt) > t) {
      return err('EQUIPMENT_NOT_QUALIFIED', `${q.name} (${q.equipmentId}) has no completed ${stage.toUpperCase()}`, { ...id, stage: stage.toUpperCase() });
    }
  }
  const due = q.qualification.requalificationDueAt;
  if (due !== null && t > ms(due)) {
    return err('EQUIPMENT_NOT_QUALIFIED', `requalification of ${q.name} (${q.equipmentId}) was due ${due}`, { ...id, stage: 'requalification', dueAt: due });
  }
  const { iq, oq, pq } = q.qualification;
  return ok({ iq: iq!.document, oq: oq!.document, pq: pq!.document, requalificationDueAt: due });
}

function checkCleaning(q: Equipment, t: number, intent: EquipmentUseIntent, lastUse: LastEquipmentUse | null): Result<EquipmentClearance['cleaning']> {
  const c = q.cleaning;
  const id = { equipmentId: q.equipmentId };
  let { status, lastProduct, usedUntil } = c;
  // A use recorded here after the last cleaning the hub knows of: dirty since that use.
  if (lastUse && (c.cleanedAt === null || ms(lastUse.usedAt) > ms(c.cleanedAt))) {
    if (lastUse.batchNumber === intent.batchNumber) return ok({ basis: 'same-batch', level: c.level, cleanedAt: c.cleanedAt, lastProduct: lastUse.product });
    status = 'dirty';
    lastProduct = lastUse.product;
    usedUntil = lastUse.usedAt;
  }
  const same = lastProduct === null || lastProduct === intent.product;
  const required = same ? q.changeover.sameProduct : q.changeover.otherProduct;
  const dirtyHoldMs = c.dirtyHoldHours * HOUR_MS;
  if (status === 'dirty') {
    if (usedUntil !== null && t - ms(usedUntil) > dirtyHoldMs) {
      return err('EQUIPMENT_DIRTY_HOLD_EXPIRED', `${q.name} (${q.equipmentId}) has been dirty since ${usedUntil}, longer than its dirty hold time of ${hoursText(c.dirtyHoldHours)}`, { ...id, usedUntil, dirtyHoldHours: c.dirtyHoldHours });
    }
    if (same && lastProduct !== null && required === 'none') return ok({ basis: 'campaign', level: null, cleanedAt: c.cleanedAt, lastProduct });
    return err('EQUIPMENT_NOT_CLEAN', `${q.name} (${q.equipmentId}) is dirty${lastProduct ? ` from ${lastProduct}` : ''}: a ${required === 'none' ? 'minor' : required} clean is needed before ${intent.product}`, {
      ...id,
      lastProduct,
      required: required === 'none' ? 'minor' : required,
    });
  }
  if (c.cleanedAt === null) return err('EQUIPMENT_NOT_CLEAN', `${q.name} (${q.equipmentId}) has no recorded cleaning`, { ...id, lastProduct, required: required === 'none' ? 'minor' : required });
  if (usedUntil !== null && ms(c.cleanedAt) - ms(usedUntil) > dirtyHoldMs) {
    return err('EQUIPMENT_DIRTY_HOLD_EXPIRED', `${q.name} (${q.equipmentId}) was cleaned ${c.cleanedAt}, after its dirty hold time of ${hoursText(c.dirtyHoldHours)} from ${usedUntil}`, { ...id, usedUntil, cleanedAt: c.cleanedAt, dirtyHoldHours: c.dirtyHoldHours });
  }
  if (t - ms(c.cleanedAt) > c.cleanHoldHours * HOUR_MS) {
    return err('EQUIPMENT_CLEAN_HOLD_EXPIRED', `the clean hold time of ${q.name} (${q.equipmentId}), ${hoursText(c.cleanHoldHours)} from ${c.cleanedAt}, has run out`, { ...id, cleanedAt: c.cleanedAt, cleanHoldHours: c.cleanHoldHours });
  }
  if (required === 'major' && c.level !== 'major') {
    return err('EQUIPMENT_CHANGEOVER_CLEAN_REQUIRED', `${q.name} (${q.equipmentId}) last made ${lastProduct ?? '—'} and had a ${c.level ?? 'unspecified'} clean: ${intent.product} needs a major clean first`, {
      ...id,
      lastProduct,
      level: c.level,
      required,
    });
  }
  return ok({ basis: 'cleaned', level: c.level, cleanedAt: c.cleanedAt, lastProduct });
}
