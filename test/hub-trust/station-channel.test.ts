/**
 * The channel between station and hub (issue 10 item 6, hub half): the hub signs only its
 * answers to authenticated station requests, over method, path, status and body hash; a
 * station enrols only with a one-time code IT issued, and guessing codes is throttled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { makeTestStation, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { readKey } from '../../src-main/db/keystore-repo.ts';
import { unwrapPrivateKey } from '../../src-core/pki/signing-keys.ts';
import { unwrap } from '../../src-shared/result.ts';
import { SYNC_HEADERS, sha256Hex, signRequest, verifyResponseSignature } from '../../src-core/sync/request-signature.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { HubClient } from '../../src-main/sync/hub-client.ts';
import { requestEnrolment } from '../../src-main/sync/station-enrolment.ts';
import { hubAudit, stations } from '../../src-server/db/schema.ts';
import { FREE_FAILURES } from '../../src-server/admin/login-throttle.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { enrolStation } from '../hub/support/enrol.ts';

describe('station channel', () => {
  let hub: TestHub;
  let t: TestStation;
  const others: TestStation[] = [];

  beforeAll(async () => {
    t = makeTestStation({ config: { checkpointEvery: 10 } });
    hub = await startTestHub({ backend: 'pglite', clock: t.clock });
    await enrolStation(t, hub);
  });
  afterAll(async () => {
    await hub?.close();
    t?.cleanup();
    for (const o of others) o.cleanup();
  });

  async function signedFetch(method: 'GET' | 'POST', path: string, nonce = randomBytes(18).toString('base64url')) {
    const [row] = await hub.hub.db.orm.select().from(stations).where(eq(stations.stationId, t.stationId));
    const key = unwrap(unwrapPrivateKey(readKey(t.db.sqlite, 'station')!.wrapped, TEST_SECRET));
    const time = t.clock.now().toISOString();
    const signature = signRequest(key, { method, path, bodySha256: sha256Hex(Buffer.alloc(0)), time, nonce, stationId: t.stationId, certFingerprint: row!.certFingerprint });
    const res = await fetch(hub.url + path, {
      method,
      headers: { [SYNC_HEADERS.station]: t.stationId, [SYNC_HEADERS.cert]: row!.certFingerprint, [SYNC_HEADERS.time]: time, [SYNC_HEADERS.nonce]: nonce, [SYNC_HEADERS.signature]: signature },
    });
    return { res, body: Buffer.from(await res.arrayBuffer()), nonce };
  }

  it('P11-15 the hub signs only its answers to authenticated station requests, over method, path, status and body', async () => {
    const nonce = 'attacker-chosen-nonce-0001';
    for (const path of ['/api/v1/sync/state', '/health', '/api/v1/enrolments/ENR-none']) {
      const res = await fetch(hub.url + path, { headers: { [SYNC_HEADERS.nonce]: nonce, [SYNC_HEADERS.station]: t.stationId } });
      expect(res.headers.get(SYNC_HEADERS.hubSignature), path).toBeNull();
    }

    const hubCert = hub.hub.services.ctx.keys.hubCertPem;
    const { res, body, nonce: n } = await signedFetch('GET', '/api/v1/sync/state');
    expect(res.status).toBe(200);
    const sig = res.headers.get(SYNC_HEADERS.hubSignature)!;
    const parts = { method: 'GET', path: '/api/v1/sync/state', nonce: n, status: 200, bodySha256: sha256Hex(body), hubTime: res.headers.get(SYNC_HEADERS.hubTime)! };
    expect(verifyResponseSignature(hubCert, parts, sig)).toBe(true);
    expect(verifyResponseSignature(hubCert, { ...parts, path: '/api/v1/sync/master-data?limit=500' }, sig)).toBe(false);
    expect(verifyResponseSignature(hubCert, { ...parts, method: 'POST' }, sig)).toBe(false);

    // A replayed request was authenticated once; its second answer is a refusal the station can
    // still attribute to the hub, and it never carries the first answer's body.
    const replay = await signedFetch('GET', '/api/v1/sync/state', n);
    expect(replay.res.status).toBe(401);
    const replaySig = replay.res.headers.get(SYNC_HEADERS.hubSignature)!;
    expect(verifyResponseSignature(hubCert, { ...parts, status: 401, bodySha256: sha256Hex(replay.body), hubTime: replay.res.headers.get(SYNC_HEADERS.hubTime)! }, replaySig)).toBe(true);

    // and the station's own client accepts the hub's answers (the v2 answer format end to end)
    const [row] = await hub.hub.db.orm.select().from(stations).where(eq(stations.stationId, t.stationId));
    const key = unwrap(unwrapPrivateKey(readKey(t.db.sqlite, 'station')!.wrapped, TEST_SECRET));
    const client = new HubClient(httpTransport(hub.url), t.clock, { stationId: t.stationId, certFingerprint: row!.certFingerprint, privateKey: key, hubCertPem: hubCert });
    expect((await client.state()).ok).toBe(true);
  });

  it('P11-11 a station enrols only with a one-time code from IT; guessing codes is throttled per address', async () => {
    const station = (id: string) => {
      const s = makeTestStation({ withUsers: false, config: { identity: { stationId: id, name: `Booth ${id}`, site: 'Test plant', timeZone: 'Asia/Shanghai' } } });
      others.push(s);
      return s;
    };
    const enrol = (s: TestStation, enrolmentCode?: string) =>
      requestEnrolment(s, new HubClient(httpTransport(hub.url), s.clock, null), { stationSecret: TEST_SECRET, keys: keyPool(60 + others.length), scrypt: TEST_SCRYPT_PARAMS, ...(enrolmentCode ? { enrolmentCode } : {}) });
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

    const c = station('ST-C');
    expect(code(await enrol(c))).toBe('ENROLMENT_CODE_INVALID');
    for (let i = 1; i < FREE_FAILURES; i++) expect(code(await enrol(c, `GUESS-${i}`))).toBe('ENROLMENT_CODE_INVALID');
    const issued = await hub.api<{ code: string }>('POST', '/api/v1/admin/enrolment-codes', { validHours: 2 });
    expect(issued.status).toBe(201);
    // even the right code waits while this address is blocked
    expect(code(await enrol(c, issued.body.code))).toBe('AUTH_RATE_LIMITED');
    t.clock.advance(1_500);
    expect(code(await enrol(c, issued.body.code))).toBe('ok');
    // spent: a second station cannot use it
    expect(code(await enrol(station('ST-D'), issued.body.code))).toBe('ENROLMENT_CODE_INVALID');
    // expired codes are refused too
    const shortLived = await hub.api<{ code: string }>('POST', '/api/v1/admin/enrolment-codes', { validHours: 1 });
    t.clock.advance(3_600_000 + 1_000);
    expect(code(await enrol(station('ST-E'), shortLived.body.code))).toBe('ENROLMENT_CODE_INVALID');
    const trail = await hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'enrolment.code_issued'));
    expect(trail.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(trail)).not.toContain(issued.body.code);
  });
});
