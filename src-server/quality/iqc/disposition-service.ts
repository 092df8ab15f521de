/**
 * Sampling tasks as QC sees them, and the lot's disposition (issue 12 item 1; EU GMP Ch. 5.30,
 * 6.32; 21 CFR 11.50/11.70): the results decide it against the task's specification version
 * (spec-evaluation.ts) — released when every test passes, rejected when any fails — and a QC
 * person (qa role) signs what the results say, with their password, at the hub:
 *   - never an account that also holds admin (GMP_ROLE_CONFLICT);
 *   - never the person who entered one of the lot's results (four eyes; LIMS results count for
 *     the LIMS account, so the QC person may sign those);
 *   - the decision the signer read must still be the one the results imply;
 *   - an out-of-specification result opens an OOS record (deviation kind `oos`, lab phase first,
 *     deviation-service.ts), raised by the same signer in the same act, and the lot is rejected.
 * The signed step (subject `iqc-record`) covers the lot, decision, specification version and each
 * test's verdict and result id; the lot's new QC status goes to the stations through the
 * master-data feed in the same transaction.
 */
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { canonicalJson } from '../../../src-core/ledger/canonical-json.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import { gmpRoleConflict } from '../../../src-shared/quality/quality-roles.ts';
import type { LotEvaluation, SamplingTaskState, SamplingTaskView, SignDisposition, SignRetest } from '../../../src-shared/quality/iqc-contract.ts';
import { evaluateLot } from '../../../src-shared/quality/spec-evaluation.ts';
import { createCertificateCache } from '../../../src-core/pki/certificate-check.ts';
import { hubAudit, hubUsers, issuedCertificates } from '../../db/schema.ts';
import type { HubQuery, HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { MasterDataService } from '../../master-data/master-data-service.ts';
import { qualitySignatures } from '../db/quality-schema.ts';
import { GENESIS_HASH, recordStepHash, signRecordStep } from '../signing/record-step.ts';
import { signatureProblem } from '../signing/signature-check.ts';
import type { DeviationService } from '../deviations/deviation-service.ts';
import { allOrNothing, SIGNATURE_REFUSALS } from './all-or-nothing.ts';
import { currentObject } from './current-object.ts';
import { iqcDispositions, iqcSamples, iqcTasks, qualityResults } from './iqc-schema.ts';
import type { ResultService } from './result-service.ts';
import type { SpecService } from './spec-service.ts';

type TaskRow = typeof iqcTasks.$inferSelect;

/** The highest result number of a lot, read under the results' lock (result-service.ts takes it to insert). */
async function lockedResultsThrough(tx: HubTx, lotId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('batchline.quality:results'))`);
  const [row] = await tx.select({ no: sql<number | null>`max(${qualityResults.no})` }).from(qualityResults).where(eq(qualityResults.lotId, lotId));
  return row?.no === null || row?.no === undefined ? 0 : Number(row.no);
}

/**
 * FR-153: a lot's signed decisions over its results (its disposition, its retests) and where they
 * stand in the order results were recorded: `through` is the last decision's, `dispositionThrough`
 * the disposition's (null: none), `cited` every result id they named. Decisions signed before
 * they recorded `resultsThrough` are placed by time (results recorded by then).
 */
async function decisionsOver(q: HubQuery, lotId: string): Promise<{ through: number; dispositionThrough: number | null; cited: Set<string>; last: string | null }> {
  const upTo = async (at: Date): Promise<number> => {
    const [row] = await q.select({ no: sql<number | null>`max(${qualityResults.no})` }).from(qualityResults).where(and(eq(qualityResults.lotId, lotId), lte(qualityResults.enteredAt, at)));
    return row?.no === null || row?.no === undefined ? 0 : Number(row.no);
  };
  const cited = new Set<string>();
  let through = 0;
  let last: string | null = null;
  let dispositionThrough: number | null = null;
  const [disp] = await q.select().from(iqcDispositions).where(eq(iqcDispositions.lotId, lotId)).orderBy(desc(iqcDispositions.id)).limit(1);
  if (disp) {
    const data = disp.data as { tests?: Array<{ resultId?: string | null }>; resultsThrough?: number };
    for (const t of data.tests ?? []) if (t.resultId) cited.add(t.resultId);
    dispositionThrough = typeof data.resultsThrough === 'number' ? data.resultsThrough : await upTo(disp.recordedAt);
    through = dispositionThrough;
    last = `disposition (${disp.taskId})`;
  }
  const retests = await q.select({ at: hubAudit.at, details: hubAudit.details }).from(hubAudit).where(and(eq(hubAudit.action, 'iqc.retest_signed'), eq(hubAudit.subject, lotId), eq(hubAudit.ok, true))).orderBy(asc(hubAudit.id));
  for (const r of retests) {
    const d = (r.details as { state?: string; data?: { results?: { resultIds?: string[] }; resultsThrough?: number } } | null) ?? {};
    for (const id of d.data?.results?.resultIds ?? []) cited.add(id);
    through = Math.max(through, typeof d.data?.resultsThrough === 'number' ? d.data.resultsThrough : await upTo(r.at));
    last = `retest (${d.state ?? 'signed'})`;
  }
  return { through, dispositionThrough, cited, last };
}
const PURPOSE = 'batchline.iqc-disposition.v1';
const RETEST_PURPOSE = 'batchline.lot-retest.v1';

export class DispositionService {
  private readonly cache = createCertificateCache();
  private readonly md: MasterDataService;

  constructor(
    private readonly ctx: HubContext,
    private readonly specs: SpecService,
    private readonly results: ResultService,
    private readonly deviations: DeviationService,
  ) {
    this.md = new MasterDataService(ctx);
  }

  async list(state?: SamplingTaskState): Promise<SamplingTaskView[]> {
    const rows = await this.ctx.db.select().from(iqcTasks).where(state ? eq(iqcTasks.state, state) : undefined).orderBy(desc(iqcTasks.no)).limit(200);
    return Promise.all(rows.map((r) => this.view(this.ctx.db, r)));
  }

  async get(taskId: string): Promise<Result<SamplingTaskView>> {
    const [row] = await this.ctx.db.select().from(iqcTasks).where(eq(iqcTasks.id, taskId));
    if (!row) return err('IQC_TASK_UNKNOWN', `no sampling task ${taskId}`, { taskId });
    return ok(await this.view(this.ctx.db, row));
  }

  async evaluate(task: TaskRow, q: HubQuery = this.ctx.db): Promise<LotEvaluation | null> {
    const spec = await this.specs.get(task.material, task.specVersion, q);
    if (!spec.ok) return null;
    // FR-153: a disposed task is evaluated over the results its disposition was signed on, not
    // the retest results recorded after it.
    const through = task.state === 'disposed' ? (await decisionsOver(q, task.lotId)).dispositionThrough ?? undefined : undefined;
    return evaluateLot(task.lotId, spec.value, await this.results.forLot(task.lotId, q, through));
  }

  async sign(signer: HubPrincipal, taskId: string, input: SignDisposition): Promise<Result<SamplingTaskView>> {
    const r = await this.signChecked(signer, taskId, input);
    if (!r.ok && !SIGNATURE_REFUSALS.has(r.error.code)) {
      await audit(this.ctx.db, this.ctx.clock.now(), { actor: signer.username, action: 'iqc.refused', subject: taskId, ok: false, details: { step: 'disposition', code: r.error.code, message: r.error.message } });
    }
    return r;
  }

  private async signChecked(signer: HubPrincipal, taskId: string, input: SignDisposition): Promise<Result<SamplingTaskView>> {
    const conflict = gmpRoleConflict(signer.roles);
    if (conflict) return err('GMP_ROLE_CONFLICT', conflict);
    if (!signer.roles.includes('qa')) return err('AUTH_ROLE_REQUIRED', 'a lot disposition is signed by QC (the qa role)');
    const [task] = await this.ctx.db.select().from(iqcTasks).where(eq(iqcTasks.id, taskId));
    if (!task) return err('IQC_TASK_UNKNOWN', `no sampling task ${taskId}`, { taskId });
    if (task.state !== 'sampled') return err('IQC_STATE_INVALID', `${taskId} is ${task.state}; a disposition is signed once the lot is sampled and tested`, { state: task.state });
    const evaluation = await this.evaluate(task);
    if (!evaluation) return err('SPEC_UNKNOWN', `specification ${task.material} v${task.specVersion} is missing`);
    if (evaluation.disposition === null) {
      const missing = evaluation.tests.filter((t) => t.verdict === 'missing').map((t) => t.code);
      return err('IQC_RESULTS_INCOMPLETE', `lot ${task.lotId} has no result yet for ${missing.join(', ')}`, { missing });
    }
    if (evaluation.disposition !== input.disposition) return err('CONFLICT', `the results of lot ${task.lotId} now say ${evaluation.disposition}, not ${input.disposition}; read them again`, { disposition: evaluation.disposition });
    const results = await this.results.forLot(task.lotId);
    if (results.some((x) => x.enteredBy === signer.username)) return err('REVIEWER_NOT_INDEPENDENT', `${signer.username} entered results of lot ${task.lotId}; another QC person signs its disposition`);
    const failed = evaluation.tests.filter((t) => t.verdict === 'fail');
    let oosRecord: string | null = null;
    if (failed.length > 0) {
      const raised = await this.deviations.raise(signer, {
        kind: 'oos',
        title: `OOS: lot ${task.lotNumber} (${task.material}), ${failed.map((t) => t.code).join(', ')}`.slice(0, 200),
        description: `Incoming inspection of lot ${task.lotId} (${taskId}, specification ${task.material} v${task.specVersion}): ${failed.map((t) => `${t.name} = ${String(t.value)} (result ${t.resultId})`).join('; ')}`.slice(0, 4000),
        lots: [task.lotId],
        password: input.password,
      });
      if (!raised.ok) return raised;
      oosRecord = raised.value.id;
    }
    const decision = evaluation.disposition;
    return allOrNothing(this.ctx.db, async (tx): Promise<Result<SamplingTaskView>> => {
      const [locked] = await tx.select().from(iqcTasks).where(eq(iqcTasks.id, taskId)).for('update');
      if (!locked || locked.state !== 'sampled') return err('IQC_STATE_INVALID', `${taskId} is ${locked?.state ?? 'gone'}`, { state: locked?.state ?? null });
      const lot = await currentObject<Record<string, unknown>>(tx, 'lot', task.lotId);
      if (!lot) return err('NOT_FOUND', `lot ${task.lotId} is not in master data`);
      // FR-153: a hold or rejection set while the lot was inspected (a damaged container, a
      // supplier notice) is not overwritten by the release: it is lifted on its own first.
      if (decision === 'released' && lot.data.qcStatus !== 'quarantine') {
        return err('IQC_LOT_NOT_QUARANTINED', `lot ${task.lotId} is ${String(lot.data.qcStatus)} (version ${lot.version}), not in quarantine: a hold set during its inspection is lifted (back to quarantine) before QC releases it`, { lotId: task.lotId, qcStatus: lot.data.qcStatus ?? null, version: lot.version });
      }
      // FR-153: where the results stand, under the results' own lock: a result recorded from here on
      // is a retest's (result-service.ts), never one this disposition was signed on.
      const resultsThrough = await lockedResultsThrough(tx, task.lotId);
      const again = await this.evaluate(locked, tx);
      if (!again || canonicalJson(again.tests) !== canonicalJson(evaluation.tests)) return err('CONFLICT', `the results of lot ${task.lotId} changed while the disposition was signed; read them again`, { lotId: task.lotId });
      const data = { lotId: task.lotId, decision, material: task.material, specVersion: task.specVersion, tests: evaluation.tests.map((t) => ({ code: t.code, verdict: t.verdict, resultId: t.resultId })), oosRecord, comment: input.comment ?? null, resultsThrough };
      const signed = await signRecordStep(tx, this.ctx, signer, input.password, { subjectKind: 'iqc-record', purpose: PURPOSE, recordId: taskId, key: 'disposed', meaning: decision, data, previous: GENESIS_HASH, action: 'iqc.disposition_signed' });
      if (!signed.ok) return signed;
      const now = this.ctx.clock.now();
      await tx.insert(iqcDispositions).values({ taskId, lotId: task.lotId, decision, data, hash: signed.value.hash, signatureId: signed.value.signatureId, oosRecord, recordedAt: now });
      await tx.update(iqcTasks).set({ state: 'disposed', updatedAt: now }).where(eq(iqcTasks.id, taskId));
      const put = await this.md.putIn(tx, signer, 'lot', task.lotId, { data: { ...lot.data, qcStatus: decision }, expectedVersion: lot.version, reason: `QC status ${decision}: disposition ${taskId} (spec v${task.specVersion})${oosRecord ? `, ${oosRecord}` : ''}`, reasonKey: 'qc-disposition', reasonParams: { status: decision, taskId, specVersion: task.specVersion, ...(oosRecord ? { oosRecord } : {}) }, via: 'qc-disposition' });
      if (!put.ok) return put;
      const [fresh] = await tx.select().from(iqcTasks).where(eq(iqcTasks.id, taskId));
      return ok(await this.view(tx, fresh!));
      // The signature is the first write: a wrong password commits its lockout count and audit entry.
    }, SIGNATURE_REFUSALS);
  }

  /**
   * QC's signed retest result for a lot (FR-143; EU GMP Ch. 5.30, 6.32): after a passed retest the
   * lot may be used longer, which a master-data steward may not decide. A QC person (qa, never also
   * admin) signs the new retest and/or expiry date with their password; the step (subject
   * `iqc-record`, record = the lot, state `retest-v<version>`) and the lot's new version go in one
   * transaction, the lot's status is kept.
   */
  async signRetest(signer: HubPrincipal, lotId: string, input: SignRetest): Promise<Result<{ lotId: string; version: number; expiryDate: string; retestDate: string | null }>> {
    const r = await this.signRetestChecked(signer, lotId, input);
    if (!r.ok && !SIGNATURE_REFUSALS.has(r.error.code)) {
      await audit(this.ctx.db, this.ctx.clock.now(), { actor: signer.username, action: 'iqc.refused', subject: lotId, ok: false, details: { step: 'retest', code: r.error.code, message: r.error.message } });
    }
    return r;
  }

  private async signRetestChecked(signer: HubPrincipal, lotId: string, input: SignRetest): Promise<Result<{ lotId: string; version: number; expiryDate: string; retestDate: string | null }>> {
    const conflict = gmpRoleConflict(signer.roles);
    if (conflict) return err('GMP_ROLE_CONFLICT', conflict);
    if (!signer.roles.includes('qa')) return err('AUTH_ROLE_REQUIRED', 'a retest result is signed by QC (the qa role)');
    return allOrNothing(this.ctx.db, async (tx) => {
      const resultsThrough = await lockedResultsThrough(tx, lotId);
      const results = await this.retestResults(tx, signer, lotId, input);
      if (!results.ok) return results;
      const lot = await currentObject<Record<string, unknown>>(tx, 'lot', lotId);
      if (!lot) return err('NOT_FOUND', `lot ${lotId} is not in master data`, { lotId });
      const dates = { ...(input.expiryDate !== undefined ? { expiryDate: input.expiryDate } : {}), ...(input.retestDate !== undefined ? { retestDate: input.retestDate } : {}) };
      const next = { ...lot.data, ...dates };
      const data = { lotId, lotVersion: lot.version, qcStatus: lot.data.qcStatus ?? null, before: { expiryDate: lot.data.expiryDate ?? null, retestDate: lot.data.retestDate ?? null }, ...dates, reason: input.reason, results: results.value, resultsThrough };
      const signed = await signRecordStep(tx, this.ctx, signer, input.password, { subjectKind: 'iqc-record', purpose: RETEST_PURPOSE, recordId: lotId, key: `retest-v${lot.version + 1}`, meaning: 'approved', data, previous: GENESIS_HASH, action: 'iqc.retest_signed' });
      if (!signed.ok) return signed;
      const shown = Object.entries(dates).map(([k, v]) => `${k} ${v ?? 'none'}`).join(', ');
      const put = await this.md.putIn(tx, signer, 'lot', lotId, {
        data: next,
        expectedVersion: lot.version,
        reason: `QC retest (${shown}): ${input.reason}`,
        reasonKey: 'qc-retest',
        reasonParams: { reason: input.reason, expiryDate: String(next.expiryDate ?? ''), retestDate: typeof next.retestDate === 'string' ? next.retestDate : 'none' },
        via: 'qc-disposition',
      });
      if (!put.ok) return put;
      const v = put.value.data as { expiryDate: string; retestDate: string | null };
      return ok({ lotId, version: put.value.version, expiryDate: v.expiryDate, retestDate: v.retestDate });
    }, SIGNATURE_REFUSALS);
  }

  /**
   * The retest's results as the signed step records them (FR-153), and the four-eyes check: the
   * QC person who signs entered none of them. Results recorded at the hub name who entered each,
   * must all be within specification, and must be new: recorded after the lot's disposition and
   * its last retest, and cited by neither (the incoming inspection's results do not prove a
   * retest, nor does one retest's result prove the next). An incoming lot is retested once QC
   * disposed it. Results recorded elsewhere are named by their reference and the person who
   * entered them, an active hub user.
   */
  private async retestResults(q: HubTx, signer: HubPrincipal, lotId: string, input: SignRetest): Promise<Result<{ reference: string | null; enteredBy: string[]; resultIds: string[] }>> {
    const me = signer.username.toLowerCase();
    const named = input.resultsEnteredBy?.trim() ?? null;
    if (named !== null && named.toLowerCase() === me) return err('REVIEWER_NOT_INDEPENDENT', `${signer.username} entered the retest results of lot ${lotId}; another QC person signs the retest`, { lotId });
    if (named !== null) {
      const [user] = await q.select({ username: hubUsers.username, status: hubUsers.status }).from(hubUsers).where(eq(hubUsers.username, named.toLowerCase()));
      if (!user || user.status !== 'active') return err('IQC_RETEST_ENTERER_UNKNOWN', `${named} is ${user ? `a ${user.status} hub account` : 'no hub user'}: the retest results recorded elsewhere name the active hub user who entered them`, { lotId, resultsEnteredBy: named });
    }
    const [task] = await q.select({ id: iqcTasks.id, state: iqcTasks.state }).from(iqcTasks).where(eq(iqcTasks.lotId, lotId));
    if (task && task.state !== 'disposed') return err('IQC_STATE_INVALID', `${task.id} is ${task.state}: lot ${lotId} is retested once QC disposed it`, { taskId: task.id, state: task.state });
    const ids = input.resultIds ?? [];
    const recorded = await this.results.rowsOf(lotId, ids, q);
    const missing = ids.filter((id) => !recorded.some((r) => r.resultId === id));
    if (missing.length > 0) return err('NOT_FOUND', `no result ${missing.join(', ')} of lot ${lotId} is recorded at the hub`, { lotId, resultIds: missing });
    const decided = await decisionsOver(q, lotId);
    const stale = recorded.filter((r) => r.no <= decided.through || decided.cited.has(r.resultId));
    if (stale.length > 0) return err('IQC_RETEST_RESULT_NOT_NEW', `result ${stale.map((r) => r.resultId).join(', ')} of lot ${lotId} was recorded before its ${decided.last ?? 'last decision'} (or is cited by it): a retest cites results recorded for it (POST /quality/results after the disposition)`, { lotId, resultIds: stale.map((r) => r.resultId) });
    const own = recorded.filter((r) => r.enteredBy.toLowerCase() === me);
    if (own.length > 0) return err('REVIEWER_NOT_INDEPENDENT', `${signer.username} entered result ${own.map((r) => r.resultId).join(', ')} of lot ${lotId}; another QC person signs the retest`, { lotId, resultIds: own.map((r) => r.resultId) });
    const failed = recorded.filter((r) => r.verdict === 'fail');
    if (failed.length > 0) return err('IQC_RETEST_FAILED', `result ${failed.map((r) => `${r.resultId} (${r.testCode} = ${String(r.value)})`).join(', ')} of lot ${lotId} is out of specification: the retest extends nothing`, { lotId, resultIds: failed.map((r) => r.resultId) });
    const enteredBy = [...new Set([...recorded.map((r) => r.enteredBy), ...(named !== null ? [named] : [])])];
    return ok({ reference: input.resultsReference ?? null, enteredBy, resultIds: ids });
  }

  /** The sampler's signature over a sample, verified now: chain to the CA, not revoked before, over this task, position and hash. */
  private async sampleSignature(q: HubQuery, taskId: string, s: typeof iqcSamples.$inferSelect): Promise<SamplingTaskView['containers'][number]['signature']> {
    if (s.signatureId === null || s.signatureId === undefined) return null;
    const [sig] = await q.select().from(qualitySignatures).where(eq(qualitySignatures.id, Number(s.signatureId)));
    if (!sig) return null;
    const [cert] = await q.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, sig.certFingerprint));
    const bound = sig.subjectHash === s.hash && sig.subjectKey === `${taskId}/sampled-${s.position}` && sig.subjectKind === 'iqc-record';
    const problem = signatureProblem(sig, cert ? { certPem: cert.certPem, revokedAt: cert.revokedAt } : undefined, this.ctx.keys.caCertPem, this.cache);
    return { printedName: sig.printedName, meaning: sig.meaning as SignatureMeaning, signedAt: sig.signedAt, valid: bound && problem === null };
  }

  async view(q: HubQuery, row: TaskRow): Promise<SamplingTaskView> {
    const samples = await q.select().from(iqcSamples).where(eq(iqcSamples.taskId, row.id)).orderBy(asc(iqcSamples.position));
    const [disp] = await q.select({ d: iqcDispositions, sig: qualitySignatures }).from(iqcDispositions).innerJoin(qualitySignatures, eq(qualitySignatures.id, iqcDispositions.signatureId)).where(eq(iqcDispositions.taskId, row.id));
    let disposition: SamplingTaskView['disposition'] = null;
    if (disp) {
      const [cert] = await q.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, disp.sig.certFingerprint));
      const chained = recordStepHash(PURPOSE, row.id, 'disposed', disp.d.data, GENESIS_HASH) === disp.d.hash && disp.sig.subjectHash === disp.d.hash && disp.sig.subjectKey === `${row.id}/disposed`;
      const problem = signatureProblem(disp.sig, cert ? { certPem: cert.certPem, revokedAt: cert.revokedAt } : undefined, this.ctx.keys.caCertPem, this.cache);
      disposition = { decision: disp.d.decision, signedBy: disp.sig.username, printedName: disp.sig.printedName, signedAt: disp.sig.signedAt, meaning: disp.sig.meaning as SignatureMeaning, oosRecord: disp.d.oosRecord, valid: chained && problem === null };
    }
    // One after another: `q` may be a transaction, whose one connection takes one query at a
    // time (pg queues concurrent ones today and deprecates it; pg 9 refuses).
    const containers: SamplingTaskView['containers'] = [];
    for (const s of samples) containers.push({ containerId: s.containerId, quantity: s.quantity ?? null, sampledBy: s.sampledBy, sampledAt: s.sampledAt?.toISOString() ?? null, signature: await this.sampleSignature(q, row.id, s) });
    return {
      id: row.id,
      receiptId: row.receiptId,
      lotId: row.lotId,
      lotNumber: row.lotNumber,
      material: row.material,
      supplier: row.supplier,
      supplierStatus: row.supplierStatus,
      plan: row.plan,
      specVersion: row.specVersion,
      state: row.state,
      containers,
      evaluation: await this.evaluate(row, q),
      disposition,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
