/**
 * Process equipment at a recipe step (issue 13 item 2): the equipment-check step names the class
 * it needs, the operator gives the equipment, the engine refuses equipment that is not fit now
 * for this product (each refusal recorded, naming the reason) and records the use; the station's
 * own last use makes the equipment dirty for the next batch until the hub records a cleaning.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Recipe } from '../../src-shared/recipe/recipe.ts';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at as atHours, granulator } from '../fixtures/equipment/equipment-fixtures.ts';
import { at, exec, expectRefused, refusalsOf, runTo, view } from './engine-test-kit.ts';

const RECIPE = 'PARA-500@2';
let d: DispensingStation;
afterEach(() => d?.close());

const checklist = (equipment?: string[]): EngineCommandInput => ({ type: 'checklist', stepId: 'S02', answers: [{ itemId: 'E1', confirmed: true }, { itemId: 'E2', confirmed: true }], ...(equipment ? { equipment } : {}) });

/** The effective demo recipe with its equipment-check step S02 asking for a granulator. */
async function stationWithGranulator(): Promise<string> {
  d = await makeDispensingStation();
  const recipe = structuredClone(d.station.masterData.reader.get('recipe', RECIPE)!.data) as Recipe;
  for (const u of recipe.unitProcedures) for (const o of u.operations) for (const s of o.steps) if (s.stepId === 'S02' && s.type === 'equipment-check') s.equipmentClasses = ['granulator'];
  d.revise('recipe', RECIPE, { unitProcedures: recipe.unitProcedures });
  const now = d.clock.now();
  d.applyMasterData([
    { kind: 'equipment', key: 'GRN-01', version: 1, data: granulator(now) },
    { kind: 'equipment', key: 'TP-01', version: 1, data: granulator(now, { equipmentId: 'TP-01', name: 'Tablet press 1', class: 'tablet-press' }) },
  ]);
  return d.login('op.li');
}

async function toS02(batch: string, session: string): Promise<void> {
  d.importOrder(batch);
  await runTo(d, batch, at('S02'), undefined, { shareBooth: true, sessionId: session });
}

const uses = (batch: string) => d.station.ledger.query({ batchRef: batch, types: ['equipment.used'] }).map((e) => e.payload as { equipmentId: string; product: string; stepId: string; clearance: Record<string, unknown> });

describe('equipment named by a recipe step', () => {
  it('FR-68 the step refuses no equipment, the wrong class and each unfit status, naming the reason; each refusal is recorded and the step stays', async () => {
    const s = await stationWithGranulator();
    await toS02('B-EQ-1', s);
    expect(view(d, 'B-EQ-1').current?.definition).toMatchObject({ stepId: 'S02', equipmentClasses: ['granulator'] });
    expectRefused(await exec(d, s, 'B-EQ-1', checklist()), 'EQUIPMENT_REQUIRED');
    expectRefused(await exec(d, s, 'B-EQ-1', checklist(['TP-01'])), 'EQUIPMENT_WRONG_CLASS');
    expectRefused(await exec(d, s, 'B-EQ-1', checklist(['NOPE-9'])), 'EQUIPMENT_UNKNOWN');
    const now = d.clock.now();
    const base = granulator(now);
    const statuses: [Record<string, unknown>, string][] = [
      [{ inService: false }, 'EQUIPMENT_OUT_OF_SERVICE'],
      [{ qualification: { ...base.qualification, oq: null } }, 'EQUIPMENT_NOT_QUALIFIED'],
      [{ calibration: { required: true, nextDueAt: atHours(now, -1) } }, 'EQUIPMENT_CALIBRATION_OVERDUE'],
      [{ maintenance: { required: true, nextDueAt: atHours(now, -1) } }, 'EQUIPMENT_MAINTENANCE_OVERDUE'],
      [{ cleaning: { ...base.cleaning, status: 'dirty', usedUntil: atHours(now, -2) } }, 'EQUIPMENT_NOT_CLEAN'],
      [{ cleaning: { ...base.cleaning, usedUntil: null, cleanedAt: atHours(now, -80) } }, 'EQUIPMENT_CLEAN_HOLD_EXPIRED'],
      [{ cleaning: { ...base.cleaning, status: 'dirty', usedUntil: atHours(now, -30) } }, 'EQUIPMENT_DIRTY_HOLD_EXPIRED'],
      [{ cleaning: { ...base.cleaning, level: 'minor', lastProduct: 'FG-IBU200' } }, 'EQUIPMENT_CHANGEOVER_CLEAN_REQUIRED'],
    ];
    for (const [patch, code] of statuses) {
      d.revise('equipment', 'GRN-01', { ...base, inService: true, ...patch });
      const r = await exec(d, s, 'B-EQ-1', checklist(['GRN-01']));
      expectRefused(r, code);
      expect(r.ok ? null : r.error.details).toMatchObject({ equipmentId: 'GRN-01' });
    }
    expect(refusalsOf(d, 'B-EQ-1').map((x) => [x.code, x.stepId])).toEqual(
      ['EQUIPMENT_REQUIRED', 'EQUIPMENT_WRONG_CLASS', 'EQUIPMENT_UNKNOWN', ...statuses.map(([, c]) => c)].map((c) => [c, 'S02']),
    );
    expect(uses('B-EQ-1')).toEqual([]);
    expect(view(d, 'B-EQ-1').current?.stepId).toBe('S02');
  });

  it('FR-68 fit equipment is accepted: the use is a ledger entry citing its documents and cleaning, and part of the batch record', async () => {
    const s = await stationWithGranulator();
    await toS02('B-EQ-2', s);
    const r = await exec(d, s, 'B-EQ-2', checklist(['GRN-01']));
    expect(r.ok && r.value.appended.map((e) => e.type)).toEqual(['step.recorded', 'equipment.used']);
    expect(uses('B-EQ-2')).toMatchObject([{ equipmentId: 'GRN-01', product: 'FG-PARA500', stepId: 'S02', clearance: { qualification: { pq: 'PQ-GRN-01-2025' }, cleaning: { basis: 'cleaned', level: 'major' } } }]);
    // Recorded; the step awaits its "performed" signature like before.
    expect(view(d, 'B-EQ-2').current).toMatchObject({ stepId: 'S02', phase: 'need-signatures' });
    const record = buildBatchRecord('B-EQ-2', d.station.ledger.query({ batchRef: 'B-EQ-2', limit: 10_000 }), { user: (id) => d.station.users.byId(id) });
    const used = record.steps.find((x) => x.stepId === 'S02')!.events.find((e) => e.type === 'equipment.used');
    expect(used?.summary).toBe('Equipment GRN-01 (granulator) used for FG-PARA500: qualified (PQ PQ-GRN-01-2025), calibration due 2026-07-30T01:00:00.000Z, maintenance due 2026-05-21T01:00:00.000Z, cleaning cleaned at 2026-02-28T23:00:00.000Z');
  });

  it("FR-68 the station's own use makes the equipment dirty for the next batch until the hub records a cleaning after it", async () => {
    const s = await stationWithGranulator();
    await toS02('B-EQ-3', s);
    expect((await exec(d, s, 'B-EQ-3', checklist(['GRN-01']))).ok).toBe(true);
    d.clock.advance(5 * 60_000);
    await toS02('B-EQ-4', s);
    const dirty = await exec(d, s, 'B-EQ-4', checklist(['GRN-01']));
    expectRefused(dirty, 'EQUIPMENT_NOT_CLEAN');
    expect(dirty.ok ? null : dirty.error.details).toMatchObject({ lastProduct: 'FG-PARA500', required: 'minor' });
    const now = d.clock.now();
    d.revise('equipment', 'GRN-01', { cleaning: { ...granulator(now).cleaning, level: 'minor', lastProduct: 'FG-PARA500', usedUntil: atHours(now, -0.05), cleanedAt: atHours(now, -0.02) } });
    expect((await exec(d, s, 'B-EQ-4', checklist(['GRN-01']))).ok).toBe(true);
  });
});

describe('process steps that name an equipment class (issue 13 item 2)', () => {
  /** The demo recipe with its parameter step S03 and timer step S05 done on a granulator. */
  async function stationWithProcessSteps(): Promise<string> {
    d = await makeDispensingStation();
    const recipe = structuredClone(d.station.masterData.reader.get('recipe', RECIPE)!.data) as Recipe;
    for (const u of recipe.unitProcedures) for (const o of u.operations) for (const st of o.steps) if ((st.stepId === 'S03' && st.type === 'parameter') || (st.stepId === 'S05' && st.type === 'timer')) st.equipmentClass = 'granulator';
    d.revise('recipe', RECIPE, { unitProcedures: recipe.unitProcedures });
    const now = d.clock.now();
    d.applyMasterData([
      { kind: 'equipment', key: 'GRN-01', version: 1, data: granulator(now) },
      { kind: 'equipment', key: 'GRN-02', version: 1, data: granulator(now, { equipmentId: 'GRN-02', name: 'High-shear granulator 2', cleaning: { ...granulator(now).cleaning, status: 'dirty', lastProduct: 'FG-IBU200', usedUntil: atHours(now, -2) } }) },
      { kind: 'equipment', key: 'TP-01', version: 1, data: granulator(now, { equipmentId: 'TP-01', name: 'Tablet press 1', class: 'tablet-press' }) },
    ]);
    return d.login('op.li');
  }

  it('FR-86 the step offers a pick list of the station\'s equipment of its class with each one\'s status, refuses an unfit piece naming the reason, and records the use of a fit one', async () => {
    const s = await stationWithProcessSteps();
    d.importOrder('B-EQ-P1');
    await runTo(d, 'B-EQ-P1', at('S03'), undefined, { sessionId: s });
    const choices = view(d, 'B-EQ-P1').current?.equipmentChoices;
    // Only granulators; the usable one first; the dirty one with the gate's reason.
    expect(choices?.map((c) => [c.equipmentId, c.usable, c.refusal?.code ?? null])).toEqual([
      ['GRN-01', true, null],
      ['GRN-02', false, 'EQUIPMENT_NOT_CLEAN'],
    ]);
    expect(choices?.[1]?.refusal?.details).toMatchObject({ equipmentId: 'GRN-02', lastProduct: 'FG-IBU200', required: 'major' });
    const param = (equipment?: string[]): EngineCommandInput => ({ type: 'enter-parameter', stepId: 'S03', value: '21.5', ...(equipment ? { equipment } : {}) });
    expectRefused(await exec(d, s, 'B-EQ-P1', param()), 'EQUIPMENT_REQUIRED');
    expectRefused(await exec(d, s, 'B-EQ-P1', param(['GRN-02'])), 'EQUIPMENT_NOT_CLEAN');
    expectRefused(await exec(d, s, 'B-EQ-P1', param(['TP-01'])), 'EQUIPMENT_WRONG_CLASS');
    const r = await exec(d, s, 'B-EQ-P1', param(['GRN-01']));
    expect(r.ok && r.value.appended.map((e) => e.type)).toEqual(['step.recorded', 'equipment.used']);
    expect(uses('B-EQ-P1')).toMatchObject([{ equipmentId: 'GRN-01', stepId: 'S03', clearance: { cleaning: { basis: 'cleaned' } } }]);
    await runTo(d, 'B-EQ-P1', at('S04'), undefined, { sessionId: s });
    // A step that names no equipment refuses equipment given to it as input, not silently.
    expectRefused(await exec(d, s, 'B-EQ-P1', { type: 'enter-parameter', stepId: 'S04', value: '45', equipment: ['GRN-01'] }), 'INPUT_INVALID');
    await runTo(d, 'B-EQ-P1', at('S05'), undefined, { sessionId: s });
    // The timer on the same granulator within the same batch: the use going on, no cleaning between.
    const timer = await exec(d, s, 'B-EQ-P1', { type: 'start-timer', stepId: 'S05', equipment: ['GRN-01'] });
    expect(timer.ok && timer.value.appended.map((e) => e.type)).toEqual(['timer.started', 'equipment.used']);
    expect(uses('B-EQ-P1').map((u) => [u.stepId, (u.clearance.cleaning as { basis: string }).basis])).toEqual([
      ['S03', 'cleaned'],
      ['S05', 'same-batch'],
    ]);
  });
});
