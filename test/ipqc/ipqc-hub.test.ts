/**
 * IPQC from the station to the hub (issue 12 item 2): a check prompted on time at a station that
 * has not talked to its hub, an OOS recorded there opening a station deviation and a local alert
 * at once, and after the ordinary signed sync the alert and the results at the hub (API), where
 * QA follows the station deviation up with an OOS record and the QP sees it with the batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import type { BatchIpqc, HubIpqcAlert } from '../../src-shared/quality/ipqc-contract.ts';
import type { SpcChartView, SpcSeries } from '../../src-shared/quality/spc-chart-contract.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { noticeOf, type AuditRow } from '../../src-server/notify/notify-events.ts';
import { and, eq, inArray } from 'drizzle-orm';
import { notifyDeliveries } from '../../src-server/notify/notify-schema.ts';
import { NotifyService } from '../../src-server/notify/notify-service.ts';
import { ipqcRunningBatches } from '../../src-server/quality/db/ipqc-schema.ts';
import { DEMO_PASSWORD } from '../fakes/test-station.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { TABLET_WEIGHT } from './ipqc-plans.ts';
import { alarmOfflineSuite } from '../alarm/alarm-offline-suite.ts';
import { alarmHubAckSuite } from '../alarm/alarm-hub-ack-suite.ts';

const MIN = 60_000;
const B = 'B-IPQC-HUB-1';
/** The tablet weight check, typed here (3 values): the hub test station has no balance bench. */
const TYPED_WEIGHT = { ...TABLET_WEIGHT, source: 'typed' as const, sampleSize: 3 };

// PGlite only: the PostgreSQL path is the quality suites' own (same SQL, drizzle on both drivers).
describe.each(['pglite'] as const)('IPQC from station to hub on %s', (backendName) => {
  let q: QualityHub;
  beforeAll(async () => {
    q = await startQualityHub(backendName);
  }, 180_000);
  afterAll(async () => {
    await q?.close();
  });

  it('FR-51 FR-52 FR-53 IPQC on the station: a check prompted on time with a fake clock, an OOS opening a deviation offline, the alert reaching the hub after sync', async () => {
    const t = q.station;
    recordBatch(t, { batchNumber: B, apiLot: 'API-LOT-Q1', excipientLot: 'MCC-LOT-Q1', incomplete: true, checkPlans: [TYPED_WEIGHT] });
    const startedAt = Date.parse(t.ipqc.view(B).startedAt!);
    const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const tw = () => t.ipqc.view(B).checks[0]!;

    // Prompted on time by the (fake) clock, with no hub contact since enrolment.
    t.clock.set(new Date(startedAt + 29 * MIN));
    expect(tw().status).toBe('upcoming');
    t.clock.set(new Date(startedAt + 30 * MIN));
    expect(tw()).toMatchObject({ status: 'due', occurrence: 1 });
    t.clock.set(new Date(startedAt + 36 * MIN));
    expect(tw().status).toBe('overdue');
    t.auth.unlock(session, DEMO_PASSWORD);

    // An OOS, recorded offline: deviation and alert at once, in the station's own list.
    const r = unwrap(t.ipqc.record(session, { batchNumber: B, checkId: 'TW', values: ['531.0', '529.5', '533.4'], password: DEMO_PASSWORD, username: 'op.li' }));
    expect(r).toMatchObject({ signed: true, verdict: { oos: true, oosSide: 'above' } });
    const deviation = t.ledger.bySeq(r.resultSeq + 1)!;
    expect(deviation).toMatchObject({ type: 'deviation.raised', payload: { code: 'IPQC_OOS', targetSeq: r.resultSeq } });
    expect(t.ipqc.alerts({ open: true })).toMatchObject([{ alertId: r.alertId, kind: 'oos', value: '531.3' }]);
    const qa = await q.token('qa.hub');
    expect((await q.hub.api<HubIpqcAlert[]>('GET', '/api/v1/quality/ipqc/alerts', undefined, qa)).body).toEqual([]);

    // The supervisor acknowledges at the station; then the ordinary sync carries everything up.
    const sup = unwrap(t.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    unwrap(t.ipqc.acknowledge(sup, r.alertId!, 'press stopped'));
    await q.sync();
    const alerts = await q.hub.api<HubIpqcAlert[]>('GET', '/api/v1/quality/ipqc/alerts?open=true', undefined, qa);
    expect(alerts.status).toBe(200);
    expect(alerts.body).toMatchObject([
      { alertId: r.alertId, batchNumber: B, kind: 'oos', checkId: 'TW', value: '531.3', unit: 'mg', resultSeq: r.resultSeq, deviationSeq: deviation.seq, acknowledgedBy: 'Wang Fang (王芳)', record: null },
    ]);
    expect(alerts.body[0]!.message).toContain('OOS');

    // QA follows the station deviation up as an OOS record at the hub: the alert names it.
    const raised = await q.hub.api<{ id: string }>('POST', '/api/v1/quality/deviations', { kind: 'oos', title: 'Tablet weight OOS', description: 'Press 2, check #1', batchNumber: B, source: { stationId: t.stationId, seq: deviation.seq }, password: HUB_PASSWORD }, qa);
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const after = await q.hub.api<HubIpqcAlert[]>('GET', `/api/v1/quality/ipqc/alerts?batch=${B}`, undefined, qa);
    expect(after.body[0]!.record).toEqual({ id: raised.body.id, state: 'raised' });

    // The QP's one-stop view of the batch: its IPQC results, signed, with their verdicts.
    const qp = await q.token('qp.hub');
    const view = await q.hub.api<BatchIpqc>('GET', `/api/v1/quality/batches/${B}/ipqc`, undefined, qp);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ batchNumber: B, oos: 1, oot: 1, results: [{ checkId: 'TW', value: '531.3', occurrence: 1, overdue: true, verdict: { oos: true, ootRules: [{ rule: 'WE1' }] }, signedBy: expect.any(String) }] });
    expect(view.body.alerts).toHaveLength(1);
  });

  it('FR-112 the IPQC alert at the hub keeps its message as a code and values (the station deviation\'s) beside the English, in the alert and the audit trail', async () => {
    const qa = await q.token('qa.hub');
    const [alert] = (await q.hub.api<HubIpqcAlert[]>('GET', `/api/v1/quality/ipqc/alerts?batch=${B}`, undefined, qa)).body;
    expect(alert!.message).toContain('OOS');
    expect(alert!.messageKey).toBe('ipqc-oos');
    expect(alert!.messageParams).toMatchObject({ check: TYPED_WEIGHT.name, checkId: 'TW', value: '531.3', unit: 'mg', side: 'above', occurrence: 1 });
    const [received] = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.action, 'ipqc.alert_received'), eq(hubAudit.subject, `${B}/TW`)));
    expect(received!.details).toMatchObject({ message: alert!.message, messageKey: 'ipqc-oos', messageParams: alert!.messageParams });
  });

  it('FR-93 an OOS alert and a check recorded past its grace reach the hub audit trail once each, as notices the notifier pushes (oos, overdue); QA\'s OOS record following the alert up is the same event: one notice', async () => {
    const rows = (await q.hub.hub.db.orm.select().from(hubAudit).where(inArray(hubAudit.action, ['ipqc.alert_received', 'ipqc.check_overdue']))) as AuditRow[];
    const mine = rows.filter((r) => r.subject === `${B}/TW`);
    expect(mine.map((r) => r.action).sort()).toEqual(['ipqc.alert_received', 'ipqc.check_overdue']);
    const alert = mine.find((r) => r.action === 'ipqc.alert_received')!;
    expect(alert).toMatchObject({ actor: 'hub', details: { stationId: q.station.stationId, batchNumber: B, kind: 'oos', checkId: 'TW', value: '531.3', unit: 'mg' } });
    const deviationSeq = (alert.details as { deviationSeq: number }).deviationSeq;
    expect(noticeOf(alert)).toEqual({ event: 'oos', facts: [['summary', 'OOS: Tablet weight'], ['batch', B], ['value', '531.3 mg']], key: `station-deviation:${q.station.stationId}#${deviationSeq}` });
    // One notice per event: QA's OOS record following the alert's station deviation up is the same event.
    const followUp = ((await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'deviation.raise'))) as AuditRow[]).find((r) => (r.details as { data: { batchNumber: string } }).data.batchNumber === B)!;
    expect(noticeOf(followUp)).toMatchObject({ event: 'oos', key: noticeOf(alert)!.key });
    const notifier = new NotifyService(q.hub.hub.services.ctx, { smtp: null });
    const admin = { userId: 'it', username: 'it.admin', roles: ['admin' as const] };
    const channel = await notifier.addChannel(admin, { kind: 'email', name: 'QA desk', lang: 'en', to: ['qa@example.com'] });
    unwrap(await notifier.addRule(admin, { event: 'oos', role: 'qa', channelId: channel.id }));
    await notifier.runOnce();
    const told = await q.hub.hub.db.orm.select().from(notifyDeliveries).where(and(eq(notifyDeliveries.channelId, channel.id), inArray(notifyDeliveries.auditId, [alert.id, followUp.id])));
    expect(told.map((d) => [d.auditId, d.eventKey])).toEqual([[alert.id, noticeOf(alert)!.key]]);
    const late = mine.find((r) => r.action === 'ipqc.check_overdue')!;
    expect(late.details).toMatchObject({ occurrence: 1, checkId: 'TW' });
    expect(noticeOf(late)).toMatchObject({ event: 'overdue', facts: [['summary', 'IPQC Tablet weight #1'], ['batch', B], ['due', (late.details as { dueAt: string }).dueAt]] });
    // Another sync round and another read project nothing again.
    await q.sync();
    await q.hub.api('GET', '/api/v1/quality/ipqc/alerts', undefined, await q.token('qa.hub'));
    const again = ((await q.hub.hub.db.orm.select().from(hubAudit).where(inArray(hubAudit.action, ['ipqc.alert_received', 'ipqc.check_overdue']))) as AuditRow[]).filter((r) => r.subject === `${B}/TW`);
    expect(again).toHaveLength(2);
  });

  it('FR-91 each IPQC result synced from a station is a subgroup of its product and check: the hub X-bar R chart plots the station values, once, and the I-MR chart each value', async () => {
    const t = q.station;
    const B2 = 'B-IPQC-HUB-2';
    recordBatch(t, { batchNumber: B2, apiLot: 'API-LOT-Q2', excipientLot: 'MCC-LOT-Q2', incomplete: true, checkPlans: [TYPED_WEIGHT] });
    const startedAt = Date.parse(t.ipqc.view(B2).startedAt!);
    const samples = [['501.0', '499.0', '500.0'], ['498.0', '502.0', '503.0'], ['497.0', '499.0', '498.0']];
    for (const [i, values] of samples.entries()) {
      t.clock.set(new Date(startedAt + (i + 1) * 30 * MIN + MIN));
      const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
      expect(unwrap(t.ipqc.record(session, { batchNumber: B2, checkId: 'TW', values, password: DEMO_PASSWORD, username: 'op.li' })).signed).toBe(true);
    }
    const qa = await q.token('qa.hub');
    await q.sync();
    const chart = await q.hub.api<SpcChartView>('GET', '/api/v1/quality/spc/chart/PARA-500/TW?chart=xbar-r', undefined, qa);
    expect(chart.status, JSON.stringify(chart.body)).toBe(200);
    const points = chart.body.points.filter((p) => p.batch === B2);
    expect(points.map((p) => [p.value, p.spread]).flat()).toEqual([500, 2, 501, 5, 498, 2].map((x) => expect.closeTo(x, 9)));
    expect(chart.body.subgroupSize).toBe(3);
    // The first batch's OOS result is on the chart too, before these.
    expect(chart.body.points.filter((p) => p.batch === B).map((p) => p.value)).toEqual([expect.closeTo(531.3, 9)]);
    const imr = await q.hub.api<SpcChartView>('GET', '/api/v1/quality/spc/chart/PARA-500/TW?chart=i-mr', undefined, qa);
    expect(imr.body.points.filter((p) => p.batch === B2).map((p) => p.value)).toEqual(samples.flat().map(Number));
    // Read again after another round: still once each.
    await q.sync();
    const series = await q.hub.api<SpcSeries[]>('GET', '/api/v1/quality/spc/series', undefined, qa);
    expect(series.body.find((x) => x.product === 'PARA-500' && x.check === 'TW')).toMatchObject({ subgroups: 4, subgroupSize: 3 });
    const recorded = (await q.hub.hub.db.orm.select().from(hubAudit).where(inArray(hubAudit.action, ['spc.data_recorded']))).filter((r) => r.subject === 'spc/PARA-500/TW');
    expect(recorded).toHaveLength(4);
    expect(recorded.at(-1)!.details).toMatchObject({ subgroups: 1, dataSource: expect.stringMatching(new RegExp(`^IPQC ${t.stationId}#\\d+$`)), batches: [B2] });
  });

  it('FR-93 a check with no result past its grace at the hub is an overdue notice from the notifier pass, once per occurrence; a late result for it adds none, the next occurrence its own', async () => {
    const t = q.station;
    const B3 = 'B-IPQC-HUB-3';
    recordBatch(t, { batchNumber: B3, apiLot: 'API-LOT-Q3', excipientLot: 'MCC-LOT-Q3', incomplete: true, checkPlans: [TYPED_WEIGHT] });
    const startedAt = Date.parse(t.ipqc.view(B3).startedAt!);
    await q.sync();
    const notifier = new NotifyService(q.hub.hub.services.ctx, { smtp: null });
    const told = async () =>
      ((await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'ipqc.check_overdue'))) as AuditRow[]).filter((r) => r.subject === `${B3}/TW`).map((r) => r.details as { occurrence: number; dueAt: string; seq?: number });
    // Due at 30 min with 5 min grace: nothing at 35 min, told once past it, however often the notifier runs.
    t.clock.set(new Date(startedAt + 35 * MIN));
    await notifier.runOnce();
    expect(await told()).toEqual([]);
    t.clock.set(new Date(startedAt + 36 * MIN));
    await notifier.runOnce();
    await notifier.runOnce();
    expect(await told()).toEqual([expect.objectContaining({ occurrence: 1, dueAt: new Date(startedAt + 30 * MIN).toISOString(), stationId: t.stationId, batchNumber: B3, checkName: 'Tablet weight' })]);
    // The late result arrives: occurrence 1 was told already.
    const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    expect(unwrap(t.ipqc.record(session, { batchNumber: B3, checkId: 'TW', values: ['500.0', '500.0', '500.0'], password: DEMO_PASSWORD, username: 'op.li' })).verdict.oos).toBe(false);
    await q.sync();
    await notifier.runOnce();
    expect((await told()).map((d) => d.occurrence)).toEqual([1]);
    // Occurrence 2 (due at 60 min) passes its grace unanswered: told once.
    t.clock.set(new Date(startedAt + 66 * MIN));
    await notifier.runOnce();
    await notifier.runOnce();
    expect((await told()).map((d) => d.occurrence)).toEqual([1, 2]);
    // The sweep reads the running batches the projector keeps (migration 0047), not the ledger: a
    // batch completed with the same plan leaves it at its completion and is never told overdue.
    const B4 = 'B-IPQC-HUB-4';
    recordBatch(t, { batchNumber: B4, apiLot: 'API-LOT-Q4', excipientLot: 'MCC-LOT-Q4', checkPlans: [TYPED_WEIGHT] });
    await q.sync();
    t.clock.set(new Date(startedAt + 6 * 60 * MIN));
    await notifier.runOnce();
    const running = (await q.hub.hub.db.orm.select().from(ipqcRunningBatches)).map((r) => r.batchRef);
    expect(running).toContain(B3);
    expect(running).not.toContain(B4);
    const b4Told = ((await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'ipqc.check_overdue'))) as AuditRow[]).filter((r) => r.subject === `${B4}/TW`);
    expect(b4Told).toEqual([]);
  });

  it('FR-53 the hub refuses the IPQC lists without a session', async () => {
    expect((await q.hub.api('GET', '/api/v1/quality/ipqc/alerts', undefined, 'not-a-token')).status).toBe(401);
  });

  // Alarms (issue 13 item 5) on the same hub and station, last: they move the clock on by a day.
  alarmOfflineSuite(() => q);
  alarmHubAckSuite(() => q);
});
