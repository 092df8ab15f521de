/**
 * The same account logged in at two stations at once (DI-11, P11-25, FR-140): two stations
 * synced to one hub, each with its own station account `op.li`. Logged in at the second station
 * while recording a batch at the first is a major exception in the batch's review, with a hub
 * deviation QA must close before the QP can release, and one notice to QA; sequential use is
 * none; a station whose clock runs ahead is judged on the hub's clock by the drift it recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { unwrap } from '../../src-shared/result.ts';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import { hubAudit, ledgerEntries } from '../../src-server/db/schema.ts';
import { notifyDeliveries } from '../../src-server/notify/notify-schema.ts';
import { NotifyService } from '../../src-server/notify/notify-service.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { DEMO_PASSWORD, makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';
import { recordBatch } from './support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';

const MIN = 60_000;

describe('same account at two stations at once (FR-140)', () => {
  let q: QualityHub;
  let other: TestStation;
  let robot: Server;
  const calls: string[] = [];
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const review = async (batch: string) => (await api<BatchReview>('qa.hub', 'GET', `/api/v1/quality/batches/${batch}`)).body;
  const sign = (who: string, batch: string, body: Record<string, unknown>, kind: 'review' | 'decision' | 'deviations/close') =>
    api<{ error?: { code: string; details?: Record<string, unknown> }; signatureId?: number }>(who, 'POST', `/api/v1/quality/batches/${batch}/${kind}`, body);
  const syncBoth = async () => {
    await q.sync();
    unwrap(await syncService(other, httpTransport(q.hub.url)).runOnce());
  };
  /** Ends op.li's session at a station (recordBatch leaves it open): a login ends the earlier one, then a logout. */
  const leave = (t: TestStation) => {
    t.clock.advance(MIN);
    unwrap(t.auth.logout(unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId));
  };
  const told = async () => q.hub.hub.services.ctx.db.select().from(hubAudit).where(eq(hubAudit.action, 'session.concurrent_use'));
  const notify = () => new NotifyService(q.hub.hub.services.ctx, { smtp: null }).runOnce();

  beforeAll(async () => {
    q = await startQualityHub('pglite');
    other = makeTestStation({ config: { identity: { stationId: 'ST-DS-02', name: 'Dispensing booth 2', site: 'Test plant', timeZone: 'Asia/Shanghai' } } });
    other.clock.set(q.station.clock.now());
    await enrolStation(other, q.hub, httpTransport(q.hub.url));
    robot = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        calls.push(raw);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((r) => robot.listen(0, '127.0.0.1', r));
    const channel = await q.hub.api<{ id: number }>('POST', '/api/v1/notify/channels', { kind: 'wecom', name: 'QA on call', lang: 'en', url: `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=k` });
    expect(channel.status).toBe(201);
    expect((await q.hub.api('POST', '/api/v1/notify/rules', { event: 'alarm', role: 'qa', channelId: channel.body.id })).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    other?.cleanup();
    await q?.close();
    await new Promise<void>((r) => (robot ? robot.close(() => r()) : r()));
  });

  it('FR-140 DI-11 op.li logged in at the second station while recording a batch at the first: a major exception naming both stations and the overlap, one notice to QA, and no release until QA closes its deviation', async () => {
    other.clock.set(q.station.clock.now());
    const there = unwrap(other.auth.login('op.li', DEMO_PASSWORD));
    const batch = recordBatch(q.station, { batchNumber: 'B-DS-001', apiLot: 'API-DS-1', excipientLot: 'MCC-DS-1' });
    other.clock.set(q.station.clock.now());
    unwrap(other.auth.logout(there.sessionId));
    leave(q.station);
    await syncBoth();

    const r = await review(batch.batchNumber);
    const x = r.exceptions.filter((e) => e.kind === 'concurrent-session');
    expect(x).toHaveLength(1);
    expect(x[0]).toMatchObject({ severity: 'major', stationId: q.station.stationId, params: { username: 'op.li', stationId: q.station.stationId, otherStation: 'ST-DS-02', toleranceSeconds: 60 } });
    // The overlap: both windows, on the hub's clock; every op.li entry of the batch fell in it.
    expect(Date.parse(String(x[0]!.params.to)) - Date.parse(String(x[0]!.params.from))).toBeGreaterThan(5 * MIN);
    expect(Number(x[0]!.params.entries)).toBeGreaterThan(5);
    const dev = r.deviations.find((d) => d.category === 'concurrent-session')!;
    expect(dev).toMatchObject({ raisedBy: 'hub', approvedAtStation: false, closure: null });

    // Told once, however many passes run.
    await notify();
    await notify();
    const audits = await told();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: 'hub', subject: 'op.li', details: { stations: [q.station.stationId, 'ST-DS-02'].sort() } });
    const deliveries = await q.hub.hub.services.ctx.db.select().from(notifyDeliveries).where(eq(notifyDeliveries.auditId, audits[0]!.id));
    expect(deliveries.map((d) => [d.event, d.role])).toEqual([['alarm', 'qa']]);

    // QA reviews; the QP is refused while the deviation is open; QA closes it; the QP releases.
    expect((await sign('qa.hub', batch.batchNumber, { password: HUB_PASSWORD, comment: 'exceptions assessed' }, 'review')).status).toBe(201);
    const refused = await sign('qp.hub', batch.batchNumber, { decision: 'released', password: HUB_PASSWORD }, 'decision');
    expect(refused.body.error?.code).toBe('RELEASE_DEVIATIONS_OPEN');
    expect(JSON.stringify(refused.body.error?.details)).toContain('concurrent-session');
    const closed = await sign('qa.hub', batch.batchNumber, { stationId: dev.stationId, seq: dev.seq, password: HUB_PASSWORD, conclusion: 'Operator confirmed he left booth 2 logged in; retrained, SOP-ACC-02.' }, 'deviations/close');
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect((await sign('qp.hub', batch.batchNumber, { decision: 'released', password: HUB_PASSWORD }, 'decision')).status).toBe(201);
  }, 60_000);

  it('FR-140 the same account used at the two stations one after the other: no exception, no notice', async () => {
    other.clock.set(new Date(q.station.clock.now().getTime() + MIN));
    const there = unwrap(other.auth.login('op.li', DEMO_PASSWORD));
    other.clock.advance(5 * MIN);
    unwrap(other.auth.logout(there.sessionId));
    q.station.clock.set(new Date(other.clock.now().getTime() + 5 * MIN));
    const batch = recordBatch(q.station, { batchNumber: 'B-DS-002', apiLot: 'API-DS-2', excipientLot: 'MCC-DS-1' });
    leave(q.station);
    other.clock.set(q.station.clock.now());
    await syncBoth();
    expect((await review(batch.batchNumber)).exceptions.filter((e) => e.kind === 'concurrent-session')).toEqual([]);
    await notify();
    expect(await told()).toHaveLength(1);
  }, 60_000);

  it('FR-140 a second station whose clock runs 3 min ahead (drift recorded at sync) is judged on the hub clock: a logout before the batch began is not an overlap', async () => {
    // The second station's clock 3 min ahead: its sync records station.time_untrusted, drift 180 s.
    other.clock.set(new Date(q.station.clock.now().getTime() + 3 * MIN));
    await syncBoth();
    const there = unwrap(other.auth.login('op.li', DEMO_PASSWORD));
    other.clock.advance(10 * MIN);
    unwrap(other.auth.logout(there.sessionId));
    // Logged out at hub time T; the batch begins 1 min later, 2 min before the logout as station 2 dated it.
    q.station.clock.set(new Date(other.clock.now().getTime() - 3 * MIN + MIN));
    const batch = recordBatch(q.station, { batchNumber: 'B-DS-003', apiLot: 'API-DS-3', excipientLot: 'MCC-DS-1' });
    leave(q.station);
    other.clock.set(new Date(q.station.clock.now().getTime() + 3 * MIN));
    await syncBoth();
    const untrusted = await q.hub.hub.services.ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.stationId, 'ST-DS-02'), eq(ledgerEntries.type, 'station.time_untrusted')));
    expect(untrusted.map((e) => (e.payload as { driftSeconds: number }).driftSeconds)).toEqual([180]);
    expect((await review(batch.batchNumber)).exceptions.filter((e) => e.kind === 'concurrent-session')).toEqual([]);
    await notify();
    expect(await told()).toHaveLength(1);
  }, 60_000);
});
