/**
 * FR-144 beyond dispensing: the periodic balance check and IPQC readings take a weight from the
 * balance too. A test weight is read against the balance's zero: before FR-144 a tare set on the
 * balance's keys (a 0.8 g object tared, then the test weight put on) made a balance that weighs
 * 0.8 g high read its test weight exactly and pass its check. Now the balance is asked its tare
 * with every test weight; a held tare refuses the reading (BALANCE_HOLDS_TARE), and the check
 * records how it was checked. An IPQC tablet, weighed on a boat tared on the keys, records the
 * tare the balance held.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { runTo } from './engine-test-kit.ts';
import { withCheckPlans } from '../ipqc/ipqc-plans.ts';

const KG5 = 'F1 5 kg #P11';
const G500 = 'F1 500 g #P04';
let d: DispensingStation;
afterEach(() => d?.close());
const g = (amount: string) => ({ amount, unit: 'g' as const });

describe('FR-144 a balance check reads its test weights against the balance zero', () => {
  it('FR-144 a tare set on the keys before the test weight refuses the reading (a balance 0.8 g high would have passed); cleared, the check is recorded with by tare-query', async () => {
    d = await makeDispensingStation();
    const s = d.login('op.li');
    // The balance weighs 0.8 g high (its 5 kg weight shows as 5000.80 g); 0.8 g put on the pan,
    // tared on the keys and taken off again hides it: the test weight then reads 5000.00 g.
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('0.80'));
    d.bench.keyTare('BAL-P01');
    d.bench.remove('BAL-P01', g('0.80'));
    d.bench.place('BAL-P01', g('5000.80'));
    const r = await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', KG5);
    expect(r.ok ? 'read' : r.error.code).toBe('BALANCE_HOLDS_TARE');
    expect(!r.ok && r.error.details).toMatchObject({ balanceTare: g('0.80'), reading: g('5000.00') });
    // Read against the zero, the same balance shows what it weighs, and its check fails.
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('5000.80'));
    unwrap(await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', KG5));
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('500.00'));
    const done = unwrap(await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', G500));
    expect(done.recorded?.passed).toBe(false);
    const entry = d.station.ledger.bySeq(done.recorded!.seq)!;
    expect(entry.payload).toMatchObject({ passed: false, tareCheck: { by: ['tare-query'] } });
  });

  it('FR-144 a balance that cannot be asked its tare records the check as not checked (by [])', async () => {
    d = await makeDispensingStation();
    const s = d.login('op.li');
    d.bench.balance('BAL-P01').tareQuery = false;
    for (const [w, mass] of [[KG5, '5000.00'], [G500, '500.00']] as const) {
      d.bench.clear('BAL-P01');
      d.bench.place('BAL-P01', g(mass));
      const r = unwrap(await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', w));
      if (r.recorded) expect(d.station.ledger.bySeq(r.recorded.seq)!.payload).toMatchObject({ passed: true, tareCheck: { by: [] } });
    }
  });
});

describe('FR-144 an IPQC reading records the tare it was weighed net of', () => {
  it('FR-144 a tablet on a boat tared on the balance keys: ipqc.sample_read keeps the tare the balance held; a balance that cannot be asked says by []', async () => {
    const B = 'B-FR144-IPQC';
    d = await makeDispensingStation();
    withCheckPlans(d);
    d.importOrder(B);
    const s = d.login('op.li');
    await runTo(d, B, (v) => v.status === 'in-progress', undefined, { sessionId: s });
    d.bench.clear('BAL-A01');
    d.bench.place('BAL-A01', g('1.5'));
    d.bench.keyTare('BAL-A01');
    d.bench.place('BAL-A01', { amount: '500', unit: 'mg' });
    unwrap(await d.station.ipqc.readBalance(s, B, 'TW', 'BAL-A01'));
    d.bench.balance('BAL-A01').tareQuery = false;
    unwrap(await d.station.ipqc.readBalance(s, B, 'TW', 'BAL-A01'));
    const reads = d.station.ledger.query({ batchRef: B, types: ['ipqc.sample_read'] });
    expect(reads.map((e) => e.payload)).toMatchObject([
      { reading: { mass: g('0.5000') }, tareCheck: { by: ['tare-query'], balanceTare: { mass: g('1.5000') } } },
      { reading: { mass: g('0.5000') }, tareCheck: { by: [], balanceTare: null } },
    ]);
  });
});
