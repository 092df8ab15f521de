/**
 * A dispensing batch recorded at a real test station, entry by entry, with the payloads the
 * engine writes (src-shared/ledger/entry-types/dispensing.ts) and real electronic signatures
 * by the demo operator and supervisor: two weigh steps (API with four-eyes, excipient
 * performed-only), optionally an out-of-tolerance weighing turned into a deviation the
 * supervisor approves at the station. The hub then receives it through the ordinary sync.
 */
import { unwrap } from '../../../src-shared/result.ts';
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { DEMO_PASSWORD, type TestStation } from '../../fakes/test-station.ts';
import { CheckPlansSchema, type CheckPlanInput } from '../../../src-shared/recipe/check-plan.ts';

export interface BatchPlan {
  batchNumber: string;
  apiLot: string;
  excipientLot: string;
  /** The excipient weighing lands above its window and becomes a deviation. */
  deviation?: boolean;
  /** Stop before order.completed (the batch is still running at the station). */
  incomplete?: boolean;
  /** An out-of-tolerance excipient weighing of this net, rejected (no deviation) and weighed again. */
  rejectedExcipientNet?: string;
  /** The excipient weighed in these portions (all but the last `partial`); default one of 30.050 kg. */
  excipientPortions?: string[];
  /** IPQC check plans frozen into the order's plan (issue 12 item 2). */
  checkPlans?: CheckPlanInput[];
}

export interface RecordedBatch {
  batchNumber: string;
  deviationSeq: number | null;
  apiWeighedSeq: number;
  excipientWeighedSeq: number;
  apiContainer: string;
  excipientContainer: string;
}

const kg = (amount: string) => ({ amount, unit: 'kg' as const });
const line = (lineId: string, materialCode: string, materialName: string, nominal: string) => ({
  lineId,
  materialCode,
  materialName,
  nominal: kg(nominal),
  tolerance: { type: 'percent', minus: '1', plus: '1' },
  potency: { corrected: false },
  compensatesFor: null,
  handlingNotes: [],
  safetyNotes: [],
});
const weighStep = (index: number, stepId: string, lineId: string, verified: boolean) => ({
  index,
  unitProcedureId: 'UP-DISP',
  operationId: 'OP-WEIGH',
  step: { stepId, name: `Weigh ${lineId}`, instruction: `Dispense line ${lineId} into a clean vessel`, signatures: { performed: true, verified }, type: 'weigh', lineId, method: 'net' },
});

export function recordBatch(t: TestStation, plan: BatchPlan): RecordedBatch {
  const operator = t.userId('op.li');
  const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD));
  const append = (type: string, payload: Record<string, unknown>): number => {
    t.clock.advance(30_000);
    const [e] = unwrap(t.ledger.append([{ type, actor: operator, batchRef: plan.batchNumber, payload } satisfies NewEntry]));
    return e!.seq;
  };
  const sign = (targetSeq: number, meaning: 'performed' | 'verified' | 'approved', username?: string) => {
    t.clock.advance(10_000);
    unwrap(t.signatures.sign({ sessionId: session.sessionId, targetSeq, meaning, password: DEMO_PASSWORD, ...(username ? { username } : {}) }));
  };
  const order = { batchNumber: plan.batchNumber, productCode: 'PARA-500', recipeCode: 'R-PARA', recipeVersion: 1, batchSize: kg('80'), erpOrderId: null, plannedStart: null, boothId: null };
  append('order.imported', { order, source: { kind: 'api', fileName: null, fileHash: null } });
  append('order.started', {
    boothId: 'BOOTH-1',
    plan: {
      recipeCode: 'R-PARA',
      recipeVersion: 1,
      recipeHash: 'a'.repeat(64),
      recipeName: 'Paracetamol 500 mg granulate',
      product: { code: 'PARA-500', name: 'Paracetamol 500 mg' },
      baseBatchSize: kg('80'),
      batchSize: kg('80'),
      lines: [line('L1', 'API-PARA', 'Paracetamol', '50'), line('L2', 'EXC-MCC', 'Microcrystalline cellulose', '30')],
      steps: [weighStep(0, 'W1', 'L1', true), weighStep(1, 'W2', 'L2', false)],
      ...(plan.checkPlans ? { checkPlans: CheckPlansSchema.parse(plan.checkPlans) } : {}),
    },
    prechecks: {
      masterDataServedAt: t.clock.now().toISOString(),
      masterDataAgeMinutes: 5,
      maxAgeMinutes: 240,
      staleOverrideSeq: null,
      booth: { version: 1, cleanedAt: null, cleanValidUntil: null, lineClearance: 'cleared' },
      training: { username: 'op.li', validUntil: '2027-12-31' },
    },
  });
  const apiContainer = `C-${plan.apiLot}`;
  const excipientContainer = `C-${plan.excipientLot}`;
  const weigh = (stepIndex: number, stepId: string, lineId: string, lotId: string, materialCode: string, containerId: string, nominal: number, net: string, outcome: 'accepted' | 'partial' | 'out-of-tolerance', portion = 1) => {
    const window = { target: kg(nominal.toFixed(3)), lower: kg((nominal * 0.99).toFixed(3)), upper: kg((nominal * 1.01).toFixed(3)) };
    const ref = { stepId, stepIndex, lineId };
    append('dispense.container_scanned', {
      ...ref,
      portion,
      scan: { containerId, gtin: null, lotNumber: null, raw: null },
      container: { containerId, version: 1, left: kg('100.000'), tare: kg('1.200') },
      lot: { lotId, lotNumber: `${lotId}-N`, materialCode, version: 1, qcStatus: 'released', expiryDate: '2028-12-31', retestDate: null, assayPercent: null, waterPercent: null },
      potencyFraction: null,
      portionWindow: window,
      partial: outcome === 'partial',
    });
    append('dispense.balance_selected', {
      ...ref,
      balance: {
        balanceId: 'BAL-64',
        version: 1,
        model: 'XPR64',
        serialNumber: 'B123',
        identifiedSerial: 'B123',
        capacity: kg('64'),
        readability: kg('0.001'),
        minimumWeight: kg('0.5'),
        calibrationCertificate: 'CAL-2026-17',
        calibrationDueAt: '2027-01-31',
        lastCheckSeq: 1,
        lastCheckAt: t.clock.now().toISOString(),
      },
    });
    append('dispense.tared', { ...ref, method: 'net', balanceId: 'BAL-64', reading: { mass: kg('0.000'), stable: true, raw: 'S S      0.000 kg' } });
    const reading = { mass: kg(net), stable: true, raw: `S S     ${net} kg` };
    return append('dispense.weighed', {
      ...ref,
      portion,
      method: 'net',
      containerId,
      lotId,
      balanceId: 'BAL-64',
      reading,
      tareReading: null,
      net: kg(net),
      contribution: kg(net),
      cumulative: kg(net),
      lineWindow: window,
      verdict: outcome === 'out-of-tolerance' ? 'above' : outcome === 'partial' ? 'below' : 'within',
      outcome,
      declaredPartial: outcome === 'partial',
      containerLeftAfter: kg((100 - Number(net)).toFixed(3)),
    });
  };
  const apiWeighedSeq = weigh(0, 'W1', 'L1', plan.apiLot, 'API-PARA', apiContainer, 50, '50.020', 'accepted');
  sign(apiWeighedSeq, 'performed', 'op.li');
  sign(apiWeighedSeq, 'verified', 'sup.wang');
  let deviationSeq: number | null = null;
  if (plan.rejectedExcipientNet) weigh(1, 'W2', 'L2', plan.excipientLot, 'EXC-MCC', excipientContainer, 30, plan.rejectedExcipientNet, 'out-of-tolerance');
  const portions = plan.excipientPortions ?? [plan.deviation ? '30.900' : '30.050'];
  portions.slice(0, -1).forEach((net, i) => {
    const seq = weigh(1, 'W2', 'L2', plan.excipientLot, 'EXC-MCC', excipientContainer, 30, net, 'partial', i + 1);
    sign(seq, 'performed', 'op.li');
  });
  const excipientWeighedSeq = weigh(1, 'W2', 'L2', plan.excipientLot, 'EXC-MCC', excipientContainer, 30, portions.at(-1)!, plan.deviation ? 'out-of-tolerance' : 'accepted', portions.length);
  if (plan.deviation) {
    deviationSeq = append('deviation.raised', {
      deviationId: `DEV-${plan.batchNumber}-1`,
      category: 'out-of-tolerance',
      stepId: 'W2',
      targetSeq: excipientWeighedSeq,
      code: 'NET_OUT_OF_TOLERANCE',
      reason: 'Net 30.900 kg is above the upper limit 30.300 kg; the surplus stays in the vessel',
    });
    sign(deviationSeq, 'approved', 'sup.wang');
  }
  sign(excipientWeighedSeq, 'performed', 'op.li');
  if (!plan.incomplete) append('order.completed', { steps: 2, portions: 1 + portions.length, deviations: plan.deviation ? 1 : 0 });
  return { batchNumber: plan.batchNumber, deviationSeq, apiWeighedSeq, excipientWeighedSeq, apiContainer, excipientContainer };
}
