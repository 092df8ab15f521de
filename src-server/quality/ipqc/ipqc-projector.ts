/**
 * Projects the stations' IPQC entries (results, their signatures, OOS/OOT alerts and their
 * acknowledgements) from the verified ledgers into ipqc_results / ipqc_alerts (issue 12 item 2).
 *
 * The same contract as the quality projector (quality-projector.ts), with its own cursor per
 * station so the quality area's projection needs no change: a page is projected in ONE
 * transaction that locks the cursor row, writes the rows and advances the cursor, so across any
 * number of hub processes every entry is projected exactly once, in order, and only entries the
 * intake has acknowledged are read. Readers call catchUp() first, and so does each pass of the
 * notifier, so alerts reach the hub audit trail without anyone reading them.
 *
 * In the same transaction (issue 12, the loop closed at the hub):
 *  - each result becomes one SPC measurement of its batch's product and check (its N values in
 *    the check's unit: the typed values, or the balance readings converted), named by its station
 *    entry so a re-projection never records it twice; the SPC charts plot it with QA's and the
 *    LIMS's data (spc-chart-service.ts);
 *  - each order started with check plans is kept in ipqc_running_batches until its completion,
 *    what the hub's overdue sweep reads instead of the whole ledger (migration 0047);
 *  - each OOS/OOT alert is written to the hub audit trail as `ipqc.alert_received`, and each result
 *    recorded past its check's grace as `ipqc.check_overdue` (unless the hub's sweep told that
 *    occurrence already, ipqc-overdue-sweep.ts): the notifier pushes both, once.
 */
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { ledgerEntries, stations } from '../../db/schema.ts';
import type { HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { IpqcPayload } from '../../../src-shared/ledger/entry-types/ipqc.ts';
import { convertMass, isMassUnit } from '../../../src-shared/mass.ts';
import { audit } from '../../admin/hub-audit.ts';
import { rowsOf } from '../db/sql-rows.ts';
import { ipqcAlerts, ipqcCursors, ipqcResults, ipqcRunningBatches } from '../db/ipqc-schema.ts';
import { qualitySpcMeasurements } from '../db/spc-data-schema.ts';
import type { CheckPlan } from '../../../src-shared/recipe/check-plan.ts';
import { dueOf, overdueCheck } from './ipqc-overdue-sweep.ts';
import { signedEntrySql, type SignedEntryFilter } from '../projection/signed-entry-filter.ts';

/**
 * Results, alerts and their acknowledgements, and of the signatures only the "performed" ones on
 * results (the equipment projector's filter, signed-entry-filter.ts): a push of a batch's
 * thousand signatures on other records then costs nothing here, not one UPDATE each (issue 16
 * item 3; they were most of a PGlite hub's CPU after a first sync).
 */
export const IPQC_ENTRIES: SignedEntryFilter = { types: ['ipqc.result_recorded', 'ipqc.alert_raised', 'ipqc.alert_acknowledged', 'signature.applied', 'order.started', 'order.completed'], performedOn: 'ipqc.result_recorded' };

export class IpqcProjector {
  constructor(
    private readonly ctx: HubContext,
    private readonly pageSize = 1000,
  ) {}

  async catchUp(): Promise<number> {
    const behind = await rowsOf<{ station_id: string }>(
      this.ctx.db,
      sql`select s.station_id from stations s left join ipqc_projection_cursors c on c.station_id = s.station_id where s.ack_seq > coalesce(c.seq, 0) order by s.station_id`,
    );
    let total = 0;
    for (const { station_id } of behind) {
      for (;;) {
        const { projected, more } = await this.projectPage(station_id);
        total += projected;
        if (!more) break;
      }
    }
    return total;
  }

  private async projectPage(stationId: string): Promise<{ projected: number; more: boolean }> {
    return this.ctx.db.transaction(async (tx) => {
      await tx.insert(ipqcCursors).values({ stationId, seq: 0, updatedAt: this.ctx.clock.now() }).onConflictDoNothing();
      const [cursor] = await tx.select().from(ipqcCursors).where(eq(ipqcCursors.stationId, stationId)).for('update');
      const [st] = await tx.select({ ackSeq: stations.ackSeq }).from(stations).where(eq(stations.stationId, stationId));
      if (!cursor || !st || st.ackSeq <= cursor.seq) return { projected: 0, more: false };
      const entries = await tx
        .select({ seq: ledgerEntries.seq, type: ledgerEntries.type, time: ledgerEntries.time, actor: ledgerEntries.actor, batchRef: ledgerEntries.batchRef, payload: ledgerEntries.payload })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.stationId, stationId), gt(ledgerEntries.seq, cursor.seq), lte(ledgerEntries.seq, st.ackSeq), signedEntrySql(IPQC_ENTRIES)))
        .orderBy(asc(ledgerEntries.seq))
        .limit(this.pageSize);
      for (const e of entries) await this.project(tx, stationId, e);
      const full = entries.length === this.pageSize;
      // A short page covers everything acknowledged; a full one only up to its last entry.
      const to = full ? entries.at(-1)!.seq : st.ackSeq;
      await tx.update(ipqcCursors).set({ seq: to, updatedAt: this.ctx.clock.now() }).where(eq(ipqcCursors.stationId, stationId));
      return { projected: entries.length, more: full };
    });
  }

  private async project(tx: HubTx, stationId: string, e: { seq: number; type: string; time: string; actor: string | null; batchRef: string | null; payload: unknown }): Promise<void> {
    const now = this.ctx.clock.now();
    switch (e.type) {
      // The running batches the overdue sweep reads instead of the ledger (migration 0047).
      case 'order.started': {
        const plans = (e.payload as { plan?: { checkPlans?: unknown } }).plan?.checkPlans;
        if (e.batchRef && Array.isArray(plans) && plans.length > 0) await tx.insert(ipqcRunningBatches).values({ stationId, batchRef: e.batchRef, startedSeq: e.seq }).onConflictDoNothing();
        break;
      }
      case 'order.completed':
        if (e.batchRef) await tx.delete(ipqcRunningBatches).where(and(eq(ipqcRunningBatches.stationId, stationId), eq(ipqcRunningBatches.batchRef, e.batchRef)));
        break;
      case 'ipqc.result_recorded': {
        const p = e.payload as IpqcPayload<'ipqc.result_recorded'>;
        await tx
          .insert(ipqcResults)
          .values({ stationId, seq: e.seq, batchNumber: e.batchRef ?? '', checkId: p.checkId, checkName: p.checkName, occurrence: p.occurrence, value: p.value, unit: p.unit, overdue: p.overdue, verdict: p.verdict, specification: p.specification, recordedAt: new Date(e.time) })
          .onConflictDoNothing();
        await this.measurement(tx, stationId, e, p);
        if (p.overdue) {
          // The occurrence that went unanswered past its grace is the earliest after the check's previous result.
          const [prev] = await rowsOf<{ n: number | null }>(tx, sql`select max(occurrence) as n from ipqc_results where station_id = ${stationId} and batch_number = ${e.batchRef ?? ''} and check_id = ${p.checkId} and seq < ${e.seq}`);
          const occurrence = Number(prev?.n ?? 0) + 1;
          const [started] = await rowsOf<{ time: string; plans: CheckPlan[] | null }>(tx, sql`select time, payload->'plan'->'checkPlans' as plans from ledger_entries where batch_ref = ${e.batchRef ?? ''} and station_id = ${stationId} and type = 'order.started' order by seq limit 1`);
          const plan = started?.plans?.find((x) => x.checkId === p.checkId);
          const due = plan ? dueOf({ stationId, batchNumber: e.batchRef ?? '', startedAt: new Date(started!.time), plan, occurrence }) : { stationId, batchNumber: e.batchRef ?? '', checkId: p.checkId, checkName: p.checkName, occurrence, dueAt: p.dueAt, dueAtUnits: p.dueAtUnits };
          await overdueCheck(tx, now, due, { seq: e.seq, recordedAt: e.time });
        }
        break;
      }
      case 'signature.applied': {
        const p = e.payload as { targetSeq: number; meaning: string; printedName: string };
        if (p.meaning === 'performed') await tx.update(ipqcResults).set({ signedBy: p.printedName }).where(and(eq(ipqcResults.stationId, stationId), eq(ipqcResults.seq, p.targetSeq), sql`${ipqcResults.signedBy} is null`));
        break;
      }
      case 'ipqc.alert_raised': {
        const p = e.payload as IpqcPayload<'ipqc.alert_raised'>;
        const [dev] = await tx
          .select({ seq: ledgerEntries.seq, payload: ledgerEntries.payload })
          .from(ledgerEntries)
          .where(and(eq(ledgerEntries.stationId, stationId), eq(ledgerEntries.type, 'deviation.raised'), eq(ledgerEntries.batchRef, e.batchRef ?? ''), sql`${ledgerEntries.payload}->>'deviationId' = ${p.deviationId}`));
        // The station words the deviation as a code and values (FR-102); the alert says the same facts.
        const words = dev?.payload as { reasonKey?: unknown; reasonParams?: unknown } | undefined;
        const messageKey = typeof words?.reasonKey === 'string' ? words.reasonKey : null;
        const messageParams = messageKey && words?.reasonParams && typeof words.reasonParams === 'object' ? (words.reasonParams as Record<string, string | number>) : null;
        await tx
          .insert(ipqcAlerts)
          .values({
            stationId,
            seq: e.seq,
            alertId: p.alertId,
            batchNumber: e.batchRef ?? '',
            kind: p.kind,
            checkId: p.checkId,
            checkName: p.checkName,
            value: p.value,
            unit: p.unit,
            message: p.message,
            messageKey,
            messageParams,
            resultSeq: p.resultSeq,
            deviationId: p.deviationId,
            deviationSeq: dev?.seq ?? null,
            raisedAt: new Date(e.time),
            receivedAt: now,
          })
          .onConflictDoNothing();
        await audit(tx, now, {
          actor: 'hub',
          action: 'ipqc.alert_received',
          subject: `${e.batchRef ?? ''}/${p.checkId}`,
          details: { stationId, seq: e.seq, batchNumber: e.batchRef ?? '', kind: p.kind, checkId: p.checkId, checkName: p.checkName, value: p.value, unit: p.unit, deviationId: p.deviationId, deviationSeq: dev?.seq ?? null, message: p.message, ...(messageKey ? { messageKey, messageParams: messageParams ?? {} } : {}), raisedAt: e.time },
        });
        break;
      }
      case 'ipqc.alert_acknowledged': {
        const p = e.payload as IpqcPayload<'ipqc.alert_acknowledged'>;
        const by = await this.nameOf(tx, stationId, e.actor);
        // The first acknowledgement counts: one given in the console with the alert's alarm (FR-108) is not overwritten.
        await tx
          .update(ipqcAlerts)
          .set({ acknowledgedAt: new Date(e.time), acknowledgedBy: by })
          .where(and(eq(ipqcAlerts.stationId, stationId), eq(ipqcAlerts.alertId, p.alertId), sql`${ipqcAlerts.acknowledgedAt} is null`));
        break;
      }
    }
  }

  /**
   * The result as a subgroup of its product's check. The product is the one the batch's order
   * names (`order.imported`, or the plan of `order.started`); a batch without one is not charted.
   */
  private async measurement(tx: HubTx, stationId: string, e: { seq: number; time: string; actor: string | null; batchRef: string | null }, p: IpqcPayload<'ipqc.result_recorded'>): Promise<void> {
    const batch = e.batchRef ?? '';
    const [order] = await rowsOf<{ product: string | null }>(
      tx,
      sql`select p.product from (select seq, coalesce(payload->'order'->>'productCode', payload->'plan'->'product'->>'code') as product from ledger_entries where batch_ref = ${batch} and station_id = ${stationId} and type in ('order.imported', 'order.started')) p where p.product is not null order by p.seq limit 1`,
    );
    if (!order?.product) return;
    const values = subgroupOf(p);
    const now = this.ctx.clock.now();
    const source = `IPQC ${stationId}#${e.seq}`;
    const inserted = await tx
      .insert(qualitySpcMeasurements)
      .values({ product: order.product, checkCode: p.checkId, batchNumber: batch || null, sampledAt: new Date(e.time), values, source, recordedBy: (await this.nameOf(tx, stationId, e.actor)) ?? stationId, recordedAt: now, sourceStationId: stationId, sourceSeq: e.seq })
      .onConflictDoNothing()
      .returning({ id: qualitySpcMeasurements.id });
    if (inserted.length > 0) await audit(tx, now, { actor: 'hub', action: 'spc.data_recorded', subject: `spc/${order.product}/${p.checkId}`, details: { subgroups: 1, dataSource: source, batches: batch ? [batch] : [] } });
  }

  /** The station user's printed name, from the `user.created` entry the hub holds. */
  private async nameOf(tx: HubTx, stationId: string, userId: string | null): Promise<string | null> {
    if (userId === null) return null;
    const [row] = await rowsOf<{ name: string }>(tx, sql`select payload->>'printedName' as name from ledger_entries where station_id = ${stationId} and type = 'user.created' and payload->>'userId' = ${userId} limit 1`);
    return row?.name ?? userId;
  }
}

/**
 * The N values of a result in the check's unit: the typed values, or each stable balance reading
 * converted to the check's unit (the station's mean is of exactly these). A result whose values
 * cannot be told apart (none, more than a subgroup holds, a reading in another kind of unit) is
 * charted as its mean alone.
 */
export function subgroupOf(p: IpqcPayload<'ipqc.result_recorded'>): number[] {
  const unit = p.unit;
  const raw = p.source === 'typed' ? p.values : isMassUnit(unit) ? p.readings.map((r) => convertMass(r.mass, unit).amount) : [];
  const values = raw.map(Number);
  return values.length >= 1 && values.length <= 25 && values.every(Number.isFinite) ? values : [Number(p.value)];
}
