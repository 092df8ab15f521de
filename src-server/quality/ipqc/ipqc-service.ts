/**
 * IPQC at the hub (issue 12 item 2): the alerts stations raised for OOS and OOT results, with
 * the QA deviation record following each up, and a batch's results for the QP's review. Reads
 * catch the projection up first, so they show everything the hub has acknowledged.
 */
import { and, asc, desc, eq, or, type SQL } from 'drizzle-orm';
import type { HubContext } from '../../hub-context.ts';
import type { BatchIpqc, HubIpqcAlert, HubIpqcResult } from '../../../src-shared/quality/ipqc-contract.ts';
import { qualityDeviations } from '../db/deviation-schema.ts';
import { ipqcAlerts, ipqcResults } from '../db/ipqc-schema.ts';
import { IpqcProjector } from './ipqc-projector.ts';

type AlertRow = typeof ipqcAlerts.$inferSelect;

export class HubIpqcService {
  readonly projector: IpqcProjector;

  constructor(private readonly ctx: HubContext) {
    this.projector = new IpqcProjector(ctx);
  }

  /** Newest first; `open`: not yet followed up by a closed deviation record. */
  async alerts(filter: { open?: boolean | undefined; batchNumber?: string | undefined } = {}): Promise<HubIpqcAlert[]> {
    await this.projector.catchUp();
    const where: SQL[] = [];
    if (filter.batchNumber) where.push(eq(ipqcAlerts.batchNumber, filter.batchNumber));
    const rows = await this.ctx.db.select().from(ipqcAlerts).where(where.length ? and(...where) : undefined).orderBy(desc(ipqcAlerts.raisedAt), desc(ipqcAlerts.seq)).limit(500);
    const list = await this.withRecords(rows);
    return filter.open ? list.filter((a) => a.record === null || a.record.state !== 'closed') : list;
  }

  async batch(batchNumber: string): Promise<BatchIpqc> {
    const alerts = await this.alerts({ batchNumber });
    const rows = await this.ctx.db.select().from(ipqcResults).where(eq(ipqcResults.batchNumber, batchNumber)).orderBy(asc(ipqcResults.checkId), asc(ipqcResults.recordedAt), asc(ipqcResults.seq));
    const results: HubIpqcResult[] = rows.map((r) => ({
      stationId: r.stationId,
      seq: Number(r.seq),
      checkId: r.checkId,
      checkName: r.checkName,
      occurrence: r.occurrence,
      value: r.value,
      unit: r.unit,
      overdue: r.overdue,
      verdict: r.verdict,
      specification: r.specification,
      recordedAt: r.recordedAt.toISOString(),
      signedBy: r.signedBy ?? null,
    }));
    return { batchNumber, results, alerts, oos: results.filter((r) => r.verdict.oos).length, oot: results.filter((r) => r.verdict.ootRules.length > 0).length };
  }

  private async withRecords(rows: AlertRow[]): Promise<HubIpqcAlert[]> {
    const sources = rows.filter((r) => r.deviationSeq !== null);
    const records = sources.length
      ? await this.ctx.db
          .select({ id: qualityDeviations.id, state: qualityDeviations.state, stationId: qualityDeviations.sourceStationId, seq: qualityDeviations.sourceSeq })
          .from(qualityDeviations)
          .where(or(...sources.map((r) => and(eq(qualityDeviations.sourceStationId, r.stationId), eq(qualityDeviations.sourceSeq, Number(r.deviationSeq))))))
      : [];
    return rows.map((r) => {
      const rec = records.find((x) => x.stationId === r.stationId && Number(x.seq) === Number(r.deviationSeq));
      return {
        stationId: r.stationId,
        seq: Number(r.seq),
        alertId: r.alertId,
        batchNumber: r.batchNumber,
        kind: r.kind,
        checkId: r.checkId,
        checkName: r.checkName,
        value: r.value,
        unit: r.unit,
        message: r.message,
        messageKey: r.messageKey ?? null,
        messageParams: r.messageParams ?? null,
        resultSeq: Number(r.resultSeq),
        deviationId: r.deviationId,
        deviationSeq: r.deviationSeq === null ? null : Number(r.deviationSeq),
        raisedAt: r.raisedAt.toISOString(),
        receivedAt: r.receivedAt.toISOString(),
        acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
        acknowledgedBy: r.acknowledgedBy ?? null,
        record: rec ? { id: rec.id, state: rec.state } : null,
      };
    });
  }
}
