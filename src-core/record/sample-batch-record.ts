/**
 * A small, made-up batch record for previewing a batch-record template (issue 14 item 6) before
 * anyone signs it: every header field has a value and every section a line, so the preview shows
 * where each goes. Marked SAMPLE in its batch number; it is no station's record and its hashes
 * are zeros and fives, never a real record's.
 */
import type { BatchRecord, RecordEvent, SignatureManifest } from '../../src-shared/orders/batch-record.ts';
import type { ExecutionPlan } from '../../src-shared/orders/execution-plan.ts';

const TZ = '+08:00';
const op = { userId: 'u-op', username: 'op.sample', printedName: 'Li Wei (sample)' };
const sup = { userId: 'u-sup', username: 'sup.sample', printedName: 'Wang Fang (sample)' };

const order = { batchNumber: 'SAMPLE-0001', productCode: 'FG-SAMPLE', recipeCode: 'SAMPLE-RECIPE', recipeVersion: 3, batchSize: { amount: '10.000', unit: 'kg' as const }, erpOrderId: null, plannedStart: null, boothId: 'BOOTH-1' };

const sig = (seq: number, time: string): SignatureManifest => ({
  seq,
  meaning: 'verified',
  signerId: sup.userId,
  username: sup.username,
  printedName: sup.printedName,
  signedAt: time,
  tzOffset: TZ,
  certFingerprint: '5'.repeat(64),
  manifestation: '',
  invalidatedBy: null,
});

const ev = (seq: number, type: string, time: string, data: Record<string, unknown>, signatures: SignatureManifest[] = []): RecordEvent => ({
  seq,
  type,
  time,
  tzOffset: TZ,
  by: op,
  hash: String(seq).padStart(64, '0'),
  summary: type,
  data,
  signatures,
  corrections: [],
});

export function sampleBatchRecord(): BatchRecord {
  const plan = { recipeCode: order.recipeCode, recipeVersion: order.recipeVersion, recipeHash: '5'.repeat(64), recipeContentHash: 'a5'.repeat(32), recipeName: 'Sample recipe', product: { code: order.productCode, name: 'Sample product' } } as unknown as ExecutionPlan;
  return {
    batchNumber: order.batchNumber,
    status: 'complete',
    order,
    imported: ev(1, 'order.imported', '2026-03-02T01:00:00.000Z', { source: { kind: 'api', fileName: null }, order }),
    plan,
    started: ev(2, 'order.started', '2026-03-02T01:05:00.000Z', { boothId: 'BOOTH-1', plan, prechecks: { masterDataAgeMinutes: 4 } }),
    steps: [
      {
        stepId: 'S1',
        name: 'Line clearance',
        type: 'checklist',
        status: 'done',
        material: null,
        events: [ev(3, 'step.completed', '2026-03-02T01:10:00.000Z', { stepId: 'S1' }, [sig(4, '2026-03-02T01:11:00.000Z')])],
      } as unknown as BatchRecord['steps'][number],
    ],
    deviations: [],
    environment: [],
    refusals: [],
    comments: [],
    completed: ev(5, 'order.completed', '2026-03-02T02:00:00.000Z', { steps: 1, portions: 0, deviations: 0 }),
    masterDataUsed: [{ kind: 'recipe', key: `${order.recipeCode}@${order.recipeVersion}`, version: 1 }],
    ledger: { entries: 5, firstSeq: 1, lastSeq: 5, lastHash: '5'.padStart(64, '0') },
    recordHash: '0'.repeat(64),
  };
}
