/**
 * A batch whose reconciliation at the station found its yield outside the recipe's limits
 * (issue 17 item 6), recorded at a real test station with the payloads the engine writes: the
 * API drum came back 2 kg short (beyond its 0.5 kg limit; the supervisor adjusted the stock
 * with a signature), the excipient exact; the reconciliation records a yield of 100.0625 %
 * against limits 99.0 % – 100.0 % and raises a yield deviation the supervisor approves; the
 * order completes. The hub then receives it through the ordinary sync (the caller syncs).
 */
import { unwrap } from '../../../src-shared/result.ts';
import { DEMO_PASSWORD, type TestStation } from '../../fakes/test-station.ts';
import { recordBatch } from './station-batch.ts';

export interface YieldBatch {
  batchNumber: string;
  deviationId: string;
  /** The reconciliation.recorded entry (the yield exception points at it). */
  yieldSeq: number;
  /** The deviation.raised entry of the yield deviation. */
  deviationSeq: number;
}

const kg = (amount: string) => ({ amount, unit: 'kg' as const });

/** Records the yield-out-of-limits batch `batchNumber` (lots named after `lotTag`) at station `t`. */
export function recordYieldOutOfLimits(t: TestStation, batchNumber: string, lotTag: string): YieldBatch {
  const apiLot = `API-LOT-${lotTag}`;
  const excipientLot = `MCC-LOT-${lotTag}`;
  const deviationId = `DEV-${batchNumber}-001`;
  const batch = recordBatch(t, { batchNumber, apiLot, excipientLot, incomplete: true });
  const operator = t.userId('op.li');
  const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD));
  const append = (type: string, payload: Record<string, unknown>): number => {
    t.clock.advance(30_000);
    return unwrap(t.ledger.append([{ type, actor: operator, batchRef: batchNumber, payload }]))[0]!.seq;
  };
  const approve = (targetSeq: number) => {
    t.clock.advance(10_000);
    unwrap(t.signatures.sign({ sessionId: session.sessionId, targetSeq, meaning: 'approved', password: DEMO_PASSWORD, username: 'sup.wang' }));
  };
  const reading = (amount: string) => ({ mass: kg(amount), stable: true, raw: `S S     ${amount} kg` });
  const rule = { percent: '0.5', minimum: { amount: '1.00', unit: 'g' } };
  // The API drum came back 2 kg short of its theory: beyond the 0.5 kg limit; the supervisor adjusted the stock.
  const ret = append('return.weighed', {
    containerId: batch.apiContainer, lotId: apiLot, materialCode: 'API-PARA', balanceId: 'BAL-64', reading: reading('49.200'), containerTare: kg('1.200'),
    remaining: kg('48.000'), declaredEmpty: false, returned: kg('48.000'), residue: null, issued: kg('100.000'), dispensed: kg('50.000'), theoretical: kg('50.000'),
    difference: kg('-2.000'), limit: kg('0.500'), limitRule: rule, finding: 'short-not-empty', beyondLimit: true,
  });
  approve(append('return.discrepancy_resolved', { returnSeq: ret, containerId: batch.apiContainer, decision: 'stock-adjusted', reason: 'hub quantity wrong at receipt; drum reweighed', difference: kg('-2.000'), stockAfter: kg('48.000') }));
  append('return.weighed', {
    containerId: batch.excipientContainer, lotId: excipientLot, materialCode: 'EXC-MCC', balanceId: 'BAL-64', reading: reading('71.150'), containerTare: kg('1.200'),
    remaining: kg('69.950'), declaredEmpty: false, returned: kg('69.950'), residue: null, issued: kg('100.000'), dispensed: kg('30.050'), theoretical: kg('69.950'),
    difference: kg('0.000'), limit: kg('0.500'), limitRule: rule, finding: 'exact', beyondLimit: false,
  });
  const balance = (materialCode: string, containers: string[], dispensed: string, returned: string) => ({
    materialCode, containers, issued: kg(String((Number(dispensed) + Number(returned)).toFixed(3))), dispensed: kg(dispensed), returned: kg(returned), wasted: kg('0'), difference: kg('0.000'), tolerance: kg('0.500'), closes: true,
  });
  const yieldSeq = append('reconciliation.recorded', {
    materials: [balance('API-PARA', [batch.apiContainer], '50.000', '48.000'), balance('EXC-MCC', [batch.excipientContainer], '30.050', '69.950')],
    closes: true,
    orderLimit: rule,
    yield: { theoretical: kg('80.000'), actual: kg('80.050'), percent: '100.0625', limits: { lowerPercent: '99.0', upperPercent: '100.0' }, within: false },
    deviationIds: [deviationId],
  });
  const deviationSeq = append('deviation.raised', { deviationId, category: 'yield-out-of-limits', stepId: null, targetSeq: null, code: 'YIELD_OUT_OF_LIMITS', reason: 'yield 100.0625 % is outside the recipe\'s limits 99.0 % – 100.0 %' });
  approve(deviationSeq);
  append('order.completed', { steps: 2, portions: 2, deviations: 1 });
  return { batchNumber, deviationId, yieldSeq, deviationSeq };
}
