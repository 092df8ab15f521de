/**
 * Keeps genealogy and the batch list up to date with the verified ledgers in `ledger_entries`.
 *
 * Why a catch-up projector and not a step inside the sync intake transaction:
 *   - a push must never be refused, or slowed, because a *derived* view has a bug or a new
 *     rule: the intake decides what the hub holds; the projection only reads it;
 *   - the projection can be rebuilt from ledger_entries when its rules change (review rules
 *     will), which an in-intake write cannot offer for history already received;
 *   - it keeps the quality area out of the intake code path owned by sync.
 *
 * Correctness without process memory (ARCHITECTURE.md, "When one machine is not enough"): each
 * station has a cursor row (the last projected seq). A page is projected in ONE transaction
 * that locks the cursor row (SELECT … FOR UPDATE), writes the facts and advances the cursor,
 * so across any number of hub processes every entry is projected exactly once, in order.
 * Entries are read only up to the station's acknowledged seq, which the intake commits
 * atomically with the entries themselves. Readers (trace, review, batch list) call catchUp()
 * first, so they see everything acknowledged before they asked.
 */
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { ledgerEntries, stations } from '../../db/schema.ts';
import type { HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import { qualityBatches, qualityCursors } from '../db/quality-schema.ts';
import { rowsOf } from '../db/sql-rows.ts';
import { raiseGeneration, replaceConsumption, writeFacts, type KeptClosureRef } from '../genealogy/genealogy-store.ts';
import { genealogyFacts, type Facts, type StoredEntry } from './genealogy-facts.ts';
import { batchConsumption, CONSUMPTION_TYPES } from './batch-consumption.ts';
import { summariseBatch, type SummaryEntry } from './batch-summary.ts';

const SUMMARY_TYPES = ['order.imported', 'order.started', 'order.completed'];

export class QualityProjector {
  constructor(
    private readonly ctx: HubContext,
    private readonly pageSize = 1000,
  ) {}

  /** Told, after a page commits, which kept trace closures its writes dropped (TraceService.rekeep). */
  onClosuresDropped: ((refs: KeptClosureRef[]) => void) | null = null;

  /** Projects everything acknowledged so far; returns the number of entries projected. */
  async catchUp(): Promise<number> {
    const behind = await rowsOf<{ station_id: string }>(
      this.ctx.db,
      sql`select s.station_id from stations s left join quality_projection_cursors c on c.station_id = s.station_id where s.ack_seq > coalesce(c.seq, 0) order by s.station_id`,
    );
    let total = 0;
    for (const { station_id } of behind) {
      for (;;) {
        const n = await this.projectPage(station_id);
        total += n;
        if (n < this.pageSize) break;
      }
    }
    return total;
  }

  /** Entries acknowledged but not yet projected, per station. */
  async lag(): Promise<Map<string, number>> {
    const rows = await rowsOf<{ station_id: string; lag: string | number }>(
      this.ctx.db,
      sql`select s.station_id, s.ack_seq - coalesce(c.seq, 0) as lag from stations s left join quality_projection_cursors c on c.station_id = s.station_id`,
    );
    return new Map(rows.map((r) => [r.station_id, Number(r.lag)]));
  }

  private async projectPage(stationId: string): Promise<number> {
    let dropped: KeptClosureRef[] = [];
    const projected = await this.ctx.db.transaction(async (tx) => {
      await tx.insert(qualityCursors).values({ stationId, seq: 0, updatedAt: this.ctx.clock.now() }).onConflictDoNothing();
      const [cursor] = await tx.select().from(qualityCursors).where(eq(qualityCursors.stationId, stationId)).for('update');
      const [st] = await tx.select({ ackSeq: stations.ackSeq }).from(stations).where(eq(stations.stationId, stationId));
      if (!cursor || !st || st.ackSeq <= cursor.seq) return 0;
      const entries = await tx
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.stationId, stationId), gt(ledgerEntries.seq, cursor.seq), lte(ledgerEntries.seq, st.ackSeq)))
        .orderBy(asc(ledgerEntries.seq))
        .limit(this.pageSize);
      if (entries.length === 0) return 0;
      const facts: Facts = { nodes: [], edges: [] };
      const batches = new Set<string>();
      for (const e of entries) {
        const f = genealogyFacts({ stationId, seq: e.seq, type: e.type, time: e.time, batchRef: e.batchRef, payload: e.payload as Record<string, unknown> });
        facts.nodes.push(...f.nodes);
        facts.edges.push(...f.edges);
        if (e.batchRef) batches.add(e.batchRef);
      }
      await writeFacts(tx, facts);
      for (const b of [...batches].sort()) {
        await this.refreshBatch(tx, b);
        await this.refreshConsumption(tx, b);
      }
      await tx.update(qualityCursors).set({ seq: entries.at(-1)!.seq, updatedAt: this.ctx.clock.now() }).where(eq(qualityCursors.stationId, stationId));
      if (facts.nodes.length > 0 || facts.edges.length > 0 || batches.size > 0) dropped = await raiseGeneration(tx);
      return entries.length;
    });
    if (dropped.length > 0) this.onClosuresDropped?.(dropped);
    return projected;
  }

  /** What the batch consumed, from every entry that decides it (batch-consumption.ts). */
  private async refreshConsumption(tx: HubTx, batchNumber: string): Promise<void> {
    const rows = await tx
      .select({ stationId: ledgerEntries.stationId, seq: ledgerEntries.seq, type: ledgerEntries.type, time: ledgerEntries.time, batchRef: ledgerEntries.batchRef, payload: ledgerEntries.payload })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.batchRef, batchNumber), inArray(ledgerEntries.type, [...CONSUMPTION_TYPES])))
      .orderBy(asc(ledgerEntries.stationId), asc(ledgerEntries.seq));
    await replaceConsumption(tx, batchNumber, batchConsumption(batchNumber, rows as StoredEntry[]));
  }

  private async refreshBatch(tx: HubTx, batchNumber: string): Promise<void> {
    const rows = await tx
      .select({
        stationId: ledgerEntries.stationId,
        type: ledgerEntries.type,
        time: ledgerEntries.time,
        receivedAt: ledgerEntries.receivedAt,
        payload: sql<Record<string, unknown> | null>`case when ${ledgerEntries.type} in (${sql.join(SUMMARY_TYPES.map((t) => sql`${t}`), sql`, `)}) then ${ledgerEntries.payload} end`,
      })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.batchRef, batchNumber))
      .orderBy(asc(ledgerEntries.stationId), asc(ledgerEntries.seq));
    const s = summariseBatch(batchNumber, rows as SummaryEntry[]);
    const values = { ...s, updatedAt: this.ctx.clock.now() };
    await tx.insert(qualityBatches).values(values).onConflictDoUpdate({ target: qualityBatches.batchNumber, set: values });
  }
}
