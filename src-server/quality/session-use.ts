/**
 * The same account logged in at two stations at once, as the hub sees it after sync (DI-11,
 * P11-25, FR-140). The one fold is src-core/auth/session-windows.ts; this reads its entries from
 * the verified ledgers for the periodic report (hub-reports.ts), the review of a batch
 * (review-service.ts) and the notifier's sweep (`sweepConcurrentSessions`), which writes each
 * overlap once to the hub audit trail as `session.concurrent_use`, so QA is told once.
 */
import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { DEFAULT_SESSION_TOLERANCE_SECONDS, SESSION_FOLD_TYPES, sessionOverlaps, sessionWindows, type SessionFoldEntry, type SessionOverlap, type SessionWindow } from '../../src-core/auth/session-windows.ts';
import { ledgerEntries, stations } from '../db/schema.ts';
import { notifyCursor } from '../notify/notify-schema.ts';
import type { HubQuery } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import { audit } from '../admin/hub-audit.ts';
import { rowsOf } from './db/sql-rows.ts';

export interface SessionScope {
  /** Only the windows of these user names (all when absent). */
  usernames?: readonly string[];
  /** Entries recorded from (inclusive) / before (exclusive), station time. */
  from?: string;
  to?: string;
}

const SESSION_TYPES = ['session.login', 'session.unlocked', 'session.locked', 'session.logout'];
const STATION_TYPES = SESSION_FOLD_TYPES.filter((t) => t.startsWith('station.'));
const columns = { stationId: ledgerEntries.stationId, seq: ledgerEntries.seq, time: ledgerEntries.time, type: ledgerEntries.type, actor: ledgerEntries.actor, payload: ledgerEntries.payload };

/**
 * The session windows of the accounts in scope, with every station's clock moved onto the hub's,
 * and the user names of the stations' accounts (`<ledger key>:<user id>`). Four reads, each naming
 * the stations' ledger keys and the entry types (an index read of `ledger_entries_type`, station
 * and type) or the primary key, never a scan of the ledger. With one station ledger there is no
 * other place to be logged in at: nothing is read past the stations.
 */
export async function loadSessionWindows(q: HubQuery, scope: SessionScope = {}): Promise<SessionWindow[]> {
  return (await loadSessionUse(q, scope)).windows;
}

export async function loadSessionUse(q: HubQuery, scope: SessionScope = {}): Promise<{ windows: SessionWindow[]; names: Map<string, string> }> {
  const names = new Map<string, string>();
  const keys = (await q.select({ id: stations.stationId }).from(stations)).map((r) => r.id);
  if (keys.length < 2) return { windows: [], names };
  const created = await q.select(columns).from(ledgerEntries).where(and(inArray(ledgerEntries.stationId, keys), eq(ledgerEntries.type, 'user.created')));
  for (const c of created) names.set(`${c.stationId}:${String((c.payload as Record<string, unknown>).userId)}`, String((c.payload as Record<string, unknown>).username));
  const wanted = scope.usernames ? new Set(scope.usernames) : null;
  const ids = created.filter((c) => !wanted || wanted.has(String((c.payload as Record<string, unknown>).username))).map((c) => String((c.payload as Record<string, unknown>).userId));
  if (wanted && ids.length === 0) return { windows: [], names };
  const inTime = and(scope.to ? lt(ledgerEntries.time, scope.to) : undefined, scope.from ? gte(ledgerEntries.time, scope.from) : undefined);
  const rows = await q
    .select(columns)
    .from(ledgerEntries)
    .where(
      and(
        inArray(ledgerEntries.stationId, keys),
        inArray(ledgerEntries.type, [...SESSION_TYPES, ...STATION_TYPES]),
        or(and(inArray(ledgerEntries.type, SESSION_TYPES), inTime, wanted ? inArray(sql`${ledgerEntries.payload}->>'userId'`, [...new Set(ids)]) : undefined), and(inArray(ledgerEntries.type, STATION_TYPES), scope.to ? lt(ledgerEntries.time, scope.to) : undefined)),
      ),
    )
    .orderBy(asc(ledgerEntries.stationId), asc(ledgerEntries.seq));
  const stationIds = new Set(rows.filter((r) => SESSION_TYPES.includes(r.type)).map((r) => r.stationId));
  if (stationIds.size === 0) return { windows: [], names };
  // Each station's last acknowledged entry (by its primary key): where a window still open ends, as far as the hub knows.
  const last = await rowsOf<{ station_id: string; time: string }>(
    q,
    sql`select e.station_id, e.time from stations s join ledger_entries e on e.station_id = s.station_id and e.seq = s.ack_seq where s.station_id in (${sql.join([...stationIds].map((id) => sql`${id}`), sql`, `)})`,
  );
  const lastSeen = new Map(last.map((r) => [r.station_id, r.time]));
  const entries: SessionFoldEntry[] = [...created, ...rows].filter((e) => stationIds.has(e.stationId)).map((e) => ({ ...e, payload: e.payload as Record<string, unknown> }));
  return { windows: sessionWindows(entries, lastSeen), names };
}

/** How an overlap is told: the user, both stations, from–to on the hub's clock, and the clocks. */
export function overlapDetails(o: SessionOverlap, toleranceSeconds = DEFAULT_SESSION_TOLERANCE_SECONDS) {
  return {
    key: o.key,
    username: o.username,
    stations: [o.a.stationId, o.b.stationId],
    from: new Date(o.fromMs).toISOString(),
    to: new Date(o.toMs).toISOString(),
    minutes: Math.round((o.toMs - o.fromMs) / 6000) / 10,
    windows: [o.a, o.b].map((w) => ({ stationId: w.stationId, fromSeq: w.fromSeq, from: w.from, toSeq: w.toSeq, to: w.to, endedBy: w.endedBy, driftSeconds: w.driftSeconds })),
    toleranceSeconds,
  };
}

/**
 * The notifier's pass: each overlap not yet told is written once to the hub audit trail as
 * `session.concurrent_use` (subject: the user name; details.key names the two windows), which
 * the notifier pushes to QA (notify-events.ts). Only when session entries arrived since the last
 * pass (a cursor per station ledger in notify_cursor, `session:<ledger key>`): a pass with
 * nothing new reads nothing of the ledger (FR-93). The accounts of the new entries are then
 * folded over `lookbackDays` of station time.
 */
export async function sweepConcurrentSessions(ctx: HubContext, lookbackDays = 31, toleranceSeconds = DEFAULT_SESSION_TOLERANCE_SECONDS): Promise<number> {
  // One sweep at a time across hub processes, so an overlap is written once.
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('batchline.session-sweep'))`);
    const behind = await rowsOf<{ station_id: string; ack_seq: string | number; seen: string | number | null }>(
      tx,
      sql`select s.station_id, s.ack_seq, c.last_audit_id as seen from stations s left join notify_cursor c on c.name = 'session:' || s.station_id where s.ack_seq > coalesce(c.last_audit_id, 0)`,
    );
    if (behind.length === 0) return 0;
    const userIds = new Map<string, Set<string>>();
    for (const b of behind) {
      const rows = await rowsOf<{ user_id: string | null }>(
        tx,
        sql`select distinct payload->>'userId' as user_id from ledger_entries where station_id = ${b.station_id} and seq > ${Number(b.seen ?? 0)} and seq <= ${Number(b.ack_seq)} and type in ('session.login', 'session.unlocked', 'session.locked', 'session.logout')`,
      );
      if (rows.length > 0) userIds.set(b.station_id, new Set(rows.map((r) => String(r.user_id))));
    }
    const now = ctx.clock.now();
    let written = 0;
    if (userIds.size > 0) {
      const created = await tx.select({ stationId: ledgerEntries.stationId, payload: ledgerEntries.payload }).from(ledgerEntries).where(and(inArray(ledgerEntries.stationId, [...userIds.keys()]), eq(ledgerEntries.type, 'user.created')));
      const usernames = new Set<string>();
      for (const c of created) {
        const p = c.payload as Record<string, unknown>;
        if (userIds.get(c.stationId)?.has(String(p.userId))) usernames.add(String(p.username));
      }
      const from = new Date(now.getTime() - lookbackDays * 86_400_000).toISOString();
      const overlaps = usernames.size === 0 ? [] : sessionOverlaps(await loadSessionWindows(tx, { usernames: [...usernames], from }), toleranceSeconds);
      const told = new Set(
        overlaps.length === 0 ? [] : (await rowsOf<{ key: string }>(tx, sql`select details->>'key' as key from hub_audit where action = 'session.concurrent_use' and subject in (${sql.join([...new Set(overlaps.map((o) => o.username))].map((u) => sql`${u}`), sql`, `)})`)).map((r) => r.key),
      );
      for (const o of overlaps) {
        if (told.has(o.key)) continue;
        await audit(tx, now, { actor: 'hub', action: 'session.concurrent_use', subject: o.username, details: overlapDetails(o, toleranceSeconds) });
        written++;
      }
    }
    for (const b of behind) {
      const name = `session:${b.station_id}`;
      await tx.insert(notifyCursor).values({ name, lastAuditId: Number(b.ack_seq) }).onConflictDoUpdate({ target: notifyCursor.name, set: { lastAuditId: Number(b.ack_seq) } });
    }
    return written;
  });
}
