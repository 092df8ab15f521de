/**
 * Deviation records at the hub (issue 12 item 5): raise, classify, investigate, assess impact
 * on batches from genealogy, plan CAPA, complete each action, check effectiveness, close. Every
 * step is an electronic signature by the role the step needs (deviation-contract.ts
 * STEP_ROLES), made with the hub's signing machinery (the signer's own key, opened by their
 * password at the moment of signing; 21 CFR 11.50/11.70/11.200), and written to the hub audit
 * trail in the same transaction; a refusal is audited too.
 *
 * Each step's content is hashed over the previous step's hash (a chain per record) and that
 * hash is what the signature covers, so a signature copied to another record or step, or a
 * step altered afterwards, no longer verifies. Steps of one record are serialised by a
 * transaction-scoped advisory lock on its id.
 */
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { err, ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import { gmpRoleConflict } from '../../../src-shared/quality/quality-roles.ts';
import {
  DEVIATION_DUE_DAYS,
  NEXT_STEP,
  STEP_ROLES,
  type CapaActionView,
  type DeviationState,
  type DeviationStep,
  type DeviationStepName,
  type DeviationSummary,
  type DeviationRecordView,
  type OpenQualityRecord,
  type RaiseDeviation,
} from '../../../src-shared/quality/deviation-contract.ts';
import { createCertificateCache } from '../../../src-core/pki/certificate-check.ts';
import { hubUsers, issuedCertificates } from '../../db/schema.ts';
import type { HubQuery, HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { qualitySignatures } from '../db/quality-schema.ts';
import { qualityCapaActions, qualityDeviations, qualityDeviationSteps } from '../db/deviation-schema.ts';
import { GENESIS_HASH, recordStepHash, signRecordStep } from '../signing/record-step.ts';
import { signatureProblem } from '../signing/signature-check.ts';
import type { ReviewService } from '../review/review-service.ts';
import type { TraceService } from '../genealogy/trace-service.ts';
import { openQualityRecords } from './open-records.ts';

type Row = typeof qualityDeviations.$inferSelect;
type ActionRow = typeof qualityCapaActions.$inferSelect;

const DAY_MS = 86_400_000;
const GENESIS = GENESIS_HASH;

/** The state each step reaches and the meaning of its signature. */
const STEP: Record<DeviationStepName | 'raise', { to: DeviationState | 'action-done'; meaning: SignatureMeaning; from: DeviationState | null }> = {
  raise: { to: 'raised', meaning: 'performed', from: null },
  classify: { to: 'classified', meaning: 'reviewed', from: 'raised' },
  investigate: { to: 'investigated', meaning: 'performed', from: 'classified' },
  'assess-impact': { to: 'impact-assessed', meaning: 'reviewed', from: 'investigated' },
  'plan-capa': { to: 'capa-planned', meaning: 'approved', from: 'impact-assessed' },
  'complete-action': { to: 'action-done', meaning: 'performed', from: 'capa-planned' },
  'check-effectiveness': { to: 'effectiveness-checked', meaning: 'reviewed', from: 'capa-planned' },
  close: { to: 'closed', meaning: 'approved', from: 'effectiveness-checked' },
};

const STEP_PURPOSE = 'batchline.deviation-step.v1';

export function stepHash(deviationId: string, state: string, data: Record<string, unknown>, previous: string): string {
  return recordStepHash(STEP_PURPOSE, deviationId, state, data, previous);
}

export class DeviationService {
  private readonly cache = createCertificateCache();

  constructor(
    private readonly ctx: HubContext,
    private readonly reviews: ReviewService,
    private readonly traces: TraceService,
  ) {}

  async list(filter: { open?: boolean | undefined; batchNumber?: string | undefined } = {}): Promise<DeviationSummary[]> {
    const where = [];
    if (filter.open) where.push(ne(qualityDeviations.state, 'closed'));
    if (filter.batchNumber) where.push(or(eq(qualityDeviations.batchNumber, filter.batchNumber), sql`${qualityDeviations.impactedBatches} ? ${filter.batchNumber}`));
    const rows = await this.ctx.db.select().from(qualityDeviations).where(where.length ? and(...where) : undefined).orderBy(desc(qualityDeviations.no)).limit(500);
    const ids = rows.map((r) => r.id);
    const actions = ids.length ? await this.ctx.db.select().from(qualityCapaActions).where(inArray(qualityCapaActions.deviationId, ids)) : [];
    const now = this.ctx.clock.now();
    return rows.map((r) => {
      const mine = actions.filter((a) => a.deviationId === r.id && a.doneAt === null);
      return {
        id: r.id,
        kind: r.kind,
        title: r.title,
        systemText: r.systemText ?? null,
        state: r.state,
        classification: r.classification ?? null,
        batchNumber: r.batchNumber,
        raisedAt: r.raisedAt.toISOString(),
        dueAt: r.dueAt?.toISOString() ?? null,
        overdue: overdue(r, now),
        openActions: mine.length,
        overdueActions: mine.filter((a) => a.dueAt < now).length,
      };
    });
  }

  async get(id: string): Promise<Result<DeviationRecordView>> {
    const [row] = await this.ctx.db.select().from(qualityDeviations).where(eq(qualityDeviations.id, id));
    if (!row) return err('DEVIATION_UNKNOWN', `no deviation record ${id}`, { id });
    return ok(await this.view(this.ctx.db, row));
  }

  /** What blocks the release of a batch (open-records.ts). */
  async openFor(q: HubQuery, batchNumber: string): Promise<OpenQualityRecord[]> {
    return openQualityRecords(q, batchNumber, this.ctx.clock.now());
  }

  async raise(signer: HubPrincipal, input: RaiseDeviation): Promise<Result<DeviationRecordView>> {
    const roleRefusal = this.roleProblem(signer, 'raise');
    if (roleRefusal) return this.refused(signer, 'raise', '(new)', roleRefusal);
    let title = input.title;
    let description = input.description;
    const batchNumber = input.batchNumber ?? null;
    if (input.source) {
      // The station deviation must be one review by exception lists for that batch.
      if (!batchNumber) return this.refused(signer, 'raise', '(new)', { code: 'INPUT_INVALID', message: 'a station deviation is opened with its batch number' });
      const review = await this.reviews.review(batchNumber);
      if (!review.ok) return this.refused(signer, 'raise', '(new)', review.error);
      const d = review.value.deviations.find((x) => x.stationId === input.source!.stationId && x.seq === input.source!.seq);
      if (!d) return this.refused(signer, 'raise', '(new)', { code: 'DEVIATION_UNKNOWN', message: `batch ${batchNumber} has no station deviation at ${input.source.stationId}#${input.source.seq}` });
      description = `${description}\n\n[${d.deviationId}, ${d.category}] ${d.reason}`;
      title = title || d.deviationId;
    }
    return this.ctx.db.transaction(async (tx): Promise<Result<DeviationRecordView>> => {
      await lockNumbering(tx);
      if (input.source) {
        const [dup] = await tx.select({ id: qualityDeviations.id }).from(qualityDeviations).where(and(eq(qualityDeviations.sourceStationId, input.source.stationId), eq(qualityDeviations.sourceSeq, input.source.seq)));
        if (dup) return this.refusedIn(tx, signer, 'raise', dup.id, { code: 'DEVIATION_ALREADY_OPENED', message: `station deviation ${input.source.stationId}#${input.source.seq} is already followed up as ${dup.id}`, details: { id: dup.id } });
      }
      const now = this.ctx.clock.now();
      const id = await nextDeviationId(tx, now);
      const data = { kind: input.kind, title, description, batchNumber, source: input.source ?? null, lots: input.lots ?? [] };
      const signed = await this.signStep(tx, signer, input.password, id, 'raise', 'raised', data, GENESIS);
      if (!signed.ok) return signed;
      await tx.insert(qualityDeviations).values({
        id,
        kind: input.kind,
        title,
        description,
        batchNumber,
        sourceStationId: input.source?.stationId ?? null,
        sourceSeq: input.source?.seq ?? null,
        lots: input.lots ?? [],
        impactedBatches: batchNumber ? [batchNumber] : [],
        state: 'raised',
        raisedBy: signer.username,
        raisedAt: now,
        lastHash: signed.value,
        updatedAt: now,
      });
      const [row] = await tx.select().from(qualityDeviations).where(eq(qualityDeviations.id, id));
      return ok(await this.view(tx, row!));
    });
  }

  async step(signer: HubPrincipal, id: string, input: DeviationStep): Promise<Result<DeviationRecordView>> {
    const roleRefusal = this.roleProblem(signer, input.step);
    if (roleRefusal) return this.refused(signer, input.step, id, roleRefusal);
    // Impact comes from genealogy, read before the transaction (the trace catches up its projection).
    let impacted: string[] | null = null;
    if (input.step === 'assess-impact') {
      const found = new Set<string>();
      for (const lot of input.lots) {
        const recall = await this.traces.recall(lot);
        if (!recall.ok) return this.refused(signer, input.step, id, recall.error);
        for (const b of recall.value.batches) found.add(b.batchNumber);
      }
      impacted = [...found].sort();
    }
    return this.ctx.db.transaction(async (tx): Promise<Result<DeviationRecordView>> => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.quality:${id}`}))`);
      const [row] = await tx.select().from(qualityDeviations).where(eq(qualityDeviations.id, id)).for('update');
      if (!row) return this.refusedIn(tx, signer, input.step, id, { code: 'DEVIATION_UNKNOWN', message: `no deviation record ${id}`, details: { id } });
      const plan = STEP[input.step];
      if (row.state !== plan.from) {
        return this.refusedIn(tx, signer, input.step, id, { code: 'DEVIATION_STATE_INVALID', message: `${id} is ${row.state}; "${input.step}" needs it ${plan.from}`, details: { state: row.state, expected: plan.from, step: input.step } });
      }
      const now = this.ctx.clock.now();
      const actions = await tx.select().from(qualityCapaActions).where(eq(qualityCapaActions.deviationId, id)).orderBy(asc(qualityCapaActions.id));
      let data: Record<string, unknown>;
      let patch: Partial<Row> = {};
      let after: (() => Promise<void>) | null = null;
      let labPhaseOnly = false;
      switch (input.step) {
        case 'classify': {
          const dueAt = new Date(row.raisedAt.getTime() + DEVIATION_DUE_DAYS[input.classification] * DAY_MS);
          data = { classification: input.classification, dueAt: dueAt.toISOString(), comment: input.comment ?? null };
          patch = { classification: input.classification, dueAt };
          break;
        }
        case 'investigate': {
          if (row.kind === 'deviation') {
            if (input.phase === 'lab') return this.refusedIn(tx, signer, input.step, id, { code: 'INPUT_INVALID', message: `${id} is a deviation; laboratory (phase I) investigations are for OOS and OOT results` });
            data = { rootCause: input.rootCause };
            patch = { rootCause: input.rootCause };
            break;
          }
          // OOS/OOT: phase I in the laboratory first; phase II in the process unless phase I
          // confirmed an assignable laboratory error.
          const labDone = (await this.phasesDone(tx, id)).includes('lab');
          const phase = input.phase ?? (labDone ? 'process' : 'lab');
          if (phase === 'process' && !labDone) {
            return this.refusedIn(tx, signer, input.step, id, { code: 'DEVIATION_STATE_INVALID', message: `${id} is ${row.kind.toUpperCase()}: the laboratory investigation (phase I) comes first`, details: { state: row.state, expected: 'lab', step: input.step } });
          }
          if (phase === 'lab' && labDone) return this.refusedIn(tx, signer, input.step, id, { code: 'CONFLICT', message: `the laboratory investigation (phase I) of ${id} is signed already; phase II is in the process` });
          data = { phase, rootCause: input.rootCause, labErrorConfirmed: phase === 'lab' ? input.labErrorConfirmed === true : null };
          patch = { rootCause: input.rootCause };
          if (phase === 'lab' && input.labErrorConfirmed !== true) labPhaseOnly = true;
          break;
        }
        case 'assess-impact': {
          const batches = [...new Set([...(row.batchNumber ? [row.batchNumber] : []), ...impacted!])].sort();
          const lots = [...new Set([...row.lots, ...input.lots])].sort();
          data = { lots, impactedBatches: batches, assessment: input.assessment };
          patch = { lots, impactedBatches: batches };
          break;
        }
        case 'plan-capa': {
          const planned: { kind: string; description: string; owner: string; dueAt: string }[] = [];
          for (const a of input.actions) {
            const [owner] = await tx.select({ status: hubUsers.status }).from(hubUsers).where(eq(hubUsers.username, a.owner.toLowerCase()));
            if (!owner || owner.status !== 'active') return this.refusedIn(tx, signer, input.step, id, { code: 'INPUT_INVALID', message: `the owner ${a.owner} is not an active hub account`, details: { owner: a.owner } });
            const dueAt = this.dueAt(a.dueDate, now);
            if (dueAt.getTime() <= now.getTime()) return this.refusedIn(tx, signer, input.step, id, { code: 'INPUT_INVALID', message: `the due date ${a.dueDate} of "${a.description}" is not in the future`, details: { dueDate: a.dueDate } });
            planned.push({ kind: a.kind, description: a.description, owner: a.owner.toLowerCase(), dueAt: dueAt.toISOString() });
          }
          data = { actions: planned };
          after = async () => {
            for (const p of planned) await tx.insert(qualityCapaActions).values({ deviationId: id, kind: p.kind as 'corrective' | 'preventive', description: p.description, owner: p.owner, dueAt: new Date(p.dueAt), createdAt: now });
          };
          break;
        }
        case 'complete-action': {
          const a = actions.find((x) => x.id === input.actionId);
          if (!a) return this.refusedIn(tx, signer, input.step, id, { code: 'CAPA_ACTION_UNKNOWN', message: `${id} has no CAPA action ${input.actionId}`, details: { actionId: input.actionId } });
          if (a.doneAt) return this.refusedIn(tx, signer, input.step, id, { code: 'CONFLICT', message: `CAPA action ${a.id} was completed by ${a.doneBy} already` });
          if (a.owner !== signer.username && !signer.roles.includes('qa')) {
            return this.refusedIn(tx, signer, input.step, id, { code: 'AUTH_ROLE_REQUIRED', message: `CAPA action ${a.id} belongs to ${a.owner}; its owner or QA completes it` });
          }
          data = { actionId: a.id, description: a.description, note: input.note };
          after = async () => {
            await tx.update(qualityCapaActions).set({ doneAt: now, doneBy: signer.username, note: input.note }).where(eq(qualityCapaActions.id, a.id));
          };
          break;
        }
        case 'check-effectiveness': {
          const open = actions.filter((a) => a.doneAt === null);
          if (open.length > 0) {
            return this.refusedIn(tx, signer, input.step, id, { code: 'CAPA_ACTIONS_OPEN', message: `${open.length} CAPA action(s) of ${id} are not done: ${open.map((a) => a.description).join('; ')}`, details: { actions: open.map((a) => ({ id: a.id, description: a.description, owner: a.owner, dueAt: a.dueAt.toISOString() })) } });
          }
          data = { evidence: input.evidence, actions: actions.map((a) => ({ id: a.id, doneBy: a.doneBy, doneAt: a.doneAt!.toISOString() })) };
          break;
        }
        case 'close': {
          // Four eyes (FR-143): the QA who closes neither raised the record nor signed any phase of
          // its investigation (an OOS/OOT's laboratory phase I is `lab-investigated`).
          const investigated = await tx
            .select({ username: qualitySignatures.username })
            .from(qualitySignatures)
            .where(and(eq(qualitySignatures.subjectKind, 'deviation-record'), inArray(qualitySignatures.subjectKey, [`${id}/investigated`, `${id}/lab-investigated`])));
          if (row.raisedBy === signer.username) {
            return this.refusedIn(tx, signer, input.step, id, { code: 'REVIEWER_NOT_INDEPENDENT', message: `${signer.username} raised ${id}; another QA person closes it` });
          }
          if (investigated.some((s) => s.username === signer.username)) {
            return this.refusedIn(tx, signer, input.step, id, { code: 'REVIEWER_NOT_INDEPENDENT', message: `${signer.username} signed the investigation of ${id}; another QA person closes it` });
          }
          // Closing the record lets the batches it names be released (and closes the station
          // deviation it follows up), so, like the direct closure (release-service.ts), the closer
          // took no part in any of them.
          for (const batchNumber of new Set([...(row.batchNumber ? [row.batchNumber] : []), ...row.impactedBatches])) {
            const assessed = await this.reviews.assess(tx, batchNumber);
            if (!assessed.ok) {
              // Not received at the hub: nobody took part in it here. Any other failure to read
              // who took part refuses the closure rather than skipping the check.
              if (assessed.error.code === 'BATCH_UNKNOWN') continue;
              return this.refusedIn(tx, signer, input.step, id, { code: assessed.error.code, message: `who took part in batch ${batchNumber}, which ${id} names, cannot be read (${assessed.error.message}); the record is not closed`, details: { batchNumber } });
            }
            const took = assessed.value.findings.participants;
            if (took.has(signer.username) || took.has(signer.userId)) {
              return this.refusedIn(tx, signer, input.step, id, { code: 'REVIEWER_NOT_INDEPENDENT', message: `${signer.username} took part in batch ${batchNumber}, which ${id} names; another QA person closes it`, details: { batchNumber } });
            }
          }
          data = { conclusion: input.conclusion };
          break;
        }
      }
      const to = labPhaseOnly ? 'lab-investigated' : plan.to;
      const key = to === 'action-done' ? `${to}-${(data as { actionId: number }).actionId}` : to;
      const signed = await this.signStep(tx, signer, input.password, id, input.step, key, data, row.lastHash);
      if (!signed.ok) return signed;
      if (after) await after();
      await tx
        .update(qualityDeviations)
        .set({ ...patch, ...(to === 'action-done' || to === 'lab-investigated' ? {} : { state: to }), lastHash: signed.value, updatedAt: now })
        .where(eq(qualityDeviations.id, id));
      const [fresh] = await tx.select().from(qualityDeviations).where(eq(qualityDeviations.id, id));
      return ok(await this.view(tx, fresh!));
    });
  }

  /** Signs one step (signing/record-step.ts) and records it in the step history. Returns the step hash. */
  private async signStep(tx: HubTx, signer: HubPrincipal, password: string, id: string, step: DeviationStepName | 'raise', key: string, data: Record<string, unknown>, previous: string): Promise<Result<string>> {
    const signed = await signRecordStep(tx, this.ctx, signer, password, { subjectKind: 'deviation-record', purpose: STEP_PURPOSE, recordId: id, key, meaning: STEP[step].meaning, data, previous, action: `deviation.${step}` });
    if (!signed.ok) return signed;
    await tx.insert(qualityDeviationSteps).values({ deviationId: id, state: key.startsWith('action-done') ? 'action-done' : key, data, hash: signed.value.hash, signatureId: signed.value.signatureId, recordedAt: this.ctx.clock.now() });
    return ok(signed.value.hash);
  }

  /** OOS/OOT investigation phases signed so far, from the step history. */
  private async phasesDone(q: HubQuery, id: string): Promise<('lab' | 'process')[]> {
    const rows = await q
      .select({ data: qualityDeviationSteps.data })
      .from(qualityDeviationSteps)
      .where(and(eq(qualityDeviationSteps.deviationId, id), inArray(qualityDeviationSteps.state, ['lab-investigated', 'investigated'])))
      .orderBy(asc(qualityDeviationSteps.id));
    return rows.map((r) => r.data.phase).filter((p): p is 'lab' | 'process' => p === 'lab' || p === 'process');
  }

  private dueAt(date: string, now: Date): Date {
    if (date.length > 10) return new Date(date);
    return new Date(`${date}T23:59:59.999${this.ctx.clock.tzOffset(now)}`);
  }

  private roleProblem(signer: HubPrincipal, step: DeviationStepName | 'raise'): BatchlineError | null {
    const conflict = gmpRoleConflict(signer.roles);
    if (conflict) return { code: 'GMP_ROLE_CONFLICT', message: conflict };
    const roles = STEP_ROLES[step];
    if (!roles.some((r) => signer.roles.includes(r))) return { code: 'AUTH_ROLE_REQUIRED', message: `"${step}" of a deviation is signed by ${roles.join(' or ')}` };
    return null;
  }

  private async view(q: HubQuery, row: Row): Promise<DeviationRecordView> {
    const now = this.ctx.clock.now();
    const actions: ActionRow[] = await q.select().from(qualityCapaActions).where(eq(qualityCapaActions.deviationId, row.id)).orderBy(asc(qualityCapaActions.id));
    const steps = await q
      .select({ step: qualityDeviationSteps, sig: qualitySignatures })
      .from(qualityDeviationSteps)
      .innerJoin(qualitySignatures, eq(qualitySignatures.id, qualityDeviationSteps.signatureId))
      .where(eq(qualityDeviationSteps.deviationId, row.id))
      .orderBy(asc(qualityDeviationSteps.id));
    const fps = [...new Set(steps.map((s) => s.sig.certFingerprint))];
    const certs = fps.length ? await q.select().from(issuedCertificates).where(inArray(issuedCertificates.fingerprint, fps)) : [];
    const certOf = new Map(certs.map((c) => [c.fingerprint, { certPem: c.certPem, revokedAt: c.revokedAt }]));
    let previous = GENESIS;
    const stepViews = steps.map(({ step, sig }) => {
      const key = sig.subjectKey.slice(row.id.length + 1);
      const chained = stepHash(row.id, key, step.data, previous) === step.hash && sig.subjectHash === step.hash && sig.subjectKey === `${row.id}/${key}`;
      previous = step.hash;
      const problem = signatureProblem(sig, certOf.get(sig.certFingerprint), this.ctx.keys.caCertPem, this.cache);
      return {
        state: step.state as DeviationRecordView['steps'][number]['state'],
        data: step.data,
        hash: step.hash,
        signatureId: sig.id,
        meaning: sig.meaning as SignatureMeaning,
        username: sig.username,
        printedName: sig.printedName,
        signedAt: sig.signedAt,
        tzOffset: sig.tzOffset,
        valid: problem === null && chained,
      };
    });
    const next = NEXT_STEP[row.state];
    return {
      id: row.id,
      kind: row.kind,
      phasesDone: row.kind === 'deviation' ? [] : await this.phasesDone(q, row.id),
      title: row.title,
      description: row.description,
      systemText: row.systemText ?? null,
      state: row.state,
      classification: row.classification ?? null,
      batchNumber: row.batchNumber,
      source: row.sourceStationId && row.sourceSeq ? { stationId: row.sourceStationId, seq: row.sourceSeq } : null,
      lots: row.lots,
      impactedBatches: row.impactedBatches,
      rootCause: row.rootCause ?? null,
      raisedBy: row.raisedBy,
      raisedAt: row.raisedAt.toISOString(),
      dueAt: row.dueAt?.toISOString() ?? null,
      overdue: overdue(row, now),
      next: next ? { step: next, role: STEP_ROLES[next].join('|') } : null,
      actions: actions.map((a): CapaActionView => ({
        id: a.id,
        kind: a.kind,
        description: a.description,
        owner: a.owner,
        dueAt: a.dueAt.toISOString(),
        overdue: a.doneAt === null && a.dueAt < now,
        doneAt: a.doneAt?.toISOString() ?? null,
        doneBy: a.doneBy,
        note: a.note,
      })),
      steps: stepViews,
    };
  }

  private async refused(signer: HubPrincipal, step: string, id: string, e: BatchlineError): Promise<Result<never>> {
    return this.ctx.db.transaction((tx) => this.refusedIn(tx, signer, step, id, e));
  }

  private async refusedIn(tx: HubTx, signer: HubPrincipal, step: string, id: string, e: BatchlineError): Promise<Result<never>> {
    await audit(tx, this.ctx.clock.now(), { actor: signer.username, action: 'deviation.refused', subject: id, ok: false, details: { step, code: e.code, message: e.message } });
    return { ok: false, error: e };
  }
}

/** Serialises the numbering of new records across hub processes (transaction-scoped). */
export async function lockNumbering(tx: HubTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('batchline.quality:deviation-numbering'))`);
}

/** The next record id, `DEV-<year>-<n>`; call under lockNumbering. */
export async function nextDeviationId(tx: HubTx, now: Date): Promise<string> {
  const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`coalesce(max(${qualityDeviations.no}), 0)::int` }).from(qualityDeviations);
  return `DEV-${now.getUTCFullYear()}-${String(Number(n) + 1).padStart(4, '0')}`;
}

function overdue(r: Row, now: Date): boolean {
  return r.state !== 'closed' && r.dueAt !== null && r.dueAt < now;
}
