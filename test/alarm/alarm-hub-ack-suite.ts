/**
 * The console's alarm acknowledgements at the hub and down to the station (issue 13 leftovers):
 * an IPQC alarm and the hub's copy of its alert are acknowledged together in the console, in one
 * transaction, both audited, and come down to the station as one `alarm.acknowledged_at_hub`
 * entry (FR-108); the station takes the acknowledgements down by a cursor, so a round costs what
 * is new, with more than 500 alarms open, across a station restart and a hub restored from an
 * older backup (FR-109).
 *
 * Registered inside the IPQC station-to-hub suite (test/ipqc/ipqc-hub.test.ts), after the alarm
 * suite, to share its hub and station rather than start another (CI time); last, as it restarts
 * the station. Numbers are counted from where the earlier tests left them.
 */
import { afterAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { unwrap } from '../../src-shared/result.ts';
import type { AlarmRaised, HubAlarm } from '../../src-shared/alarm/alarm-contract.ts';
import type { HubIpqcAlert } from '../../src-shared/quality/ipqc-contract.ts';
import type { Station } from '../../src-main/compose.ts';
import { httpTransport, type HubTransport } from '../../src-main/sync/hub-transport.ts';
import { alarmHubCursor } from '../../src-main/db/alarm-hub-cursor-repo.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { alarms } from '../../src-server/alarm/alarm-schema.ts';
import { DEMO_PASSWORD, reopen } from '../fakes/test-station.ts';
import { syncService } from '../hub/support/enrol.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import type { QualityHub } from '../quality/support/quality-hub.ts';
import { TABLET_WEIGHT } from '../ipqc/ipqc-plans.ts';

const MIN = 60_000;
const TYPED_WEIGHT = { ...TABLET_WEIGHT, source: 'typed' as const, sampleSize: 3 };
const ACKS_PATH = '/api/v1/sync/alarm-acknowledgements';

/** The tests, on the station and hub of the suite that calls this (after its own; the station is restarted). */
export function alarmHubAckSuite(hub: () => QualityHub): void {
  let q: QualityHub;
  /** The request bodies the station sent for acknowledgements, per round. */
  let asked: string[] = [];
  let transport: HubTransport;
  let restarted: Station | null = null;

  const setUp = () => {
    q = hub();
    const http = httpTransport(q.hub.url);
    transport = {
      baseUrl: http.baseUrl,
      request: (req) => {
        if (req.path === ACKS_PATH) asked.push(req.body?.toString('utf8') ?? '');
        return http.request(req);
      },
    };
  };
  // Before the calling suite closes the hub and removes the station's folder (hooks run in reverse).
  afterAll(() => restarted?.close());

  const station = (): Station => restarted ?? q.station;
  /** One sync round with big push pages; returns the acknowledgement requests it made. */
  const sync = async (): Promise<{ after: { hubSeq: number; alarmId: string } | null }[]> => {
    asked = [];
    unwrap(await syncService(station(), transport, { pageSize: 500 }).runOnce());
    return asked.map((b) => JSON.parse(b) as { after: { hubSeq: number; alarmId: string } | null });
  };
  const consoleAck = async (alarmId: string, comment: string): Promise<HubAlarm> => {
    const r = await q.hub.api<HubAlarm>('POST', '/api/v1/alarms/acknowledge', { stationId: q.station.stationId, alarmId, comment }, await q.token('qa.hub'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const hubAcksOf = (alarmId: string) => station().ledger.query({ types: ['alarm.acknowledged_at_hub'], limit: 10_000 }).filter((e) => (e.payload as { alarmId: string }).alarmId === alarmId);

  /** An IPQC OOS recorded at the station: its alert and the alarm it raised, nobody has acknowledged them. */
  const oos = (batchNumber: string, n: number): string => {
    const t = q.station;
    recordBatch(t, { batchNumber, apiLot: `API-LOT-A${n}`, excipientLot: `MCC-LOT-A${n}`, incomplete: true, checkPlans: [TYPED_WEIGHT] });
    t.clock.set(new Date(Date.parse(t.ipqc.view(batchNumber).startedAt!) + 31 * MIN));
    const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const r = unwrap(t.ipqc.record(session, { batchNumber, checkId: 'TW', values: ['531.0', '529.5', '533.4'], password: DEMO_PASSWORD, username: 'op.li' }));
    expect(t.alarms.list({ open: true }).map((a) => a.alarmId)).toContain(`IPQC/${r.alertId}`);
    return r.alertId!;
  };
  const hubAlert = async (batchNumber: string): Promise<HubIpqcAlert> => {
    const r = await q.hub.api<HubIpqcAlert[]>('GET', `/api/v1/quality/ipqc/alerts?batch=${batchNumber}`, undefined, await q.token('qa.hub'));
    expect(r.body).toHaveLength(1);
    return r.body[0]!;
  };

  it('FR-108 an IPQC alarm acknowledged in the console acknowledges the hub copy of its alert in the same transaction, both audited, and comes down to the station once', async () => {
    setUp();
    const t = q.station;
    const alertId = oos('B-ALARM-ACK-1', 1);
    const alarmId = `IPQC/${alertId}`;
    await sync();
    expect(await hubAlert('B-ALARM-ACK-1')).toMatchObject({ alertId, acknowledgedAt: null, acknowledgedBy: null });

    const acked = await consoleAck(alarmId, 'OOS seen; press 2 stopped, QA informed');
    expect(acked).toMatchObject({ acknowledgedWhere: 'hub', acknowledgement: { by: 'Quinn Reviewer' } });
    // The alert at the hub says the same: same person, same instant.
    expect(await hubAlert('B-ALARM-ACK-1')).toMatchObject({ alertId, acknowledgedBy: 'Quinn Reviewer', acknowledgedAt: acked.acknowledgement!.at });
    const trail = await q.hub.hub.services.ctx.db
      .select()
      .from(hubAudit)
      .where(inArray(hubAudit.subject, [`${t.stationId}/${alarmId}`, `${t.stationId}/${alertId}`]));
    expect(trail.map((r) => [r.action, r.actor, r.ok])).toEqual([
      ['alarm.acknowledged', 'qa.hub', true],
      ['ipqc.alert_acknowledged', 'qa.hub', true],
    ]);
    expect(trail[1]!.details).toMatchObject({ alarmId, alertId, batchNumber: 'B-ALARM-ACK-1', printedName: 'Quinn Reviewer', comment: 'OOS seen; press 2 stopped, QA informed' });
    expect(trail[0]!.at.getTime()).toBe(trail[1]!.at.getTime());

    // Down to the station as ONE alarm.acknowledged_at_hub; the station's alert is acknowledged with it.
    await sync();
    expect(hubAcksOf(alarmId)).toHaveLength(1);
    expect(t.ledger.query({ types: ['ipqc.alert_acknowledged'], limit: 10_000 }).filter((e) => (e.payload as { alertId: string }).alertId === alertId)).toEqual([]);
    expect(t.alarms.list().find((a) => a.alarmId === alarmId)).toMatchObject({ acknowledgedWhere: 'hub', acknowledgement: { by: 'Quinn Reviewer' } });
    expect(t.ipqc.alerts().find((a) => a.alertId === alertId)).toMatchObject({ acknowledgedBy: 'Quinn Reviewer', acknowledgedAt: acked.acknowledgement!.at });
    expect(t.ipqc.alerts({ open: true }).map((a) => a.alertId)).not.toContain(alertId);
    const sup = unwrap(t.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    expect(t.ipqc.acknowledge(sup, alertId, 'again')).toMatchObject({ ok: false, error: { code: 'IPQC_ALERT_ALREADY_ACKNOWLEDGED' } });
    // Another round (the station's entry reached the hub): nothing more at either end.
    await sync();
    expect(hubAcksOf(alarmId)).toHaveLength(1);
    expect(await hubAlert('B-ALARM-ACK-1')).toMatchObject({ acknowledgedBy: 'Quinn Reviewer', acknowledgedAt: acked.acknowledgement!.at });
  });

  it('FR-108 acknowledged in the console and at the station before either heard of the other: the hub alert keeps the first (the console), the station keeps both, one entry down', async () => {
    const t = q.station;
    const alertId = oos('B-ALARM-ACK-2', 2);
    const alarmId = `IPQC/${alertId}`;
    await sync();
    const acked = await consoleAck(alarmId, 'seen on the console');
    t.clock.advance(MIN);
    const sup = unwrap(t.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    unwrap(t.ipqc.acknowledge(sup, alertId, 'press stopped at the station'));
    await sync();
    expect(await hubAlert('B-ALARM-ACK-2')).toMatchObject({ acknowledgedBy: 'Quinn Reviewer', acknowledgedAt: acked.acknowledgement!.at });
    const [hubRow] = (await q.hub.api<HubAlarm[]>('GET', '/api/v1/alarms', undefined, await q.token('qa.hub'))).body.filter((a) => a.alarmId === alarmId);
    expect(hubRow).toMatchObject({ acknowledgedWhere: 'hub', otherAcknowledgement: { where: 'station', by: 'Wang Fang (王芳)' } });
    expect(t.alarms.list().find((a) => a.alarmId === alarmId)).toMatchObject({ acknowledgedWhere: 'station', otherAcknowledgement: { where: 'hub', by: 'Quinn Reviewer' } });
    expect(hubAcksOf(alarmId)).toHaveLength(1);
    await sync();
    expect(hubAcksOf(alarmId)).toHaveLength(1);
  });

  it('FR-109 the station takes console acknowledgements down by cursor: 601 open alarms (the oldest acknowledged), a restart, and a hub restored to an older sequence', async () => {
    const raised = (i: number): { raised: AlarmRaised } => ({
      raised: { alarmId: `BAL/TEST-${i}/x`, source: 'equipment', kind: 'balance-lost', severity: 'warning', subject: `TEST-${i}`, messageKey: 'balance-lost', params: { balance: `TEST-${i}`, reason: 'no data' }, condition: 'state' },
    });
    unwrap(q.station.alarms.raise(Array.from({ length: 601 }, (_, i) => raised(i))));
    expect(q.station.alarms.list({ open: true }).length).toBeGreaterThan(600);
    await sync();
    // The earlier tests' console acknowledgements are numbered 1..n and taken down.
    const cursorBefore = alarmHubCursor(q.station.db.sqlite)!;
    const n = cursorBefore.hubSeq;
    expect(n).toBeGreaterThanOrEqual(2);
    const recordedBefore = station().ledger.query({ types: ['alarm.acknowledged_at_hub'], limit: 10_000 }).length;

    // The oldest open alarm (past the 500 newest the station used to name) acknowledged in the console.
    const first = await consoleAck('BAL/TEST-0/x', 'balance TEST-0 taken out for service');
    let rounds = await sync();
    expect(hubAcksOf('BAL/TEST-0/x')).toHaveLength(1);
    expect(station().alarms.list().find((a) => a.alarmId === 'BAL/TEST-0/x')).toMatchObject({ acknowledgedWhere: 'hub', acknowledgement: { by: 'Quinn Reviewer', at: first.acknowledgement!.at } });
    // One small request naming the cursor, no alarm ids: the cost does not follow the 601 open alarms.
    expect(rounds).toEqual([{ after: { hubSeq: n, alarmId: cursorBefore.alarmId, at: cursorBefore.at } }]);
    expect(asked[0]!.length).toBeLessThan(200);
    expect(alarmHubCursor(q.station.db.sqlite)).toMatchObject({ hubSeq: n + 1, alarmId: 'BAL/TEST-0/x' });

    // A restart: the cursor is in the database, the new process asks on from it.
    q.station.close();
    restarted = reopen(q.station);
    await consoleAck('BAL/TEST-1/x', 'balance TEST-1 unplugged on purpose');
    rounds = await sync();
    expect(rounds.map((r) => r.after?.hubSeq)).toEqual([n + 1]);
    expect(hubAcksOf('BAL/TEST-1/x')).toHaveLength(1);

    // The hub restored from a backup taken before TEST-1's acknowledgement: its numbers went back to n + 1.
    const db = q.hub.hub.services.ctx.db;
    const forget = (alarmId: string) =>
      db
        .update(alarms)
        .set({ acknowledgedAt: null, acknowledgedBy: null, ackComment: null, ackWhere: null, hubAckSeq: null })
        .where(and(eq(alarms.stationId, q.station.stationId), eq(alarms.alarmId, alarmId)));
    await forget('BAL/TEST-1/x');
    // ... and numbered a new acknowledgement n + 2 again, for another alarm: the station notices by the anchor and asks from the start, once.
    await consoleAck('BAL/TEST-2/x', 'balance TEST-2 replaced');
    const [renumbered] = await db.select({ n: alarms.hubAckSeq }).from(alarms).where(and(eq(alarms.stationId, q.station.stationId), eq(alarms.alarmId, 'BAL/TEST-2/x')));
    expect(renumbered!.n).toBe(n + 2);
    rounds = await sync();
    expect(rounds.map((r) => r.after?.hubSeq ?? null)).toEqual([n + 2, null]);
    expect(hubAcksOf('BAL/TEST-2/x')).toHaveLength(1);
    expect(alarmHubCursor(station().db.sqlite)).toMatchObject({ hubSeq: n + 2, alarmId: 'BAL/TEST-2/x' });
    // Nothing recorded twice by the full re-ask, and the next round is on the cursor again.
    expect(station().ledger.query({ types: ['alarm.acknowledged_at_hub'], limit: 10_000 })).toHaveLength(recordedBefore + 3);
    rounds = await sync();
    expect(rounds.map((r) => r.after?.hubSeq)).toEqual([n + 2]);

    // Restored further back, with nothing new since: the cursor names a number the hub does not hold.
    await forget('BAL/TEST-2/x');
    rounds = await sync();
    expect(rounds.map((r) => r.after?.hubSeq ?? null)).toEqual([n + 2, null]);
    expect(alarmHubCursor(station().db.sqlite)).toMatchObject({ hubSeq: n + 1, alarmId: 'BAL/TEST-0/x' });
    expect(station().ledger.query({ types: ['alarm.acknowledged_at_hub'], limit: 10_000 })).toHaveLength(recordedBefore + 3);
    // 18 s at load 5; over 30 s at load 20-30 (session 8).
  }, 90_000);

  it('FR-109 a new station with a hub before the cursor: refused as that hub refused it (unsigned HTTP 400: its body schema knew only alarm ids) or with no such route (404), the station asks by its alarm ids, records each acknowledgement once and keeps its cursor', async () => {
    const s = station();
    const alarmId = 'BAL/OLD-HUB/x';
    unwrap(s.alarms.raise([{ raised: { alarmId, source: 'equipment', kind: 'balance-lost', severity: 'warning', subject: 'OLD-HUB', messageKey: 'balance-lost', params: { balance: 'OLD-HUB', reason: 'no data' }, condition: 'state' } }]));
    await sync();
    const cursor = alarmHubCursor(s.db.sqlite);
    expect(cursor).not.toBeNull();
    await consoleAck(alarmId, 'balance OLD-HUB replaced');
    const http = httpTransport(q.hub.url);
    /**
     * The hub before FR-109, made from this one: the same route with only `{ alarmIds }` (strict)
     * refused a cursor in its body validation, before it authenticated the station, so unsigned
     * (HTTP 400 INPUT_INVALID; this hub answers a body neither form fits the same way); a hub
     * without the route answers 404 NOT_FOUND, unsigned too.
     */
    const oldHub = (kind: 'ids-only' | 'no-route'): HubTransport => ({
      baseUrl: http.baseUrl,
      request: (req) => {
        if (req.path !== ACKS_PATH) return http.request(req);
        const body = req.body?.toString('utf8') ?? '';
        asked.push(body);
        if (kind === 'no-route') return http.request({ ...req, path: `${ACKS_PATH}-not-here` });
        const query = JSON.parse(body) as Record<string, unknown>;
        return http.request('after' in query ? { ...req, body: Buffer.from(JSON.stringify({ ...query, alarmIds: [] }), 'utf8') } : req);
      },
    });
    const roundWith = async (t: HubTransport): Promise<string[][]> => {
      asked = [];
      unwrap(await syncService(s, t, { pageSize: 500 }).runOnce());
      return asked.map((b) => Object.keys(JSON.parse(b) as object));
    };
    const before = s.ledger.query({ types: ['alarm.acknowledged_at_hub'], limit: 10_000 }).length;

    // No such route: asked by cursor, then by ids; neither answered, nothing recorded, the round itself goes through.
    expect(await roundWith(oldHub('no-route'))).toEqual([['after'], ['alarmIds']]);
    expect(hubAcksOf(alarmId)).toEqual([]);
    expect(s.alarms.awaitingHubAcknowledgement().map(String)).toContain(alarmId);

    // The route knows alarm ids only: the cursor is refused, the ids are answered (signed) and the acknowledgement recorded.
    expect(await roundWith(oldHub('ids-only'))).toEqual([['after'], ['alarmIds']]);
    expect(hubAcksOf(alarmId)).toHaveLength(1);
    expect(s.alarms.list().find((a) => a.alarmId === alarmId)).toMatchObject({ acknowledgedWhere: 'hub', acknowledgement: { by: 'Quinn Reviewer' } });
    expect(alarmHubCursor(s.db.sqlite)).toEqual(cursor);
    // Again with the old hub: nothing twice.
    await roundWith(oldHub('ids-only'));
    expect(hubAcksOf(alarmId)).toHaveLength(1);

    // The hub upgraded: the station asks on from its cursor, and what came down by ids is not recorded again.
    expect((await sync()).map((r) => Object.keys(r))).toEqual([['after']]);
    expect(hubAcksOf(alarmId)).toHaveLength(1);
    expect(s.ledger.query({ types: ['alarm.acknowledged_at_hub'], limit: 10_000 })).toHaveLength(before + 1);
  });

  it('FR-109 hub migration 0042 numbers the console acknowledgements given before it, per station, in the order they were given', async () => {
    const db = q.hub.hub.services.ctx.db;
    const mine = and(eq(alarms.stationId, q.station.stationId), eq(alarms.ackWhere, 'hub'));
    await db.update(alarms).set({ hubAckSeq: null }).where(mine);
    const backfill = readFileSync(new URL('../../src-server/db/migrations/0042_alarm_hub_ack_seq.sql', import.meta.url), 'utf8').split('--> statement-breakpoint')[1]!;
    await db.execute(sql.raw(backfill));
    const rows = await db.select({ seq: alarms.hubAckSeq, at: alarms.acknowledgedAt }).from(alarms).where(mine).orderBy(asc(alarms.hubAckSeq));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.at!.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.at!.getTime());
  });
}
