/**
 * FR-142: a tare or zero made with the balance's own keys between the station's tare and the
 * capture. Before FR-142 the capture took the net the balance showed, so an operator who pressed
 * TARE with material on the pan weighed that material into nothing, and the record showed a tare
 * the balance no longer held. Now the capture asks the balance's tare (MT-SICS `TA` on the bench),
 * and a change the station did not command is recorded (`balance.tare_changed`), the capture is
 * refused (BALANCE_TARE_CHANGED) and the step needs the station's tare again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { unwrap, type Result } from '../../src-shared/result.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, runTo, view } from './engine-test-kit.ts';

const B = 'B-FR142';
let d: DispensingStation | undefined;
afterEach(() => d?.close());

const codeOf = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);
const g = (amount: string) => ({ amount, unit: 'g' as const });
const ofS21 = (type: string): LedgerEntry[] => d!.station.ledger.query({ batchRef: B }).filter((e) => e.type === type && (e.payload as { stepId?: string }).stepId === 'S21');
const phase = () => view(d!, B).current?.phase;

/** At S21 with BAL-A01 selected, a 50 g vessel on the pan, tared by the station. */
async function tared(): Promise<string> {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S21', 'need-container'));
  const s = d.login('op.li');
  unwrap(await exec(d, s, B, { type: 'scan-container', stepId: 'S21', scan: { containerId: 'C-PVP-0001' }, acceptPartial: false }));
  unwrap(await exec(d, s, B, { type: 'select-balance', stepId: 'S21', balanceId: 'BAL-A01', partial: false }));
  d.bench.clear('BAL-A01');
  d.bench.place('BAL-A01', g('50'));
  unwrap(await exec(d, s, B, { type: 'tare', stepId: 'S21' }));
  return s;
}

describe('FR-142 tares and zeros made with the balance keys', () => {
  it('FR-142 a TARE key pressed with material on the pan after the station tared is caught at capture: recorded with both tares, the capture refused, the step needs a tare; en and zh-CN', async () => {
    const s = await tared();
    const [tare] = ofS21('dispense.tared');
    expect(tare!.payload).toMatchObject({ balanceTare: { mass: g('50.0000') } });
    d!.bench.place('BAL-A01', g('6'));
    d!.bench.keyTare('BAL-A01');
    d!.bench.place('BAL-A01', g('80'));
    // The balance shows 80 g net: without FR-142 this capture recorded 80 g of the 86 g taken.
    const r = await exec(d!, s, B, { type: 'capture', stepId: 'S21', partial: false });
    expect(codeOf(r)).toBe('BALANCE_TARE_CHANGED');
    expect(ofS21('dispense.weighed')).toHaveLength(0);
    const [changed] = ofS21('balance.tare_changed');
    expect(changed!.payload).toMatchObject({
      balanceId: 'BAL-A01',
      tareSeq: tare!.seq,
      detectedBy: ['tare-query'],
      change: 'tare',
      recordedTare: { mass: g('50.0000') },
      balanceTare: { mass: g('56.0000') },
      reading: { mass: g('80.0000'), stable: true },
    });
    expect(!r.ok && r.error.details?.recordedSeq).toBe(changed!.seq);
    expect(phase()).toBe('need-tare');
    // The capture again without a tare: out of sequence, nothing weighed.
    expect(codeOf(await exec(d!, s, B, { type: 'capture', stepId: 'S21', partial: false }))).toBe('STEP_OUT_OF_SEQUENCE');
    const line = describeEntry(changed!.type, changed!.payload);
    expect(renderRecordLine(line, 'en')).toBe(
      `Balance BAL-A01 was tared or zeroed on its own keys after the tare of entry ${tare!.seq}, not by the station: the capture of 80.0000 g was refused; tare again; the balance holds a tare of 56.0000 g, the tare on record was 50.0000 g`,
    );
    expect(renderRecordLine(line, 'zh-CN')).toContain(`天平 BAL-A01 在记录 ${tare!.seq} 去皮之后被其自身按键去皮或置零`);
    expect(renderRecordLine(line, 'zh-CN')).toContain('天平当前皮重为 56.0000 g，记录的皮重为 50.0000 g');
    // The station tares again (a new vessel), and the weighing counts.
    d!.bench.clear('BAL-A01');
    d!.bench.place('BAL-A01', g('50'));
    unwrap(await exec(d!, s, B, { type: 'tare', stepId: 'S21' }));
    d!.bench.place('BAL-A01', g('80'));
    unwrap(await exec(d!, s, B, { type: 'capture', stepId: 'S21', partial: false }));
    const [weighed] = ofS21('dispense.weighed');
    expect(weighed!.payload).toMatchObject({ net: g('80.0000'), tareCheck: { by: ['tare-query'], balanceTare: { mass: g('50.0000') } } });
  });

  it('FR-142 a ZERO key (which clears the tare) after the station tared is caught as a tare cleared or zero set', async () => {
    const s = await tared();
    d!.bench.keyZero('BAL-A01');
    d!.bench.place('BAL-A01', g('80'));
    expect(codeOf(await exec(d!, s, B, { type: 'capture', stepId: 'S21', partial: false }))).toBe('BALANCE_TARE_CHANGED');
    expect(ofS21('balance.tare_changed')[0]!.payload).toMatchObject({ detectedBy: ['tare-query'], change: 'tare-or-zero', balanceTare: { mass: g('0.0000') } });
    expect(phase()).toBe('need-tare');
  });

  it('FR-142 a tare the station commands again (dispense.tare_requested → dispense.tared) is not flagged', async () => {
    const s = await tared();
    d!.bench.clear('BAL-A01');
    d!.bench.place('BAL-A01', g('70'));
    unwrap(await exec(d!, s, B, { type: 'tare', stepId: 'S21' }));
    expect(ofS21('dispense.tare_requested')).toHaveLength(1);
    d!.bench.place('BAL-A01', g('80'));
    unwrap(await exec(d!, s, B, { type: 'capture', stepId: 'S21', partial: false }));
    expect(ofS21('balance.tare_changed')).toHaveLength(0);
    expect(ofS21('dispense.weighed')[0]!.payload).toMatchObject({ net: g('80.0000'), tareCheck: { by: ['tare-query'], balanceTare: { mass: g('70.0000') } } });
  });

  it('FR-142 a balance whose protocol cannot tell (no tare query, no stream) is not flagged, and the record says the tare was not checked', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S21', 'need-container'));
    const s = d.login('op.li');
    d.bench.balance('BAL-A01').tareQuery = false;
    unwrap(await exec(d, s, B, { type: 'scan-container', stepId: 'S21', scan: { containerId: 'C-PVP-0001' }, acceptPartial: false }));
    unwrap(await exec(d, s, B, { type: 'select-balance', stepId: 'S21', balanceId: 'BAL-A01', partial: false }));
    d.bench.clear('BAL-A01');
    d.bench.place('BAL-A01', g('50'));
    unwrap(await exec(d, s, B, { type: 'tare', stepId: 'S21' }));
    expect(ofS21('dispense.tared')[0]!.payload).toMatchObject({ balanceTare: null });
    d.bench.place('BAL-A01', g('2'));
    d.bench.keyTare('BAL-A01');
    d.bench.place('BAL-A01', g('80'));
    unwrap(await exec(d, s, B, { type: 'capture', stepId: 'S21', partial: false }));
    const [weighed] = ofS21('dispense.weighed');
    expect(weighed!.payload).toMatchObject({ tareCheck: { by: [], balanceTare: null } });
    const line = describeEntry(weighed!.type, weighed!.payload);
    expect(renderRecordLine(line, 'en')).toContain('the balance could not tell a tare or zero made on its keys (no tare query it answered, no stream watched): not checked');
    expect(renderRecordLine(line, 'zh-CN')).toContain('该天平无法得知其按键所做的去皮或置零（无其应答的皮重查询，也无数据流监视）：未核对');
  });

  it('FR-142 loss in weight (subtraction): a TARE key between the first reading and the capture would have counted the whole container; caught against the tare the balance held at the first reading', async () => {
    const L = 'B-FR142-LIW';
    d = await makeDispensingStation();
    d.importOrder(L);
    await runTo(d, L, at('S22', 'need-tare'));
    const s = d.login('op.li');
    const balanceId = d.station.engine.view(L).current!.weigh!.balance!.balanceId;
    d.bench.clear(balanceId);
    d.bench.place(balanceId, g('1500'));
    unwrap(await exec(d, s, L, { type: 'tare', stepId: 'S22' }));
    const first = d.station.ledger.query({ batchRef: L, types: ['dispense.tared'] }).find((e) => (e.payload as { stepId: string }).stepId === 'S22')!;
    expect((first.payload as { balanceTare: { mass: { amount: string } } }).balanceTare.mass.amount).toMatch(/^0(\.0+)?$/);
    d.bench.remove(balanceId, g('100'));
    d.bench.keyTare(balanceId);
    // The balance now shows 0 g: before − after would be the whole 1500 g container.
    expect(codeOf(await exec(d, s, L, { type: 'capture', stepId: 'S22', partial: false }))).toBe('BALANCE_TARE_CHANGED');
    expect(d.station.ledger.query({ batchRef: L, types: ['dispense.weighed'] }).filter((e) => (e.payload as { stepId: string }).stepId === 'S22')).toEqual([]);
    const [changed] = d.station.ledger.query({ batchRef: L, types: ['balance.tare_changed'] });
    expect(changed!.payload).toMatchObject({ stepId: 'S22', detectedBy: ['tare-query'], change: 'tare', tareSeq: first.seq });
  });
});
