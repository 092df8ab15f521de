import { describe, expect, it } from 'vitest';
import { BalanceSchema } from '../../src-shared/master-data/equipment.ts';
import { EquipmentSchema } from '../../src-shared/master-data/process-equipment.ts';
import { RoomSchema } from '../../src-shared/master-data/room.ts';
import { ContainerSchema } from '../../src-shared/master-data/container.ts';
import { granulator } from '../../test/fixtures/equipment/equipment-fixtures.ts';
import { MASTER_DATA_DEFINITIONS, MasterDataKind } from '../../src-shared/master-data/master-data-change.ts';
import type { Equipment } from '../../src-shared/master-data/process-equipment.ts';
import { checksOwnedFields, lotFieldsOf, lotStatusRefusal, ownedFieldNames, ownedFieldRefusal, STEWARD_FIELDS, Unreadable, type OwnedFieldWriter } from './signed-fields.ts';
import { roomWithLimits } from '../../test/environment/room-fixtures.ts';

const NOW = new Date('2026-03-02T08:00:00.000Z');
const g = (amount: string) => ({ amount, unit: 'g' as const });
const SAMPLES = {
  equipment: EquipmentSchema.parse(granulator(NOW)),
  balance: BalanceSchema.parse({
    balanceId: 'BAL-1', name: 'B1', model: 'XPR205', serialNumber: 'SN-1', capacity: g('220'), readability: g('0.0001'),
    calibration: { certificateId: 'CAL-1', dueAt: '2027-01-01T00:00:00.000Z' }, repeatability: { standardDeviation: g('0.00004'), determinedAt: '2026-01-01T00:00:00.000Z' },
    minimumWeightSafetyFactor: '2', checkPlan: { id: 'DC-1', points: [{ testWeight: 'E2 200 g', nominal: g('200'), acceptance: g('0.001') }], validForHours: 24 }, boothId: 'BOOTH-1',
  }),
  room: RoomSchema.parse({ roomId: 'R-1', name: 'Room 1', limits: [{ quantity: 'temperature', alert: { low: 18, high: 24 }, action: { low: 15, high: 25 } }] }),
  container: ContainerSchema.parse({ containerId: 'C-1', lotId: 'L-1', materialCode: 'M-1', quantity: g('1000'), tare: g('120'), gtin: '09506000134352', receivedAt: '2026-03-01' }),
} as const;

/** Every leaf of a record by dotted name (an array is one leaf: it is compared whole). */
const leaves = (v: unknown, path: string[] = []): string[] =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k])) : [path.join('.')];
const covered = (leaf: string, names: readonly string[]) => names.some((n) => leaf === n || leaf.startsWith(`${n}.`));

describe('fields a signed route owns (FR-123)', () => {
  it('FR-123 every field of a kind with owned fields is owned by a signed rule or named as the steward\'s: a new field is decided, never open by default', () => {
    for (const [kind, sample] of Object.entries(SAMPLES) as [keyof typeof SAMPLES, unknown][]) {
      const owned = ownedFieldNames(kind, sample);
      const undecided = leaves(sample).filter((leaf) => !covered(leaf, owned) && !covered(leaf, STEWARD_FIELDS[kind] ?? []));
      expect(undecided, kind).toEqual([]);
      // And no field is both: the steward's list never reopens an owned one.
      expect(leaves(sample).filter((leaf) => covered(leaf, owned) && covered(leaf, STEWARD_FIELDS[kind] ?? [])), kind).toEqual([]);
    }
  });

  it('FR-123 a last record today\'s schema does not read is read for its owned parts alone: kept exactly, a change goes through; changed or missing, refused; a plain withdrawal of it is not refused', () => {
    const b = SAMPLES.balance as Record<string, unknown> & { checkPlan: { validForHours: number } };
    const { repeatability: _dropped, checkPlan: _plan, ...noPlan } = b;
    // No check plan in the stored record: nothing to compare with, every owned field refused.
    const r = ownedFieldRefusal('balance', 'BAL-1', new Unreadable(noPlan), b, undefined);
    expect(r).toMatchObject({ code: 'BALANCE_CHECK_PLAN_NEEDS_SIGNATURE', details: { fields: ['checkPlan.id', 'checkPlan.points', 'checkPlan.validForHours'] } });
    expect(ownedFieldRefusal('balance', 'BAL-1', new Unreadable('not an object'), b, undefined)).toMatchObject({ code: 'BALANCE_CHECK_PLAN_NEEDS_SIGNATURE' });
    // Unreadable for another field (no repeatability), its plan as stored: a rename goes through, a changed validity does not.
    const { repeatability: _r, ...stored } = b;
    expect(ownedFieldRefusal('balance', 'BAL-1', new Unreadable(stored), { ...b, name: 'renamed' }, undefined)).toBeNull();
    expect(ownedFieldRefusal('balance', 'BAL-1', new Unreadable(stored), { ...b, checkPlan: { ...b.checkPlan, validForHours: 99 } }, undefined)).toMatchObject({ details: { fields: ['checkPlan.validForHours'] } });
    expect(ownedFieldRefusal('balance', 'BAL-1', new Unreadable(noPlan), null, undefined)).toBeNull();
    expect(ownedFieldRefusal('balance', 'BAL-1', new Unreadable(noPlan), b, 'balance-check-plan')).toBeNull();
    // An equipment record missing an owned sub-object is refused, not read loosely.
    const e = SAMPLES.equipment as Record<string, unknown>;
    const { qualification: _q, ...noQualification } = e;
    expect(ownedFieldRefusal('equipment', 'EQ-1', new Unreadable(noQualification), e, undefined)).toMatchObject({ code: 'EQUIPMENT_STATE_NEEDS_SIGNATURE' });
    expect(ownedFieldRefusal('equipment', 'EQ-1', new Unreadable({ ...e, class: 'not-a-class' }), e, undefined)).toBeNull();
  });
});

const WRITERS: (OwnedFieldWriter | undefined)[] = [undefined, 'seed', 'room-limits', 'equipment-logbook', 'equipment-plan', 'balance-check-plan'];

/** A stored record and a change of every field a signed route owns (limits; state, due dates, plan). */
function samples(kind: MasterDataKind): { current: unknown; next: unknown } | null {
  if (kind === 'room') {
    const current = roomWithLimits('R-1');
    return { current, next: { ...current, limits: current.limits.map((l) => ({ ...l, alert: { ...l.alert, low: (l.alert.low ?? 0) + 1 } })) } };
  }
  if (kind === 'equipment') {
    const current = MASTER_DATA_DEFINITIONS.equipment.schema.parse(granulator(NOW)) as Equipment;
    const next: Equipment = {
      ...current,
      inService: !current.inService,
      qualification: { ...current.qualification, requalificationDueAt: '2027-01-01T00:00:00.000Z' },
      calibration: { ...current.calibration, intervalDays: (current.calibration.intervalDays ?? 0) + 1, nextDueAt: '2027-02-01T00:00:00.000Z' },
      cleaning: { ...current.cleaning, dirtyHoldHours: current.cleaning.dirtyHoldHours + 1 },
    };
    return { current, next };
  }
  if (kind === 'balance') {
    const current = SAMPLES.balance;
    return { current, next: { ...current, checkPlan: { ...current.checkPlan, id: 'DC-2', validForHours: current.checkPlan.validForHours + 1 } } };
  }
  if (kind === 'container') return { current: SAMPLES.container, next: { ...SAMPLES.container, lotId: 'L-2' } };
  return null;
}

describe('which puts look at the record they replace', () => {
  it('a put parses the record it replaces only where a signed route other than the writer owns a field: room and equipment by the generic route, equipment by either signed route; never seeding, room limits by their own route, or a kind with no owned fields', () => {
    expect(checksOwnedFields('room', undefined)).toBe(true);
    expect(checksOwnedFields('room', 'room-limits')).toBe(false);
    expect(checksOwnedFields('room', 'seed')).toBe(false);
    expect(checksOwnedFields('equipment', undefined)).toBe(true);
    // The logbook may not set plan settings, the plan change may not set the logbook's state.
    expect(checksOwnedFields('equipment', 'equipment-logbook')).toBe(true);
    expect(checksOwnedFields('equipment', 'equipment-plan')).toBe(true);
    expect(checksOwnedFields('equipment', 'seed')).toBe(false);
    expect(checksOwnedFields('balance', undefined)).toBe(true);
    expect(checksOwnedFields('balance', 'balance-check-plan')).toBe(false);
    // FR-143: a container's lot and material are fixed for every writer but seeding code.
    expect(checksOwnedFields('container', undefined)).toBe(true);
    expect(checksOwnedFields('container', 'seed')).toBe(false);
    expect(MasterDataKind.options.filter((k) => k !== 'room' && k !== 'equipment' && k !== 'balance' && k !== 'container' && checksOwnedFields(k, undefined))).toEqual([]);
  });

  it('where it says no look is needed, the owned-field rules give the same answer without the record replaced as with it', () => {
    for (const kind of MasterDataKind.options) {
      const s = samples(kind);
      for (const writer of WRITERS) {
        if (s === null || checksOwnedFields(kind, writer)) continue;
        for (const next of [s.next, null]) {
          expect(ownedFieldRefusal(kind, 'K', s.current, next, writer), `${kind} by ${writer}`).toEqual(ownedFieldRefusal(kind, 'K', null, next, writer));
        }
      }
    }
    // And the samples do matter where it says yes (the generic route is refused with the record, not without it).
    for (const kind of ['room', 'equipment', 'balance', 'container'] as const) {
      const s = samples(kind)!;
      expect(ownedFieldRefusal(kind, 'K', s.current, s.next, undefined)).not.toBeNull();
    }
  });
});

describe('a lot: what only QC decides and what is fixed (FR-143)', () => {
  const lot = { lotId: 'L-1', materialCode: 'M-1', qcStatus: 'quarantine', expiryDate: '2028-12-31', retestDate: '2027-06-30', assayPercent: '99.1', waterPercent: null };
  it('FR-143 a first registration by a steward is never released; by QC or seeding it may be', () => {
    for (const status of ['quarantine', 'on-hold', 'rejected']) expect(lotStatusRefusal('L-1', null, { ...lot, qcStatus: status }, undefined)).toBeNull();
    expect(lotStatusRefusal('L-1', null, { ...lot, qcStatus: 'released' }, undefined)).toMatchObject({ code: 'LOT_DECISION_QC_ONLY', details: { fields: ['qcStatus'] } });
    for (const writer of ['seed', 'lims', 'qc-disposition'] as const) expect(lotStatusRefusal('L-1', null, { ...lot, qcStatus: 'released' }, writer)).toBeNull();
  });
  it('FR-143 a registered lot keeps its material, for QC writers too (seeding code aside)', () => {
    for (const writer of [undefined, 'lims', 'qc-disposition'] as const) expect(lotStatusRefusal('L-1', lot, { ...lot, materialCode: 'M-2' }, writer)).toMatchObject({ code: 'MASTER_DATA_FIELD_FIXED', details: { fields: ['materialCode'] } });
    expect(lotStatusRefusal('L-1', lot, { ...lot, materialCode: 'M-2' }, 'seed')).toBeNull();
  });
  it('FR-143 a released lot\'s analytical values are QC\'s while it stays released; held, the steward corrects them', () => {
    const released = { ...lot, qcStatus: 'released' };
    expect(lotStatusRefusal('L-1', released, { ...released, assayPercent: '101.0' }, undefined)).toMatchObject({ code: 'LOT_DECISION_QC_ONLY', details: { fields: ['assayPercent'] } });
    expect(lotStatusRefusal('L-1', released, { ...released, waterPercent: '0.4' }, undefined)).toMatchObject({ details: { fields: ['waterPercent'] } });
    expect(lotStatusRefusal('L-1', released, { ...released, qcStatus: 'on-hold', assayPercent: '101.0' }, undefined)).toBeNull();
    expect(lotStatusRefusal('L-1', lot, { ...lot, assayPercent: '101.0' }, undefined)).toBeNull();
    expect(lotStatusRefusal('L-1', released, { ...released, lotNumber: 'relabelled' } as typeof released, undefined)).toBeNull();
  });
  it('FR-143 a stored lot today\'s schema does not read is read for its status and dates; without them it counts as rejected with no expiry', () => {
    expect(lotFieldsOf({ ...lot, assayPercent: 99.1, extra: true })).toMatchObject({ qcStatus: 'quarantine', expiryDate: '2028-12-31', retestDate: '2027-06-30', materialCode: 'M-1', assayPercent: '99.1' });
    expect(lotFieldsOf({ ...lot, retestDate: undefined })).toMatchObject({ qcStatus: 'quarantine', retestDate: null });
    expect(lotFieldsOf({ ...lot, qcStatus: undefined })).toMatchObject({ qcStatus: 'rejected', expiryDate: '' });
    expect(lotFieldsOf({ ...lot, expiryDate: 20281231 })).toMatchObject({ qcStatus: 'rejected', expiryDate: '' });
    expect(lotFieldsOf('garbage')).toMatchObject({ qcStatus: 'rejected', expiryDate: '', materialCode: null });
    // Read as stored, the steward's edit within the status and dates goes through; a later expiry does not.
    expect(lotStatusRefusal('L-1', lotFieldsOf({ ...lot, assayPercent: 99.1 }), { ...lot, lotNumber: 'N-2' } as typeof lot, undefined)).toBeNull();
    expect(lotStatusRefusal('L-1', lotFieldsOf({ ...lot, assayPercent: 99.1 }), { ...lot, expiryDate: '2029-01-01' }, undefined)).toMatchObject({ code: 'LOT_DECISION_QC_ONLY' });
  });
});
