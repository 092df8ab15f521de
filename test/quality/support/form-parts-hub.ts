/**
 * A form filled in parts, with a correction, across the seam (FR-105, FR-116): two people fill
 * the blending form at a real station (engine commands, real e-signatures), a supervisor
 * corrects the operator's value after verifying, the ordinary sync pushes the ledger to a test
 * hub, the hub verifies it on intake, and QA's review shows who filled what and the correction.
 * Run from a file that already starts a quality hub (test/recipes/recipe-at-station.test.ts),
 * so this costs no hub of its own. `recordBlendForm` is the form's recording alone, for tests
 * that correct it otherwise (test/quality/form-correction-stale.test.ts).
 */
import { expect } from 'vitest';
import { unwrap } from '../../../src-shared/result.ts';
import type { EngineCommandInput } from '../../../src-shared/orders/engine-command.ts';
import type { BatchReview } from '../../../src-shared/quality/review-contract.ts';
import { DEMO_BOOTH, DEMO_PRODUCT, DEMO_RECIPE, demoMasterData } from '../../../src-main/demo/demo-master-data.ts';
import { DEMO_PASSWORD, T0 } from '../../fakes/test-station.ts';
import { blendRecipeSteps } from '../../fixtures/forms/blend-recipe.ts';
import { checkBoothBalances } from '../../fakes/booth-checks.ts';
import { OPERATOR, SUPERVISOR, signAs } from '../../engine/engine-test-kit.ts';
import type { QualityHub } from './quality-hub.ts';

const B = 'B-FORM-HUB-1';
/** Stations whose master data this module has seeded. */
const seeded = new WeakSet<object>();

/** What a test does next with the blending form recorded at a real station. */
export interface RecordedBlendForm {
  readonly op: string;
  readonly sup: string;
  /** One engine command of `session` on the batch, 20 s after the last; `expectOk` false when it must be refused. */
  run(session: string, cmd: EngineCommandInput, expectOk?: boolean): Promise<void>;
}

/**
 * The blending form of `batch` recorded at the quality hub's real station in two parts (the
 * operator's, signed "performed", the supervisor's sample part) and verified by the supervisor:
 * the demo master data with the two-person blending recipe, checked booth balances, the order.
 */
export async function recordBlendForm(q: QualityHub, batch: string, options: { shareBooth?: boolean } = {}): Promise<RecordedBlendForm> {
  const st = q.station;
  const md = (changes: Parameters<typeof st.masterData.applyMasterData>[0]) => unwrap(st.masterData.applyMasterData(changes, { origin: 'seed', cursor: null, servedAt: st.clock.now().toISOString(), actorId: null }));
  // The master data once per station: a second batch on the same station keeps the recipe version.
  if (!seeded.has(st)) {
    md(demoMasterData(T0));
    const recipe = st.masterData.reader.get('recipe', `${DEMO_RECIPE}@2`)!;
    md([{ kind: 'recipe', key: `${DEMO_RECIPE}@2`, version: recipe.version + 1, data: { ...(recipe.data as Record<string, unknown>), ...blendRecipeSteps({ twoPerson: true }) } }]);
    seeded.add(st);
  }
  checkBoothBalances({ station: st } as Parameters<typeof checkBoothBalances>[0]);
  unwrap(st.orderIntake.importOrders([{ batchNumber: batch, productCode: DEMO_PRODUCT, recipeCode: DEMO_RECIPE, recipeVersion: null, batchSize: { amount: '2.000', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }], { kind: 'api', fileName: null }, null));
  const op = unwrap(st.auth.login('op.li', DEMO_PASSWORD)).sessionId;
  const sup = unwrap(st.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
  const run = async (session: string, cmd: EngineCommandInput, expectOk = true) => {
    st.clock.advance(20_000);
    const r = await st.engine.execute(session, batch, cmd);
    expect(r.ok, `${cmd.type}: ${JSON.stringify(r.ok ? null : r.error)}`).toBe(expectOk);
  };
  await run(op, { type: 'start-order', boothId: DEMO_BOOTH, ...(options.shareBooth ? { shareBooth: true } : {}) });
  await run(op, { type: 'submit-form', stepId: 'F10', values: { previousBatch: 'B-0099', materialsRemoved: true, labelsRemoved: true, equipmentClean: true } });
  await run(op, signAs('performed', OPERATOR));
  await run(sup, signAs('verified', SUPERVISOR));
  await run(op, { type: 'submit-form', stepId: 'F20', values: { temperature: 25.3, massA: 10.02, massB: 5.01, massC: 20.03, addedInOrder: true, stirrerSpeed: 60 } });
  await run(op, signAs('performed', OPERATOR));
  await run(sup, { type: 'submit-form', stepId: 'F20', values: { sampleMass: 0.25, orderChecked: true } });
  await run(sup, signAs('verified', SUPERVISOR));
  return { op, sup, run };
}

export async function formPartsAcrossTheSeam(q: QualityHub): Promise<void> {
  const st = q.station;
  const { sup, run } = await recordBlendForm(q, B);
  await run(sup, { type: 'correct-form-value', stepId: 'F20', field: 'massA', value: 10.03, reason: 'scale printout reads 10.03 kg', password: DEMO_PASSWORD, username: 'sup.wang' });
  const parts = st.ledger.query({ batchRef: B, types: ['form.part_recorded'] });
  const [correction] = st.ledger.query({ batchRef: B, types: ['form.value_corrected'] });

  await q.sync();
  const token = await q.token('qa.hub');
  const res = await q.hub.api<BatchReview>('GET', `/api/v1/quality/batches/${B}`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const review = res.body;
  // Intake verified and kept every entry: the parts, the correction and its signature.
  const types = review.record.map((r) => r.type);
  expect(types.filter((t) => t === 'form.part_recorded')).toHaveLength(2);
  expect(types).toContain('form.value_corrected');
  // Who filled what: each part by its person.
  const who = (seq: number) => review.record.find((r) => r.seq === seq);
  expect(who(parts[0]!.seq)).toMatchObject({ actor: st.userId('op.li'), summary: expect.stringContaining('massA = 10.02') });
  expect(who(parts[1]!.seq)).toMatchObject({ actor: st.userId('sup.wang'), summary: expect.stringContaining('sampleMass = 0.25') });
  expect(who(correction!.seq)).toMatchObject({ actor: st.userId('sup.wang'), summary: expect.stringContaining('massA 10.02 → 10.03') });
  // The correction is an exception: the original entry, from what to what, the recomputed calculations, why, by whom, signed, after verification.
  const corrections = review.exceptions.filter((x) => x.kind === 'correction');
  expect(corrections).toEqual([
    expect.objectContaining({
      seq: correction!.seq,
      severity: 'major',
      params: expect.objectContaining({ targetSeq: parts[0]!.seq, field: 'massA', oldValue: '10.02', newValue: '10.03', reason: 'scale printout reads 10.03 kg', correctedBy: st.userId('sup.wang'), signed: true, afterVerification: true }),
    }),
  ]);
  expect(String(corrections[0]!.params.fields)).toBe('massA: 10.02 → 10.03; totalMass: 35.060 → 35.070; netBlend: 34.810 → 34.820');
  expect(review.exceptions.filter((x) => x.kind === 'step-out-of-order' || x.kind === 'record-inconsistent' || x.kind === 'signature-certificate')).toEqual([]);
}
