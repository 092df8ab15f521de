/**
 * Alarms at the hub (issue 13 item 5): the stations' alarms as they arrive by sync (nothing lost
 * after an offline period: they are ledger entries), acknowledged in the console by the
 * signed-in person with a comment (audited, refusals too), and escalated while nobody has
 * acknowledged them: at each configured level once, written to the hub audit trail as
 * `alarm.escalated` so the notifier pushes it to the roles the level names (notify-events.ts),
 * as `deviation.overdue` is (overdue-sweep.ts). The lifecycle rules are the station's own
 * (src-core/alarm/alarm-model.ts).
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, max, sql, type SQL } from 'drizzle-orm';
import { acknowledgeAlarm, alarmState, DEFAULT_ALARM_ESCALATION, escalationsDue, type Alarm, type EscalationLevel } from '../../src-core/alarm/alarm-model.ts';
import { ALARM_ACK_PAGE, type AlarmAckCursor, type AlarmAcknowledgements, type AlarmMessageKey, type AlarmSeverity, type AlarmSource, type HubAcknowledgement, type HubAlarm } from '../../src-shared/alarm/alarm-contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import { hubUsers } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import { ipqcAlerts } from '../quality/db/ipqc-schema.ts';
import { IpqcProjector } from '../quality/ipqc/ipqc-projector.ts';
import { AlarmProjector } from './alarm-projector.ts';
import { alarms } from './alarm-schema.ts';

type AlarmRow = typeof alarms.$inferSelect;

/** The id of the alarm an IPQC alert raised is `IPQC/<alert id>` (the station's ipqcAlarmId). */
const IPQC_ALARM = 'IPQC/';

export class HubAlarmService {
  readonly projector: AlarmProjector;
  private readonly ipqcProjector: IpqcProjector;

  constructor(private readonly ctx: HubContext) {
    this.projector = new AlarmProjector(ctx);
    this.ipqcProjector = new IpqcProjector(ctx);
  }

  /** Newest first; `open`: nobody has acknowledged it yet. */
  async list(filter: { open?: boolean | undefined; stationId?: string | undefined } = {}): Promise<HubAlarm[]> {
    await this.projector.catchUp();
    const where: SQL[] = [];
    if (filter.open) where.push(isNull(alarms.acknowledgedAt));
    if (filter.stationId) where.push(eq(alarms.stationId, filter.stationId));
    const rows = await this.ctx.db.select().from(alarms).where(where.length ? and(...where) : undefined).orderBy(desc(alarms.raisedAt), desc(alarms.seq)).limit(500);
    return rows.map(view);
  }

  /**
   * By the signed-in person, with a comment; once (ALARM_ALREADY_ACKNOWLEDGED), refusals audited.
   * The acknowledgement is numbered among its station's (`hub_ack_seq`, FR-109) under a
   * per-station lock held to commit, so the numbers follow commit order and a station's cursor
   * never passes one committed later. An IPQC alarm and the hub's copy of the alert that raised
   * it are one thing to acknowledge, as at the station (FR-108): the alert row is acknowledged
   * in the same transaction and audited beside the alarm; it goes down to the station as the
   * alarm's one `alarm.acknowledged_at_hub` entry.
   */
  async acknowledge(who: HubPrincipal, stationId: string, alarmId: string, comment: string): Promise<Result<HubAlarm>> {
    await this.projector.catchUp();
    // The alert row must be there before the transaction looks for it (its raise came in the same push).
    if (alarmId.startsWith(IPQC_ALARM)) await this.ipqcProjector.catchUp();
    return this.ctx.db.transaction(async (tx): Promise<Result<HubAlarm>> => {
      const now = this.ctx.clock.now();
      const subject = `${stationId}/${alarmId}`;
      const refuse = async (r: Result<never>): Promise<Result<never>> => {
        if (!r.ok) await audit(tx, now, { actor: who.username, action: 'alarm.acknowledge_refused', subject, ok: false, details: { code: r.error.code, message: r.error.message } });
        return r;
      };
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.alarm:hub-ack:${stationId}`}))`);
      const [row] = await tx.select().from(alarms).where(and(eq(alarms.stationId, stationId), eq(alarms.alarmId, alarmId))).for('update');
      if (!row) return refuse(err('ALARM_UNKNOWN', `station ${stationId} has raised no alarm ${alarmId} that the hub holds`, { stationId, alarmId }));
      const [user] = await tx.select({ printedName: hubUsers.printedName }).from(hubUsers).where(eq(hubUsers.userId, who.userId));
      const acked = acknowledgeAlarm(view(row), user?.printedName ?? who.username, comment, now.toISOString());
      if (!acked.ok) return refuse(acked);
      const a = acked.value.acknowledgement!;
      const [last] = await tx.select({ n: max(alarms.hubAckSeq) }).from(alarms).where(eq(alarms.stationId, stationId));
      const hubAckSeq = Number(last?.n ?? 0) + 1;
      const [after] = await tx
        .update(alarms)
        .set({ acknowledgedAt: now, acknowledgedBy: a.by, ackComment: a.comment, ackWhere: 'hub', hubAckSeq })
        .where(and(eq(alarms.stationId, stationId), eq(alarms.alarmId, alarmId)))
        .returning();
      await audit(tx, now, { actor: who.username, action: 'alarm.acknowledged', subject, details: { stationId, alarmId, printedName: a.by, comment: a.comment, severity: row.severity, raisedAt: row.raisedAt.toISOString() } });
      if (row.source === 'ipqc' && alarmId.startsWith(IPQC_ALARM)) {
        const alertId = alarmId.slice(IPQC_ALARM.length);
        const alert = await tx
          .update(ipqcAlerts)
          .set({ acknowledgedAt: now, acknowledgedBy: a.by })
          .where(and(eq(ipqcAlerts.stationId, stationId), eq(ipqcAlerts.alertId, alertId), isNull(ipqcAlerts.acknowledgedAt)))
          .returning({ batchNumber: ipqcAlerts.batchNumber, checkId: ipqcAlerts.checkId, kind: ipqcAlerts.kind });
        if (alert[0]) {
          await audit(tx, now, { actor: who.username, action: 'ipqc.alert_acknowledged', subject: `${stationId}/${alertId}`, details: { stationId, alertId, alarmId, printedName: a.by, comment: a.comment, batchNumber: alert[0].batchNumber, checkId: alert[0].checkId, kind: alert[0].kind } });
        }
      }
      return ok(view(after!));
    });
  }

  /**
   * The console's acknowledgements of the calling station's alarms after its cursor, oldest
   * first, a page at a time (FR-109): the cost of a round follows what is new, not how many
   * alarms are open. A cursor naming no acknowledgement the hub holds (a hub restored from an
   * older backup, whose numbers went back or were given again) answers `reset`: the station
   * asks again from the start, once.
   */
  async hubAcknowledgementsAfter(stationId: string, after: AlarmAckCursor | null, limit = ALARM_ACK_PAGE): Promise<AlarmAcknowledgements> {
    await this.projector.catchUp();
    if (after) {
      const [anchor] = await this.ctx.db
        .select({ alarmId: alarms.alarmId, at: alarms.acknowledgedAt })
        .from(alarms)
        .where(and(eq(alarms.stationId, stationId), eq(alarms.hubAckSeq, after.hubSeq)));
      if (!anchor || anchor.alarmId !== after.alarmId || anchor.at?.toISOString() !== after.at) return { acknowledgements: [], reset: true, more: false };
    }
    const rows = await this.ctx.db
      .select()
      .from(alarms)
      .where(and(eq(alarms.stationId, stationId), after ? gt(alarms.hubAckSeq, after.hubSeq) : isNotNull(alarms.hubAckSeq)))
      .orderBy(asc(alarms.hubAckSeq))
      .limit(limit);
    return {
      acknowledgements: rows.map((r) => ({ alarmId: r.alarmId, by: r.acknowledgedBy ?? '', at: r.acknowledgedAt!.toISOString(), comment: r.ackComment ?? '', hubSeq: Number(r.hubAckSeq) })),
      more: rows.length === limit,
      reset: false,
    };
  }

  /**
   * The console's acknowledgements of the calling station's alarms it asks about (issue 13 gap
   * 2; stations before FR-109 ask this way), for it to record and show: the first one when given
   * at the hub, else the hub's second one.
   */
  async hubAcknowledgements(stationId: string, alarmIds: readonly string[]): Promise<HubAcknowledgement[]> {
    if (alarmIds.length === 0) return [];
    await this.projector.catchUp();
    const rows = await this.ctx.db.select().from(alarms).where(and(eq(alarms.stationId, stationId), inArray(alarms.alarmId, [...alarmIds])));
    return rows.flatMap((r): HubAcknowledgement[] => {
      if (r.ackWhere === 'hub' && r.acknowledgedAt) return [{ alarmId: r.alarmId, by: r.acknowledgedBy ?? '', at: r.acknowledgedAt.toISOString(), comment: r.ackComment ?? '' }];
      if (r.otherAck?.where === 'hub') return [{ alarmId: r.alarmId, by: r.otherAck.by, at: r.otherAck.at, comment: r.otherAck.comment }];
      return [];
    });
  }

  /**
   * One escalation pass: every alarm nobody has acknowledged, at each level its age has reached
   * and not yet written, gets one `alarm.escalated` audit entry (the advisory lock and the row's
   * level make it once per level across hub processes). Returns how many were written.
   */
  /**
   * Every pass (notify-service.ts): the unacknowledged alarms below the last level whose age has
   * reached the first level's delay, by the index alarms_escalating (migration 0049). An alarm at
   * the last level has nothing more due (escalationsDue), so a pass no longer reads the alarms
   * escalated long ago and never acknowledged.
   */
  async sweepEscalations(): Promise<number> {
    await this.projector.catchUp();
    const levels = this.ctx.alarmEscalation ?? DEFAULT_ALARM_ESCALATION;
    if (levels.length === 0) return 0;
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('batchline.alarm:escalation-sweep'))`);
      const rows = await tx
        .select()
        .from(alarms)
        .where(escalatingAlarms(levels, now))
        .orderBy(asc(alarms.raisedAt));
      let written = 0;
      for (const row of rows) {
        const done = new Set(levels.filter((l) => l.level <= row.escalationLevel).map((l) => l.level));
        const due = escalationsDue(view(row), now, levels, done);
        if (due.length === 0) continue;
        for (const l of due) {
          await audit(tx, now, {
            actor: 'hub',
            action: 'alarm.escalated',
            subject: `${row.stationId}/${row.alarmId}`,
            details: { level: l.level, escalateTo: [...l.roles], stationId: row.stationId, alarmId: row.alarmId, severity: row.severity, kind: row.kind, alarmSubject: row.subject, raisedAt: row.raisedAt.toISOString(), ...(row.batchNumber ? { batchNumber: row.batchNumber } : {}) },
          });
          written++;
        }
        await tx.update(alarms).set({ escalationLevel: Math.max(...due.map((l) => l.level)) }).where(and(eq(alarms.stationId, row.stationId), eq(alarms.alarmId, row.alarmId)));
      }
      return written;
    });
  }
}

/** The alarms an escalation sweep reads at `now` under `levels` (non-empty). */
export function escalatingAlarms(levels: readonly EscalationLevel[], now: Date): SQL {
  const earliest = Math.min(...levels.map((l) => l.afterMinutes));
  const last = Math.max(...levels.map((l) => l.level));
  return and(isNull(alarms.acknowledgedAt), lt(alarms.escalationLevel, last), lt(alarms.raisedAt, new Date(now.getTime() - earliest * 60_000 + 1)))!;
}

function view(r: AlarmRow): HubAlarm & Alarm {
  const acknowledgement = r.acknowledgedAt ? { by: r.acknowledgedBy ?? '', at: r.acknowledgedAt.toISOString(), comment: r.ackComment ?? '' } : null;
  return {
    stationId: r.stationId,
    alarmId: r.alarmId,
    seq: Number(r.seq),
    source: r.source as AlarmSource,
    kind: r.kind,
    severity: r.severity as AlarmSeverity,
    subject: r.subject,
    batchNumber: r.batchNumber,
    messageKey: r.messageKey as AlarmMessageKey,
    params: r.params,
    condition: r.condition as 'state' | 'event',
    raisedAt: r.raisedAt.toISOString(),
    receivedAt: r.receivedAt.toISOString(),
    clearedAt: r.clearedAt?.toISOString() ?? null,
    acknowledgement,
    acknowledgedWhere: (r.ackWhere as 'station' | 'hub' | null) ?? null,
    otherAcknowledgement: r.otherAck ?? null,
    escalationLevel: r.escalationLevel,
    state: alarmState(r.clearedAt !== null, acknowledgement !== null),
  };
}
