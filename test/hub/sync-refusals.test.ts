/**
 * Everything the hub must refuse, on PGlite and on PostgreSQL (issue #6 "Enrolment and
 * refusal"; COMPLIANCE.md §6 attacks 2, 5, 6, 7): unenrolled, pending, rejected, revoked and
 * quarantined stations; forged request signatures and altered bodies; a replayed push; a
 * station clock out of step; a tampered ledger, a forged e-signature and a cut tail, each
 * refused naming the first bad entry; a history rewritten after acknowledgement (a fork:
 * quarantine, shown to IT); and a database restored from an older copy.
 */
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { makeTestStation, TEST_SECRET, T0, type TestStation } from '../fakes/test-station.ts';
import { unwrap, type Result } from '../../src-shared/result.ts';
import { fixedClock } from '../../src-core/clock.ts';
import { readKey } from '../../src-main/db/keystore-repo.ts';
import { unwrapPrivateKey } from '../../src-core/pki/signing-keys.ts';
import { HubClient } from '../../src-main/sync/hub-client.ts';
import { httpTransport, type HubRequest, type HubTransport } from '../../src-main/sync/hub-transport.ts';
import { requestEnrolment } from '../../src-main/sync/station-enrolment.ts';
import { issuedCertificates, ledgerEntries, stations } from '../../src-server/db/schema.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { stationActivity } from './support/station-activity.ts';
import { startTestHub, type TestHub } from './support/test-hub.ts';
import { credentials, enrolStation, syncService } from './support/enrol.ts';
import { copyStationDb, openStationCopy, rewriteFrom, tamper } from '../fakes/ledger-attacker.ts';

function code(r: Result<unknown>): string {
  return r.ok ? 'ok' : r.error.code;
}

/** Remembers every request, so a test can replay one byte for byte. */
function recording(inner: HubTransport): HubTransport & { requests: HubRequest[] } {
  const requests: HubRequest[] = [];
  return { baseUrl: inner.baseUrl, requests, request: (req) => (requests.push(req), inner.request(req)) };
}

describe.each(['pglite', 'postgres'] as const)('refusals on %s', (backendName) => {
  let hub: TestHub;
  let a: TestStation;
  let early: string;

  beforeAll(async () => {
    a = makeTestStation({ config: { checkpointEvery: 10, identity: { stationId: 'ST-A', name: 'Booth A', site: 'Test plant', timeZone: 'Asia/Shanghai' } } });
    hub = await startTestHub({ backend: backendName, clock: a.clock });
    stationActivity(a).record(30);
    early = copyStationDb(a);
    await enrolStation(a, hub);
    unwrap(await syncService(a, httpTransport(hub.url)).runOnce());
  });
  afterAll(async () => {
    await hub?.close();
    a?.cleanup();
  });

  const ackOf = async (stationId: string) => (await hub.hub.db.orm.select().from(stations).where(eq(stations.stationId, stationId)))[0]!;

  it('P11-11 an unenrolled station is refused; a pending one waits; a rejected one is told why', async () => {
    const b = makeTestStation({ withUsers: false, config: { identity: { stationId: 'ST-B', name: 'Booth B', site: 'Test plant', timeZone: 'Asia/Shanghai' } } });
    try {
      // signed with its own (local-CA) certificate: the hub never issued it
      const local = new HubClient(httpTransport(hub.url), b.clock, { ...credentials(b), hubCertPem: hub.hub.services.ctx.keys.hubCertPem });
      expect(code(await local.state())).toBe('STATION_NOT_ENROLLED');
      const client = new HubClient(httpTransport(hub.url), b.clock, null);
      const enrolmentCode = (await hub.api<{ code: string }>('POST', '/api/v1/admin/enrolment-codes', {})).body.code;
      const req = unwrap(await requestEnrolment(b, client, { stationSecret: TEST_SECRET, keys: keyPool(30), scrypt: TEST_SCRYPT_PARAMS, enrolmentCode }));
      const sync = syncService(b, httpTransport(hub.url));
      expect(code(await sync.runOnce())).toBe('ENROLMENT_PENDING');
      expect(sync.status().phase).toBe('enrolment-pending');
      const rejected = await hub.api('POST', `/api/v1/admin/enrolments/${req.requestId}/reject`, { reason: 'unknown device on line 3' });
      expect(rejected.status).toBe(200);
      const r = await sync.runOnce();
      expect(code(r)).toBe('ENROLMENT_REJECTED');
      expect(!r.ok && r.error.message).toContain('unknown device on line 3');
      // and nobody but an admin may approve
      const anon = await hub.api<{ error: { code: string } }>('POST', `/api/v1/admin/enrolments/${req.requestId}/approve`, {}, 'not-a-valid-token-aaaaaaaaaaaaaaa');
      expect(anon.body.error.code).toBe('AUTH_SESSION_INVALID');
    } finally {
      b.cleanup();
    }
  });

  it('P11-15 a forged request signature, an altered body and a foreign key are refused', async () => {
    const other = unwrap(unwrapPrivateKey(readKey(a.db.sqlite, 'station-local')!.wrapped, TEST_SECRET));
    // The forger's key is not the enrolled one (a harness once handed out the same pool key).
    expect(createPublicKey(other).export({ type: 'spki', format: 'pem' })).not.toBe(createPublicKey(credentials(a).privateKey).export({ type: 'spki', format: 'pem' }));
    const forged = new HubClient(httpTransport(hub.url), a.clock, { ...credentials(a), privateKey: other });
    expect(code(await forged.state())).toBe('REQUEST_SIGNATURE_INVALID');
    const inner = httpTransport(hub.url);
    const altering: HubTransport = { baseUrl: inner.baseUrl, request: (req) => inner.request(req.body ? { ...req, body: Buffer.from(req.body.toString().replace('"atHead":true', '"atHead":false')) } : req) };
    const [entry] = [...a.ledger.iterate(1, 1)];
    const altered = new HubClient(altering, a.clock, credentials(a));
    expect(code(await altered.push({ entries: [entry!], checkpoints: [], atHead: true }))).toBe('REQUEST_SIGNATURE_INVALID');
  });

  it('P11-15 A11-22 a replayed push is refused, and so is a request from a station clock out of step', async () => {
    const rec = recording(httpTransport(hub.url));
    const client = new HubClient(rec, a.clock, credentials(a));
    const [entry] = [...a.ledger.iterate(1, 1)];
    expect(code(await client.push({ entries: [entry!], checkpoints: [], atHead: false }))).toBe('ok');
    const captured = rec.requests.at(-1)!;
    const replay = await httpTransport(hub.url).request(captured);
    expect(replay.ok && replay.value.status).toBe(401);
    expect(replay.ok && JSON.parse(replay.value.body.toString()).error.code).toBe('REQUEST_REPLAYED');
    const late = new HubClient(httpTransport(hub.url), fixedClock(new Date(T0.getTime() + 6 * 60_000)), credentials(a));
    const skew = await late.state();
    expect(code(skew)).toBe('REQUEST_CLOCK_SKEW');
    expect(!skew.ok && skew.error.details?.hubTime).toBe(a.clock.now().toISOString());
  });

  it('A11-10 a tampered entry is refused naming it; the honest ledger then syncs on', async () => {
    stationActivity(a).record(40);
    const ack = (await ackOf(a.stationId)).ackSeq;
    const path = copyStationDb(a);
    const victim = [...a.ledger.iterate(ack + 25, ack + 40)].find((e) => e.type === 'comment.recorded')!;
    tamper(path, (db) => db.prepare("update ledger_entries set payload = replace(payload, 'observation', 'observatlon') where seq = ?").run(victim.seq));
    const copy = openStationCopy(a, path);
    try {
      const r = await syncService(copy, httpTransport(hub.url), { pageSize: 10 }).runOnce();
      expect(code(r)).toBe('HASH_MISMATCH');
      expect(!r.ok && r.error.message).toContain(`entry ${victim.seq}`);
      const refusals = await hub.api<{ code: string; seq: number }[]>('GET', `/api/v1/admin/stations/${a.stationId}/refusals`);
      expect(refusals.body[0]).toMatchObject({ code: 'HASH_MISMATCH', seq: victim.seq });
      expect((await ackOf(a.stationId)).ackSeq).toBeLessThan(victim.seq);
    } finally {
      copy.close();
    }
    unwrap(await syncService(a, httpTransport(hub.url)).runOnce());
    expect((await ackOf(a.stationId)).ackSeq).toBe(a.ledger.head()!.seq);
  });

  it('a forged e-signature and a cut tail are refused naming the entry', async () => {
    stationActivity(a).record(30);
    const ack = (await ackOf(a.stationId)).ackSeq;
    const unsynced = [...a.ledger.iterate(ack + 1)];
    const sigs = unsynced.filter((e) => e.type === 'signature.applied');
    const victim = sigs[1]!;

    const forgedPath = copyStationDb(a);
    tamper(forgedPath, (db) => rewriteFrom(db, victim.seq, (e) => (e.payload.signature = sigs[0]!.payload.signature)));
    const forged = openStationCopy(a, forgedPath);
    try {
      const r = await syncService(forged, httpTransport(hub.url)).runOnce();
      expect(code(r)).toBe('SIGNATURE_INVALID');
      expect(!r.ok && r.error.message).toContain(`entry ${victim.seq}`);
    } finally {
      forged.close();
    }

    const checkpoint = a.ledger.checkpoints().filter((c) => c.treeSize > ack).at(-1)!;
    const cutPath = copyStationDb(a);
    tamper(cutPath, (db) => db.prepare('delete from ledger_entries where seq > ?').run(checkpoint.treeSize - 3));
    const cut = openStationCopy(a, cutPath);
    try {
      const r = await syncService(cut, httpTransport(hub.url)).runOnce();
      expect(code(r)).toBe('CHECKPOINT_INVALID');
      expect(!r.ok && r.error.message).toContain('deleted from the end');
    } finally {
      cut.close();
    }
    unwrap(await syncService(a, httpTransport(hub.url)).runOnce());
  });

  it('a quarantined station is refused until IT reinstates it', async () => {
    expect((await hub.api('POST', `/api/v1/admin/stations/${a.stationId}/quarantine`, { reason: 'investigating deviation DEV-12' })).status).toBe(200);
    const sync = syncService(a, httpTransport(hub.url));
    expect(code(await sync.runOnce())).toBe('STATION_QUARANTINED');
    expect(sync.status().phase).toBe('refused');
    expect((await hub.api('POST', `/api/v1/admin/stations/${a.stationId}/reinstate`, { reason: 'deviation closed' })).status).toBe(200);
    expect(code(await sync.runOnce())).toBe('ok');
  });

  it('A11-13 a station database restored from an older copy is told so, and does not push', async () => {
    const old = openStationCopy(a, early);
    try {
      // the early copy never enrolled: it is not even the station the hub knows
      expect(code(await syncService(old, httpTransport(hub.url)).runOnce())).toBe('STATION_NOT_ENROLLED');
    } finally {
      old.close();
    }
    const backup = copyStationDb(a);
    stationActivity(a).record(5);
    unwrap(await syncService(a, httpTransport(hub.url)).runOnce());
    const restored = openStationCopy(a, backup);
    try {
      const r = await syncService(restored, httpTransport(hub.url)).runOnce();
      expect(code(r)).toBe('STATION_FORKED');
      expect(!r.ok && r.error.message).toContain('restored from an older copy');
    } finally {
      restored.close();
    }
  });

  it('a history rewritten after acknowledgement is a fork: the station is quarantined and IT sees it', async () => {
    const ack = (await ackOf(a.stationId)).ackSeq;
    const path = copyStationDb(a);
    const victim = [...a.ledger.iterate(ack - 20, ack)].find((e) => e.type === 'comment.recorded')!;
    tamper(path, (db) => rewriteFrom(db, victim.seq, (e) => (e.payload.text = 'nothing happened here')));
    const rewritten = openStationCopy(a, path);
    try {
      // The rewritten station itself refuses GMP work at start (issue 10 item 4); what it may
      // still record (an audit export) chains to the rewritten history, and the hub sees the fork.
      expect(rewritten.integrity.ok).toBe(false);
      expect(rewritten.ledger.append([{ type: 'comment.recorded', actor: null, batchRef: null, payload: { text: 'after the rewrite' } }]).ok).toBe(false);
      unwrap(rewritten.ledger.append([{ type: 'audit.exported', actor: null, payload: { filter: {}, entryCount: 0, format: 'json' } }]));
      const r = await syncService(rewritten, httpTransport(hub.url)).runOnce();
      expect(code(r)).toBe('STATION_FORKED');
    } finally {
      rewritten.close();
    }
    const summary = (await hub.api<{ stationId: string; status: string; openForks: number }[]>('GET', '/api/v1/admin/stations')).body.find((s) => s.stationId === a.stationId);
    expect(summary).toMatchObject({ status: 'quarantined', openForks: 1 });
    const forks = await hub.api<{ seq: number; hubHash: string; stationHash: string }[]>('GET', `/api/v1/admin/stations/${a.stationId}/forks`);
    expect(forks.body[0]!.hubHash).not.toBe(forks.body[0]!.stationHash);
    // the hub's copy is untouched, and the honest station is refused too until IT decides
    const [held] = await hub.hub.db.orm.select().from(ledgerEntries).where(eq(ledgerEntries.seq, victim.seq));
    expect(held!.hash).toBe(victim.hash);
    expect(code(await syncService(a, httpTransport(hub.url)).runOnce())).toBe('STATION_QUARANTINED');
  });

  it('a revoked station is refused, and its certificate is revoked with it', async () => {
    const c = makeTestStation({ withUsers: false, config: { identity: { stationId: 'ST-C', name: 'Booth C', site: 'Test plant', timeZone: 'Asia/Shanghai' } } });
    try {
      await enrolStation(c, hub);
      unwrap(await syncService(c, httpTransport(hub.url)).runOnce());
      expect((await hub.api('POST', '/api/v1/admin/stations/ST-C/revoke', { reason: 'PC replaced' })).status).toBe(200);
      expect(code(await syncService(c, httpTransport(hub.url)).runOnce())).toBe('STATION_REVOKED');
      const [cert] = await hub.hub.db.orm.select().from(issuedCertificates).where(eq(issuedCertificates.subjectId, 'ST-C'));
      expect(cert!.revokedAt).not.toBeNull();
      const again = await hub.api<{ error: { code: string } }>('POST', '/api/v1/admin/stations/ST-C/reinstate', { reason: 'oops' });
      expect(again.body.error.code).toBe('STATION_REVOKED');
    } finally {
      c.cleanup();
    }
  });
});
