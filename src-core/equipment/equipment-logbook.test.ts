import { describe, expect, it } from 'vitest';
import { EquipmentSchema } from '../../src-shared/master-data/process-equipment.ts';
import type { StationLogbookPayload } from '../../src-shared/equipment/station-logbook-contract.ts';
import { at, granulator } from '../../test/fixtures/equipment/equipment-fixtures.ts';
import { applyStationUse, overlayStationLogbook } from './equipment-logbook.ts';

const NOW = new Date('2026-12-05T08:00:00.000Z');
const base = EquipmentSchema.parse(granulator(NOW));

describe('station uses and station logbook entries on the equipment state', () => {
  it('FR-86 a use makes the equipment dirty from its product; a use older than the last cleaning (synced late) changes nothing', () => {
    expect(applyStationUse(base, { product: 'FG-IBU200', at: at(NOW, -1) })?.cleaning).toMatchObject({ status: 'dirty', lastProduct: 'FG-IBU200', usedUntil: at(NOW, -1) });
    // The fixture was cleaned 26 h ago: a use 27 h ago is history, not dirt.
    expect(applyStationUse(base, { product: 'FG-IBU200', at: at(NOW, -27) })).toBeNull();
  });

  it('FR-86 the station lays its own signed entries over the master data only where they are newer: a cleaning after the use counts, an older breakdown does not undo a later repair', () => {
    const dirty = applyStationUse(base, { product: 'FG-IBU200', at: at(NOW, -3) })!;
    const cleaning: StationLogbookPayload = { equipmentId: 'GRN-01', kind: 'cleaning', level: 'major', startedAt: at(NOW, -2), endedAt: at(NOW, -1), agent: 'WFI', note: 'SOP-CL-014' };
    expect(overlayStationLogbook(dirty, [cleaning], { product: 'FG-IBU200', at: at(NOW, -3) }).cleaning).toMatchObject({ status: 'clean', level: 'major', cleanedAt: at(NOW, -1), lastProduct: 'FG-IBU200' });
    // The hub already reflected that cleaning (same time): applying it again changes nothing.
    const reflected = overlayStationLogbook(dirty, [cleaning], null);
    expect(overlayStationLogbook(reflected, [cleaning], null)).toEqual(reflected);
    const breakdown: StationLogbookPayload = { equipmentId: 'GRN-01', kind: 'breakdown', at: at(NOW, -5), note: 'seal leaking' };
    expect(overlayStationLogbook(base, [breakdown], null)).toMatchObject({ inService: false, serviceChangedAt: at(NOW, -5) });
    const repairedAtHub = { ...base, inService: true, serviceChangedAt: at(NOW, -4) };
    expect(overlayStationLogbook(repairedAtHub, [breakdown], null).inService).toBe(true);
  });
});
