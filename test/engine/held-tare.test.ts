/**
 * FR-144: every weighing the station takes checks the balance's tare, not only a dispensing
 * capture (FR-142). A return reads the container's gross against the balance's zero: before
 * FR-144 a tare left on the balance (the station's own from the previous weighing, or one set on
 * its keys) made the remaining read low by it, and the stock followed that. Now the balance is
 * asked its tare with the reading (MT-SICS `TA` on the bench); a tare held refuses the return
 * (BALANCE_HOLDS_TARE, recorded as every refusal is), and the return records how it was checked.
 * A spillage is weighed net of a vessel tared on the balance's keys: the record keeps that tare.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import type { DispensingStation } from '../fakes/dispensing-station.ts';
import { ok, unwrap } from '../../src-shared/result.ts';
import { at, exec, expectRefused, runTo } from './engine-test-kit.ts';
import { makeDispensingStation } from '../fakes/dispensing-station.ts';
import { entriesOf, g, orderAtEnd, weighBack } from './returns-kit.ts';

const B = 'B-FR144';
const C = 'C-PARA-0002';
let d: DispensingStation;
afterEach(() => d?.close());

/** The container put on BAL-P01 WITHOUT clearing what the balance holds (weighBack clears it). */
function onTheBalance(content: string) {
  const tare = d.station.masterData.reader.get('container', C)!.data.tare;
  d.bench.place('BAL-P01', { amount: String(Number(tare.amount) * 1000 + Number(content)), unit: 'g' });
  return { type: 'weigh-return' as const, containerId: C, balanceId: 'BAL-P01' };
}

describe('FR-144 a return is weighed against the balance zero, never against a tare it still holds', () => {
  test('FR-144 a tare left on the balance (a 120 g vessel tared, then taken off) refuses the return: recorded, nothing weighed back, the stock unchanged; cleared, it is weighed and records the check', async () => {
    const at = await orderAtEnd(B);
    d = at.d;
    const stockBefore = d.station.masterData.reader.containerLeft(C);
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('120'));
    d.bench.keyTare('BAL-P01');
    d.bench.remove('BAL-P01', g('120'));
    // Before FR-144: the balance showed 4952.96 − 120 g, recorded as 120 g less remaining.
    const r = await exec(d, at.s, B, onTheBalance('4602.96'));
    expectRefused(r, 'BALANCE_HOLDS_TARE');
    expect(!r.ok && r.error.details).toMatchObject({ balanceId: 'BAL-P01', balanceTare: { amount: '120.00', unit: 'g' }, reading: { amount: '4832.96', unit: 'g' } });
    expect(entriesOf(d, B, 'return.weighed')).toHaveLength(0);
    const [refused] = entriesOf(d, B, 'engine.command_refused').filter((e) => (e.payload as { code: string }).code === 'BALANCE_HOLDS_TARE');
    expect((refused!.payload as { message: string }).message).toContain('holds a tare of 120.00 g');
    expect(d.station.masterData.reader.containerLeft(C)).toEqual(stockBefore);
    // The tare cleared (empty pan), the same container weighs what it holds.
    const ok = await weighBack(d, at.s, B, C, g('4602.96'));
    expect(ok.ok).toBe(true);
    expect(entriesOf(d, B, 'return.weighed').at(-1)!.payload).toMatchObject({ remaining: { amount: '4.60296', unit: 'kg' }, tareCheck: { by: ['tare-query'], balanceTare: { mass: { amount: '0.00', unit: 'g' } } } });
  });

  test('FR-144 a balance that cannot be asked its tare weighs the return, and the record says the tare was not checked (en, zh-CN)', async () => {
    const at = await orderAtEnd(B);
    d = at.d;
    d.bench.balance('BAL-P01').tareQuery = false;
    expect((await weighBack(d, at.s, B, C, g('4602.96'))).ok).toBe(true);
    const e = entriesOf(d, B, 'return.weighed').at(-1)!;
    expect(e.payload).toMatchObject({ tareCheck: { by: [], balanceTare: null } });
    const line = describeEntry(e.type, e.payload);
    expect(renderRecordLine(line, 'en')).toContain('the balance cannot be asked for its tare: that it held none was not checked');
    expect(renderRecordLine(line, 'zh-CN')).toContain('无法询问该天平的皮重：未核对其是否无皮重');
  });

  test('FR-144 a spillage weighed net of a vessel tared on the balance keys records that tare (en, zh-CN)', async () => {
    const at = await orderAtEnd(B);
    d = at.d;
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('35'));
    d.bench.keyTare('BAL-P01');
    d.bench.place('BAL-P01', g('20'));
    expect((await exec(d, at.s, B, { type: 'record-spillage', containerId: C, balanceId: 'BAL-P01', reason: 'bag tore while closing it' })).ok).toBe(true);
    const e = entriesOf(d, B, 'spillage.recorded').at(-1)!;
    expect(e.payload).toMatchObject({ amount: { amount: '20.00', unit: 'g' }, tareCheck: { by: ['tare-query'], balanceTare: { mass: { amount: '35.00', unit: 'g' } } } });
    const line = describeEntry(e.type, e.payload);
    expect(renderRecordLine(line, 'en')).toContain('net of a tare of 35.00 g the balance held (set on its keys, not by the station)');
    expect(renderRecordLine(line, 'zh-CN')).toContain('已扣除天平所持皮重 35.00 g');
  });
});

describe('FR-144 a slow printer is said so in the weighing record', () => {
  test('FR-144 a jump to zero the stream printed too slowly to tell from a load lifted off is not a key press: the capture counts and records tareCheck.unsure (en, zh-CN)', async () => {
    const L = 'B-FR144-SLOW';
    d = await makeDispensingStation();
    d.importOrder(L);
    await runTo(d, L, at('S21', 'need-container'));
    const s = d.login('op.li');
    unwrap(await exec(d, s, L, { type: 'scan-container', stepId: 'S21', scan: { containerId: 'C-PVP-0001' }, acceptPartial: false }));
    unwrap(await exec(d, s, L, { type: 'select-balance', stepId: 'S21', balanceId: 'BAL-A01', partial: false }));
    d.bench.clear('BAL-A01');
    d.bench.place('BAL-A01', g('50'));
    unwrap(await exec(d, s, L, { type: 'tare', stepId: 'S21' }));
    // The balance's stream (as the driver port reports it): one settled 50 g → settled 0 g a second apart.
    const asked = d.bench.tareState.bind(d.bench);
    const jump = { before: { mass: g('50.0000'), stable: true, raw: 'N     +  50.0000 g  ' }, after: { mass: g('0.0000'), stable: true, raw: 'N     +   0.0000 g  ' }, change: 'tare-or-zero' as const };
    d.bench.tareState = async (id: string) => {
      const r = await asked(id);
      return r.ok ? ok({ ...r.value, by: [...r.value.by, 'stream' as const], unsure: [jump] }) : r;
    };
    d.bench.place('BAL-A01', g('80'));
    unwrap(await exec(d, s, L, { type: 'capture', stepId: 'S21', partial: false }));
    const [weighed] = d.station.ledger.query({ batchRef: L, types: ['dispense.weighed'] }).filter((e) => (e.payload as { stepId: string }).stepId === 'S21');
    expect(weighed!.payload).toMatchObject({ net: g('80.0000'), tareCheck: { by: ['tare-query', 'stream'], unsure: 1 } });
    expect(d.station.ledger.query({ batchRef: L, types: ['balance.tare_changed'] })).toEqual([]);
    const line = describeEntry(weighed!.type, weighed!.payload);
    expect(renderRecordLine(line, 'en')).toContain('its readings jumped to zero 1 time(s) between two prints too far apart to tell a key press from a load lifted off');
    expect(renderRecordLine(line, 'zh-CN')).toContain('其读数在两次打印之间归零 1 次');
  });
});
