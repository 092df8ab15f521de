/**
 * Master data a signed route owns (FR-114; 21 CFR 11.50/11.200, EU GMP Annex 11 §14): fields
 * of a master-data kind that only a signed change may set, so the generic steward route
 * (PUT/DELETE /api/v1/master-data/:kind/:key) cannot change them without the signature the
 * owning route demands. One table for every such kind; a kind whose whole object is owned by an
 * approval flow (recipe, label-template) is refused outright in master-data-service.ts.
 *
 * - room: its environmental limits belong to the signed room-limits change (FR-110,
 *   room-limits-service.ts). A new room comes with no limits; its first limits are signed.
 *   A room with limits is not withdrawn by a plain delete (its monitoring would end unsigned):
 *   its limits are cleared by a signed change first.
 * - equipment: the state its logbook records (qualification, calibration and maintenance done
 *   and due, cleaning, service) belongs to the signed logbook entry (equipment-logbook-service.ts,
 *   and the station's signed entries and uses the projector brings in). New equipment is
 *   registered unestablished: IQ/OQ/PQ, calibration, maintenance and cleaning not yet done, in
 *   service; the plan (intervals, hold times, changeover rules) and the first due dates of its
 *   plans are the steward's.
 *
 * - equipment plan settings (FR-121): the calibration and maintenance plans (required, interval),
 *   the clean and dirty hold times and the product changeover rules belong to the signed plan
 *   change (equipment-plan-service.ts, "approved"). The due dates (calibration, maintenance,
 *   requalification) are set by a signed logbook entry or a signed plan change, never by a plain
 *   change; a new equipment's plan and its first calibration and maintenance due dates are the
 *   steward's at registration, every later change is signed.
 *
 * - balance check plan (FR-123): the periodic check (its id, the test weights with their nominal
 *   mass and acceptance, how long a passed check stays valid) decides whether the station lets a
 *   balance weigh, so it belongs to the signed check-plan change (balance-check-plan-service.ts,
 *   "approved"); a new balance is registered with its plan, every later change is signed.
 *
 * - container identity (FR-143): a container's lot and material are fixed once registered (no
 *   writer but seeding code changes them): pointing a container at another lot would move stock
 *   out of QC's decision on its lot. A lot's QC fields and material follow lotStatusRefusal.
 *
 * A key is registered once (FR-123): a change is compared with the key's last record even when it
 * was withdrawn since, so withdrawing an object and putting it again (re-registration, delete +
 * put) brings back what the signatures set, never a fresh plan or fresh limits; a last record
 * today's schema no longer reads (Unreadable) is read for its owned parts alone: kept exactly, the
 * change goes through (a rename); changed, or not there as today's schema writes them, refused. Whole owned
 * sub-objects are compared (a check plan's points, a changeover), so a setting nested deeper is
 * still owned; the schemas drop keys they do not know (another spelling, another case), so those
 * change nothing, and the defaults they fill in count as the values they are.
 *
 * Everything else of these kinds (a room's name, an equipment's name, class, location) stays the
 * steward's through the generic route. A field may be owned by more than one signed writer (the
 * due dates); each rule names the writers that may set its fields.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ErrorCode } from '../../src-shared/errors.ts';
import type { Equipment } from '../../src-shared/master-data/process-equipment.ts';
import type { Room } from '../../src-shared/master-data/room.ts';
import type { Balance } from '../../src-shared/master-data/equipment.ts';
import type { Container } from '../../src-shared/master-data/container.ts';
import type { MasterDataKind } from '../../src-shared/master-data/master-data-change.ts';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';

/** Who may set owned fields: the owning signed service, or hub seeding code (tests, bench, demo), which the audit trail names. */
export type OwnedFieldWriter = 'room-limits' | 'equipment-logbook' | 'equipment-plan' | 'balance-check-plan' | LotStatusWriter | 'seed';

/**
 * Who may release a lot, or let a rejected one out of rejection (FR-143; EU GMP Ch. 5.30-5.34):
 * QC's signed IQC disposition, or the LIMS that relays QC's decision (`PUT /lots/:id/qc-status` by
 * an account holding the lims role). A master-data steward may quarantine or hold a lot, never
 * release it.
 */
export type LotStatusWriter = 'qc-disposition' | 'lims';

/** What of a lot only QC decides, and what identifies it (FR-143): its status, how long it may be used, its material and analytical values. */
export interface LotQcFields {
  qcStatus: string;
  expiryDate: string;
  retestDate: string | null;
  /** null: a stored record that does not say (read leniently, lotFieldsOf). */
  materialCode: string | null;
  assayPercent?: string | null | undefined;
  waterPercent?: string | null | undefined;
  densityGPerMl?: string | null | undefined;
}

/** The analytical values a station computes a dispensed quantity with (potency, anhydrous basis, volume). */
const LOT_ANALYTICAL = ['assayPercent', 'waterPercent', 'densityGPerMl'] as const;

/**
 * A lot's last record as the FR-143 rules read it, leniently: its status and two dates from the
 * stored data even when today's schema refuses the record for another field (an old export, a
 * field since added). Only when the status or expiry date is not there as text is it read as
 * rejected with no expiry, so that only QC brings such a lot into use.
 */
export function lotFieldsOf(raw: unknown): LotQcFields {
  const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const materialCode = text(o.materialCode);
  const analytical = Object.fromEntries(LOT_ANALYTICAL.map((f) => [f, o[f] === undefined || o[f] === null ? null : String(o[f] as string | number)]));
  const qcStatus = text(o.qcStatus);
  const expiryDate = text(o.expiryDate);
  const retest = o.retestDate;
  if (qcStatus === null || expiryDate === null || (retest !== undefined && retest !== null && typeof retest !== 'string')) {
    return { qcStatus: 'rejected', expiryDate: '', retestDate: null, materialCode, ...analytical };
  }
  return { qcStatus, expiryDate, retestDate: text(retest), materialCode, ...analytical };
}

/**
 * Why a change of lot `key` from its last record (`before`; null: the key never had one) to
 * `after` is refused; null when it is not. FR-143:
 * - A lot's material is fixed once registered, for every writer but seeding code
 *   (MASTER_DATA_FIELD_FIXED): pointing a lot at another material is a new lot.
 * - A lot registered for the first time by anyone but QC is not released (quarantine, on hold
 *   or rejected; goods receipts bring it in quarantine): otherwise a new id would release a copy
 *   of a lot QC rejected.
 * - Releasing the lot or ending its rejection is QC's (the signed IQC disposition or retest, or
 *   the LIMS), and so is letting it be used longer: a later expiry or retest date, or no retest
 *   date any more (a retest is a QC result); and so is changing the analytical values (assay,
 *   water, density) of a lot that stays released: the steward holds the lot, corrects them, and
 *   QC releases it again. A steward may quarantine or hold a lot and shorten its dates.
 */
export function lotStatusRefusal(key: string, before: LotQcFields | null, after: LotQcFields, writer: OwnedFieldWriter | undefined): OwnedFieldRefusal | null {
  if (writer === 'seed') return null;
  if (before !== null && before.materialCode !== null && before.materialCode !== after.materialCode) {
    const route = `PUT ${API_PREFIX}/master-data/lot/<new lot id> (or a goods receipt)`;
    return {
      code: 'MASTER_DATA_FIELD_FIXED',
      message: `lot ${key}: materialCode ${before.materialCode} → ${after.materialCode ?? 'none'}: a registered lot keeps its material; register a new lot (${route})`,
      details: { kind: 'lot', key, fields: ['materialCode'], route },
    };
  }
  if (writer === 'qc-disposition' || writer === 'lims') return null;
  const changes: string[] = [];
  if (before === null) {
    if (after.qcStatus === 'released') changes.push('qcStatus none → released');
  } else {
    if (before.qcStatus !== after.qcStatus && (after.qcStatus === 'released' || before.qcStatus === 'rejected')) changes.push(`qcStatus ${before.qcStatus} → ${after.qcStatus}`);
    if (after.expiryDate > before.expiryDate) changes.push(`expiryDate ${before.expiryDate} → ${after.expiryDate}`);
    if (before.retestDate !== null && (after.retestDate === null || after.retestDate > before.retestDate)) changes.push(`retestDate ${before.retestDate} → ${after.retestDate ?? 'none'}`);
    if (before.qcStatus === 'released' && after.qcStatus === 'released') {
      for (const f of LOT_ANALYTICAL) if ((before[f] ?? null) !== (after[f] ?? null)) changes.push(`${f} ${before[f] ?? 'none'} → ${after[f] ?? 'none'}`);
    }
  }
  if (changes.length === 0) return null;
  const route = `POST ${API_PREFIX}/quality/iqc/tasks/<task>/disposition or POST ${API_PREFIX}/quality/lots/${key}/retest (signed), or the LIMS: PUT ${API_PREFIX}/lots/${key}/qc-status`;
  return {
    code: 'LOT_DECISION_QC_ONLY',
    message: `lot ${key}: ${changes.join(', ')} is QC's decision (${route}); a master-data steward registers a lot in quarantine, on hold or rejected, may quarantine or hold a lot and shorten its dates, and changes a released lot's analytical values only after holding it`,
    details: { kind: 'lot', key, fields: changes.map((c) => c.split(' ')[0]!), route },
  };
}

/**
 * The key's last record, which today's schema does not read (a field since added, an old export):
 * its owned parts are read on their own (`raw`); a change that keeps them exactly as stored goes
 * through (a rename), one that changes them, or a record whose owned parts are not there as
 * today's schema writes them, is refused.
 */
export class Unreadable {
  constructor(readonly raw: unknown) {}
}

interface OwnedFields<T> {
  /** The signed services that may set these fields; none: fixed once registered (seeding code aside). */
  owners: Exclude<OwnedFieldWriter, 'seed'>[];
  code: ErrorCode;
  /** The signed route that changes them. */
  route: (key: string) => string;
  /** The owned fields, by name. */
  fields: (d: T) => Record<string, unknown>;
  /** Owned fields a new object may not bring (it starts unestablished). */
  unestablished: (d: T) => string[];
  /** Why the object may not be withdrawn by a plain delete; null when it may. */
  withdrawal: (d: T) => string | null;
}

const ROOM: OwnedFields<Room> = {
  owners: ['room-limits'],
  code: 'ROOM_LIMITS_NEED_SIGNATURE',
  route: (key) => `POST ${API_PREFIX}/environment/rooms/${key}/limits`,
  fields: (d) => ({ limits: d.limits }),
  unestablished: (d) => (d.limits.length > 0 ? ['limits'] : []),
  withdrawal: (d) => (d.limits.length > 0 ? 'limits' : null),
};

/** What the logbook records: done, in service, clean (only a signed logbook entry sets it). */
const EQUIPMENT_STATE: OwnedFields<Equipment> = {
  owners: ['equipment-logbook'],
  code: 'EQUIPMENT_STATE_NEEDS_SIGNATURE',
  route: (key) => `POST ${API_PREFIX}/equipment/${key}/logbook`,
  fields: (d) => ({
    inService: d.inService,
    serviceChangedAt: d.serviceChangedAt,
    qualification: { iq: d.qualification.iq, oq: d.qualification.oq, pq: d.qualification.pq },
    'calibration.lastAt': d.calibration.lastAt,
    'maintenance.lastAt': d.maintenance.lastAt,
    'cleaning.status': d.cleaning.status,
    'cleaning.level': d.cleaning.level,
    'cleaning.lastProduct': d.cleaning.lastProduct,
    'cleaning.usedUntil': d.cleaning.usedUntil,
    'cleaning.cleanedAt': d.cleaning.cleanedAt,
  }),
  unestablished: (d) => {
    const q = d.qualification;
    const brought: [string, boolean][] = [
      ['inService', !d.inService],
      ['serviceChangedAt', d.serviceChangedAt !== null],
      ['qualification.iq', q.iq !== null],
      ['qualification.oq', q.oq !== null],
      ['qualification.pq', q.pq !== null],
      ['calibration.lastAt', d.calibration.lastAt !== null],
      ['maintenance.lastAt', d.maintenance.lastAt !== null],
      ['cleaning.status', d.cleaning.status !== 'dirty'],
      ['cleaning.level', d.cleaning.level !== null],
      ['cleaning.lastProduct', d.cleaning.lastProduct !== null],
      ['cleaning.usedUntil', d.cleaning.usedUntil !== null],
      ['cleaning.cleanedAt', d.cleaning.cleanedAt !== null],
    ];
    return brought.filter(([, b]) => b).map(([f]) => f);
  },
  withdrawal: () => null,
};

/** When the next calibration, maintenance and requalification are due: a signed logbook entry moves them, or a signed plan change. */
const EQUIPMENT_DUE: OwnedFields<Equipment> = {
  owners: ['equipment-logbook', 'equipment-plan'],
  code: 'EQUIPMENT_STATE_NEEDS_SIGNATURE',
  route: (key) => `POST ${API_PREFIX}/equipment/${key}/logbook or POST ${API_PREFIX}/equipment/${key}/plan`,
  fields: (d) => ({
    'qualification.requalificationDueAt': d.qualification.requalificationDueAt,
    'calibration.nextDueAt': d.calibration.nextDueAt,
    'maintenance.nextDueAt': d.maintenance.nextDueAt,
  }),
  // The first calibration and maintenance due dates come with the plan at registration.
  unestablished: (d) => (d.qualification.requalificationDueAt !== null ? ['qualification.requalificationDueAt'] : []),
  withdrawal: () => null,
};

/** The plan settings (FR-121): a signed ("approved") plan change sets them once the equipment is registered. */
const EQUIPMENT_PLAN: OwnedFields<Equipment> = {
  owners: ['equipment-plan'],
  code: 'EQUIPMENT_PLAN_NEEDS_SIGNATURE',
  route: (key) => `POST ${API_PREFIX}/equipment/${key}/plan`,
  fields: (d) => ({
    'calibration.required': d.calibration.required,
    'calibration.intervalDays': d.calibration.intervalDays,
    'maintenance.required': d.maintenance.required,
    'maintenance.intervalDays': d.maintenance.intervalDays,
    'cleaning.cleanHoldHours': d.cleaning.cleanHoldHours,
    'cleaning.dirtyHoldHours': d.cleaning.dirtyHoldHours,
    changeover: d.changeover,
  }),
  unestablished: () => [],
  withdrawal: () => null,
};

/** A balance's periodic check plan (FR-123): test weights, nominal masses, acceptance, validity; a signed ("approved") change sets it once the balance is registered. */
const BALANCE_CHECK_PLAN: OwnedFields<Balance> = {
  owners: ['balance-check-plan'],
  code: 'BALANCE_CHECK_PLAN_NEEDS_SIGNATURE',
  route: (key) => `POST ${API_PREFIX}/balances/${key}/check-plan`,
  fields: (d) => ({ 'checkPlan.id': d.checkPlan.id, 'checkPlan.points': d.checkPlan.points, 'checkPlan.validForHours': d.checkPlan.validForHours }),
  unestablished: () => [],
  withdrawal: () => null,
};

/**
 * What a container belongs to (FR-143): its lot and material are fixed once registered, for every
 * writer but seeding code; pointing a container at another lot (a released copy of a rejected one)
 * would move stock out of QC's decision. A container of another lot is registered under a new id.
 */
const CONTAINER_IDENTITY: OwnedFields<Container> = {
  owners: [],
  code: 'MASTER_DATA_FIELD_FIXED',
  route: () => `PUT ${API_PREFIX}/master-data/container/<new container id> (or a goods receipt)`,
  fields: (d) => ({ lotId: d.lotId, materialCode: d.materialCode }),
  unestablished: () => [],
  withdrawal: () => null,
};

/** Per kind, its rules in the order a refusal names them. */
const OWNED: Partial<Record<MasterDataKind, OwnedFields<never>[]>> = {
  room: [ROOM as OwnedFields<never>],
  equipment: [EQUIPMENT_STATE, EQUIPMENT_DUE, EQUIPMENT_PLAN] as OwnedFields<never>[],
  balance: [BALANCE_CHECK_PLAN as OwnedFields<never>],
  container: [CONTAINER_IDENTITY as OwnedFields<never>],
};

/**
 * What stays the steward's in the kinds above, by dotted name (a prefix covers what is under it).
 * A field of such a kind is either owned by a rule or listed here: signed-fields.test.ts walks
 * every field of each kind, so a field added to a schema without deciding who sets it fails there.
 * Left to the steward today, though they gate use as well (FR-123 notes): a balance's calibration
 * certificate and due date (from the CMMS), its repeatability and minimum-weight safety factor.
 */
export const STEWARD_FIELDS: Partial<Record<MasterDataKind, readonly string[]>> = {
  room: ['roomId', 'name'],
  equipment: ['equipmentId', 'name', 'class', 'location'],
  balance: ['balanceId', 'name', 'model', 'serialNumber', 'capacity', 'readability', 'calibration', 'repeatability', 'minimumWeightSafetyFactor', 'boothId'],
  container: ['containerId', 'quantity', 'tare', 'gtin', 'receivedAt'],
};

/** The owned fields of a record of `kind`, by name, over all its rules (for tests that walk every field of a kind). */
export function ownedFieldNames(kind: MasterDataKind, record: unknown): string[] {
  return ((OWNED[kind] ?? []) as OwnedFields<unknown>[]).flatMap((r) => Object.keys(r.fields(record)));
}

export interface OwnedFieldRefusal {
  code: ErrorCode;
  message: string;
  details: { kind: string; key: string; fields: string[]; route: string };
}

/**
 * Whether ownedFieldRefusal has a rule to apply to a change of `kind` by `writer`: a field of the
 * kind that a signed route other than the writer sets. When not (seeding, a kind with no owned
 * fields, room limits written by their own signed route), no rule looks at the record replaced,
 * and a put need not parse it.
 */
export function checksOwnedFields(kind: MasterDataKind, writer: OwnedFieldWriter | undefined): boolean {
  if (writer === 'seed') return false;
  return (OWNED[kind] ?? []).some((rule) => writer === undefined || !rule.owners.includes(writer));
}

/**
 * Why a change of `kind`/`key` from `current` (the key's last record, parsed; null = none ever;
 * Unreadable = one today's schema refuses, with its stored data) to `next`
 * (parsed data; null = withdraw) touches fields only a signed route may set; null when it does
 * not, or when `writer` is the owning service (or seeding code).
 */
export function ownedFieldRefusal(kind: MasterDataKind, key: string, current: unknown, next: unknown, writer: OwnedFieldWriter | undefined): OwnedFieldRefusal | null {
  if (writer === 'seed') return null;
  for (const rule of (OWNED[kind] ?? []) as OwnedFields<unknown>[]) {
    if (writer !== undefined && rule.owners.includes(writer)) continue;
    const refusal = refusalBy(rule, kind, key, current, next);
    if (refusal) return refusal;
  }
  return null;
}

/**
 * The owned fields of a stored record today's schema refuses, read from the record as stored:
 * null when they are not there (a part missing, or shaped so the rule cannot read it). They are
 * compared as stored with the parsed new record, so a stored part that is not exactly what today's
 * schema writes counts as changed (refused), never as read loosely.
 */
function ownedPartsOf(rule: OwnedFields<unknown>, raw: unknown): Record<string, unknown> | null {
  if (raw === null || typeof raw !== 'object') return null;
  try {
    const parts = rule.fields(raw);
    return Object.values(parts).some((v) => v === undefined) ? null : parts;
  } catch {
    return null;
  }
}

function refusalBy(rule: OwnedFields<unknown>, kind: MasterDataKind, key: string, current: unknown, next: unknown): OwnedFieldRefusal | null {
  const route = rule.route(key);
  const how = rule.owners.length === 0 ? `are fixed once registered: register a new ${kind} (${route})` : `change only by a signed change (${route})`;
  const refuse = (fields: string[], why: string): OwnedFieldRefusal => ({ code: rule.code, message: `${kind} ${key}: ${why}; ${fields.join(', ')} ${how}`, details: { kind, key, fields, route } });
  if (current instanceof Unreadable) {
    if (next === null) return null;
    // Only the owned parts of the stored record are read: a field of it today's schema refuses
    // elsewhere (the steward's) does not stop the steward from writing a full record again.
    const after = rule.fields(next);
    const before = ownedPartsOf(rule, current.raw);
    if (before === null) return refuse(Object.keys(after), 'its last record is one today\'s schema does not read, and its signed part is not there as today\'s schema writes it');
    const changed = Object.keys(after).filter((f) => !isDeepStrictEqual(before[f], after[f]));
    return changed.length > 0 ? refuse(changed, 'its last record is one today\'s schema does not read; a plain master-data change may not set them') : null;
  }
  if (next === null) {
    const held = current === null ? null : rule.withdrawal(current);
    return held ? refuse([held], 'withdrawing it would end what a signature set') : null;
  }
  if (current === null) {
    const brought = rule.unestablished(next);
    return brought.length > 0 ? refuse(brought, `a new ${kind} starts without what only a signature sets`) : null;
  }
  const before = rule.fields(current);
  const after = rule.fields(next);
  const changed = Object.keys(after).filter((f) => !isDeepStrictEqual(before[f], after[f]));
  return changed.length > 0 ? refuse(changed, 'a plain master-data change may not set them') : null;
}
