/**
 * QA review sign-off, deviation closure and the QP's decision, each an electronic signature
 * made at the hub (issue 7 item 2; 21 CFR 11.50/11.70/11.200; EU GMP Annex 16 §1.7; Annex 11
 * §15, COMPLIANCE.md A11-25, P11-08, P11-09, P11-18, D25-02).
 *
 * Rules, checked in this order, each refusal a typed code and an audit entry:
 *   role        qa reviews and closes deviations; qp releases or rejects; an account that is
 *               also admin never signs (GMP_ROLE_CONFLICT, even if the database says so);
 *   batch       known, complete, not yet released or rejected;
 *   independent the signer took no part in the batch (signed or recorded any entry of it);
 *   release     a valid QA review over the record *as it is now*; no station signature stands
 *               invalidated by a later correction of its entry (DI-13); the QP is not that reviewer;
 *               no deviation open, no deviation record linked to the batch open and no
 *               CAPA action of one open (issue 12; each listed with the refusal); every
 *               finished-product (OQC) result in and in specification (iqc/oqc-status.ts);
 *   password    the signer's password, at the moment of signing, opens their signing key
 *               (11.200(a)(1)); a wrong one counts toward the account lockout (11.300(d)).
 * Decisions of one batch are serialised across hub processes by a transaction-scoped
 * advisory lock on the batch number, so two QPs cannot both release it.
 */
import { eq, sql } from 'drizzle-orm';
import { err, ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import type { BatchDecision } from '../../../src-shared/quality/review-contract.ts';
import { gmpRoleConflict } from '../../../src-shared/quality/quality-roles.ts';
import { hubUsers } from '../../db/schema.ts';
import type { HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { qualitySignatures } from '../db/quality-schema.ts';
import type { QualityProjector } from '../projection/quality-projector.ts';
import { signHubFields, type HubSignatureFields } from '../signing/hub-signature.ts';
import { signerKey } from '../signing/signer-keys.ts';
import { checkSignerCredentials } from '../signing/signer-credentials.ts';
import type { Assessment, ReviewService } from './review-service.ts';

export interface SignedResult {
  signatureId: number;
  meaning: SignatureMeaning;
  subjectKey: string;
  signedAt: string;
}

interface Plan {
  role: 'qa' | 'qp';
  action: string;
  meaning: SignatureMeaning;
  subjectKind: 'batch' | 'deviation';
  comment: string | null;
  /** The rules on the assessment; returns the subject (key + hash) or a refusal. */
  check(a: Assessment, signer: HubPrincipal): Result<{ subjectKey: string; subjectHash: string }>;
}

export class ReleaseService {
  constructor(
    private readonly ctx: HubContext,
    private readonly projector: QualityProjector,
    private readonly reviews: ReviewService,
  ) {}

  async signReview(signer: HubPrincipal, batchNumber: string, password: string, comment?: string): Promise<Result<SignedResult>> {
    return this.sign(signer, batchNumber, password, {
      role: 'qa',
      action: 'review.signed',
      meaning: 'reviewed',
      subjectKind: 'batch',
      comment: comment || null,
      check: (a, s) => {
        const base = decidable(a) ?? independent(a, s);
        if (base) return base;
        if (a.currentReview) return err('CONFLICT', `batch ${batchNumber} is already reviewed as it is now (by ${a.currentReview.printedName})`);
        return ok({ subjectKey: batchNumber, subjectHash: a.recordHash });
      },
    });
  }

  async closeDeviation(signer: HubPrincipal, batchNumber: string, deviationRef: { stationId: string; seq: number }, password: string, conclusion: string): Promise<Result<SignedResult>> {
    const key = `${deviationRef.stationId}#${deviationRef.seq}`;
    return this.sign(signer, batchNumber, password, {
      role: 'qa',
      action: 'deviation.closed',
      meaning: 'approved',
      subjectKind: 'deviation',
      comment: conclusion,
      check: (a, s) => {
        const d = a.findings.deviations.find((x) => x.stationId === deviationRef.stationId && x.seq === deviationRef.seq);
        if (!d) return err('DEVIATION_UNKNOWN', `batch ${batchNumber} has no deviation at ${key}`);
        const indep = independent(a, s);
        if (indep) return indep;
        const view = a.deviations.find((x) => x.stationId === d.stationId && x.seq === d.seq);
        if (view?.closure) return err('DEVIATION_ALREADY_CLOSED', `deviation ${d.deviationId} was closed by ${view.closure.printedName} at ${view.closure.signedAt}`);
        if (a.decision) return err('BATCH_ALREADY_DECIDED', `batch ${batchNumber} is already ${a.decision}`);
        return ok({ subjectKey: key, subjectHash: d.hash });
      },
    });
  }

  async decide(signer: HubPrincipal, batchNumber: string, decision: BatchDecision, password: string, comment?: string): Promise<Result<SignedResult>> {
    return this.sign(signer, batchNumber, password, {
      role: 'qp',
      action: decision === 'released' ? 'release.signed' : 'batch.rejected',
      meaning: decision,
      subjectKind: 'batch',
      comment: comment || null,
      check: (a, s) => {
        if (decision === 'rejected') {
          if (!comment || comment.trim().length < 10) return err('INPUT_INVALID', 'a rejection needs its reason (at least 10 characters)');
          return (a.decision ? err('BATCH_ALREADY_DECIDED', `batch ${batchNumber} is already ${a.decision}`) : null) ?? independent(a, s) ?? ok({ subjectKey: batchNumber, subjectHash: a.recordHash });
        }
        const base = decidable(a) ?? independent(a, s);
        if (base) return base;
        if (!a.currentReview) {
          return err('REVIEW_REQUIRED', a.review === 'outdated' ? `the QA review of ${batchNumber} was signed over an earlier record; the record changed since and must be reviewed again` : `batch ${batchNumber} has no QA review yet`, { review: a.review });
        }
        if (a.invalidated.length > 0) {
          return err('RELEASE_SIGNATURES_INVALIDATED', `${a.invalidated.length} signature(s) of ${batchNumber} were invalidated by a later change and must be signed again: ${a.invalidated.map((x) => `${x.meaning} by ${x.by} on entry ${x.targetSeq} (changed by entry ${x.changeSeq})`).join('; ')}`, {
            signatures: a.invalidated.map((x) => ({ stationId: x.stationId, signatureSeq: x.signatureSeq, targetSeq: x.targetSeq, meaning: x.meaning, changeSeq: x.changeSeq })),
          });
        }
        if (a.currentReview.signerId === s.userId) return err('RELEASE_SAME_PERSON', `${a.currentReview.printedName} reviewed this batch; another person must release it`);
        const records = a.openRecords;
        if (a.openDeviations.length > 0) {
          return err('RELEASE_DEVIATIONS_OPEN', `${a.openDeviations.length} deviation(s) of ${batchNumber} are open: ${a.openDeviations.map((d) => d.deviationId).join(', ')}`, {
            deviations: a.openDeviations.map((d) => ({ stationId: d.stationId, seq: d.seq, deviationId: d.deviationId, category: d.category, reason: d.reason })),
            records,
          });
        }
        if (records.length > 0) {
          return err('RELEASE_QUALITY_RECORDS_OPEN', `${records.length} deviation record(s) or CAPA action(s) linked to ${batchNumber} are open: ${records.map((r) => `${r.id} (${r.state})`).join(', ')}`, { records });
        }
        const oqc = a.oqc.findings;
        if (oqc.length > 0) {
          return err('RELEASE_OQC_OPEN', `finished-product results of ${batchNumber} are not complete and in specification: ${oqc.map((f) => (f.problem === 'no-output-lot' ? 'no output lot recorded' : `${f.lotId} ${f.testCode} ${f.problem}`)).join(', ')}`, { findings: oqc, specVersion: a.oqc.specVersion });
        }
        return ok({ subjectKey: batchNumber, subjectHash: a.recordHash });
      },
    });
  }

  private async sign(signer: HubPrincipal, batchNumber: string, password: string, plan: Plan): Promise<Result<SignedResult>> {
    const conflict = gmpRoleConflict(signer.roles);
    if (conflict) return this.refused(signer, plan, batchNumber, { code: 'GMP_ROLE_CONFLICT', message: conflict });
    if (!signer.roles.includes(plan.role)) return this.refused(signer, plan, batchNumber, { code: 'AUTH_ROLE_REQUIRED', message: `signing "${plan.meaning}" needs the ${plan.role} role` });
    await this.projector.catchUp();
    return this.ctx.db.transaction(async (tx): Promise<Result<SignedResult>> => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.quality:${batchNumber}`}))`);
      const assessed = await this.reviews.assess(tx, batchNumber);
      if (!assessed.ok) return this.refusedIn(tx, signer, plan, batchNumber, assessed.error);
      const subject = plan.check(assessed.value, signer);
      if (!subject.ok) return this.refusedIn(tx, signer, plan, batchNumber, subject.error);
      const checked = await checkSignerCredentials(tx, this.ctx, signer, password, { action: `${plan.action.split('.')[0]}.refused`, subject: batchNumber, details: { meaning: plan.meaning } });
      if (!checked.ok) return checked;
      const user = checked.value;
      const key = await signerKey(tx, this.ctx, { userId: user.userId, username: user.username, printedName: user.printedName }, password);
      if (!key.ok) return key;
      const now = this.ctx.clock.now();
      const fields: HubSignatureFields = {
        subjectKind: plan.subjectKind,
        batchNumber,
        subjectKey: subject.value.subjectKey,
        subjectHash: subject.value.subjectHash,
        meaning: plan.meaning,
        signerId: user.userId,
        username: user.username,
        printedName: user.printedName,
        signedAt: now.toISOString(),
        tzOffset: this.ctx.clock.tzOffset(now),
        comment: plan.comment,
      };
      const signature = signHubFields(key.value.privateKey, fields);
      const [row] = await tx.insert(qualitySignatures).values({ ...fields, certFingerprint: key.value.fingerprint, signature, recordedAt: now }).returning({ id: qualitySignatures.id });
      await tx.update(hubUsers).set({ failedAttempts: 0 }).where(eq(hubUsers.userId, user.userId));
      await audit(tx, now, { actor: user.username, action: plan.action, subject: batchNumber, details: { meaning: plan.meaning, subjectKey: fields.subjectKey, subjectHash: fields.subjectHash, signatureId: row!.id, comment: plan.comment } });
      return ok({ signatureId: row!.id, meaning: plan.meaning, subjectKey: fields.subjectKey, signedAt: fields.signedAt });
    });
  }

  private async refused(signer: HubPrincipal, plan: Plan, batchNumber: string, e: BatchlineError): Promise<Result<never>> {
    return this.ctx.db.transaction((tx) => this.refusedIn(tx, signer, plan, batchNumber, e));
  }

  /** Records the refusal in the hub audit trail (it commits with the transaction) and returns it. */
  private async refusedIn(tx: HubTx, signer: HubPrincipal, plan: Plan, batchNumber: string, e: BatchlineError): Promise<Result<never>> {
    await audit(tx, this.ctx.clock.now(), { actor: signer.username, action: `${plan.action.split('.')[0]}.refused`, subject: batchNumber, ok: false, details: { code: e.code, message: e.message, meaning: plan.meaning } });
    return { ok: false, error: e };
  }
}

function decidable(a: Assessment): Result<never> | null {
  if (!a.findings.complete) return err('BATCH_NOT_COMPLETE', `batch ${a.batch.batchNumber} is not complete at the station yet`);
  if (a.decision) return err('BATCH_ALREADY_DECIDED', `batch ${a.batch.batchNumber} is already ${a.decision}`);
  return null;
}

function independent(a: Assessment, s: HubPrincipal): Result<never> | null {
  if (a.findings.participants.has(s.username) || a.findings.participants.has(s.userId)) {
    return err('REVIEWER_NOT_INDEPENDENT', `${s.username} took part in batch ${a.batch.batchNumber} and cannot sign its review or release`);
  }
  return null;
}
