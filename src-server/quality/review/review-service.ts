/**
 * The batch as QA and the QP see it at the hub: its record, its exceptions, its deviations and
 * their closure, and the review and release signatures, each verified now (issue 7 item 2).
 * Everything is computed from PostgreSQL on every call — verified station entries, the hub's
 * certificates and signatures — so any hub process answers the same.
 */
import { asSigned } from '../../../src-shared/sync/ledger-key.ts';
import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { BatchDecision, BatchException, BatchReview, BatchStatus, BatchSummary, DeviationView, HubSignatureView, RecordEntryView, ReviewState } from '../../../src-shared/quality/review-contract.ts';
import { createCertificateCache } from '../../../src-core/pki/certificate-check.ts';
import { issuedCertificates, ledgerEntries } from '../../db/schema.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import { batchOutputLots, qualityBatches, qualitySignatures } from '../db/quality-schema.ts';
import type { QualityProjector } from '../projection/quality-projector.ts';
import { signatureProblem, type SignerCertificate, type StoredSignature } from '../signing/signature-check.ts';
import type { CorrectionNotApplied } from '../../../src-shared/orders/batch-record.ts';
import { batchRecordHash } from '../../../src-core/record/batch-record-hash.ts';
import { DEFAULT_EXCEPTION_POLICY, findExceptions, type CertificateFacts, type DeviationCore, type ExceptionFindings, type ExceptionPolicy, type ReviewEntry, type TimeTrustRecord } from './batch-exceptions.ts';
import { summarize } from '../../../src-core/record/event-summary.ts';
import { describeEntry } from '../../../src-shared/record/record-line.ts';
import { invalidatedSignatures } from '../../../src-core/record/signature-status.ts';
import type { OpenQualityRecord } from '../../../src-shared/quality/deviation-contract.ts';
import { closedStationDeviations, openQualityRecords } from '../deviations/open-records.ts';
import type { OqcStatus } from '../../../src-shared/quality/iqc-contract.ts';
import { oqcStatus } from '../iqc/oqc-status.ts';
import { batchEnvironment } from './batch-environment.ts';
import { loadSessionUse } from '../session-use.ts';
import type { SessionUse } from './session-exceptions.ts';

type BatchRow = typeof qualityBatches.$inferSelect;

/** Everything the decisions (release-service.ts) need, computed in their transaction. */
export interface Assessment {
  batch: BatchRow;
  entries: ReviewEntry[];
  recordHash: string;
  findings: ExceptionFindings;
  exceptions: BatchException[];
  deviations: DeviationView[];
  /** Station deviations neither closed by a QA signature nor followed up by a closed deviation record. */
  openDeviations: DeviationView[];
  /** Open deviation records linked to the batch and their open CAPA actions (issue 12). */
  openRecords: OpenQualityRecord[];
  /** Finished-product results of the output lots against the product's specification (issue 12 item 4). */
  oqc: OqcStatus;
  signatures: HubSignatureView[];
  review: ReviewState;
  /** Station signatures a later correction of their entry invalidated, not signed again (DI-13). */
  invalidated: { stationId: string; signatureSeq: number; targetSeq: number; meaning: string; by: string; changeSeq: number; at: string }[];
  /** The valid review over the current record, if any. */
  currentReview: HubSignatureView | null;
  decision: BatchDecision | null;
}

export class ReviewService {
  private readonly cache = createCertificateCache();

  constructor(
    private readonly ctx: HubContext,
    private readonly projector: QualityProjector,
    private readonly policy: ExceptionPolicy = DEFAULT_EXCEPTION_POLICY,
  ) {}

  async list(filter: { status?: BatchStatus | undefined; search?: string | undefined; limit?: number | undefined } = {}): Promise<BatchSummary[]> {
    await this.projector.catchUp();
    const where = [];
    if (filter.status) where.push(eq(qualityBatches.status, filter.status));
    if (filter.search) where.push(or(ilike(qualityBatches.batchNumber, `%${filter.search}%`), ilike(qualityBatches.productCode, `%${filter.search}%`)));
    const rows = await this.ctx.db
      .select()
      .from(qualityBatches)
      .where(where.length > 0 ? and(...where) : undefined)
      .orderBy(desc(qualityBatches.updatedAt), asc(qualityBatches.batchNumber))
      .limit(filter.limit ?? 50);
    const out: BatchSummary[] = [];
    // FR-140: one read of the session windows for the whole list (from a day before its earliest start), not one per batch.
    const starts = rows.map((r) => (r.startedAt ? Date.parse(r.startedAt) : Number.NaN));
    const sessions = rows.length > 1 ? await loadSessionUse(this.ctx.db, starts.some((t) => !Number.isFinite(t)) ? {} : { from: new Date(Math.min(...starts) - 86_400_000).toISOString() }) : undefined;
    for (const row of rows) {
      const a = await this.assessRow(this.ctx.db, row, sessions);
      out.push(summaryOf(a));
    }
    return out;
  }

  async review(batchNumber: string): Promise<Result<BatchReview>> {
    await this.projector.catchUp();
    const a = await this.assess(this.ctx.db, batchNumber);
    if (!a.ok) return a;
    const v = a.value;
    const outputs = await this.ctx.db.select().from(batchOutputLots).where(eq(batchOutputLots.batchNumber, batchNumber)).orderBy(asc(batchOutputLots.lotId));
    return ok({
      summary: summaryOf(v),
      recordHash: v.recordHash,
      exceptions: v.exceptions,
      deviations: v.deviations,
      signatures: v.signatures,
      outputLots: outputs.map((o) => ({ lotId: o.lotId, role: o.role, quantity: o.quantity })),
      record: recordView(v.entries, v.exceptions),
      qualityRecords: v.openRecords,
      oqc: v.oqc,
      environment: await batchEnvironment(this.ctx.db, batchNumber, v.entries),
    });
  }

  /** The assessment after the projection caught up: what a print of the batch shows. */
  async assessNow(batchNumber: string): Promise<Result<Assessment>> {
    await this.projector.catchUp();
    return this.assess(this.ctx.db, batchNumber);
  }

  async assess(q: HubQuery, batchNumber: string): Promise<Result<Assessment>> {
    const [row] = await q.select().from(qualityBatches).where(eq(qualityBatches.batchNumber, batchNumber));
    if (!row) return err('BATCH_UNKNOWN', `no batch ${batchNumber} has reached the hub`, { batchNumber });
    return ok(await this.assessRow(q, row));
  }

  /** Verified QP decisions of these batches (recall list). */
  async decisions(batchNumbers: string[]): Promise<Map<string, BatchDecision>> {
    const out = new Map<string, BatchDecision>();
    if (batchNumbers.length === 0) return out;
    const rows = await this.ctx.db
      .select()
      .from(qualitySignatures)
      .where(and(inArray(qualitySignatures.batchNumber, batchNumbers), eq(qualitySignatures.subjectKind, 'batch'), inArray(qualitySignatures.meaning, ['released', 'rejected'])));
    const certs = await this.certificates(this.ctx.db, rows);
    for (const r of rows) if (signatureProblem(r, certs.get(r.certFingerprint), this.ctx.keys.caCertPem, this.cache) === null) out.set(r.batchNumber, r.meaning as BatchDecision);
    return out;
  }

  /** The "time (not) trusted" records of the stations that took part (they carry no batch). */
  private async stationTimeTrust(q: HubQuery, entries: readonly ReviewEntry[]): Promise<Map<string, TimeTrustRecord[]>> {
    const out = new Map<string, TimeTrustRecord[]>();
    const stationIds = [...new Set(entries.map((e) => e.stationId))];
    if (stationIds.length === 0) return out;
    const rows = await q
      .select({ stationId: ledgerEntries.stationId, seq: ledgerEntries.seq, type: ledgerEntries.type, payload: ledgerEntries.payload })
      .from(ledgerEntries)
      .where(and(inArray(ledgerEntries.stationId, stationIds), inArray(ledgerEntries.type, ['station.time_untrusted', 'station.time_trusted'])))
      .orderBy(asc(ledgerEntries.stationId), asc(ledgerEntries.seq));
    for (const r of rows) out.set(r.stationId, [...(out.get(r.stationId) ?? []), { seq: r.seq, type: r.type, payload: r.payload as Record<string, unknown> }]);
    return out;
  }

  /**
   * FR-140: the session windows at every station around the batch's time, and the accounts' user
   * names (station accounts are per station: the name links them), for session-exceptions.ts.
   */
  private async sessionUse(q: HubQuery, entries: readonly ReviewEntry[]): Promise<SessionUse> {
    const actors = entries.filter((e) => e.actor);
    if (actors.length === 0) return { windows: [] };
    const times = actors.map((e) => Date.parse(e.time)).filter(Number.isFinite);
    // A window that opened up to a day before the batch's first entry, or ends after its last, still counts.
    const from = new Date(Math.min(...times) - 86_400_000).toISOString();
    const to = new Date(Math.max(...times) + 86_400_000).toISOString();
    // All accounts' windows in that time: the names come from the same read (user.created).
    return loadSessionUse(q, { from, to });
  }

  private async assessRow(q: HubQuery, batch: BatchRow, sessions?: SessionUse): Promise<Assessment> {
    const stored = await q.select().from(ledgerEntries).where(eq(ledgerEntries.batchRef, batch.batchNumber)).orderBy(asc(ledgerEntries.stationId), asc(ledgerEntries.seq));
    const entries: ReviewEntry[] = stored.map((e) => ({ ...e, payload: e.payload as LedgerEntry['payload'] }));
    // Over the entries as the station signed them (station id, not the hub's ledger key), so the
    // station and the hub compute the same record hash for every identity epoch (P11-18).
    const recordHash = batchRecordHash(batch.batchNumber, asSigned(entries));
    const findings = findExceptions(entries, await this.stationCertificates(q, entries), this.policy, this.ctx.clock.now(), await this.stationTimeTrust(q, entries), sessions ?? (await this.sessionUse(q, entries)));
    const sigRows = await q.select().from(qualitySignatures).where(and(eq(qualitySignatures.batchNumber, batch.batchNumber), inArray(qualitySignatures.subjectKind, ['batch', 'deviation']))).orderBy(asc(qualitySignatures.id));
    const certs = await this.certificates(q, sigRows);
    const deviationHash = new Map(findings.deviations.map((d) => [`${d.stationId}#${d.seq}`, d.hash]));
    const signatures: HubSignatureView[] = sigRows.map((r) => {
      const problem = signatureProblem(r, certs.get(r.certFingerprint), this.ctx.keys.caCertPem, this.cache);
      const current = r.subjectKind === 'batch' ? r.subjectKey === batch.batchNumber && r.subjectHash === recordHash : deviationHash.get(r.subjectKey) === r.subjectHash;
      return {
        id: r.id,
        subjectKind: r.subjectKind === 'batch' ? 'batch' : 'deviation',
        subjectKey: r.subjectKey,
        meaning: r.meaning as HubSignatureView['meaning'],
        signerId: r.signerId,
        username: r.username,
        printedName: r.printedName,
        signedAt: r.signedAt,
        tzOffset: r.tzOffset,
        comment: r.comment,
        valid: problem === null,
        problem,
        current,
      };
    });
    const valid = signatures.filter((s) => s.valid);
    const deviations = findings.deviations.map((d) => deviationView(d, valid));
    const followedUp = await closedStationDeviations(q, deviations);
    const openRecords = await openQualityRecords(q, batch.batchNumber, this.ctx.clock.now());
    const oqc = await oqcStatus(q, batch.batchNumber, batch.productCode);
    const batchSigs = valid.filter((s) => s.subjectKind === 'batch');
    const reviews = batchSigs.filter((s) => s.meaning === 'reviewed');
    const currentReview = reviews.filter((s) => s.current).at(-1) ?? null;
    const decided = batchSigs.filter((s) => s.meaning === 'released' || s.meaning === 'rejected');
    const currentDecision = decided.find((s) => s.current) ?? null;
    const exceptions = [...findings.exceptions];
    const stale = decided.find((s) => !s.current);
    if (stale) {
      exceptions.push({
        id: `changed-after-decision:${stale.id}`,
        kind: 'changed-after-decision',
        severity: 'critical',
        stationId: null,
        seq: null,
        time: stale.signedAt,
        message: `the batch record changed after it was ${stale.meaning} by ${stale.printedName} at ${stale.signedAt}`,
        params: { decision: stale.meaning, by: stale.printedName, at: stale.signedAt },
      });
    }
    const changed = invalidatedSignatures(entries);
    const invalidated: Assessment['invalidated'] = [];
    for (const e of entries) {
      const change = e.type === 'signature.applied' ? changed.get(`${e.stationId}#${e.seq}`) : undefined;
      if (!change) continue;
      const p = e.payload;
      const item = { stationId: e.stationId, signatureSeq: e.seq, targetSeq: Number(p.targetSeq), meaning: String(p.meaning), by: String(p.printedName), changeSeq: change.seq, at: change.time };
      invalidated.push(item);
      exceptions.push({
        id: `signature-invalidated:${e.stationId}#${e.seq}`,
        kind: 'signature-invalidated',
        severity: 'critical',
        stationId: e.stationId,
        seq: e.seq,
        time: change.time,
        message: `signature "${item.meaning}" of ${item.by} on entry ${item.targetSeq} invalidated by change at ${change.time} (entry ${change.seq}): to be signed again`,
        params: { meaning: item.meaning, by: item.by, targetSeq: item.targetSeq, changeSeq: change.seq, at: change.time, tzOffset: change.tzOffset },
      });
    }
    return {
      batch,
      entries,
      recordHash,
      invalidated,
      findings,
      exceptions,
      deviations,
      openDeviations: deviations.filter((d) => d.closure === null && !followedUp.has(`${d.stationId}#${d.seq}`)),
      openRecords,
      oqc,
      signatures,
      review: currentReview ? 'current' : reviews.length > 0 ? 'outdated' : 'none',
      currentReview,
      decision: (currentDecision?.meaning as BatchDecision | undefined) ?? null,
    };
  }

  private async certificates(q: HubQuery, rows: StoredSignature[]): Promise<Map<string, SignerCertificate>> {
    const fps = [...new Set(rows.map((r) => r.certFingerprint))];
    if (fps.length === 0) return new Map();
    const certs = await q.select().from(issuedCertificates).where(inArray(issuedCertificates.fingerprint, fps));
    return new Map(certs.map((c) => [c.fingerprint, { certPem: c.certPem, revokedAt: c.revokedAt }]));
  }

  /** Validity and revocation of the certificates behind the station signatures of the batch. */
  private async stationCertificates(q: HubQuery, entries: ReviewEntry[]): Promise<Map<string, CertificateFacts>> {
    const fps = [...new Set(entries.filter((e) => e.type === 'signature.applied').map((e) => String(e.payload.certFingerprint)))];
    const out = new Map<string, CertificateFacts>();
    if (fps.length === 0) return out;
    const stationIds = [...new Set(entries.map((e) => e.stationId))];
    const recorded = await q
      .select({ payload: ledgerEntries.payload })
      .from(ledgerEntries)
      .where(and(inArray(ledgerEntries.stationId, stationIds), eq(ledgerEntries.type, 'certificate.issued'), inArray(sql`${ledgerEntries.payload}->>'fingerprint'`, fps)));
    for (const r of recorded) {
      const p = r.payload as { fingerprint: string; notBefore: string; notAfter: string };
      out.set(p.fingerprint, { notBefore: new Date(p.notBefore), notAfter: new Date(p.notAfter), revokedAt: null });
    }
    const issued = await q.select().from(issuedCertificates).where(inArray(issuedCertificates.fingerprint, fps));
    for (const c of issued) out.set(c.fingerprint, { notBefore: c.notBefore, notAfter: c.notAfter, revokedAt: c.revokedAt });
    return out;
  }
}

function deviationView(d: DeviationCore, valid: HubSignatureView[]): DeviationView {
  const closure = valid.find((s) => s.subjectKind === 'deviation' && s.subjectKey === `${d.stationId}#${d.seq}` && s.current && s.meaning === 'approved') ?? null;
  return { stationId: d.stationId, seq: d.seq, deviationId: d.deviationId, category: d.category, reason: d.reason, raisedBy: d.raisedBy, raisedAt: d.raisedAt, approvedAtStation: d.approvedAtStation, closure };
}

function summaryOf(a: Assessment): BatchSummary {
  const b = a.batch;
  return {
    batchNumber: b.batchNumber,
    productCode: b.productCode,
    productName: b.productName,
    recipe: b.recipe,
    stations: b.stations,
    status: b.status,
    entries: b.entries,
    startedAt: b.startedAt,
    completedAt: b.completedAt,
    lastReceivedAt: b.lastReceivedAt?.toISOString() ?? null,
    exceptions: a.exceptions.length,
    openDeviations: a.openDeviations.length,
    review: a.review,
    decision: a.decision,
  };
}

/**
 * FR-124: what the review's own fold (batch-exceptions.ts, the rule of form-correction.ts) made of
 * a form value correction, so the record's line says "not applied" / "not signed" as the
 * station's record and the printed copy do, instead of reading as a correction in force.
 */
function correctionNotApplied(e: ReviewEntry, exceptions: readonly BatchException[]): CorrectionNotApplied | undefined {
  const x = exceptions.find((x) => x.stationId === e.stationId && x.seq === e.seq && x.kind.startsWith('correction'));
  if (x?.kind === 'correction-stale') return { effect: 'stale', valueInForce: String(x.params.valueInForce) };
  if (x?.kind === 'correction-inconsistent') return { effect: 'inconsistent' };
  return x?.kind === 'correction' && x.params.signed === true ? undefined : { effect: 'unsigned' };
}

function recordView(entries: ReviewEntry[], exceptions: readonly BatchException[]): RecordEntryView[] {
  const sigs = new Map<string, RecordEntryView['signatures']>();
  const invalidated = invalidatedSignatures(entries);
  for (const e of entries) {
    if (e.type !== 'signature.applied') continue;
    const p = e.payload;
    const k = `${e.stationId}#${String(p.targetSeq)}`;
    sigs.set(k, [...(sigs.get(k) ?? []), { meaning: String(p.meaning), username: String(p.username), printedName: String(p.printedName), signedAt: String(p.signedAt), invalidatedBy: invalidated.get(`${e.stationId}#${e.seq}`) ?? null }]);
  }
  const notApplied = (e: ReviewEntry) => (e.type === 'form.value_corrected' ? correctionNotApplied(e, exceptions) : undefined);
  return entries.map((e) => ({
    stationId: e.stationId,
    seq: e.seq,
    type: e.type,
    time: e.time,
    tzOffset: e.tzOffset,
    actor: e.actor,
    receivedAt: e.receivedAt.toISOString(),
    hash: e.hash,
    summary: summarize(e, 'en', notApplied(e)),
    line: describeEntry(e.type, e.payload, notApplied(e)),
    signatures: sigs.get(`${e.stationId}#${e.seq}`) ?? [],
  }));
}
