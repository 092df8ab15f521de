/**
 * ERP out (issue 15 item 5): after each order, its material consumption and its production
 * performance go to the ERP as B2MML (b2mml-performance.ts), each validated before it is queued
 * (b2mml-subset.ts), through an outbox in PostgreSQL. Three steps, each safe to repeat and to run
 * in two hub processes at once:
 *  1. raise: a batch the projection has marked complete (its `order.completed` projected, after
 *     every earlier entry of its station) is queued in erp_due_batches in the projector's own
 *     transaction (a trigger, migration 0048); a pass reads that queue, never all completed
 *     batches, and takes each batch ONCE (erp_batches, primary key), writes its two messages
 *     (each with its own message id) and deletes its queue row in one transaction; a document
 *     that fails validation is written as `invalid`, never sent, and audited;
 *  2. deliver: claim due messages (FOR UPDATE SKIP LOCKED, a lease and a claim token), POST each
 *     to the configured endpoint with the message id in the Idempotency-Key header and in the
 *     document, record the outcome only if the claim is still ours;
 *  3. retry with backoff; after the last attempt the message is `failed` and audited; an
 *     administrator may queue it again (audited, with a reason).
 *
 * Exactly once, as far as the endpoint can tell: the transport is at least once (a hub that
 * dies after the endpoint took a message but before recording it sends it again after the
 * lease), so the endpoint must keep the message ids it accepted and answer 2xx to a repeat
 * without booking it twice. Within that contract every message is booked exactly once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { audit } from '../admin/hub-audit.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { ledgerEntries } from '../db/schema.ts';
import type { HubTx } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import { QualityProjector } from '../quality/projection/quality-projector.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { asSigned } from '../../src-shared/sync/ledger-key.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { ErpMessageView, ErpRunResult } from '../../src-shared/erp/erp-contract.ts';
import { buildDocument, type ErpMessageKind } from './b2mml-performance.ts';
import { validateProductionPerformance } from './b2mml-subset.ts';
import { orderActuals } from './order-actuals.ts';
import { erpBatches, erpDueBatches, erpMessages } from './erp-schema.ts';
import { GENESIS_HASH, signRecordStep } from '../quality/signing/record-step.ts';

/** Domain separation of the requeue signature's step hash. */
const REQUEUE_PURPOSE = 'batchline.erp-requeue.v1';

export interface ErpEndpoint {
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token: string | null;
}

export interface ErpOptions {
  /** Where messages go; without one they are built, validated and offered over the API only. */
  endpoint: ErpEndpoint | null;
  /** Attempts before a message is given up as failed (default 10). */
  maxAttempts?: number;
  /** First retry after this many ms, doubling up to an hour (default 30 s). */
  retryBaseMs?: number;
  timeoutMs?: number;
}

const KINDS: readonly ErpMessageKind[] = ['consumption', 'performance'];
const LEASE_MS = 120_000;
const CLAIM = 20;
const RAISE_BATCHES = 50;

type Row = typeof erpMessages.$inferSelect;

export class ErpService {
  private readonly projector: QualityProjector;

  constructor(
    private readonly ctx: HubContext,
    private readonly options: ErpOptions,
  ) {
    this.projector = new QualityProjector(ctx);
  }

  async runOnce(): Promise<ErpRunResult> {
    const raised = await this.raise();
    return { raised, ...(await this.deliverDue()) };
  }

  /**
   * Queues the messages of the batches completed since the last pass (erp_due_batches, oldest
   * first, a page at a time); returns how many messages it wrote. Reads the queue, not the
   * completed batches: what a pass reads grows with what completed since the last one.
   */
  async raise(): Promise<number> {
    await this.projector.catchUp();
    const due = await this.ctx.db.select({ batchNumber: erpDueBatches.batchNumber }).from(erpDueBatches).orderBy(asc(erpDueBatches.seq)).limit(RAISE_BATCHES);
    let written = 0;
    for (const { batchNumber } of due) written += await this.ctx.db.transaction((tx) => this.raiseBatch(tx, batchNumber));
    return written;
  }

  /** Takes one queued batch: its erp_batches row, its messages and its queue row's deletion commit together or not at all. */
  private async raiseBatch(tx: HubTx, batchNumber: string): Promise<number> {
    const now = this.ctx.clock.now();
    // Locked first: a second hub process taking the same batch waits here, then finds it gone.
    const [due] = await tx.delete(erpDueBatches).where(eq(erpDueBatches.batchNumber, batchNumber)).returning({ seq: erpDueBatches.seq });
    if (!due) return 0; // another hub process took it
    const [taken] = await tx.insert(erpBatches).values({ batchNumber, outcome: 'queued', consideredAt: now }).onConflictDoNothing().returning();
    if (!taken) return 0; // taken before (queued again by a status change back and forth)
    const stored = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.batchRef, batchNumber)).orderBy(asc(ledgerEntries.stationId), asc(ledgerEntries.seq));
    const actuals = orderActuals(batchNumber, asSigned(stored) as unknown as LedgerEntry[]);
    if (!actuals.ok) {
      await tx.update(erpBatches).set({ outcome: 'invalid' }).where(eq(erpBatches.batchNumber, batchNumber));
      await audit(tx, now, { actor: 'hub', action: 'erp.document_invalid', subject: batchNumber, ok: false, details: { code: actuals.error.code, problems: [actuals.error.message] } });
      return 0;
    }
    const queued: string[] = [];
    let invalid = false;
    for (const kind of KINDS) {
      const messageId = `BL-${randomUUID()}`;
      const document = buildDocument(kind, actuals.value, { messageId, publishedAt: now.toISOString() });
      const problems = validateProductionPerformance(document, { messageId, materialUse: kind === 'consumption' ? 'Consumed' : 'Produced' });
      const status = problems.length === 0 ? 'pending' : 'invalid';
      await tx
        .insert(erpMessages)
        .values({ messageId, batchNumber, kind, erpOrderId: actuals.value.erpOrderId, status, document, documentSha256: sha256(document), problems: problems.length > 0 ? problems : null, nextAt: now, createdAt: now });
      if (status === 'pending') {
        queued.push(messageId);
        continue;
      }
      invalid = true;
      await audit(tx, now, { actor: 'hub', action: 'erp.document_invalid', subject: batchNumber, ok: false, details: { messageId, kind, code: 'ERP_DOCUMENT_INVALID', problems } });
    }
    if (invalid) await tx.update(erpBatches).set({ outcome: 'invalid' }).where(eq(erpBatches.batchNumber, batchNumber));
    if (queued.length > 0) await audit(tx, now, { actor: 'hub', action: 'erp.queued', subject: batchNumber, details: { messageIds: queued, erpOrderId: actuals.value.erpOrderId } });
    return KINDS.length;
  }

  async deliverDue(): Promise<{ sent: number; failed: number; retrying: number }> {
    const counts = { sent: 0, failed: 0, retrying: 0 };
    const endpoint = this.options.endpoint;
    if (!endpoint) return counts;
    const now = this.ctx.clock.now();
    const claimToken = randomUUID();
    // Claim: due rows, skipping those another hub process holds; the lease and the token keep them ours while we send.
    const claimed = await this.ctx.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(erpMessages)
        .where(and(eq(erpMessages.status, 'pending'), lte(erpMessages.nextAt, now)))
        .orderBy(asc(erpMessages.nextAt), asc(erpMessages.id))
        .limit(CLAIM)
        .for('update', { skipLocked: true });
      if (rows.length > 0) await tx.update(erpMessages).set({ nextAt: new Date(now.getTime() + LEASE_MS), claimToken }).where(inArray(erpMessages.id, rows.map((r) => r.id)));
      return rows;
    });
    for (const m of claimed) {
      const sent = await this.post(endpoint, m);
      const attempts = m.attempts + 1;
      const at = this.ctx.clock.now();
      const mine = and(eq(erpMessages.id, m.id), eq(erpMessages.claimToken, claimToken));
      if (sent.ok) {
        await this.ctx.db.update(erpMessages).set({ status: 'sent', attempts, sentAt: at, lastError: null, lastHttpStatus: sent.value, claimToken: null }).where(mine);
        counts.sent++;
        continue;
      }
      const giveUp = attempts >= (this.options.maxAttempts ?? 10);
      const wait = Math.min((this.options.retryBaseMs ?? 30_000) * 2 ** (attempts - 1), 3_600_000);
      const status = typeof sent.error.details?.status === 'number' ? sent.error.details.status : null;
      await this.ctx.db.transaction(async (tx) => {
        const updated = await tx
          .update(erpMessages)
          .set({ status: giveUp ? 'failed' : 'pending', attempts, lastError: sent.error.message.slice(0, 500), lastHttpStatus: status, nextAt: new Date(at.getTime() + wait), claimToken: null })
          .where(mine)
          .returning({ id: erpMessages.id });
        if (giveUp && updated.length > 0)
          await audit(tx, at, { actor: 'hub', action: 'erp.delivery_failed', subject: m.batchNumber, ok: false, details: { messageId: m.messageId, kind: m.kind, attempts, code: sent.error.code, message: sent.error.message.slice(0, 500) } });
      });
      if (giveUp) counts.failed++;
      else counts.retrying++;
    }
    return counts;
  }

  private async post(endpoint: ErpEndpoint, m: Row): Promise<Result<number>> {
    const host = safeHost(endpoint.url);
    let res: Response;
    try {
      res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/xml; charset=utf-8',
          'idempotency-key': m.messageId,
          'x-batchline-message-kind': m.kind,
          'x-batchline-batch': m.batchNumber,
          ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}),
        },
        body: m.document,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (e) {
      return err('ERP_DELIVERY_FAILED', `cannot reach ${host}: ${(e as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    if (res.status < 200 || res.status > 299) return err('ERP_DELIVERY_FAILED', `HTTP ${res.status} from ${host}: ${text.slice(0, 200)}`, { status: res.status });
    return ok(res.status);
  }

  // ---- reading and re-queueing ----

  async messages(batchNumber: string): Promise<ErpMessageView[]> {
    return (await this.ctx.db.select().from(erpMessages).where(eq(erpMessages.batchNumber, batchNumber)).orderBy(asc(erpMessages.kind))).map(view);
  }

  async message(messageId: string): Promise<Result<{ view: ErpMessageView; document: string }>> {
    const [row] = await this.ctx.db.select().from(erpMessages).where(eq(erpMessages.messageId, messageId));
    if (!row) return err('ERP_MESSAGE_UNKNOWN', `no ERP message ${messageId}`, { messageId });
    return ok({ view: view(row), document: row.document });
  }

  /**
   * A failed message goes out again with the same id and document (the endpoint dedupes by id).
   * It is an e-signature ("performed", the reason in the signed data; signer-credentials.ts: password,
   * second factor, lockout), signed by the person's own key and audited as `erp.requeued`.
   */
  async requeue(actor: HubPrincipal, messageId: string, reason: string, password: string): Promise<Result<ErpMessageView>> {
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx): Promise<Result<ErpMessageView>> => {
      const [row] = await tx.select().from(erpMessages).where(eq(erpMessages.messageId, messageId)).for('update');
      if (!row) return err('ERP_MESSAGE_UNKNOWN', `no ERP message ${messageId}`, { messageId });
      if (row.status !== 'failed') return err('ERP_MESSAGE_NOT_FAILED', `ERP message ${messageId} is ${row.status}: only a failed message is queued again`, { messageId, status: row.status });
      const data = { messageId, batchNumber: row.batchNumber, kind: row.kind, previousAttempts: row.attempts, lastError: row.lastError, reason };
      const signed = await signRecordStep(tx, this.ctx, actor, password, { subjectKind: 'erp-message', purpose: REQUEUE_PURPOSE, recordId: messageId, key: `requeued-${row.attempts}-${now.getTime()}`, meaning: 'performed', data, previous: GENESIS_HASH, action: 'erp.requeued' });
      if (!signed.ok) return signed;
      const [after] = await tx.update(erpMessages).set({ status: 'pending', attempts: 0, nextAt: now, claimToken: null }).where(eq(erpMessages.id, row.id)).returning();
      return ok(view(after!));
    });
  }

  /** Messages per status (for the metrics and the IT guide's health check). */
  async counts(): Promise<Record<string, number>> {
    const rows = await this.ctx.db.select({ status: erpMessages.status, n: sql<number>`count(*)::int` }).from(erpMessages).groupBy(erpMessages.status);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the ERP endpoint';
  }
}

function view(r: Row): ErpMessageView {
  return {
    messageId: r.messageId,
    batchNumber: r.batchNumber,
    kind: r.kind,
    erpOrderId: r.erpOrderId,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    lastHttpStatus: r.lastHttpStatus,
    problems: r.problems ?? null,
    documentSha256: r.documentSha256,
    createdAt: r.createdAt.toISOString(),
    nextAt: r.nextAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
  };
}
