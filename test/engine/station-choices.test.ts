/**
 * Operator effort (issue 18 item 17): the station makes the choices the rules already make —
 * the finest qualifying balance after a scan, the dispensed-material label when its step comes
 * up after the weighing — through the same decisions as the operator's own commands, so the
 * engine still refuses what it refused, and the record says the station chose.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, OPERATOR, refusalsOf, runTo, signAs, SUPERVISOR, view } from './engine-test-kit.ts';

const B = 'B-CHOICE-1';
let d: DispensingStation;
afterEach(() => d?.close());

async function station(labelMode: 'training' | 'production' = 'training'): Promise<string> {
  d = await makeDispensingStation({ engine: { stationChoices: true }, labels: { labelMode } });
  d.importOrder(B);
  return d.login('op.li');
}

const entries = (type: string): LedgerEntry[] => d.station.ledger.query({ batchRef: B, types: [type] });

describe('the balance the station chooses', () => {
  test('after the scan the finest qualifying balance is selected and the record says the station chose it among the candidates', async () => {
    const s = await station();
    await runTo(d, B, at('S24', 'need-container'), undefined, { sessionId: s });
    const before = entries('dispense.balance_selected').length;
    const r = unwrap(await exec(d, s, B, { type: 'scan-container', stepId: 'S24', scan: { containerId: 'C-MGST-0001' } }));
    expect(r.appended.map((e) => e.type)).toEqual(['dispense.container_scanned', 'dispense.balance_selected']);
    expect(r.followUpError).toBeUndefined();
    // 100 g of magnesium stearate: both balances qualify, the analytical one (0.1 mg) is finer.
    expect(view(d, B).current).toMatchObject({ stepId: 'S24', phase: 'need-tare', weigh: { balance: { balanceId: 'BAL-A01' } } });
    const chosen = entries('dispense.balance_selected').slice(before);
    expect(chosen).toHaveLength(1);
    expect(chosen[0]!.payload).toMatchObject({ chosenBy: 'station', candidates: ['BAL-A01', 'BAL-P01'], balance: { balanceId: 'BAL-A01', identifiedSerial: 'SIM-B548912307' } });
    expect(chosen[0]!.actor).toBe(d.station.users.byUsername('op.li')!.userId);
    const line = describeEntry('dispense.balance_selected', chosen[0]!.payload);
    expect(renderRecordLine(line, 'en')).toMatch(/chosen by the station among BAL-A01, BAL-P01/);
    expect(renderRecordLine(line, 'zh-CN')).toMatch(/由工作站自动选择/);
  });

  test('only a balance that passes every gate is chosen: with the analytical balance out of calibration the precision balance is taken', async () => {
    const s = await station();
    await runTo(d, B, at('S24', 'need-container'), undefined, { sessionId: s });
    d.revise('balance', 'BAL-A01', { calibration: { ...d.station.masterData.reader.get('balance', 'BAL-A01')!.data.calibration, dueAt: '2026-01-01T00:00:00.000Z' } });
    unwrap(await exec(d, s, B, { type: 'scan-container', stepId: 'S24', scan: { containerId: 'C-MGST-0001' } }));
    expect(view(d, B).current).toMatchObject({ phase: 'need-tare', weigh: { balance: { balanceId: 'BAL-P01' } } });
    expect(entries('dispense.balance_selected').at(-1)!.payload).toMatchObject({ chosenBy: 'station', candidates: ['BAL-P01'] });
  });

  test('when no balance qualifies the operator chooses, and the engine still refuses an unfit balance', async () => {
    const s = await station();
    await runTo(d, B, at('S24', 'need-container'), undefined, { sessionId: s });
    for (const id of ['BAL-A01', 'BAL-P01']) d.revise('balance', id, { calibration: { ...d.station.masterData.reader.get('balance', id)!.data.calibration, dueAt: '2026-01-01T00:00:00.000Z' } });
    const refusedBefore = refusalsOf(d, B).length;
    const r = unwrap(await exec(d, s, B, { type: 'scan-container', stepId: 'S24', scan: { containerId: 'C-MGST-0001' } }));
    expect(r.appended.map((e) => e.type)).toEqual(['dispense.container_scanned']);
    expect(view(d, B).current?.phase).toBe('need-balance');
    expect(refusalsOf(d, B)).toHaveLength(refusedBefore);
    const chosen = await exec(d, s, B, { type: 'select-balance', stepId: 'S24', balanceId: 'BAL-P01' });
    expect(chosen.ok ? 'accepted' : chosen.error.code).toBe('BALANCE_CALIBRATION_OVERDUE');
  });
});

/** Runs S11 (line L10, split over containers) until its last portion waits for its signatures. */
async function lastPortionOfS11(s: string): Promise<void> {
  for (;;) {
    await runTo(d, B, at('S11', 'need-signatures'), undefined, { sessionId: s });
    const v = view(d, B);
    const cur = v.current!;
    const w = cur.weigh!;
    // The last portion: the line's total is inside its window once this portion counts.
    if (w.lastWeighing?.verdict === 'within' && !w.container?.partial) return;
    unwrap(await exec(d, s, B, signAs('performed', OPERATOR)));
    unwrap(await exec(d, s, B, signAs('verified', SUPERVISOR)));
  }
}

describe('the label printed on accept', () => {
  test('the dispensed-material label step prints by itself once the weighing is accepted and signed (training: a recorded preview)', async () => {
    const s = await station('training');
    await lastPortionOfS11(s);
    const performed = unwrap(await exec(d, s, B, signAs('performed', OPERATOR)));
    expect(performed.appended.map((e) => e.type)).toEqual(['signature.applied']);
    const verified = unwrap(await exec(d, s, B, signAs('verified', SUPERVISOR)));
    // FR-141: a training preview reaches no printer, so no print is announced (production: label-print-intent.test.ts).
    expect(verified.appended.map((e) => e.type)).toEqual(['signature.applied', 'label.printed']);
    const [label] = entries('label.printed');
    expect(label!.payload).toMatchObject({ stepId: 'S12', labelKind: 'dispensed-material', printerId: null, preview: true });
    expect(label!.actor).toBe(d.station.users.byUsername('op.li')!.userId);
    expect(view(d, B).current?.stepId).not.toBe('S12');
  });

  test('a production station without a printer refuses the automatic print, records why, and leaves the label step to the operator', async () => {
    const s = await station('production');
    await lastPortionOfS11(s);
    unwrap(await exec(d, s, B, signAs('performed', OPERATOR)));
    const r = unwrap(await exec(d, s, B, signAs('verified', SUPERVISOR)));
    expect(r.followUpError).toMatchObject({ command: 'print-label', code: 'LABEL_PRINTER_NOT_CONFIGURED' });
    expect(entries('label.printed')).toHaveLength(0);
    expect(view(d, B).current).toMatchObject({ stepId: 'S12', phase: 'ready' });
    expect(refusalsOf(d, B).at(-1)).toMatchObject({ command: 'print-label', code: 'LABEL_PRINTER_NOT_CONFIGURED', stepId: 'S12' });
    const again = await exec(d, s, B, { type: 'print-label', stepId: 'S12' });
    expect(again.ok ? 'accepted' : again.error.code).toBe('LABEL_PRINTER_NOT_CONFIGURED');
  });
});
