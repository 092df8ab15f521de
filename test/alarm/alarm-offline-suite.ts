/**
 * Alarms from station to hub (issue 13 item 5; Annex 11 2025 draft, the alarms chapter): an
 * action excursion raises an alarm at a station whose hub is unreachable; a supervisor
 * acknowledges it there with a comment; the hub comes back and the ordinary signed sync carries
 * both facts. Another, cleared before anyone saw it, arrives unacknowledged and is acknowledged in
 * the console (audited); one left alone is escalated once per level. The test the issue names:
 * "Alarm acknowledgement after an offline period".
 *
 * Registered inside the IPQC station-to-hub suite (test/ipqc/ipqc-hub.test.ts), after its own
 * tests, to share its hub and station rather than start another (CI time): that station has
 * already raised an IPQC OOS alarm, acknowledged at the station with its alert (one action,
 * FR-84), which arrives here acknowledged.
 */
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { unwrap } from '../../src-shared/result.ts';
import type { HubAlarm } from '../../src-shared/alarm/alarm-contract.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { HubAlarmService } from '../../src-server/alarm/alarm-service.ts';
import { noticeOf, type AuditRow } from '../../src-server/notify/notify-events.ts';
import { DEMO_PASSWORD } from '../fakes/test-station.ts';
import { syncService } from '../hub/support/enrol.ts';
import type { QualityHub } from '../quality/support/quality-hub.ts';
import { reading, roomWithLimits } from '../environment/room-fixtures.ts';

const ROOM = 'B9.01';
const MIN = 60_000;

/** The alarm tests, on the station and hub of the suite that calls this (its clock moves on by a day). */
export function alarmOfflineSuite(hub: () => QualityHub): void {
  let q: QualityHub;

  it('FR-76 FR-84 an IPQC OOS raises an event alarm in the same append as its alert; acknowledging the alert acknowledged it too', () => {
    q = hub();
    unwrap(q.station.masterData.applyMasterData([{ kind: 'room', key: ROOM, version: 1, data: roomWithLimits(ROOM) }], { origin: 'seed', cursor: null, servedAt: q.station.clock.now().toISOString(), actorId: null }));
    const ipqc = q.station.alarms.list().filter((a) => a.source === 'ipqc');
    expect(ipqc).toMatchObject([{ kind: 'oos', severity: 'critical', messageKey: 'ipqc-oos', condition: 'event', state: 'closed', acknowledgedWhere: 'station', acknowledgement: { by: 'Wang Fang (王芳)', comment: 'press stopped' }, params: { check: expect.any(String), value: '531.3', unit: 'mg' } }]);
    const alert = q.station.ledger.bySeq(ipqc[0]!.seq - 1)!;
    expect(alert).toMatchObject({ type: 'ipqc.alert_raised', batchRef: ipqc[0]!.batchNumber });
    expect(ipqc[0]!.alarmId).toBe(`IPQC/${(alert.payload as { alertId: string }).alertId}`);
  });

  /** A differential pressure reading in the room, a minute after the clock's now. */
  const pressure = (pa: number) => {
    q.station.clock.advance(MIN);
    return unwrap(q.station.environment.observe(reading(ROOM, 'differential-pressure', pa, q.station.clock.now())));
  };
  const hubAlarms = async (query = '') => {
    const r = await q.hub.api<HubAlarm[]>('GET', `/api/v1/alarms${query}`, undefined, await q.token('qa.hub'));
    expect(r.status).toBe(200);
    return r.body;
  };

  it('FR-76 FR-77 alarm acknowledgement after an offline period: raised and acknowledged at the station while the hub is unreachable, both arrive with the next sync', async () => {
    const t = q.station;
    unwrap(await syncService(t, httpTransport(q.hub.url)).runOnce());
    // The hub is unreachable from here on (a port nobody listens on).
    const offline = syncService(t, httpTransport('http://127.0.0.1:9'));

    pressure(9.2);
    const [raised] = t.alarms.list({ open: true }).filter((a) => a.source === 'environment');
    expect(raised).toMatchObject({ source: 'environment', kind: 'action-excursion', severity: 'critical', subject: ROOM, state: 'active', messageKey: 'environment-action', params: { room: ROOM, quantity: 'differential-pressure', value: '9.2', unit: 'Pa', limit: '10' } });
    expect(t.ledger.bySeq(raised!.seq)).toMatchObject({ type: 'alarm.raised', actor: null });
    expect((await offline.runOnce()).ok).toBe(false);

    // Acknowledged at the station: an operator may not, a supervisor must write a comment.
    const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    expect(t.alarms.acknowledge(op, raised!.alarmId, 'seen')).toMatchObject({ ok: false, error: { code: 'AUTH_ROLE_REQUIRED' } });
    const sup = unwrap(t.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    expect(t.alarms.acknowledge(sup, raised!.alarmId, '  ')).toMatchObject({ ok: false, error: { code: 'ALARM_COMMENT_REQUIRED' } });
    expect(t.alarms.acknowledge(sup, 'ENV/nothing', 'x')).toMatchObject({ ok: false, error: { code: 'ALARM_UNKNOWN' } });
    const acked = unwrap(t.alarms.acknowledge(sup, raised!.alarmId, 'door to the airlock held open; closed, pressure recovering'));
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgement: { by: 'Wang Fang (王芳)', comment: 'door to the airlock held open; closed, pressure recovering' } });
    expect(t.alarms.acknowledge(sup, raised!.alarmId, 'again')).toMatchObject({ ok: false, error: { code: 'ALARM_ALREADY_ACKNOWLEDGED' } });
    pressure(14);
    expect(t.alarms.list()[0]).toMatchObject({ alarmId: raised!.alarmId, state: 'closed', clearedAt: expect.any(String) });
    expect((await offline.runOnce()).ok).toBe(false);
    expect((await hubAlarms()).filter((a) => a.source === 'environment')).toEqual([]);

    // The hub is back: one sync round carries the raise, the acknowledgement and the clearing.
    await q.sync();
    const [atHub] = (await hubAlarms()).filter((a) => a.source === 'environment');
    expect(atHub).toMatchObject({
      stationId: t.stationId,
      alarmId: raised!.alarmId,
      seq: raised!.seq,
      raisedAt: raised!.raisedAt,
      state: 'closed',
      acknowledgedWhere: 'station',
      acknowledgement: { by: 'Wang Fang (王芳)', at: acked.acknowledgement!.at, comment: 'door to the airlock held open; closed, pressure recovering' },
      escalationLevel: 0,
    });
    expect((await hubAlarms('?open=true')).map((a) => a.source)).toEqual([]);
  });

  it('FR-77 an alarm cleared unseen while offline arrives unacknowledged and is acknowledged in the console by name, once, audited', async () => {
    const t = q.station;
    pressure(9.5);
    pressure(13.5);
    const [cleared] = t.alarms.list({ open: true });
    expect(cleared).toMatchObject({ source: 'environment', state: 'cleared-unacknowledged' });
    await q.sync();
    const open = await hubAlarms('?open=true');
    expect(open).toMatchObject([{ alarmId: cleared!.alarmId, state: 'cleared-unacknowledged', acknowledgement: null }]);

    const qa = await q.token('qa.hub');
    const ack = (body: unknown) => q.hub.api<HubAlarm | { error: { code: string } }>('POST', '/api/v1/alarms/acknowledge', body, qa);
    expect((await ack({ stationId: t.stationId, alarmId: cleared!.alarmId, comment: '' })).status).toBe(400);
    expect((await ack({ stationId: t.stationId, alarmId: 'ENV/none', comment: 'x' })).body).toMatchObject({ error: { code: 'ALARM_UNKNOWN' } });
    const done = await ack({ stationId: t.stationId, alarmId: cleared!.alarmId, comment: 'reviewed the trend: door cycle, no product exposed' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ state: 'closed', acknowledgedWhere: 'hub', acknowledgement: { by: 'Quinn Reviewer', comment: 'reviewed the trend: door cycle, no product exposed' } });
    const twice = await ack({ stationId: t.stationId, alarmId: cleared!.alarmId, comment: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { code: 'ALARM_ALREADY_ACKNOWLEDGED' } });
    // A hub account without a shop-floor or quality role (the LIMS) may not acknowledge.
    expect((await q.hub.api('POST', '/api/v1/alarms/acknowledge', { stationId: t.stationId, alarmId: cleared!.alarmId, comment: 'x' }, await q.token('erp'))).status).toBe(403);

    const trail = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(eq(hubAudit.subject, `${t.stationId}/${cleared!.alarmId}`));
    // The empty comment never reached the service (400 at the route); the second acknowledgement is audited as refused.
    expect(trail.map((r) => [r.action, r.actor, r.ok])).toEqual([
      ['alarm.acknowledged', 'qa.hub', true],
      ['alarm.acknowledge_refused', 'qa.hub', false],
    ]);
    expect(trail[0]!.details).toMatchObject({ printedName: 'Quinn Reviewer', comment: 'reviewed the trend: door cycle, no product exposed' });
    // The IPQC OOS alarm arrived acknowledged at the station, with its alert.
    expect((await hubAlarms()).filter((a) => a.source === 'ipqc')).toMatchObject([{ state: 'closed', acknowledgedWhere: 'station', acknowledgement: { by: 'Wang Fang (王芳)' } }]);
    expect(await hubAlarms('?open=true')).toEqual([]);
  });

  it('FR-84 a console acknowledgement comes down by sync: the station records who, when and the comment, and its banner clears', async () => {
    const t = q.station;
    const before = t.alarms.list().filter((a) => a.acknowledgedWhere !== 'station' && a.acknowledgement === null && a.state === 'cleared-unacknowledged');
    expect(before.map((a) => a.source)).toEqual(['environment']);
    await q.sync();
    const hubAcks = t.ledger.query({ types: ['alarm.acknowledged_at_hub'], limit: 100 });
    expect(hubAcks.map((e) => (e.payload as { alarmId: string }).alarmId).sort()).toEqual(before.map((a) => a.alarmId).sort());
    // The banner lists the open ones: both are gone, shown as acknowledged in the console.
    expect(t.alarms.list({ open: true })).toEqual([]);
    const env = t.alarms.list().find((a) => a.alarmId === before.find((b) => b.source === 'environment')!.alarmId)!;
    expect(env).toMatchObject({ state: 'closed', acknowledgedWhere: 'hub', acknowledgement: { by: 'Quinn Reviewer', comment: 'reviewed the trend: door cycle, no product exposed' } });
    // Recorded once: the next round asks again and records nothing.
    await q.sync();
    expect(t.ledger.query({ types: ['alarm.acknowledged_at_hub'], limit: 100 })).toHaveLength(1);
  });

  it('FR-84 an alarm acknowledged at the station and in the console before either heard of the other keeps both acknowledgements, without a conflict', async () => {
    const t = q.station;
    pressure(9.3);
    const [raised] = t.alarms.list({ open: true });
    await q.sync();
    const qa = await q.token('qa.hub');
    const atHub = await q.hub.api<HubAlarm>('POST', '/api/v1/alarms/acknowledge', { stationId: t.stationId, alarmId: raised!.alarmId, comment: 'seen on the console, calling the floor' }, qa);
    expect(atHub.status).toBe(200);
    const sup = unwrap(t.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    unwrap(t.alarms.acknowledge(sup, raised!.alarmId, 'airlock door closed'));
    pressure(14);
    await q.sync();
    expect(t.alarms.list().find((a) => a.alarmId === raised!.alarmId)).toMatchObject({
      state: 'closed',
      acknowledgedWhere: 'station',
      acknowledgement: { by: 'Wang Fang (王芳)', comment: 'airlock door closed' },
      otherAcknowledgement: { where: 'hub', by: 'Quinn Reviewer', comment: 'seen on the console, calling the floor', at: atHub.body.acknowledgement!.at },
    });
    const [hubRow] = (await hubAlarms()).filter((a) => a.alarmId === raised!.alarmId);
    expect(hubRow).toMatchObject({
      state: 'closed',
      acknowledgedWhere: 'hub',
      acknowledgement: { by: 'Quinn Reviewer' },
      otherAcknowledgement: { where: 'station', by: 'Wang Fang (王芳)', comment: 'airlock door closed' },
    });
  });

  it('FR-78 an alarm nobody acknowledges is escalated once per level to the roles the level names, and pushed as an alarm notice; acknowledged ones never', async () => {
    const t = q.station;
    pressure(9.0);
    const [open] = t.alarms.list({ open: true });
    await q.sync();
    const service = new HubAlarmService(q.hub.hub.services.ctx);
    const subject = `${t.stationId}/${open!.alarmId}`;
    // Other tests of this file leave alarms of their own (an IPQC OOS) that their notifier passes escalate: only this alarm's rows count here.
    const escalations = async () => (await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.action, 'alarm.escalated'), eq(hubAudit.subject, subject)))) as AuditRow[];
    const levels = async () => (await escalations()).map((r) => [r.subject, (r.details as { level: number }).level]);

    // Swept before it is due, twice at one level, and after the last level: once per level, never again.
    await service.sweepEscalations();
    expect(await levels()).toEqual([]);
    t.clock.advance(30 * MIN);
    await service.sweepEscalations();
    await service.sweepEscalations();
    expect(await levels()).toEqual([[subject, 1]]);
    t.clock.advance(4 * 60 * MIN);
    await service.sweepEscalations();
    t.clock.advance(24 * 60 * MIN);
    await service.sweepEscalations();

    const rows = await escalations();
    expect(await levels()).toEqual([
      [subject, 1],
      [subject, 2],
    ]);
    expect(noticeOf(rows[0]!)).toMatchObject({ event: 'alarm', roles: ['operator', 'qa'] });
    expect(noticeOf(rows[1]!)).toMatchObject({ event: 'alarm', roles: ['qa', 'qp'], facts: expect.arrayContaining([['summary', expect.stringContaining(ROOM)]]) });
    expect(await hubAlarms('?open=true')).toMatchObject([{ alarmId: open!.alarmId, escalationLevel: 2, state: 'active' }]);
  });
}
