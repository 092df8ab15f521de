/**
 * Reconciliation (issue 17 item 6): per container (theoretical remaining against weighed
 * remaining, each case; a supervisor decides beyond the limit), per order (issued = dispensed +
 * returned + wasted ± tolerance, spillage with a reason) and per batch (yield against the
 * recipe's limits); out of limits is a deviation the order cannot complete without.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { DispensingStation } from '../fakes/dispensing-station.ts';
import { exec, expectRefused, OPERATOR, signAs, SUPERVISOR } from './engine-test-kit.ts';
import { entriesOf, g, orderAtEnd, returnAll, weighBack } from './returns-kit.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';

const B = 'B-REC-1';
const C = 'C-PARA-0002';
let d: DispensingStation;
afterEach(() => d?.close());
const left = (containerId: string) => d.station.masterData.reader.containerLeft(containerId);
const view = () => d.station.engine.view(B);
const decide = (decision: 'accepted' | 'stock-adjusted' | 'deviation-opened', who = SUPERVISOR) => ({
  type: 'resolve-return-discrepancy' as const,
  containerId: C,
  decision,
  reason: 'drum weighed twice; the hub quantity was wrong at receipt',
  ...who,
});
const lastReturn = () => entriesOf(d, B, 'return.weighed').at(-1)!.payload;
const reconciliation = () => entriesOf(d, B, 'reconciliation.recorded').at(-1)!.payload as { closes: boolean; materials: { materialCode: string; issued: unknown; wasted: unknown; difference: unknown; closes: boolean }[]; yield: { percent: string; within: boolean | null } | null; deviationIds: string[] };
const paracetamol = () => reconciliation().materials.find((m) => m.materialCode === 'API-PARA')!;

describe('FR-29 per container: theoretical against weighed remaining', () => {
  test('FR-29 found short and not empty, beyond the limit: the stock waits for a supervisor, who adjusts it with an e-signature', async () => {
    const at = await orderAtEnd(B);
    d = at.d;
    expect((await weighBack(d, at.s, B, C, g('4492.96'))).ok).toBe(true);
    expect(lastReturn()).toMatchObject({ finding: 'short-not-empty', beyondLimit: true, difference: { amount: '-0.10000', unit: 'kg' } });
    expect(left(C)).toEqual({ amount: '4.59296', unit: 'kg' });
    expect(view().reconciliation!.containers.find((c) => c.containerId === C)!.return).toMatchObject({ status: 'awaiting-decision' });
    expectRefused(await weighBack(d, at.s, B, C, g('4492.96')), 'RETURN_DISCREPANCY_PENDING');
    expectRefused(await exec(d, at.s, B, { type: 'print-return-label', containerId: C }), 'RETURN_LABEL_NOT_DUE');
    expectRefused(await exec(d, at.s, B, { type: 'reconcile-order' }), 'RETURN_DISCREPANCY_PENDING');
    // The operator cannot decide alone.
    expectRefused(await exec(d, at.s, B, decide('stock-adjusted', OPERATOR)), 'SIGNATURE_ROLE_REQUIRED');
    expect(left(C)).toEqual({ amount: '4.59296', unit: 'kg' });
    expect((await exec(d, at.s, B, decide('stock-adjusted'))).ok).toBe(true);
    const resolution = entriesOf(d, B, 'return.discrepancy_resolved').at(-1)!;
    expect(d.station.ledger.query({ types: ['signature.applied'] }).at(-1)!.payload).toMatchObject({ targetSeq: resolution.seq, meaning: 'approved', username: 'sup.wang' });
    expect(left(C)).toEqual({ amount: '4.49296', unit: 'kg' });
    // Adjusted stock: what was issued is corrected, the order's balance closes.
    await returnAll(d, at.s, B);
    expect((await exec(d, at.s, B, { type: 'reconcile-order' })).ok).toBe(true);
    expect(paracetamol()).toMatchObject({ issued: { amount: '5.50000', unit: 'kg' }, closes: true });
  });

  test('FR-29 found short and declared empty, beyond the limit: the supervisor opens a deviation, which blocks completion until approved', async () => {
    const at = await orderAtEnd(B);
    d = at.d;
    expect((await weighBack(d, at.s, B, C, g('0.00'), { declareEmpty: true })).ok).toBe(true);
    expect(lastReturn()).toMatchObject({ finding: 'short-declared-empty', beyondLimit: true, returned: { amount: '0', unit: 'kg' }, residue: { amount: '0.00000', unit: 'kg' } });
    expect((await exec(d, at.s, B, decide('deviation-opened'))).ok).toBe(true);
    expect(left(C)).toEqual({ amount: '0', unit: 'kg' });
    const dev = view().deviations.at(-1)!;
    expect(dev).toMatchObject({ category: 'reconciliation', status: 'pending', targetSeq: entriesOf(d, B, 'return.weighed').at(-1)!.seq });
    await returnAll(d, at.s, B);
    // The difference was not booked: the balance does not close, and the order's reconciliation raises its own deviation.
    expect((await exec(d, at.s, B, { type: 'reconcile-order' })).ok).toBe(true);
    expect(reconciliation()).toMatchObject({ closes: false });
    expect(view().deviations.map((x) => x.category)).toEqual(['reconciliation', 'reconciliation']);
    expectRefused(await exec(d, at.s, B, { type: 'complete-order' }), 'DEVIATION_PENDING');
    for (const p of view().pendingSignatures.filter((x) => x.entryType === 'deviation.raised')) expect((await exec(d, at.s, B, signAs('approved', SUPERVISOR, p.targetSeq))).ok).toBe(true);
    expect((await exec(d, at.s, B, { type: 'complete-order' })).ok).toBe(true);
  });

  test('FR-29 found over within the limit needs no decision; declared empty with material in it is refused', async () => {
    const at = await orderAtEnd(B);
    d = at.d;
    expectRefused(await weighBack(d, at.s, B, C, g('100.00'), { declareEmpty: true }), 'CONTAINER_NOT_EMPTY');
    expectRefused(await weighBack(d, at.s, B, C, g('-100.00')), 'RETURN_BELOW_TARE');
    expect((await weighBack(d, at.s, B, C, g('4612.96'))).ok).toBe(true);
    expect(lastReturn()).toMatchObject({ finding: 'over', beyondLimit: false });
    expect(view().reconciliation!.containers.find((c) => c.containerId === C)!.return).toMatchObject({ status: 'settled', decision: null });
  });

  test('FR-29 a difference accepted by the supervisor is booked as wasted: the order balance closes', async () => {
    const at = await orderAtEnd(B);
    d = at.d;
    await weighBack(d, at.s, B, C, g('4492.96'));
    expect((await exec(d, at.s, B, decide('accepted'))).ok).toBe(true);
    await returnAll(d, at.s, B);
    expect((await exec(d, at.s, B, { type: 'reconcile-order' })).ok).toBe(true);
    expect(paracetamol()).toMatchObject({ wasted: { amount: '0.10000', unit: 'kg' }, difference: { amount: '0.00000', unit: 'kg' }, closes: true });
  });
});

describe('FR-30 per order and per batch', () => {
  test('FR-30 every container back, spillage weighed with a reason: the balance closes, the yield is recorded, the order completes', async () => {
    const at = await orderAtEnd(B);
    d = at.d;
    // Nothing returned yet: an order without returns completes as before (no reconciliation asked).
    expect(view().canComplete).toBe(true);
    // 20 g of paracetamol spilt and swept up, weighed on a tared balance; 20 g less goes back.
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', g('20.00'));
    expectRefused(await exec(d, at.s, B, { type: 'record-spillage', containerId: C, balanceId: 'BAL-P01', reason: 'short' }), 'INPUT_INVALID');
    expect((await exec(d, at.s, B, { type: 'record-spillage', containerId: C, balanceId: 'BAL-P01', reason: 'bag tore while closing it' })).ok).toBe(true);
    expect(view().canComplete).toBe(false);
    expectRefused(await exec(d, at.s, B, { type: 'complete-order' }), 'RECONCILIATION_MISSING');
    expectRefused(await exec(d, at.s, B, { type: 'reconcile-order' }), 'RETURN_MISSING');
    await weighBack(d, at.s, B, C, g('4572.96'));
    await returnAll(d, at.s, B);
    expect((await exec(d, at.s, B, { type: 'reconcile-order' })).ok).toBe(true);
    expect(reconciliation()).toMatchObject({ closes: true, deviationIds: [], yield: { within: null } });
    expect(paracetamol()).toMatchObject({ issued: { amount: '5.600', unit: 'kg' }, wasted: { amount: '0.02000', unit: 'kg' }, closes: true });
    expect(reconciliation().materials.map((m) => m.materialCode)).toEqual(['API-PARA', 'EXC-CROS', 'EXC-MCC', 'EXC-MGST', 'EXC-PVP', 'EXC-SIO2']);
    expectRefused(await exec(d, at.s, B, { type: 'reconcile-order' }), 'RECONCILIATION_RECORDED');
    expect((await exec(d, at.s, B, { type: 'complete-order' })).ok).toBe(true);
  });

  test('FR-30 FR-102 a yield outside the recipe\'s limits raises a yield deviation (its reason a code, worded per reader); inside them none', async () => {
    const out = await orderAtEnd(B, { yieldLimits: { lowerPercent: '100.5', upperPercent: '101' } });
    d = out.d;
    await returnAll(d, out.s, B);
    expect((await exec(d, out.s, B, { type: 'reconcile-order' })).ok).toBe(true);
    // The compensating filler (MCC) absorbed the API's potency overage in material mass: 99.6481 % of the nominals.
    expect(reconciliation().yield).toMatchObject({ percent: '99.6481', within: false, limits: { lowerPercent: '100.5', upperPercent: '101' } });
    expect(view().deviations).toEqual([expect.objectContaining({ category: 'yield-out-of-limits', status: 'pending', deviationId: reconciliation().deviationIds[0] })]);
    const raised = entriesOf(d, B, 'deviation.raised').at(-1)!;
    expect(raised.payload).toMatchObject({ code: 'YIELD_OUT_OF_LIMITS', reasonKey: 'yield-out-of-limits', reasonParams: { percent: '99.6481', lower: '100.5', upper: '101' } });
    // FR-102: the reason the system wrote reads in Chinese in the record, not as stored English.
    expect(renderRecordLine(describeEntry(raised.type, raised.payload), 'zh-CN')).toContain('收率 99.6481 % 超出配方限度 100.5 % – 101 %');
    d.close();
    const inside = await orderAtEnd(B, { yieldLimits: { lowerPercent: '99', upperPercent: '101' } });
    d = inside.d;
    await returnAll(d, inside.s, B);
    expect((await exec(d, inside.s, B, { type: 'reconcile-order' })).ok).toBe(true);
    expect(reconciliation()).toMatchObject({ yield: { within: true }, deviationIds: [] });
  });

  test('FR-30 an order whose balance does not close by the stated order limit raises a reconciliation deviation', async () => {
    // Containers judged at 1 %, the order's balance at 0.1 %: 40 g short on 5 kg passes the one, not the other.
    const at = await orderAtEnd(B, { engine: { engine: { reconciliation: { container: { percent: '1', minimum: g('1.00') }, order: { percent: '0.1', minimum: g('1.00') } } } } });
    d = at.d;
    await weighBack(d, at.s, B, C, g('4552.96'));
    expect(lastReturn()).toMatchObject({ beyondLimit: false });
    await returnAll(d, at.s, B);
    expect((await exec(d, at.s, B, { type: 'reconcile-order' })).ok).toBe(true);
    expect(reconciliation()).toMatchObject({ closes: false });
    expect(paracetamol()).toMatchObject({ difference: { amount: '0.04000', unit: 'kg' }, tolerance: { amount: '0.0056', unit: 'kg' }, closes: false });
    expect(view().deviations.at(-1)).toMatchObject({ category: 'reconciliation', status: 'pending' });
    expect(entriesOf(d, B, 'deviation.raised').at(-1)!.payload).toMatchObject({ code: 'ORDER_BALANCE_NOT_CLOSED', reasonKey: 'balance-not-closed', reasonParams: { materials: 1, material0: 'API-PARA' } });
  });
});
