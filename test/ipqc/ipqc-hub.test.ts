/**
 * IPQC from the station to the hub (issue 12 item 2): a check prompted on time at a station that
 * has not talked to its hub, an OOS recorded there opening a station deviation and a local alert
 * at once, and after the ordinary signed sync the alert and the results at the hub (API), where
 * QA follows the station deviation up with an OOS record and the QP sees it with the batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import type { BatchIpqc, HubIpqcAlert } from '../../src-shared/quality/ipqc-contract.ts';
import { DEMO_PASSWORD } from '../fakes/test-station.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { TABLET_WEIGHT } from './ipqc-plans.ts';
import { alarmOfflineSuite } from '../alarm/alarm-offline-suite.ts';

const MIN = 60_000;
const B = 'B-IPQC-HUB-1';
/** The tablet weight check, typed here (3 values): the hub test station has no balance bench. */
const TYPED_WEIGHT = { ...TABLET_WEIGHT, source: 'typed' as const, sampleSize: 3 };

// PGlite only: the PostgreSQL path is the quality suites' own (same SQL, drizzle on both drivers).
describe.each(['pglite'] as const)('IPQC from station to hub on %s', (backendName) => {
  let q: QualityHub;
  beforeAll(async () => {
    q = await startQualityHub(backendName);
  });
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

  it('FR-53 the hub refuses the IPQC lists without a session', async () => {
    expect((await q.hub.api('GET', '/api/v1/quality/ipqc/alerts', undefined, 'not-a-token')).status).toBe(401);
  });

  // Alarms (issue 13 item 5) on the same hub and station, last: they move the clock on by a day.
  alarmOfflineSuite(() => q);
});
