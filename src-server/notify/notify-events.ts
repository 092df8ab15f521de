/**
 * Which hub audit entries are worth waking someone for, and what the message says. The audit
 * trail is the one place every GMP event at the hub is written, in the transaction that makes
 * it: reading notifications from it means a feature cannot forget to notify, and a hub that
 * crashed after the change but before the push still pushes (the cursor is in the database).
 */
import type { NotifyEvent } from '../../src-shared/notify/notify-contract.ts';
import type { FactKey } from '../../src-shared/notify/notify-text.ts';

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  details: unknown;
  ok: boolean;
}

export interface Notice {
  event: NotifyEvent;
  facts: [FactKey, string][];
  /** Only the rules for these roles (an escalation names who is next); all rules of the event when absent. */
  roles?: string[];
  /**
   * The event itself when more than one audit entry tells of it: a station's IPQC OOS alert and
   * QA's record that follows its deviation up are one event (`station-deviation:<station>#<seq>`),
   * so a channel is told once, whichever entry comes first.
   */
  key?: string;
}

/** The key of a station deviation (its ledger entry), or undefined when the entry does not name one. */
export function stationDeviationKey(stationId: unknown, seq: unknown): string | undefined {
  return typeof stationId === 'string' && stationId !== '' && typeof seq === 'number' && Number.isInteger(seq) ? `station-deviation:${stationId}#${seq}` : undefined;
}

type Details = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null);
const fact = (k: FactKey, v: unknown): [FactKey, string][] => (str(v) === null ? [] : [[k, str(v)!.slice(0, 300)]]);

/** One rule per audit action (or action prefix ending in '.'); the first that answers wins. */
const RULES: { action: string; notice: (d: Details, row: AuditRow) => Notice | null }[] = [
  // A deviation, OOS or OOT record opened at the hub (a station deviation followed up, or a new one),
  // or opened by the hub itself for an OQC result out of specification (deviations/result-oos.ts).
  ...['deviation.raise', 'deviation.opened'].map((action) => ({
    action,
    notice: (d: Details): Notice => {
      const data = (d.data ?? {}) as Details;
      const kind = str(data.kind);
      const source = (data.source ?? {}) as Details;
      const key = stationDeviationKey(source.stationId, source.seq);
      return { event: kind === 'oos' || kind === 'oot' ? 'oos' : 'deviation-raised', facts: [...fact('summary', data.title), ...fact('batch', data.batchNumber)], ...(key ? { key } : {}) };
    },
  })),
  // A deviation or CAPA action past its due date, at each escalation level (overdue-sweep.ts).
  {
    action: 'deviation.overdue',
    notice: (d) => ({
      event: 'overdue',
      roles: Array.isArray(d.escalateTo) ? d.escalateTo.map(String) : undefined,
      facts: [...fact('summary', d.title), ...fact('due', typeof d.dueAt === 'string' ? d.dueAt.slice(0, 10) : null), ...fact('classification', d.classification), ...fact('batch', d.batchNumber), ...fact('waitingFor', d.owner)],
    }),
  },
  // An IPQC result out of specification (OOS) or out of trend (OOT) at a station, synced (ipqc-projector.ts).
  {
    action: 'ipqc.alert_received',
    notice: (d) => {
      const key = stationDeviationKey(d.stationId, d.deviationSeq);
      return {
        event: 'oos',
        facts: [...fact('summary', `${str(d.kind)?.toUpperCase() ?? 'IPQC'}: ${str(d.checkName) ?? str(d.checkId) ?? ''}`), ...fact('batch', d.batchNumber), ...fact('value', str(d.value) === null ? null : `${str(d.value)} ${str(d.unit) ?? ''}`.trim())],
        ...(key ? { key } : {}),
      };
    },
  },
  // An IPQC check recorded past its grace at a station, synced: told to whoever hears of overdue records.
  {
    action: 'ipqc.check_overdue',
    notice: (d) => ({
      event: 'overdue',
      facts: [...fact('summary', `IPQC ${str(d.checkName) ?? str(d.checkId) ?? ''} #${str(d.occurrence) ?? '?'}`), ...fact('batch', d.batchNumber), ...fact('due', d.dueAt ?? (str(d.dueAtUnits) === null ? null : `${str(d.dueAtUnits)} units`))],
    }),
  },
  // An environmental excursion starting, or rising from alert to action (issue 13 item 1); its end is not pushed.
  ...['environment.excursion_started', 'environment.excursion_escalated'].map((action) => ({
    action,
    notice: (d: Details): Notice => ({
      event: 'excursion',
      facts: [...fact('room', d.room), ...fact('summary', [str(d.quantity), str(d.level)].filter(Boolean).join(' · ')), ...fact('value', str(d.peak) === null ? null : `${str(d.peak)} ${str(d.unit) ?? ''}`.trim())],
    }),
  })),
  // A change control whose impact is assessed waits for the approvers the plan names.
  { action: 'change.impact', notice: (d) => ({ event: 'approval-waiting', facts: [...fact('summary', (d.data as Details | undefined)?.title), ...fact('waitingFor', 'approval')] }) },
  // A purge asked by IT waits for QA's second signature.
  { action: 'purge.requested', notice: (d) => ({ event: 'approval-waiting', facts: [...fact('batch', d.batchNumber), ...fact('waitingFor', 'QA approval of the purge')] }) },
  // A certificate re-issue waits for QA.
  { action: 'certificate.reissue_requested', notice: (d) => ({ event: 'approval-waiting', facts: [...fact('summary', d.username ?? d.reason), ...fact('waitingFor', 'QA approval of the re-issue')] }) },
  // An identity incident at a station (a re-created ledger) is an alarm for IT and QA.
  { action: 'station.identity_incident', notice: (d) => ({ event: 'alarm', facts: [...fact('summary', d.reason ?? d.kind ?? 'station identity incident')] }) },
  // A station's alarm nobody has acknowledged, at each escalation level (alarm-service.ts), to the roles the level names.
  {
    action: 'alarm.escalated',
    notice: (d) => ({
      event: 'alarm',
      roles: Array.isArray(d.escalateTo) ? d.escalateTo.map(String) : undefined,
      facts: [...fact('summary', [str(d.alarmSubject), str(d.kind), str(d.severity), `level ${str(d.level) ?? '?'}`].filter(Boolean).join(' · ')), ...fact('batch', d.batchNumber), ...fact('waitingFor', 'acknowledgement')],
    }),
  },
  // The same account logged in at two stations at once, seen at the hub after sync (FR-140,
  // session-use.ts): once per overlap, to QA.
  {
    action: 'session.concurrent_use',
    notice: (d) => ({
      event: 'alarm',
      roles: ['qa'],
      facts: [...fact('summary', `${str(d.username) ?? '?'}: ${Array.isArray(d.stations) ? d.stations.map(String).join(' + ') : '?'}`), ...fact('value', str(d.from) === null ? null : `${str(d.from)} – ${str(d.to) ?? '?'}`)],
      ...(typeof d.key === 'string' ? { key: `concurrent-session:${d.key}` } : {}),
    }),
  },
  { action: 'sync.hub_history_lost', notice: (d) => ({ event: 'alarm', facts: [...fact('summary', d.reason ?? 'the hub lost history a station had acknowledged')] }) },
];

/** The notice an audit entry raises, or null when it is not one to push. Refusals never notify. */
export function noticeOf(row: AuditRow): Notice | null {
  if (!row.ok) return null;
  const d = (row.details && typeof row.details === 'object' ? row.details : {}) as Details;
  for (const r of RULES) {
    const hit = r.action.endsWith('.') ? row.action.startsWith(r.action) : row.action === r.action;
    if (hit) {
      const n = r.notice(d, row);
      if (n) return n;
    }
  }
  return null;
}
