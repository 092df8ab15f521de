/**
 * Order-level decisions: start (all pre-checks), complete, raise a deviation, and which record
 * a signature may go on. Role checks (11.10(g)) happen in the service before these run.
 */
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { recipeKey } from '../../../src-shared/recipe/recipe.ts';
import { trainingKey } from '../../../src-shared/master-data/training.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { UserDirectory } from '../auth/user-directory.ts';
import type { DecideContext } from './decide-context.ts';
import { append, entry, type Decision } from './decision.ts';
import { checkBooth, checkBoothBalances } from './equipment-checks.ts';
import { checkMasterDataAge, checkTraining, isMasterDataStale } from './order-prechecks.ts';
import { activeStep, missingSignatures, type OrderState, type SignableRecord } from '../../../src-core/order/order-state.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import { planOrder } from './plan-order.ts';
import { blockingExcursion } from './environment-checks.ts';
import { requireInProgress } from './step-guards.ts';
import { recipeRefusal } from '../master-data/master-data-reader.ts';
import { checkReconciled } from '../dispensary/reconciliation.ts';

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

/** Pre-checks in the order a supervisor would walk them: data fresh, recipe, person, room. */
export function decideStart(s: OrderState, cmd: Cmd<'start-order'>, ctx: DecideContext): Result<Decision> {
  if (s.status === 'unknown') return err('ORDER_UNKNOWN', `there is no order for batch ${s.batchNumber}`);
  if (s.status === 'in-progress') return err('ORDER_ALREADY_STARTED', `batch ${s.batchNumber} is already in progress`);
  if (s.status === 'complete') return err('ORDER_COMPLETE', `batch ${s.batchNumber} is complete`);
  const order = s.order!;
  if (order.boothId !== null && order.boothId !== cmd.boothId) return err('CONFLICT', `batch ${s.batchNumber} is planned for booth ${order.boothId}`, { boothId: order.boothId });
  const age = checkMasterDataAge(ctx.md.syncState(), ctx.now, ctx.config, s);
  if (!age.ok) return age;
  const recipe = ctx.md.get('recipe', recipeKey({ recipeCode: order.recipeCode, version: order.recipeVersion }));
  const refused = recipe ? undefined : recipeRefusal(ctx.md, order.recipeCode, order.recipeVersion);
  if (refused) return err('RECIPE_SCHEMA_UNSUPPORTED', refused.message, { recipeCode: order.recipeCode, version: order.recipeVersion, schemaVersion: refused.schemaVersion });
  if (!recipe) return err('RECIPE_UNKNOWN', `recipe ${order.recipeCode} version ${order.recipeVersion} is not at this station`, { recipeCode: order.recipeCode, version: order.recipeVersion });
  if (recipe.data.status !== 'effective') {
    return err('RECIPE_NOT_EFFECTIVE', `recipe ${order.recipeCode} version ${order.recipeVersion} is ${recipe.data.status}; only an effective version can run`, { status: recipe.data.status });
  }
  const trained = checkTraining(ctx.md.get('training', trainingKey({ username: ctx.actor.username, recipeCode: order.recipeCode })), ctx.actor.username, order.recipeCode, ctx.today);
  if (!trained.ok) return trained;
  const booth = checkBooth(ctx.md.get('booth', cmd.boothId), ctx.md.boothUse(cmd.boothId), s.batchNumber, ctx.now, cmd.shareBooth);
  if (!booth.ok) return booth;
  const balances = checkBoothBalances(ctx.md, cmd.boothId, ctx.now);
  if (!balances.ok) return balances;
  const plan = planOrder(order, recipe.data, (code) => ctx.md.get('material', code)?.data);
  if (!plan.ok) return plan;
  const b = booth.value;
  return ok(
    append(
      entry(s, ctx, 'order.started', {
        boothId: cmd.boothId,
        ...(cmd.shareBooth ? { sharedBooth: true } : {}),
        plan: plan.value,
        prechecks: {
          masterDataServedAt: age.value.servedAt,
          masterDataAgeMinutes: age.value.ageMinutes,
          maxAgeMinutes: ctx.config.maxMasterDataAgeMinutes,
          staleOverrideSeq: age.value.overrideSeq,
          booth: { version: b.version, cleanedAt: b.data.cleaning.cleanedAt, cleanValidUntil: b.data.cleaning.validUntil, lineClearance: b.data.lineClearance.status },
          training: { username: trained.value.username, validUntil: trained.value.validUntil },
        },
      }),
    ),
  );
}

export function decideComplete(s: OrderState, ctx: DecideContext): Result<Decision> {
  const started = requireInProgress(s);
  if (!started.ok) return started;
  const open = s.steps.filter((x) => x.status !== 'done').map((x) => x.planned.step.stepId);
  if (open.length > 0) return err('ORDER_NOT_COMPLETE', `steps not done: ${open.slice(0, 5).join(', ')}${open.length > 5 ? ' …' : ''}`, { open: open.length });
  const pending = s.deviations.filter((d) => d.approvedSeq === null).map((d) => d.deviationId);
  if (pending.length > 0) return err('DEVIATION_PENDING', `deviations await approval: ${pending.join(', ')}`, { deviations: pending });
  const reconciled = checkReconciled(s);
  if (!reconciled.ok) return reconciled;
  const portions = s.steps.reduce((n, x) => n + (x.progress.kind === 'weigh' ? x.progress.counted.length : 0), 0);
  return ok(append(entry(s, ctx, 'order.completed', { steps: s.steps.length, portions, deviations: s.deviations.length })));
}

/**
 * Exceptions (issue 4, item 6): an out-of-tolerance weighing, an IPC result out of limits or
 * an overrun timer can only proceed through a deviation a supervisor approves with a reason;
 * stale master data likewise. `other` records an observation that also needs approval.
 */
export function decideDeviation(s: OrderState, cmd: Cmd<'raise-deviation'>, ctx: DecideContext): Result<Decision> {
  if (cmd.reason.trim().length < 10) return err('DEVIATION_REASON_MISSING', 'a deviation needs a reason of at least 10 characters');
  if (s.status === 'unknown') return err('ORDER_UNKNOWN', `there is no order for batch ${s.batchNumber}`);
  if (s.status === 'complete') return err('ORDER_COMPLETE', `batch ${s.batchNumber} is complete`);
  const target = deviationTarget(s, cmd, ctx);
  if (!target.ok) return target;
  const { targetSeq, stepId, code, excursionId } = target.value;
  const duplicate = s.deviations.find((d) => d.approvedSeq === null && d.category === cmd.category && d.targetSeq === targetSeq && d.excursionId === (excursionId ?? null));
  if (duplicate && cmd.category !== 'other') return err('DEVIATION_PENDING', `deviation ${duplicate.deviationId} about this is already waiting for approval`, { deviationId: duplicate.deviationId });
  const deviationId = `DEV-${s.batchNumber}-${String(s.deviations.length + 1).padStart(3, '0')}`;
  return ok(append(entry(s, ctx, 'deviation.raised', { deviationId, category: cmd.category, stepId, targetSeq, code, reason: cmd.reason.trim(), ...(excursionId ? { excursionId } : {}) })));
}

function deviationTarget(s: OrderState, cmd: Cmd<'raise-deviation'>, ctx: DecideContext): Result<{ targetSeq: number | null; stepId: string | null; code: string | null; excursionId?: string }> {
  const step = activeStep(s);
  const notAllowed = (why: string) => err('DEVIATION_NOT_ALLOWED', why, { category: cmd.category });
  const matches = (seq: number | null) => seq !== null && (cmd.targetSeq === null || cmd.targetSeq === seq);
  switch (cmd.category) {
    case 'out-of-tolerance': {
      const w = step?.progress.kind === 'weigh' ? step.progress : null;
      if (!w || !['out-of-tolerance', 'deviation-pending'].includes(w.phase) || !matches(w.lastWeighing?.seq ?? null)) return notAllowed('there is no out-of-tolerance weighing at the current step');
      return ok({ targetSeq: w.lastWeighing!.seq, stepId: step!.planned.step.stepId, code: 'NET_OUT_OF_TOLERANCE' });
    }
    case 'ipc-out-of-limits':
    case 'timer-exceeded': {
      const type = cmd.category === 'ipc-out-of-limits' ? 'ipc' : 'timer';
      const g = step?.progress.kind === 'generic' && step.planned.step.type === type ? step.progress : null;
      if (!g || !['out-of-limits', 'deviation-pending'].includes(g.phase) || !matches(g.recordSeq)) return notAllowed(`there is no ${type} result outside its limits at the current step`);
      return ok({ targetSeq: g.recordSeq, stepId: step!.planned.step.stepId, code: cmd.category === 'ipc-out-of-limits' ? 'PARAMETER_OUT_OF_LIMITS' : null });
    }
    case 'master-data-stale':
      if (!isMasterDataStale(ctx.md.syncState(), ctx.now, ctx.config)) return notAllowed('master data is within its age limit');
      return ok({ targetSeq: null, stepId: null, code: 'MASTER_DATA_STALE' });
    case 'reconciliation':
    case 'yield-out-of-limits':
      return notAllowed('the reconciliation raises these itself');
    case 'environment-excursion': {
      const block = blockingExcursion(s, ctx);
      if (!block) return notAllowed('the room of this order is not in an action excursion');
      return ok({ targetSeq: null, stepId: step?.planned.step.stepId ?? null, code: 'ENV_ACTION_EXCURSION', excursionId: block.excursionId });
    }
    case 'other':
      if (cmd.targetSeq !== null && !s.records.has(cmd.targetSeq) && ![s.importedSeq, s.startedSeq].includes(cmd.targetSeq)) return notAllowed(`entry ${cmd.targetSeq} is not a record of this order`);
      return ok({ targetSeq: cmd.targetSeq, stepId: cmd.stepId ?? step?.planned.step.stepId ?? null, code: null });
  }
}

/**
 * Meanings a record can take now. A form still open for another person's fields (FR-105) takes
 * only "performed" (its recorder signs their part); the other meanings certify the whole form,
 * so they wait until no field is open.
 */
export function signableMeanings(s: OrderState, r: SignableRecord): SignatureMeaning[] {
  const step = activeStep(s);
  const missing = missingSignatures(r);
  if (step && step.progress.phase === 'form-open' && step.progress.recordSeq === r.seq) return missing.filter((m) => m === 'performed');
  return missing;
}

/** Records that can take a signature now: the active step's record, and open deviations. */
export function openRecords(s: OrderState): SignableRecord[] {
  const out: SignableRecord[] = [];
  const step = activeStep(s);
  if (step && (step.progress.phase === 'need-signatures' || step.progress.phase === 'form-open') && step.progress.recordSeq !== null) {
    const r = s.records.get(step.progress.recordSeq);
    if (r) out.push(r);
  }
  // A stock discrepancy's decision whose "approved" signature failed can be signed again.
  const pending = step?.progress.kind === 'weigh' ? step.progress.stockDiscrepancy?.resolution : null;
  if (pending) {
    const r = s.records.get(pending.seq);
    if (r) out.push(r);
  }
  for (const d of s.deviations) {
    const r = s.records.get(d.seq);
    if (d.approvedSeq === null && r) out.push(r);
  }
  return out.filter((r) => signableMeanings(s, r).length > 0);
}

/**
 * Which record a `sign` command signs. The performer signs first (performed), then the second
 * person (verified): 11.10(f) sequence for signatures too. The password check, roles and the
 * "not the same person" rule are the signature service's (signature-policy.ts).
 */
export function decideSign(s: OrderState, cmd: Cmd<'sign'>, ctx: DecideContext, users: UserDirectory): Result<Decision> {
  if (s.status === 'unknown') return err('ORDER_UNKNOWN', `there is no order for batch ${s.batchNumber}`);
  const candidates = openRecords(s).filter((r) => signableMeanings(s, r).includes(cmd.meaning));
  const record = cmd.targetSeq === null ? candidates[0] : candidates.find((r) => r.seq === cmd.targetSeq);
  const form = activeStep(s)?.progress;
  if (!record && form?.kind === 'generic' && form.phase === 'form-open' && form.form && (cmd.targetSeq === null || cmd.targetSeq === form.recordSeq) && cmd.meaning !== 'performed') {
    return err('STEP_OUT_OF_SEQUENCE', `the form still has fields to fill (${form.form.open.join(', ')}): "${cmd.meaning}" is signed once it is complete`, { targetSeq: form.recordSeq, open: form.form.open, meaning: cmd.meaning });
  }
  if (!record) {
    return err('SIGNATURE_NOT_EXPECTED', cmd.targetSeq === null ? `nothing in batch ${s.batchNumber} awaits a "${cmd.meaning}" signature now` : `entry ${cmd.targetSeq} does not await a "${cmd.meaning}" signature now`, {
      meaning: cmd.meaning,
      targetSeq: cmd.targetSeq,
    });
  }
  if (cmd.meaning !== 'performed' && record.required.includes('performed') && missingSignatures(record).includes('performed')) {
    return err('STEP_OUT_OF_SEQUENCE', 'the person who performed the step signs first', { targetSeq: record.seq });
  }
  if (cmd.meaning === 'performed') {
    const signer = cmd.username === null ? ctx.actor : users.byUsername(cmd.username.toLowerCase());
    if (signer && signer.userId !== record.actor) return err('SIGNATURE_NOT_PERFORMER', 'only the person who performed the step can sign it as performed', { targetSeq: record.seq });
  }
  return ok({ entries: [], sign: { targetSeq: record.seq, meaning: cmd.meaning, username: cmd.username } });
}
