/**
 * Alarms at the station (issue 13 item 5): the one shell over the alarm lifecycle
 * (src-core/alarm/alarm-model.ts). Every fact is a ledger entry (`alarm.raised`,
 * `alarm.acknowledged`, `alarm.cleared`): signed by the station, hash-chained, durable before
 * anyone is told, and carried to the hub by the ordinary sync, so an alarm raised and
 * acknowledged while the hub is unreachable is never lost and arrives with both facts.
 *
 * Raised by the station's own conditions: an action excursion in a room (RoomEnvironment, from
 * the broker or the hub's room state; cleared when the excursion ends) and an IPQC OOS/OOT
 * result (written by IpqcService in the same append as the result; an event alarm). An
 * acknowledgement is the signed-in person's (a supervisor or QA, their printed name recorded),
 * with a comment; a second one is refused (ALARM_ALREADY_ACKNOWLEDGED).
 */
import type { ExcursionEvent } from '../../../src-core/environment/excursion-machine.ts';
import { acknowledgeAlarm, clearAlarm, foldAlarms, type Alarm, type AlarmFact } from '../../../src-core/alarm/alarm-model.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { AlarmRaised, HubAcknowledgement } from '../../../src-shared/alarm/alarm-contract.ts';
import type { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import type { LedgerEntry, NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { UserDirectory } from '../auth/user-directory.ts';

export const ALARM_TYPES = ['alarm.raised', 'alarm.acknowledged', 'alarm.cleared', 'alarm.acknowledged_at_hub'];
const ACKNOWLEDGING: readonly Role[] = ['supervisor', 'qa'];

export type StationAlarm = Alarm & { seq: number };

export interface AlarmDeps {
  ledger: Ledger;
  auth: AuthService;
  users: UserDirectory;
  clock: Clock;
}

export class AlarmService {
  constructor(private readonly deps: AlarmDeps) {}

  /** Newest first; `open`: nobody has acknowledged it yet (active or cleared-unacknowledged). */
  list(filter: { open?: boolean } = {}): StationAlarm[] {
    const all = [...this.fold().values()].sort((a, b) => b.seq - a.seq);
    return filter.open ? all.filter((a) => a.acknowledgement === null) : all;
  }

  /** Raises each alarm not raised before (an id is raised once); one append. */
  raise(alarms: { raised: AlarmRaised; batchNumber?: string | null }[]): Result<StationAlarm[]> {
    const known = this.fold();
    const fresh = alarms.filter((a, i) => !known.has(a.raised.alarmId) && alarms.findIndex((b) => b.raised.alarmId === a.raised.alarmId) === i);
    if (fresh.length === 0) return ok([]);
    const r = this.deps.ledger.append(fresh.map((a) => alarmRaisedEntry(a.raised, a.batchNumber ?? null)));
    if (!r.ok) return r;
    const after = this.fold();
    return ok(fresh.map((a) => after.get(a.raised.alarmId)!));
  }

  /** The condition is gone. An alarm not raised here, or already cleared, is left alone. */
  clear(alarmId: string): Result<StationAlarm | null> {
    const a = this.fold().get(alarmId);
    if (!a) return ok(null);
    const cleared = clearAlarm(a, this.deps.clock.now().toISOString());
    if (!cleared.ok) return cleared.error.code === 'ALARM_ALREADY_CLEARED' ? ok(null) : cleared;
    const r = this.deps.ledger.append([{ type: 'alarm.cleared', actor: null, batchRef: a.batchNumber, payload: { alarmId, alarmSeq: a.seq } }]);
    return r.ok ? ok(this.fold().get(alarmId)!) : r;
  }

  /** By the signed-in supervisor or QA person, with a comment; refused twice. */
  acknowledge(sessionId: string, alarmId: string, comment: string): Result<StationAlarm> {
    const active = this.deps.auth.require(sessionId, ACKNOWLEDGING);
    if (!active.ok) return active;
    const a = this.fold().get(alarmId);
    if (!a) return err('ALARM_UNKNOWN', `no alarm ${alarmId} at this station`, { alarmId });
    const user = active.value.user;
    const acked = acknowledgeAlarm(a, user.printedName, comment, this.deps.clock.now().toISOString());
    if (!acked.ok) return acked;
    const text = acked.value.acknowledgement!.comment;
    // An IPQC alarm and the alert that raised it are one thing to acknowledge (issue 13 gap 3).
    const alert = a.source === 'ipqc' ? this.openAlertOf(alarmId) : null;
    const entries: NewEntry[] = [{ type: 'alarm.acknowledged', actor: user.userId, batchRef: a.batchNumber, payload: { alarmId, alarmSeq: a.seq, comment: text, ...(alert ? { alertId: alert.alertId } : {}) } }];
    if (alert) entries.push({ type: 'ipqc.alert_acknowledged', actor: user.userId, batchRef: a.batchNumber, payload: { alertId: alert.alertId, alertSeq: alert.seq, comment: text, alarmId } });
    const r = this.deps.ledger.append(entries);
    return r.ok ? ok(this.fold().get(alarmId)!) : r;
  }

  /**
   * For IpqcService.acknowledge: the entry acknowledging the alarm an IPQC alert raised, to go in
   * the same append as the alert's acknowledgement; null when there is none or it is already
   * acknowledged. An alarm is acknowledged with a comment, so one is then required.
   */
  linkedAcknowledgement(alertId: string, actor: { userId: string; printedName: string }, comment: string | null): Result<NewEntry | null> {
    const alarmId = ipqcAlarmId(alertId);
    const a = this.fold().get(alarmId);
    if (!a || a.acknowledgement) return ok(null);
    const acked = acknowledgeAlarm(a, actor.printedName, comment ?? '', this.deps.clock.now().toISOString());
    if (!acked.ok) return acked;
    return ok({ type: 'alarm.acknowledged', actor: actor.userId, batchRef: a.batchNumber, payload: { alarmId, alarmSeq: a.seq, comment: acked.value.acknowledgement!.comment, alertId } });
  }

  /** The IPQC alert behind an `IPQC/<alert id>` alarm, when nobody has acknowledged it yet. */
  private openAlertOf(alarmId: string): { alertId: string; seq: number } | null {
    if (!alarmId.startsWith('IPQC/')) return null;
    const alertId = alarmId.slice('IPQC/'.length);
    const entries = this.deps.ledger.query({ types: ['ipqc.alert_raised', 'ipqc.alert_acknowledged'], limit: Number.MAX_SAFE_INTEGER }).filter((e) => (e.payload as { alertId?: string }).alertId === alertId);
    const raised = entries.find((e) => e.type === 'ipqc.alert_raised');
    if (!raised || entries.some((e) => e.type === 'ipqc.alert_acknowledged')) return null;
    return { alertId, seq: raised.seq };
  }

  /**
   * Acknowledgements given in the hub console, taken down at sync (issue 13 gap 2): each one not
   * yet recorded here becomes an `alarm.acknowledged_at_hub` entry (one append), so the banner
   * shows the alarm acknowledged, by whom, when and why. One the station also acknowledged is
   * kept beside its own. Returns how many were recorded.
   */
  takeHubAcknowledgements(acks: readonly HubAcknowledgement[]): Result<number> {
    const known = this.fold();
    const entries: NewEntry[] = [];
    const seen = new Set<string>();
    for (const k of acks) {
      const a = known.get(k.alarmId);
      if (!a || seen.has(k.alarmId) || a.otherAcknowledgement || a.acknowledgedWhere === 'hub') continue;
      seen.add(k.alarmId);
      entries.push({ type: 'alarm.acknowledged_at_hub', actor: null, batchRef: a.batchNumber, payload: { alarmId: k.alarmId, alarmSeq: a.seq, by: k.by, at: k.at, comment: k.comment } });
    }
    if (entries.length === 0) return ok(0);
    const r = this.deps.ledger.append(entries);
    return r.ok ? ok(entries.length) : r;
  }

  /** The alarms whose hub acknowledgement is not recorded here yet, newest first (what sync asks about). */
  awaitingHubAcknowledgement(limit = 500): string[] {
    return this.list()
      .filter((a) => a.acknowledgedWhere !== 'hub' && !a.otherAcknowledgement)
      .slice(0, limit)
      .map((a) => a.alarmId);
  }

  /**
   * A balance's effective state (issue 13 gap 4): a balance that was delivering readings and is
   * lost (unplugged, no data within its freshness window) raises a warning alarm, recorded,
   * synced and escalated like any other; readings coming back clear it. One open alarm per
   * balance at a time; its id names the time it was lost.
   */
  balanceState(balanceId: string, state: 'idle' | 'connected' | 'reconnecting' | 'closed', reason: string | null, silentMs?: number): Result<void> {
    const open = this.list().find((a) => a.kind === 'balance-lost' && a.subject === balanceId && a.clearedAt === null);
    if (state === 'connected') {
      if (!open) return ok(undefined);
      const c = this.clear(open.alarmId);
      return c.ok ? ok(undefined) : c;
    }
    if (state !== 'closed' || open) return ok(undefined);
    const at = this.deps.clock.now().toISOString();
    const raised = this.raise([
      { raised: { alarmId: `BAL/${balanceId}/${at}`, source: 'equipment', kind: 'balance-lost', severity: 'warning', subject: balanceId, messageKey: 'balance-lost', params: lostParams(balanceId, reason, silentMs), condition: 'state' } },
    ]);
    return raised.ok ? ok(undefined) : raised;
  }

  /** RoomEnvironment's port: an action excursion raises an alarm, its end clears it. */
  excursionEvents(events: readonly ExcursionEvent[]): Result<void> {
    // Most readings change nothing: no ledger query for them.
    if (events.length === 0) return ok(undefined);
    const raise = events.filter((e) => e.kind !== 'ended' && e.excursion.level === 'action').map((e) => ({ raised: excursionAlarm(e.excursion) }));
    const raised = this.raise(raise);
    if (!raised.ok) return raised;
    for (const e of events.filter((x) => x.kind === 'ended')) {
      const c = this.clear(excursionAlarmId(e.excursion.excursionId));
      if (!c.ok) return c;
    }
    return ok(undefined);
  }

  private fold(): Map<string, StationAlarm> {
    const entries = this.deps.ledger.query({ types: ALARM_TYPES, limit: Number.MAX_SAFE_INTEGER });
    return foldAlarms(entries.map((e) => this.factOf(e)));
  }

  private factOf(e: LedgerEntry): AlarmFact {
    if (e.type === 'alarm.raised') return { type: 'alarm.raised', seq: e.seq, time: e.time, batchRef: e.batchRef, payload: e.payload as AlarmRaised };
    if (e.type === 'alarm.acknowledged_at_hub') return { type: 'alarm.acknowledged_at_hub', seq: e.seq, time: e.time, payload: e.payload as { alarmId: string; by: string; at: string; comment: string } };
    if (e.type === 'alarm.acknowledged') return { type: 'alarm.acknowledged', seq: e.seq, time: e.time, by: (e.actor && this.deps.users.byId(e.actor)?.printedName) ?? e.actor ?? '', payload: e.payload as { alarmId: string; comment: string } };
    return { type: 'alarm.cleared', seq: e.seq, time: e.time, payload: e.payload as { alarmId: string } };
  }
}

export const ipqcAlarmId = (alertId: string): string => `IPQC/${alertId}`;

export const excursionAlarmId = (excursionId: string): string => `ENV/${excursionId}`;

export function excursionAlarm(x: ExcursionEvent['excursion']): AlarmRaised {
  const value = x.peak.value;
  return {
    alarmId: excursionAlarmId(x.excursionId),
    source: 'environment',
    kind: 'action-excursion',
    severity: 'critical',
    subject: x.room,
    messageKey: 'environment-action',
    params: { room: x.room, quantity: x.quantity, value: String(value), unit: x.unit, limit: x.actionLimit === null ? '' : String(x.actionLimit) },
    condition: 'state',
  };
}

/** The entry raising an alarm; IpqcService puts it in the same append as the result it is about. */
export function alarmRaisedEntry(raised: AlarmRaised, batchNumber: string | null, actor: string | null = null): NewEntry {
  return { type: 'alarm.raised', actor, batchRef: batchNumber, payload: { ...raised } };
}

/**
 * A lost balance's alarm parameters. `reason` stays the English text (the hub, logs and readers
 * from before `cause`); `cause` lets each screen say it in its reader's language: 'silent' (no
 * data for `silentMs`), or 'port' (the port failed; `reason` is then the driver's or the
 * operating system's own words, shown only to English readers, as the devices screen does).
 */
export function lostParams(balanceId: string, reason: string | null, silentMs?: number): Record<string, string> {
  const base = { balance: balanceId, reason: (reason ?? 'no data').slice(0, 300) };
  return silentMs !== undefined ? { ...base, cause: 'silent', silentMs: String(silentMs) } : { ...base, cause: 'port' };
}

