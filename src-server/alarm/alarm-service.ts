/**
 * Alarms at the hub (issue 13 item 5): the stations' alarms as they arrive by sync (nothing lost
 * after an offline period: they are ledger entries), acknowledged in the console by the
 * signed-in person with a comment (audited, refusals too), and escalated while nobody has
 * acknowledged them: at each configured level once, written to the hub audit trail as
 * `alarm.escalated` so the notifier pushes it to the roles the level names (notify-events.ts),
 * as `deviation.overdue` is (overdue-sweep.ts). The lifecycle rules are the station's own
 * (src-core/alarm/alarm-model.ts).
 */
import { and, asc, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { acknowledgeAlarm, alarmState, DEFAULT_ALARM_ESCALATION, escalationsDue, type Alarm } from '../../src-core/alarm/alarm-model.ts';
import type { AlarmMessageKey, AlarmSeverity, AlarmSource, HubAcknowledgement, HubAlarm } from '../../src-shared/alarm/alarm-contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import { hubUsers } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import { AlarmProjector } from './alarm-projector.ts';
import { alarms } from './alarm-schema.ts';

type AlarmRow = typeof alarms.$inferSelect;

export class HubAlarmService {
  readonly projector: AlarmProjector;

  constructor(private readonly ctx: HubContext) {
    this.projector = new AlarmProjector(ctx);
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

  /** By the signed-in person, with a comment; once (ALARM_ALREADY_ACKNOWLEDGED), refusals audited. */
  async acknowledge(who: HubPrincipal, stationId: string, alarmId: string, comment: string): Promise<Result<HubAlarm>> {
    await this.projector.catchUp();
    return this.ctx.db.transaction(async (tx): Promise<Result<HubAlarm>> => {
      const now = this.ctx.clock.now();
      const subject = `${stationId}/${alarmId}`;
      const refuse = async (r: Result<never>): Promise<Result<never>> => {
        if (!r.ok) await audit(tx, now, { actor: who.username, action: 'alarm.acknowledge_refused', subject, ok: false, details: { code: r.error.code, message: r.error.message } });
        return r;
      };
      const [row] = await tx.select().from(alarms).where(and(eq(alarms.stationId, stationId), eq(alarms.alarmId, alarmId))).for('update');
      if (!row) return refuse(err('ALARM_UNKNOWN', `station ${stationId} has raised no alarm ${alarmId} that the hub holds`, { stationId, alarmId }));
      const [user] = await tx.select({ printedName: hubUsers.printedName }).from(hubUsers).where(eq(hubUsers.userId, who.userId));
      const acked = acknowledgeAlarm(view(row), user?.printedName ?? who.username, comment, now.toISOString());
      if (!acked.ok) return refuse(acked);
      const a = acked.value.acknowledgement!;
      const [after] = await tx
        .update(alarms)
        .set({ acknowledgedAt: now, acknowledgedBy: a.by, ackComment: a.comment, ackWhere: 'hub' })
        .where(and(eq(alarms.stationId, stationId), eq(alarms.alarmId, alarmId)))
        .returning();
      await audit(tx, now, { actor: who.username, action: 'alarm.acknowledged', subject, details: { stationId, alarmId, printedName: a.by, comment: a.comment, severity: row.severity, raisedAt: row.raisedAt.toISOString() } });
      return ok(view(after!));
    });
  }

  /**
   * The console's acknowledgements of the calling station's alarms it asks about (issue 13 gap
   * 2), for it to record and show: the first one when given at the hub, else the hub's second one.
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
  async sweepEscalations(): Promise<number> {
    await this.projector.catchUp();
    const levels = this.ctx.alarmEscalation ?? DEFAULT_ALARM_ESCALATION;
    if (levels.length === 0) return 0;
    const now = this.ctx.clock.now();
    const earliest = Math.min(...levels.map((l) => l.afterMinutes));
    return this.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('batchline.alarm:escalation-sweep'))`);
      const rows = await tx
        .select()
        .from(alarms)
        .where(and(isNull(alarms.acknowledgedAt), lt(alarms.raisedAt, new Date(now.getTime() - earliest * 60_000 + 1))))
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
