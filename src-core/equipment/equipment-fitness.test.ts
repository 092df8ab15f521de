import { describe, expect, it } from 'vitest';
import { checkEquipmentMayBeUsed } from './equipment-fitness.ts';
import { at, granulator } from '../../test/fixtures/equipment/equipment-fixtures.ts';

const now = new Date('2026-06-01T08:00:00.000Z');
const intent = { product: 'PARA-500', batchNumber: 'B-2', classes: ['granulator'] as const };
const code = (r: ReturnType<typeof checkEquipmentMayBeUsed>) => (r.ok ? 'OK' : r.error.code);

describe('equipment fitness (issue 13 item 2)', () => {
  it('FR-67 a qualified, calibrated, maintained and cleaned granulator may be used, citing its documents and cleaning', () => {
    const r = checkEquipmentMayBeUsed(granulator(now), now, intent);
    expect(r.ok && r.value).toMatchObject({ equipmentId: 'GRN-01', qualification: { iq: 'IQ-GRN-01-2025', pq: 'PQ-GRN-01-2025' }, cleaning: { basis: 'cleaned', level: 'major' } });
  });

  it('FR-67 refuses equipment of another class, out of service, or not qualified (each stage, future date, requalification due)', () => {
    expect(code(checkEquipmentMayBeUsed(granulator(now), now, { ...intent, classes: ['tablet-press'] }))).toBe('EQUIPMENT_WRONG_CLASS');
    expect(code(checkEquipmentMayBeUsed(granulator(now, { inService: false }), now, intent))).toBe('EQUIPMENT_OUT_OF_SERVICE');
    const q = granulator(now).qualification!;
    const noPq = checkEquipmentMayBeUsed(granulator(now, { qualification: { ...q, pq: null } }), now, intent);
    expect(!noPq.ok && noPq.error).toMatchObject({ code: 'EQUIPMENT_NOT_QUALIFIED', details: { stage: 'PQ' } });
    expect(code(checkEquipmentMayBeUsed(granulator(now, { qualification: { ...q, oq: { completedAt: at(now, 1), document: 'OQ-X' } } }), now, intent))).toBe('EQUIPMENT_NOT_QUALIFIED');
    const requal = checkEquipmentMayBeUsed(granulator(now, { qualification: { ...q, requalificationDueAt: at(now, -1) } }), now, intent);
    expect(!requal.ok && requal.error.details).toMatchObject({ stage: 'requalification' });
  });

  it('FR-67 refuses overdue calibration and maintenance one millisecond past due, not at the due time; calibration may be not required', () => {
    const cal = (due: string) => granulator(now, { calibration: { required: true, nextDueAt: due } });
    expect(code(checkEquipmentMayBeUsed(cal(now.toISOString()), now, intent))).toBe('OK');
    expect(code(checkEquipmentMayBeUsed(cal(new Date(now.getTime() - 1).toISOString()), now, intent))).toBe('EQUIPMENT_CALIBRATION_OVERDUE');
    expect(code(checkEquipmentMayBeUsed(granulator(now, { calibration: { required: false } }), now, intent))).toBe('OK');
    expect(code(checkEquipmentMayBeUsed(granulator(now, { maintenance: { required: true, nextDueAt: at(now, -2) } }), now, intent))).toBe('EQUIPMENT_MAINTENANCE_OVERDUE');
  });

  it('FR-67 cleaning: dirty is refused, clean hold and dirty hold times are enforced', () => {
    const c = granulator(now).cleaning!;
    expect(code(checkEquipmentMayBeUsed(granulator(now, { cleaning: { ...c, status: 'dirty', cleanedAt: null, usedUntil: at(now, -2) } }), now, intent))).toBe('EQUIPMENT_NOT_CLEAN');
    const dirtyLong = checkEquipmentMayBeUsed(granulator(now, { cleaning: { ...c, status: 'dirty', usedUntil: at(now, -25) } }), now, intent);
    expect(!dirtyLong.ok && dirtyLong.error).toMatchObject({ code: 'EQUIPMENT_DIRTY_HOLD_EXPIRED', details: { dirtyHoldHours: 24 } });
    // Cleaned 30 h after the end of use, beyond the 24 h dirty hold: the cleaning is not validated for it.
    expect(code(checkEquipmentMayBeUsed(granulator(now, { cleaning: { ...c, usedUntil: at(now, -40), cleanedAt: at(now, -10) } }), now, intent))).toBe('EQUIPMENT_DIRTY_HOLD_EXPIRED');
    expect(code(checkEquipmentMayBeUsed(granulator(now, { cleaning: { ...c, cleanedAt: at(now, -72) } }), now, intent))).toBe('OK');
    expect(code(checkEquipmentMayBeUsed(granulator(now, { cleaning: { ...c, usedUntil: null, cleanedAt: at(now, -73) } }), now, intent))).toBe('EQUIPMENT_CLEAN_HOLD_EXPIRED');
  });

  it('FR-67 changeover: another product needs a major clean; the same product takes a minor one, or none within a campaign', () => {
    const c = granulator(now).cleaning!;
    const minor = granulator(now, { cleaning: { ...c, level: 'minor' } });
    expect(code(checkEquipmentMayBeUsed(minor, now, intent))).toBe('OK');
    const other = checkEquipmentMayBeUsed(minor, now, { ...intent, product: 'IBU-200' });
    expect(!other.ok && other.error).toMatchObject({ code: 'EQUIPMENT_CHANGEOVER_CLEAN_REQUIRED', details: { lastProduct: 'PARA-500', required: 'major' } });
    expect(code(checkEquipmentMayBeUsed(granulator(now), now, { ...intent, product: 'IBU-200' }))).toBe('OK');
    const dirty = { ...c, status: 'dirty' as const, usedUntil: at(now, -3) };
    expect(code(checkEquipmentMayBeUsed(granulator(now, { cleaning: dirty }), now, intent))).toBe('EQUIPMENT_NOT_CLEAN');
    const campaign = granulator(now, { cleaning: dirty, changeover: { sameProduct: 'none', otherProduct: 'major' } });
    const r = checkEquipmentMayBeUsed(campaign, now, intent);
    expect(r.ok && r.value.cleaning.basis).toBe('campaign');
    expect(code(checkEquipmentMayBeUsed(campaign, now, { ...intent, product: 'IBU-200' }))).toBe('EQUIPMENT_NOT_CLEAN');
  });

  it("FR-67 the station's own last use after the hub's cleaning makes it dirty for another batch, not for the same batch", () => {
    const use = { batchNumber: 'B-1', product: 'IBU-200', usedAt: at(now, -1) };
    const other = checkEquipmentMayBeUsed(granulator(now), now, intent, use);
    expect(!other.ok && other.error).toMatchObject({ code: 'EQUIPMENT_NOT_CLEAN', details: { lastProduct: 'IBU-200', required: 'major' } });
    const same = checkEquipmentMayBeUsed(granulator(now), now, { ...intent, batchNumber: 'B-1' }, use);
    expect(same.ok && same.value.cleaning.basis).toBe('same-batch');
    // A use before the hub's latest cleaning is covered by that cleaning.
    expect(code(checkEquipmentMayBeUsed(granulator(now), now, intent, { ...use, usedAt: at(now, -27) }))).toBe('OK');
  });

  it('FR-67 a malformed equipment record is a typed refusal, not an exception', () => {
    expect(code(checkEquipmentMayBeUsed({ equipmentId: 'X' }, now, intent))).toBe('INPUT_INVALID');
  });
});
