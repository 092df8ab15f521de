/**
 * Dashboard figures at the hub (issue 15 item 4; FR-56), on PGlite and on PostgreSQL, against a
 * fixture whose numbers are worked out by hand: five batches at one station (three complete, one
 * running, one only planned), one reviewed and released, one reviewed, one waiting with a
 * station deviation; three deviation records of different classes and ages with two CAPA
 * actions; the shared clock moved on by known amounts so every age is known in advance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import type { Oee, ProductionDashboard, QualityAgeing, ReviewQueue, RightFirstTime, SyncHealth } from '../../src-shared/quality/dashboard-contract.ts';
import { DEMO_PASSWORD } from '../fakes/test-station.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { recordBatch } from './support/station-batch.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type Reply = { id?: string; error?: { code: string } };

describe.each(QUALITY_BACKENDS)('dashboard figures on %s', (backendName) => {
  let q: QualityHub;
  let completedB2: number;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const figure = async <T>(name: string, who = 'qa.hub') => {
    const r = await api<T>(who, 'GET', `/api/v1/quality/dashboard/${name}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const step = (who: string, id: string, body: Record<string, unknown>) => api<Reply>(who, 'POST', `/api/v1/quality/deviations/${id}/steps`, { password: HUB_PASSWORD, ...body });
  const raise = async (title: string, extra: Record<string, unknown> = {}) => {
    const r = await api<Reply>('qa.hub', 'POST', '/api/v1/quality/deviations', { title, description: `${title}: found on the floor walk.`, password: HUB_PASSWORD, ...extra });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id!;
  };

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    const t = q.station;
    recordBatch(t, { batchNumber: 'D-001', apiLot: 'API-D1', excipientLot: 'MCC-D1' });
    recordBatch(t, { batchNumber: 'D-003', apiLot: 'API-D3', excipientLot: 'MCC-D3' });
    recordBatch(t, { batchNumber: 'D-004', apiLot: 'API-D4', excipientLot: 'MCC-D4', incomplete: true });
    unwrap(t.auth.login('op.li', DEMO_PASSWORD));
    t.clock.advance(30_000);
    unwrap(t.ledger.append([{ type: 'order.imported', actor: t.userId('op.li'), batchRef: 'D-005', payload: { order: { batchNumber: 'D-005', productCode: 'PARA-500', recipeCode: 'R-PARA', recipeVersion: 1, batchSize: { amount: '80', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }, source: { kind: 'api', fileName: null, fileHash: null } } }]));
    const b2 = recordBatch(t, { batchNumber: 'D-002', apiLot: 'API-D2', excipientLot: 'MCC-D2', deviation: true });
    completedB2 = t.clock.now().getTime(); // order.completed is D-002's last entry
    await q.sync();
    // At T (D-002 complete): DEV-1 follows up D-002's station deviation, major, to CAPA; DEV-2 not classified.
    const dev1 = await raise('Excipient overweight on W2', { batchNumber: 'D-002', source: { stationId: t.stationId, seq: b2.deviationSeq } });
    await step('qa.hub', dev1, { step: 'classify', classification: 'major' });
    await step('qa.hub', dev1, { step: 'investigate', rootCause: { method: 'five-whys', whys: ['The large scoop was used.'], rootCause: 'One small scoop per booth.' } });
    await step('qa.hub', dev1, { step: 'assess-impact', lots: ['MCC-D2'], assessment: 'One container concerned; no other batch.' });
    const due = (days: number) => new Date(completedB2 + days * DAY).toISOString().slice(0, 10);
    const planned = await step('qa.hub', dev1, {
      step: 'plan-capa',
      actions: [
        { kind: 'corrective', description: 'Buy a second small scoop for every booth', owner: 'op.hub', dueDate: due(10) },
        { kind: 'preventive', description: 'Add scoop availability to line clearance', owner: 'qa.second', dueDate: due(20) },
      ],
    });
    expect(planned.body.error).toBeUndefined();
    await raise('Door of room 2 left open');
    // T + 2 days: D-001 and D-003 reviewed, D-001 released; DEV-3 raised and classified critical.
    t.clock.advance(2 * DAY);
    for (const b of ['D-001', 'D-003']) expect((await api('qa.second', 'POST', `/api/v1/quality/batches/${b}/review`, { password: HUB_PASSWORD })).status).toBe(201);
    expect((await api('qp.hub', 'POST', '/api/v1/quality/batches/D-001/decision', { decision: 'released', password: HUB_PASSWORD })).status).toBe(201);
    const dev3 = await raise('Pressure cascade lost in corridor');
    await step('qa.hub', dev3, { step: 'classify', classification: 'critical' });
    // T + 2 days 6 hours: the snapshot.
    t.clock.advance(6 * HOUR);
  }, 240_000);
  afterAll(async () => {
    await q?.close();
  });

  it('FR-56 production progress by line and order: the open orders with their steps, completed orders only within 24 hours', async () => {
    const p = await figure<ProductionDashboard>('production', 'op.hub');
    expect(p.orders.map((o) => [o.batchNumber, o.status, o.stepsDone, o.stepsTotal, o.booth])).toEqual([
      ['D-004', 'in-progress', 2, 2, 'BOOTH-1'],
      ['D-005', 'planned', 0, 0, null],
    ]);
    expect(p.lines).toEqual([{ line: q.station.stationId, planned: 1, inProgress: 1, completedLast24h: 0, stepsDone: 2, stepsTotal: 2 }]);
    expect(p.asOf).toBe(new Date(completedB2 + 2 * DAY + 6 * HOUR).toISOString());
  });

  it('FR-56 batches waiting for review and for release, with their age in hours and buckets', async () => {
    const r = await figure<ReviewQueue>('review-queue', 'qp.hub');
    // D-002 completed at T: 54 hours ago; D-003 reviewed at T + 2 d: 6 hours ago; D-001 released: in neither.
    expect(r.waitingReview.map((w) => [w.batchNumber, w.ageHours, w.bucket, w.since])).toEqual([['D-002', 54, '1to3d', new Date(completedB2).toISOString()]]);
    expect(r.waitingReview[0]!.exceptions).toBeGreaterThan(0);
    expect(r.waitingRelease.map((w) => [w.batchNumber, w.ageHours, w.bucket])).toEqual([['D-003', 6, 'lt1d']]);
    expect(r.reviewBuckets).toEqual([0, 1, 0, 0, 0]);
    expect(r.releaseBuckets).toEqual([1, 0, 0, 0, 0]);
  });

  it('FR-56 open deviation records and CAPA actions by age and class, and what is overdue', async () => {
    const a = await figure<QualityAgeing>('quality-ageing');
    expect(a.deviations).toEqual({
      open: 3,
      overdue: 0,
      byClass: { critical: [1, 0, 0, 0, 0], major: [0, 1, 0, 0, 0], minor: [0, 0, 0, 0, 0], unclassified: [0, 1, 0, 0, 0] },
    });
    expect(a.capa).toEqual({ open: 2, overdue: 0, byClass: { critical: [0, 0, 0, 0, 0], major: [0, 2, 0, 0, 0], minor: [0, 0, 0, 0, 0], unclassified: [0, 0, 0, 0, 0] } });
  });

  it('FR-56 sync health per station, OEE not available, and the right-first-time rate', async () => {
    const s = await figure<SyncHealth>('sync-health', 'qa.hub');
    expect(s.stations).toHaveLength(1);
    // The last push was at T (the sync after D-002): 54 hours = 3240 minutes, past the 24-hour silence mark.
    expect(s.stations[0]).toMatchObject({ stationId: q.station.stationId, state: 'silent', minutesSincePush: 3240, projectionLag: 0, openForks: 0, refusals: 0 });
    expect(s.stations[0]!.ackSeq).toBe(q.station.ledger.head()!.seq);
    const oee = await figure<Oee>('oee', 'op.hub');
    expect(oee).toEqual({ available: false, reason: 'NO_EQUIPMENT_SIGNALS', lines: [] });
    // D-001 and D-003 clean; D-002 has a station deviation (and its record): 2 of 3.
    const rft = await figure<RightFirstTime>('right-first-time', 'qp.hub');
    expect(rft.overall).toEqual({ completed: 3, rightFirstTime: 2, rate: 2 / 3 });
    expect(rft.byProduct).toEqual([{ product: 'PARA-500', completed: 3, rightFirstTime: 2, rate: 2 / 3 }]);
    expect(rft.batches.map((b) => [b.batchNumber, b.rightFirstTime, b.deviations])).toEqual([
      ['D-001', true, 0],
      ['D-002', false, 2],
      ['D-003', true, 0],
    ]);
    expect((await api('erp', 'GET', '/api/v1/quality/dashboard/production')).status).toBe(403);
  });

  it('FR-56 fifteen days later the ages move bucket and what is past due is counted overdue', async () => {
    q.station.clock.advance(15 * DAY);
    const a = await figure<QualityAgeing>('quality-ageing');
    // DEV-3 critical, due 15 days after T + 2 d: now T + 17.25 d, overdue. CAPA due T + 10 d overdue, T + 20 d not.
    expect(a.deviations.overdue).toBe(1);
    expect(a.deviations.byClass.critical).toEqual([0, 0, 0, 1, 0]);
    expect(a.capa).toMatchObject({ open: 2, overdue: 1, byClass: { major: [0, 0, 0, 2, 0] } });
    const r = await figure<ReviewQueue>('review-queue');
    expect(r.reviewBuckets).toEqual([0, 0, 0, 1, 0]);
    expect(r.waitingReview[0]!.ageHours).toBe(54 + 15 * 24);
  });
});
