import { describe, expect, it } from 'vitest';
import { MASTER_DATA_DEFINITIONS, MasterDataKind } from '../../src-shared/master-data/master-data-change.ts';
import type { Equipment } from '../../src-shared/master-data/process-equipment.ts';
import { checksOwnedFields, ownedFieldRefusal, type OwnedFieldWriter } from './signed-fields.ts';
import { granulator } from '../../test/fixtures/equipment/equipment-fixtures.ts';
import { roomWithLimits } from '../../test/environment/room-fixtures.ts';

const WRITERS: (OwnedFieldWriter | undefined)[] = [undefined, 'seed', 'room-limits', 'equipment-logbook', 'equipment-plan'];
const NOW = new Date('2026-06-01T00:00:00Z');

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
    expect(MasterDataKind.options.filter((k) => k !== 'room' && k !== 'equipment' && checksOwnedFields(k, undefined))).toEqual([]);
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
    for (const kind of ['room', 'equipment'] as const) {
      const s = samples(kind)!;
      expect(ownedFieldRefusal(kind, 'K', s.current, s.next, undefined)).not.toBeNull();
    }
  });
});
