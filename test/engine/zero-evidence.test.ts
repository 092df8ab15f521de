/**
 * FR-154: a ZERO pressed on the balance's own keys with a load on the pan moves the zero every
 * later weight is read against, and leaves no tare: the tare query (FR-144) cannot show it. Until
 * FR-154 only the dispensing capture caught it (against the station's tare); a return, a periodic
 * check's test weight, an IPQC tablet and a spillage were taken low by the load. Now every weight
 * goes through one check (`tareEvidence`, src-core/order/tare-check.ts) of the key presses the
 * balance's stream showed since the station last zeroed it; one the tare it holds does not
 * account for refuses the weight (BALANCE_ZERO_UNRECORDED, recorded). The operator's way out is
 * the station's own clear-tare-and-zero (`balance.tare_cleared`, attributed, before and after).
 * The bench's balances stream here (`stream: true`), as a balance with a running SIR stream does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { unwrap, type Result } from '../../src-shared/result.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { withCheckPlans } from '../ipqc/ipqc-plans.ts';
import { at, exec, runTo } from './engine-test-kit.ts';
import { entriesOf, g, orderAtEnd } from './returns-kit.ts';

const B = 'B-FR154';
const C = 'C-PARA-0002';
let d: DispensingStation;
afterEach(() => d?.close());

const codeOf = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);
const refusals = (code: string) => d.station.ledger.query({ types: ['engine.command_refused'] }).filter((e) => (e.payload as { code: string }).code === code);

/** Someone puts `load` on the streaming balance, presses ZERO and takes it off again: the balance reads −load. */
/** A new station with order `W` at S21, its container scanned and BAL-A01 chosen, the pan empty; the operator's session. */
async function atStepOnBalance(W: string): Promise<string> {
  d = await makeDispensingStation();
  d.importOrder(W);
  await runTo(d, W, at('S21', 'need-container'));
  const s = d.login('op.li');
  unwrap(await exec(d, s, W, { type: 'scan-container', stepId: 'S21', scan: { containerId: 'C-PVP-0001' }, acceptPartial: false }));
  unwrap(await exec(d, s, W, { type: 'select-balance', stepId: 'S21', balanceId: 'BAL-A01', partial: false }));
  d.bench.clear('BAL-A01');
  return s;
}

function zeroWithLoad(balanceId: string, load: string): void {
  const b = d.bench.balance(balanceId);
  b.stream = true;
  d.bench.clear(balanceId);
  d.bench.place(balanceId, g(load));
  d.bench.keyZero(balanceId);
  d.bench.remove(balanceId, g(load));
}

describe('FR-154 a zero moved on the balance keys with a load on the pan is caught by every weighing', () => {
  it('FR-154 a return: refused (BALANCE_ZERO_UNRECORDED, recorded), the stock untouched; the station clears the tare and zeroes (recorded, attributed, en and zh-CN), and the return is weighed', async () => {
    const end = await orderAtEnd(B);
    d = end.d;
    const stockBefore = d.station.masterData.reader.containerLeft(C);
    zeroWithLoad('BAL-P01', '300');
    const tare = d.station.masterData.reader.get('container', C)!.data.tare;
    const gross = String(Number(tare.amount) * 1000 + 4602.96);
    d.bench.place('BAL-P01', g(gross));
    // Before FR-154: the balance held no tare (asked: 0.00 g), so the return recorded 300 g less remaining.
    const r = await exec(d, end.s, B, { type: 'weigh-return', containerId: C, balanceId: 'BAL-P01' });
    expect(codeOf(r)).toBe('BALANCE_ZERO_UNRECORDED');
    expect(!r.ok && r.error.details).toMatchObject({ balanceId: 'BAL-P01', balanceTare: g('0.00'), keyPresses: [{ before: g('300.00') }] });
    expect(entriesOf(d, B, 'return.weighed')).toHaveLength(0);
    expect(entriesOf(d, B, 'engine.command_refused').filter((e) => (e.payload as { code: string }).code === 'BALANCE_ZERO_UNRECORDED')).toHaveLength(1);
    expect(d.station.masterData.reader.containerLeft(C)).toEqual(stockBefore);

    // The way out at the station: the pan emptied, the station clears the tare and zeroes.
    d.bench.clear('BAL-P01');
    const cleared = unwrap(await d.station.balanceTares.clearTare(end.s, 'BAL-P01'));
    expect(cleared.commands).toEqual(['tare-clear', 'zero']);
    const entry = d.station.ledger.bySeq(cleared.seq)!;
    expect(entry.type).toBe('balance.tare_cleared');
    expect(entry.actor).toBe(d.station.users.byUsername('op.li')!.userId);
    expect(entry.payload).toMatchObject({ balanceId: 'BAL-P01', commands: ['tare-clear', 'zero'], before: { by: ['tare-query', 'stream'], keyPresses: [{ before: { mass: g('300.00') } }] }, after: { tare: { mass: g('0.00') } } });
    const line = describeEntry(entry.type, entry.payload);
    expect(renderRecordLine(line, 'en')).toBe('Tare of balance BAL-P01 cleared and balance zeroed from the station (tare before 0.00 g, after 0.00 g; 1 key press(es) since its last zero)');
    expect(renderRecordLine(line, 'zh-CN')).toContain('已从工作站清除天平 BAL-P01 的皮重并置零');

    d.bench.place('BAL-P01', g(gross));
    unwrap(await exec(d, end.s, B, { type: 'weigh-return', containerId: C, balanceId: 'BAL-P01' }));
    expect(entriesOf(d, B, 'return.weighed').at(-1)!.payload).toMatchObject({ remaining: { amount: '4.60296', unit: 'kg' }, tareCheck: { by: ['tare-query', 'stream'] } });
  });

  it('FR-154 a zero pressed with a load and pressed again once it is off cancel out: the return is weighed', async () => {
    const end = await orderAtEnd(B);
    d = end.d;
    zeroWithLoad('BAL-P01', '300');
    d.bench.keyZero('BAL-P01');
    const tare = d.station.masterData.reader.get('container', C)!.data.tare;
    d.bench.place('BAL-P01', g(String(Number(tare.amount) * 1000 + 4602.96)));
    unwrap(await exec(d, end.s, B, { type: 'weigh-return', containerId: C, balanceId: 'BAL-P01' }));
    expect(entriesOf(d, B, 'return.weighed').at(-1)!.payload).toMatchObject({ remaining: { amount: '4.60296', unit: 'kg' } });
  });

  it('FR-154 a periodic check: a test weight read on a zero moved by 0.8 g is refused and recorded (a balance 0.8 g high would have passed)', async () => {
    d = await makeDispensingStation();
    const s = d.login('op.li');
    const checks = d.station.ledger.query({ types: ['balance.check_recorded'] }).length;
    zeroWithLoad('BAL-P01', '0.80');
    d.bench.place('BAL-P01', g('5000.80'));
    const r = await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 5 kg #P11');
    expect(codeOf(r)).toBe('BALANCE_ZERO_UNRECORDED');
    expect(refusals('BALANCE_ZERO_UNRECORDED').map((e) => e.payload)).toMatchObject([{ command: 'balance-check.readTestWeight' }]);
    expect(d.station.ledger.query({ types: ['balance.check_recorded'] })).toHaveLength(checks);
  });

  it('FR-154 a held tare refusing a test weight is recorded too', async () => {
    d = await makeDispensingStation();
    const s = d.login('op.li');
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('0.80'));
    d.bench.keyTare('BAL-P01');
    d.bench.remove('BAL-P01', g('0.80'));
    d.bench.place('BAL-P01', g('5000.80'));
    expect(codeOf(await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 5 kg #P11'))).toBe('BALANCE_HOLDS_TARE');
    expect(refusals('BALANCE_HOLDS_TARE')).toHaveLength(1);
  });

  it('FR-154 an IPQC tablet: a boat ZEROED on the keys is refused and recorded; the same boat TARED on the keys is accounted for and the reading taken', async () => {
    const I = 'B-FR154-IPQC';
    d = await makeDispensingStation();
    withCheckPlans(d);
    d.importOrder(I);
    const s = d.login('op.li');
    await runTo(d, I, (v) => v.status === 'in-progress', undefined, { sessionId: s });
    d.bench.balance('BAL-A01').stream = true;
    d.bench.clear('BAL-A01');
    d.bench.place('BAL-A01', g('1.5'));
    d.bench.keyZero('BAL-A01');
    d.bench.place('BAL-A01', { amount: '500', unit: 'mg' });
    const r = await d.station.ipqc.readBalance(s, I, 'TW', 'BAL-A01');
    expect(codeOf(r)).toBe('BALANCE_ZERO_UNRECORDED');
    expect(d.station.ledger.query({ batchRef: I, types: ['engine.command_refused'] }).map((e) => e.payload)).toMatchObject([{ command: 'ipqc.readBalance', code: 'BALANCE_ZERO_UNRECORDED' }]);
    expect(d.station.ledger.query({ batchRef: I, types: ['ipqc.sample_read'] })).toHaveLength(0);
    // Cleared from the station, the boat tared on the keys: the tare accounts for the key press.
    d.bench.clear('BAL-A01');
    unwrap(await d.station.balanceTares.clearTare(s, 'BAL-A01'));
    d.bench.place('BAL-A01', g('1.5'));
    d.bench.keyTare('BAL-A01');
    d.bench.place('BAL-A01', { amount: '500', unit: 'mg' });
    unwrap(await d.station.ipqc.readBalance(s, I, 'TW', 'BAL-A01'));
    expect(d.station.ledger.query({ batchRef: I, types: ['ipqc.sample_read'] }).map((e) => e.payload)).toMatchObject([
      { reading: { mass: g('0.5000') }, tareCheck: { by: ['tare-query', 'stream'], balanceTare: { mass: g('1.5000') } } },
    ]);
  });

  it('FR-154 a spillage swept onto a vessel zeroed on the keys is refused and recorded', async () => {
    const end = await orderAtEnd(B);
    d = end.d;
    d.bench.balance('BAL-P01').stream = true;
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('35'));
    d.bench.keyZero('BAL-P01');
    d.bench.place('BAL-P01', g('20'));
    const r = await exec(d, end.s, B, { type: 'record-spillage', containerId: C, balanceId: 'BAL-P01', reason: 'bag tore while closing it' });
    expect(codeOf(r)).toBe('BALANCE_ZERO_UNRECORDED');
    expect(entriesOf(d, B, 'spillage.recorded')).toHaveLength(0);
    expect(entriesOf(d, B, 'engine.command_refused').map((e) => (e.payload as { code: string }).code)).toContain('BALANCE_ZERO_UNRECORDED');
  });
});

describe('FR-154 the station clears a tare only where no weighing stands on it', () => {
  it('FR-154 a step tared by the station and not yet captured keeps its tare: the clear is refused (DEVICE_BUSY) and recorded; the balance keeps the tare', async () => {
    const W = 'B-FR154-BUSY';
    const s = await atStepOnBalance(W);
    d.bench.place('BAL-A01', g('50'));
    unwrap(await exec(d, s, W, { type: 'tare', stepId: 'S21' }));
    const r = await d.station.balanceTares.clearTare(s, 'BAL-A01');
    expect(codeOf(r)).toBe('DEVICE_BUSY');
    expect(!r.ok && r.error.details).toMatchObject({ batchNumber: W, stepId: 'S21' });
    expect(refusals('DEVICE_BUSY').map((e) => [e.batchRef, e.payload])).toMatchObject([[W, { command: 'balances.clearTare' }]]);
    expect(d.bench.balance('BAL-A01').tare).toEqual(g('50'));
    expect(d.station.ledger.query({ types: ['balance.tare_cleared'] })).toHaveLength(0);
  });
});

describe('FR-154 the station clear zeroes only an empty pan, and its own tares count with the key presses', () => {
  it('FR-154 5 g left on the pan: the clear sends only the tare clear, reads 5 g gross and refuses the zero (BALANCE_PAN_NOT_EMPTY); balance.tare_cleared records the command and the gross; the load stays on the balance', async () => {
    d = await makeDispensingStation();
    const s = d.login('op.li');
    d.bench.balance('BAL-P01').stream = true;
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('5'));
    const r = await d.station.balanceTares.clearTare(s, 'BAL-P01');
    expect(codeOf(r)).toBe('BALANCE_PAN_NOT_EMPTY');
    const [entry] = d.station.ledger.query({ types: ['balance.tare_cleared'] });
    expect(entry!.payload).toMatchObject({ balanceId: 'BAL-P01', commands: ['tare-clear'], gross: { mass: g('5.00') }, refused: { code: 'BALANCE_PAN_NOT_EMPTY' } });
    expect(!r.ok && r.error.details).toMatchObject({ seq: entry!.seq });
    const line = describeEntry(entry!.type, entry!.payload);
    expect(renderRecordLine(line, 'en')).toBe('Clear of balance BAL-P01 from the station stopped before it was zeroed (BALANCE_PAN_NOT_EMPTY); sent: tare-clear; it read 5.00 g; tare after 0.00 g');
    expect(renderRecordLine(line, 'zh-CN')).toContain('在置零前已中止');
    // Not zeroed: a 5 kg test weight now reads 5005 g (before: the 5 g became the zero, 5000 g).
    expect(unwrap(await d.bench.readStable('BAL-P01')).mass).toEqual(g('5.00'));
  });

  it('FR-154 a clear whose gross cannot be read after the tare clear (the balance does not settle) records the tare clear sent, then refuses', async () => {
    d = await makeDispensingStation();
    const s = d.login('op.li');
    d.bench.clear('BAL-P01');
    d.bench.balance('BAL-P01').unstable = true;
    const r = await d.station.balanceTares.clearTare(s, 'BAL-P01');
    expect(codeOf(r)).toBe('READING_NOT_STABLE');
    expect(d.station.ledger.query({ types: ['balance.tare_cleared'] }).map((e) => e.payload)).toMatchObject([{ commands: ['tare-clear'], gross: null, refused: { code: 'READING_NOT_STABLE' } }]);
  });

  it('FR-154 the station tared a 50 g container, it came off (-50 g) and ZERO (or TARE) was pressed on the empty pan: a periodic check is not refused', async () => {
    for (const key of ['zero', 'tare'] as const) {
      d = await makeDispensingStation();
      const s = d.login('op.li');
      d.bench.balance('BAL-P01').stream = true;
      d.bench.clear('BAL-P01');
      d.bench.place('BAL-P01', g('50'));
      unwrap(await d.bench.tare('BAL-P01')); // the station's tare, as a net step asks it
      d.bench.remove('BAL-P01', g('50'));
      if (key === 'zero') d.bench.keyZero('BAL-P01');
      else d.bench.keyTare('BAL-P01');
      d.bench.place('BAL-P01', g('5000.00'));
      const r = await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 5 kg #P11');
      expect(codeOf(r), key).toBe('ok');
      d.close();
    }
  });

  it('FR-154 a spillage vessel tared on the keys while the balance holds the station tare of a container is weighed, not refused', async () => {
    const end = await orderAtEnd(B);
    d = end.d;
    d.bench.balance('BAL-P01').stream = true;
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('50'));
    unwrap(await d.bench.tare('BAL-P01'));
    d.bench.place('BAL-P01', g('35'));
    d.bench.keyTare('BAL-P01');
    d.bench.place('BAL-P01', g('20'));
    unwrap(await exec(d, end.s, B, { type: 'record-spillage', containerId: C, balanceId: 'BAL-P01', reason: 'bag tore while closing it' }));
    expect(entriesOf(d, B, 'spillage.recorded')).toHaveLength(1);
  });

  it('FR-154 a periodic check reading taken before a station clear does not complete a check with readings after it', async () => {
    d = await makeDispensingStation();
    const s = d.login('op.li');
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('5000.00'));
    expect(unwrap(await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 5 kg #P11')).remaining).toEqual(['F1 500 g #P04']);
    d.bench.clear('BAL-P01');
    unwrap(await d.station.balanceTares.clearTare(s, 'BAL-P01'));
    d.bench.place('BAL-P01', g('500.00'));
    const r = unwrap(await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 500 g #P04'));
    expect(r.recorded).toBeNull();
    expect(r.remaining).toEqual(['F1 5 kg #P11']);
  });
});

describe('FR-154 a weighing tared while the clear is under way', () => {
  it('FR-154 a step tared on the balance after the busy check and before the zero: the zero is not sent (DEVICE_BUSY), the tare clear sent is recorded', async () => {
    const W = 'B-FR154-RACE';
    const s = await atStepOnBalance(W);
    // The operator at the step tares (the pan empty: a weighing boat of no weight) while the clear asks the balance.
    const real = d.bench.tareState.bind(d.bench);
    let raced = false;
    d.bench.tareState = async (id, o) => {
      if (!raced) {
        raced = true;
        unwrap(await exec(d, s, W, { type: 'tare', stepId: 'S21' }));
      }
      return real(id, o);
    };
    const r = await d.station.balanceTares.clearTare(s, 'BAL-A01');
    expect(codeOf(r)).toBe('DEVICE_BUSY');
    expect(d.station.ledger.query({ types: ['balance.tare_cleared'] }).map((e) => e.payload)).toMatchObject([{ commands: ['tare-clear'], refused: { code: 'DEVICE_BUSY' } }]);
  });
});
