import { describe, expect, it } from 'vitest';
import { BalanceSchema } from '../../src-shared/master-data/equipment.ts';
import { EquipmentSchema } from '../../src-shared/master-data/process-equipment.ts';
import { RoomSchema } from '../../src-shared/master-data/room.ts';
import { granulator } from '../../test/fixtures/equipment/equipment-fixtures.ts';
import { ownedFieldNames, ownedFieldRefusal, STEWARD_FIELDS, UNREADABLE } from './signed-fields.ts';

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

  it('FR-123 a last record today\'s schema does not read lets no owned field through; a plain withdrawal of it is not refused', () => {
    const r = ownedFieldRefusal('balance', 'BAL-1', UNREADABLE, SAMPLES.balance, undefined);
    expect(r).toMatchObject({ code: 'BALANCE_CHECK_PLAN_NEEDS_SIGNATURE', details: { fields: ['checkPlan.id', 'checkPlan.points', 'checkPlan.validForHours'] } });
    expect(ownedFieldRefusal('balance', 'BAL-1', UNREADABLE, null, undefined)).toBeNull();
    expect(ownedFieldRefusal('balance', 'BAL-1', UNREADABLE, SAMPLES.balance, 'balance-check-plan')).toBeNull();
  });
});
