/**
 * ERP out (issue 15 item 5): after each order the hub sends the ERP its material consumption
 * and production performance as B2MML through an outbox. The ERP is a local HTTP server on
 * loopback that checks each document (B2MML namespace, idempotency key = ProductionPerformance/ID,
 * bearer token) and books each message id once, answering 2xx to a repeat without booking it
 * again (the contract the outbox relies on: at-least-once transport + idempotency key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { unwrap } from '../../src-shared/result.ts';
import { createHub, type Hub } from '../../src-server/create-hub.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { qualitySignatures } from '../../src-server/quality/db/quality-schema.ts';
import { ErpService } from '../../src-server/erp/erp-service.ts';
import { erpEndpointFromEnv } from '../../src-server/erp/erp-routes.ts';
import type { ErpMessageView, ErpRunResult } from '../../src-shared/erp/erp-contract.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { ADMIN_PASSWORD, HUB_SECRET, TEST_CAS } from '../hub/support/test-hub.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import { fixedClock } from '../../src-core/clock.ts';
import type { HubContext } from '../../src-server/hub-context.ts';
import type { HubDb } from '../../src-server/db/open-hub-db.ts';
import { erpMessages } from '../../src-server/erp/erp-schema.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';

const TOKEN = 'erp-bearer-7f3a';
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (n) => ['SegmentResponse', 'MaterialActual'].includes(n) });

/** The ERP: books each message id once; `refuse` answers 422 for those batches; `dropAck` books and then answers 500 (a lost acknowledgement) that many times. */
function fakeErp() {
  const booked = new Map<string, { kind: string; batch: string; document: string }>();
  const posts: string[] = [];
  const problems: string[] = [];
  const state = { refuse: new Set<string>(), dropAck: 0 };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const id = String(req.headers['idempotency-key'] ?? '');
      posts.push(id);
      const doc = xml.parse(raw) as { ProductionPerformance?: { '@_xmlns'?: string; ID?: string } };
      if (req.method !== 'POST' || req.url !== '/erp/b2mml' || req.headers.authorization !== `Bearer ${TOKEN}` || !String(req.headers['content-type']).startsWith('application/xml')) problems.push(`bad request ${req.method} ${req.url}`);
      if (doc.ProductionPerformance?.['@_xmlns'] !== 'http://www.mesa.org/xml/B2MML-V0600' || doc.ProductionPerformance.ID !== id) problems.push(`document of ${id} does not carry its id`);
      const batch = String(req.headers['x-batchline-batch']);
      if (state.refuse.has(batch)) return void res.writeHead(422).end('unknown production order');
      if (booked.has(id)) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"duplicate":true}');
      booked.set(id, { kind: String(req.headers['x-batchline-message-kind']), batch, document: raw });
      if (state.dropAck > 0) {
        state.dropAck--;
        return void res.writeHead(500).end('booked, but the answer is lost');
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"booked":true}');
    });
  });
  let port = 0;
  return {
    booked,
    posts,
    problems,
    state,
    async up(): Promise<string> {
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
      return `http://127.0.0.1:${port}/erp/b2mml`;
    },
    down: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('ERP out: B2MML consumption and production performance through the outbox', () => {
  let q: QualityHub;
  let hub: Hub;
  let url: string;
  const erp = fakeErp();
  const call = async <T>(method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(url + path, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text) as T, headers: res.headers };
  };
  // A fresh login each time: the test moves the shared clock on by hours, past any session.
  const login = async (username: string, password: string) => (await call<{ token: string }>('POST', '/api/v1/auth/login', { username, password })).body.token;
  const admin = async <T>(method: string, path: string, body?: unknown) => call<T>(method, path, body, await login('it.admin', ADMIN_PASSWORD));
  const qa = async <T>(method: string, path: string, body?: unknown) => call<T>(method, path, body, await login('qa.hub', 'Quality-hub-2026!'));
  const run = async () => {
    const r = await admin<ErpRunResult>('POST', '/api/v1/erp/run');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const messages = async (batch: string) => {
    const r = await qa<ErpMessageView[]>('GET', `/api/v1/erp/orders/${batch}/messages`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    // The endpoint's address is known (and configured) while nothing listens there yet: the ERP is down.
    process.env.BATCHLINE_ERP_URL = await erp.up();
    await erp.down();
    process.env.BATCHLINE_ERP_TOKEN = TOKEN;
    process.env.BATCHLINE_ERP_INTERVAL_MS = '0';
    q = await startQualityHub('pglite');
    hub = q.hub.hub;
    url = q.hub.url;
  }, 120_000);
  afterAll(async () => {
    delete process.env.BATCHLINE_ERP_URL;
    delete process.env.BATCHLINE_ERP_TOKEN;
    delete process.env.BATCHLINE_ERP_INTERVAL_MS;
    await hub?.close();
    await q?.hub.backend.dispose();
    q?.station.cleanup();
    await erp.down().catch(() => undefined);
  });

  it('FR-79 a completed order at the hub gets its consumption (kept weighings per line and lot, rejected left out) and performance documents; a running one gets none', async () => {
    // Excipient: 31.500 kg rejected out of tolerance, then 12.000 + 18.050 kg from the same lot.
    recordBatch(q.station, { batchNumber: 'E-001', apiLot: 'API-E1', excipientLot: 'MCC-E1', rejectedExcipientNet: '31.500', excipientPortions: ['12.000', '18.050'] });
    recordBatch(q.station, { batchNumber: 'E-002', apiLot: 'API-E2', excipientLot: 'MCC-E2', incomplete: true });
    await q.sync();
    const list = await messages('E-001');
    expect(list.map((m) => [m.kind, m.status, m.attempts])).toEqual([
      ['consumption', 'pending', 0],
      ['performance', 'pending', 0],
    ]);
    expect(await messages('E-002')).toEqual([]);
    const consumption = await qa<string>('GET', `/api/v1/erp/messages/${list[0]!.messageId}/document`);
    expect(consumption.status).toBe(200);
    expect(consumption.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(consumption.headers.get('idempotency-key')).toBe(list[0]!.messageId);
    const doc = xml.parse(consumption.body) as any;
    expect(doc.ProductionPerformance.ID).toBe(list[0]!.messageId);
    const rows = (doc.ProductionPerformance.ProductionResponse.SegmentResponse as any[]).flatMap((s) => (s.MaterialActual as any[]).map((m) => `${s.ID} ${m.MaterialDefinitionID} ${m.MaterialLotID} ${m.MaterialUse} ${m.Quantity.QuantityString} ${m.Quantity.UnitOfMeasure}`));
    expect(rows).toEqual(['L1 API-PARA API-E1 Consumed 50.020 kg', 'L2 EXC-MCC MCC-E1 Consumed 30.050 kg']);
    expect(consumption.body).not.toContain('31.500');
    const performance = await qa<string>('GET', `/api/v1/erp/messages/${list[1]!.messageId}/document`);
    expect(performance.body).toContain('<MaterialUse>Produced</MaterialUse>');
    expect(performance.body).toContain('<MaterialLotID>E-001</MaterialLotID>');
    // read by QA, the ERP account and administrators; nobody else
    expect((await call('GET', '/api/v1/erp/orders/E-001/messages', undefined, await login('op.hub', 'Quality-hub-2026!'))).status).toBe(403);
    expect((await call('GET', '/api/v1/erp/orders/E-001/messages', undefined, await login('erp', 'Quality-hub-2026!'))).status).toBe(200);
    expect((await qa<{ error: { code: string } }>('GET', '/api/v1/erp/messages/BL-nope')).body.error.code).toBe('ERP_MESSAGE_UNKNOWN');
    const queued = await hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'erp.queued'));
    expect(queued.map((a) => [a.subject, (a.details as { messageIds: string[] }).messageIds.length])).toEqual([['E-001', 2]]);
  }, 120_000);

  it('FR-81 the ERP outbox across a hub restart: the endpoint down, the hub restarted with messages pending, the endpoint back: each message arrives exactly once', async () => {
    // The ERP is down: every attempt fails, is recorded, and is retried later.
    expect(await run()).toMatchObject({ sent: 0, retrying: 2 });
    recordBatch(q.station, { batchNumber: 'E-003', apiLot: 'API-E3', excipientLot: 'MCC-E3' });
    await q.sync();
    // recording E-003 moved the clock on past E-001's backoff: its two are tried again with E-003's two
    expect(await run()).toMatchObject({ raised: 2, sent: 0, retrying: 4 });
    const before = [...(await messages('E-001')), ...(await messages('E-003'))];
    expect(before.map((m) => m.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(before[0]!.lastError).toMatch(/cannot reach 127\.0\.0\.1:\d+/);
    expect(erp.posts).toEqual([]);
    // Restart: the hub process ends and its database is opened again from disk.
    await hub.close();
    await hub.db.close();
    const db = await q.hub.backend.open();
    hub = unwrap(await createHub({ db, secret: HUB_SECRET, site: 'Test plant', initialCa: TEST_CAS[0]!, keys: keyPool(4), scrypt: TEST_SCRYPT_PARAMS, clock: q.station.clock }));
    // on the port the station knows
    url = await hub.listen(Number(new URL(q.hub.url).port));
    const after = [...(await messages('E-001')), ...(await messages('E-003'))];
    expect(after.map((m) => [m.messageId, m.status, m.attempts])).toEqual(before.map((m) => [m.messageId, 'pending', m.attempts]));
    // The ERP is back; the backoff has run. Two hub processes deliver at once: each message is claimed by one.
    await erp.up();
    q.station.clock.advance(3_600_000);
    const other = new ErpService(hub.services.ctx, { endpoint: erpEndpointFromEnv(process.env) });
    const [a, b] = await Promise.all([run(), other.runOnce()]);
    expect(a.sent + b.sent).toBe(4);
    expect(await run()).toMatchObject({ raised: 0, sent: 0, retrying: 0 });
    expect(erp.problems).toEqual([]);
    expect(erp.posts.sort()).toEqual(before.map((m) => m.messageId).sort());
    expect([...erp.booked.values()].map((m) => `${m.batch} ${m.kind}`).sort()).toEqual(['E-001 consumption', 'E-001 performance', 'E-003 consumption', 'E-003 performance']);
    const sent = [...(await messages('E-001')), ...(await messages('E-003'))];
    expect(sent.map((m) => [m.status, m.lastHttpStatus, m.lastError])).toEqual(Array(4).fill(['sent', 201, null]));
    // what the endpoint booked is the document the hub kept
    expect(erp.booked.get(sent[0]!.messageId)!.document).toBe((await qa<string>('GET', `/api/v1/erp/messages/${sent[0]!.messageId}/document`)).body);
  }, 180_000);

  it('FR-82 a lost acknowledgement is sent again with the same id and booked once; a message the ERP refuses is given up after its last attempt, audited, and queued again by an administrator with a reason as an e-signature (FR-101: password, refusal counted and audited)', async () => {
    erp.state.dropAck = 1;
    erp.state.refuse.add('E-004');
    recordBatch(q.station, { batchNumber: 'E-004', apiLot: 'API-E4', excipientLot: 'MCC-E4' });
    recordBatch(q.station, { batchNumber: 'E-005', apiLot: 'API-E5', excipientLot: 'MCC-E5' });
    await q.sync();
    expect(await run()).toMatchObject({ raised: 4, sent: 1, retrying: 3 });
    q.station.clock.advance(60_000);
    expect(await run()).toMatchObject({ sent: 1, retrying: 2 });
    const e5 = await messages('E-005');
    expect(e5.map((m) => m.status)).toEqual(['sent', 'sent']);
    // the lost acknowledgement: two posts of one id, one booking
    const twice = e5.find((m) => m.attempts === 2)!;
    expect(erp.posts.filter((id) => id === twice.messageId)).toHaveLength(2);
    expect([...erp.booked.keys()].filter((id) => id === twice.messageId)).toHaveLength(1);
    // E-004: refused until the last of 10 attempts, then failed and audited
    for (let i = 0; i < 10; i++) {
      q.station.clock.advance(3_600_000);
      await run();
    }
    const failed = await messages('E-004');
    expect(failed.map((m) => [m.status, m.attempts, m.lastHttpStatus])).toEqual([
      ['failed', 10, 422],
      ['failed', 10, 422],
    ]);
    expect(failed[0]!.lastError).toMatch(/HTTP 422/);
    const audited = (await hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'erp.delivery_failed'))).filter((a) => a.subject === 'E-004');
    expect(audited.map((a) => [a.ok, (a.details as { attempts: number }).attempts, (a.details as { code: string }).code])).toEqual([
      [false, 10, 'ERP_DELIVERY_FAILED'],
      [false, 10, 'ERP_DELIVERY_FAILED'],
    ]);
    // queued again: only by an administrator, only with a reason, only a failed message
    const id = failed[0]!.messageId;
    const because = { reason: 'The ERP order was created at last', password: ADMIN_PASSWORD };
    expect((await qa('POST', `/api/v1/erp/messages/${id}/requeue`, because)).status).toBe(403);
    expect((await admin('POST', `/api/v1/erp/messages/${id}/requeue`, { ...because, reason: 'short' })).status).toBe(400);
    // FR-101: requeueing is an e-signature: no password, no requeue; a wrong one is refused, counted and audited.
    expect((await admin('POST', `/api/v1/erp/messages/${id}/requeue`, { reason: because.reason })).status).toBe(400);
    const wrong = await admin<{ error: { code: string } }>('POST', `/api/v1/erp/messages/${id}/requeue`, { ...because, password: 'not-the-password' });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'SIGNATURE_PASSWORD_INVALID']);
    expect((await hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'erp.refused'))).map((r) => [r.subject, (r.details as { code: string }).code])).toEqual([[id, 'SIGNATURE_PASSWORD_INVALID']]);
    const notFailed = await admin<{ error: { code: string } }>('POST', `/api/v1/erp/messages/${twice.messageId}/requeue`, because);
    expect([notFailed.status, notFailed.body.error.code]).toEqual([409, 'ERP_MESSAGE_NOT_FAILED']);
    erp.state.refuse.delete('E-004');
    const requeued = await admin<ErpMessageView>('POST', `/api/v1/erp/messages/${id}/requeue`, because);
    expect(requeued.status, JSON.stringify(requeued.body)).toBe(200);
    expect(requeued.body).toMatchObject({ messageId: id, status: 'pending', attempts: 0 });
    const trail = (await hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'erp.requeued')))[0]!;
    const signed = trail.details as { meaning: string; signatureId: number; data: { reason: string; batchNumber: string } };
    expect([trail.actor, trail.subject, signed.meaning, signed.data.reason, signed.data.batchNumber]).toEqual(['it.admin', id, 'performed', 'The ERP order was created at last', 'E-004']);
    const [sig] = await hub.db.orm.select().from(qualitySignatures).where(eq(qualitySignatures.id, signed.signatureId));
    expect([sig!.subjectKind, sig!.username, sig!.meaning]).toEqual(['erp-message', 'it.admin', 'performed']);
    expect(await run()).toMatchObject({ sent: 1 });
    expect((await messages('E-004')).map((m) => m.status)).toEqual(['sent', 'failed']);
    expect([...erp.booked.keys()].filter((k) => k === id)).toHaveLength(1);
    expect(erp.problems).toEqual([]);
  }, 240_000);
  it('FR-80 a corrected net is reported as corrected; a document that fails validation is recorded, never sent, and audited', async () => {
    const correct = (batchNumber: string, seq: number, newValue: unknown) => {
      const target = [...q.station.ledger.iterate(seq, seq)][0]!;
      q.station.clock.advance(1000);
      unwrap(q.station.ledger.append([{ type: 'correction.recorded', actor: q.station.userId('sup.wang'), batchRef: batchNumber, payload: { targetSeq: seq, targetHash: target.hash, changes: [{ path: 'net', oldValue: { amount: '50.020', unit: 'kg' }, newValue }], reason: 'transcription checked against the balance printout' } }]));
    };
    correct('E-006', recordBatch(q.station, { batchNumber: 'E-006', apiLot: 'API-E6', excipientLot: 'MCC-E6' }).apiWeighedSeq, { amount: '50.010', unit: 'kg' });
    correct('E-007', recordBatch(q.station, { batchNumber: 'E-007', apiLot: 'API-E7', excipientLot: 'MCC-E7' }).apiWeighedSeq, { amount: '5.001e1', unit: 'kg' });
    await q.sync();
    const posted = erp.posts.length;
    expect(await run()).toMatchObject({ raised: 4, sent: 3, failed: 0 });
    const good = await messages('E-006');
    const doc = (await qa<string>('GET', `/api/v1/erp/messages/${good[0]!.messageId}/document`)).body;
    expect(doc.replace(/\s+/g, '')).toContain('<MaterialLotID>API-E6</MaterialLotID><MaterialUse>Consumed</MaterialUse><Quantity><QuantityString>50.010</QuantityString>');
    const bad = await messages('E-007');
    expect(bad.map((m) => [m.kind, m.status, m.attempts])).toEqual([
      ['consumption', 'invalid', 0],
      ['performance', 'sent', 1],
    ]);
    expect(bad[0]!.problems).toEqual([expect.stringMatching(/QuantityString: "5\.001e1" is not a valid decimal/)]);
    expect(erp.posts.slice(posted)).not.toContain(bad[0]!.messageId);
    expect(erp.posts.length - posted).toBe(3);
    const audited = (await hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'erp.document_invalid'))).map((a) => [a.subject, a.ok, (a.details as { messageId: string; code: string }).messageId, (a.details as { code: string }).code]);
    expect(audited).toEqual([['E-007', false, bad[0]!.messageId, 'ERP_DOCUMENT_INVALID']]);
  }, 120_000);
});

describe('ERP out: two hub processes on one PostgreSQL database', () => {
  let backend: Backend;
  const dbs: HubDb[] = [];
  const erp = fakeErp();

  beforeAll(async () => {
    backend = await makeBackend('postgres');
    dbs.push(await backend.open(), await backend.open());
  }, 120_000);
  afterAll(async () => {
    await backend?.dispose();
    await erp.down().catch(() => undefined);
  });

  it('FR-81 two hub processes delivering the same outbox at once each claim their own messages: each arrives once', async () => {
    const endpoint = { url: await erp.up(), token: TOKEN };
    const clock = fixedClock(new Date('2026-12-05T08:00:00Z'));
    const now = clock.now();
    const rows = Array.from({ length: 30 }, (_, i) => {
      const messageId = `BL-pg-${String(i).padStart(2, '0')}`;
      const document = `<?xml version="1.0" encoding="UTF-8"?>\n<ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600"><ID>${messageId}</ID></ProductionPerformance>\n`;
      return { messageId, batchNumber: `P-${i}`, kind: 'consumption' as const, status: 'pending' as const, document, documentSha256: 'x'.repeat(64), nextAt: now, createdAt: now };
    });
    await dbs[0]!.orm.insert(erpMessages).values(rows);
    // two processes: two connection pools, two services, delivering at the same time until nothing is due
    const services = dbs.map((db) => new ErpService({ db: db.orm, clock } as unknown as HubContext, { endpoint }));
    const sent = [0, 0];
    for (let round = 0; round < 3; round++) {
      const r = await Promise.all(services.map((svc) => svc.deliverDue()));
      r.forEach((x, i) => (sent[i]! += x.sent));
    }
    expect(sent[0]! + sent[1]!).toBe(30);
    expect(sent[0]).toBeGreaterThan(0);
    expect(sent[1]).toBeGreaterThan(0);
    expect(erp.posts.sort()).toEqual(rows.map((r) => r.messageId));
    expect(erp.problems).toEqual([]);
    const after = await dbs[1]!.orm.select().from(erpMessages);
    expect(after.every((m) => m.status === 'sent' && m.attempts === 1 && m.claimToken === null)).toBe(true);
  }, 120_000);
});
