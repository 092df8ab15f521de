/**
 * COMPLIANCE.md §6 attack 6 from the attacker's seat (issue 10 item 2): the station database is
 * deleted and the station re-created under the same station id to start with a clean record,
 * then asked to enrol again. The hub refuses the fresh ledger, records an identity incident in
 * its audit trail and its incident list (IT and QA see it), and keeps the old ledger untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { fixedClock } from '../../src-core/clock.ts';
import { unwrap } from '../../src-shared/result.ts';
import { HubClient } from '../../src-main/sync/hub-client.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { requestEnrolment } from '../../src-main/sync/station-enrolment.ts';
import { checkpoints, hubAudit, ledgerEntries } from '../../src-server/db/schema.ts';
import type { IdentityIncident } from '../../src-shared/quality/hub-admin-contract.ts';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import { wireStationId } from '../../src-shared/sync/ledger-key.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { verifyEvidencePacket } from '../../src-core/archive/verify-packet.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { makeTestStation, T0, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';

describe('a fresh ledger under a known station id', () => {
  let hub: TestHub;
  let original: TestStation;
  let wiped: TestStation;

  beforeAll(async () => {
    original = makeTestStation({ config: { checkpointEvery: 1000 } });
    hub = await startTestHub({ backend: 'pglite', clock: original.clock });
    await enrolStation(original, hub);
    original.clock.advance(60_000);
    unwrap(original.ledger.append([{ type: 'comment.recorded', actor: original.userId('op.li'), batchRef: 'B-1', payload: { text: 'failed weighing, line 2' } }]));
    unwrap(await syncService(original, httpTransport(hub.url)).runOnce());
    // The attacker deletes station.db and starts the station again: same provisioned id, new genesis.
    wiped = makeTestStation({ config: { clock: fixedClock(new Date(T0.getTime() + 86_400_000)) } });
  });
  afterAll(async () => {
    await hub?.close();
    original?.cleanup();
    wiped?.cleanup();
  });

  const hubLedger = () => hub.hub.db.orm.select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.stationId, original.stationId));

  it('A11-13 A11-23 the hub refuses the new genesis for a known station id and records an identity incident; the old ledger stays as it was', async () => {
    expect(wiped.stationId).toBe(original.stationId);
    expect(wiped.ledger.bySeq(1)!.hash).not.toBe(original.ledger.bySeq(1)!.hash);
    const before = await hubLedger();
    expect(before.length).toBeGreaterThan(1);

    const code = await hub.api<{ code: string }>('POST', '/api/v1/admin/enrolment-codes', { validHours: 4 });
    const ask = () =>
      requestEnrolment(wiped, new HubClient(httpTransport(hub.url), wiped.clock, null), { stationSecret: TEST_SECRET, keys: keyPool(90), scrypt: TEST_SCRYPT_PARAMS, enrolmentCode: code.body.code });
    const refused = await ask();
    expect(!refused.ok && refused.error.code).toBe('STATION_IDENTITY_INCIDENT');
    expect(!refused.ok && refused.error.message).toContain('identity incident');
    // asking again adds an attempt to the same incident (and IT's code was not spent by a refusal)
    const again = await ask();
    expect(!again.ok && again.error.code).toBe('STATION_IDENTITY_INCIDENT');
    // the wiped station recorded no enrolment
    expect(wiped.ledger.query({ types: ['sync.enrolment_requested'] })).toHaveLength(0);

    const incidents = await hub.api<IdentityIncident[]>('GET', '/api/v1/admin/identity-incidents');
    expect(incidents.status).toBe(200);
    expect(incidents.body).toHaveLength(1);
    expect(incidents.body[0]).toMatchObject({
      stationId: original.stationId,
      attempts: 2,
      status: 'open',
      knownGenesisHash: original.ledger.bySeq(1)!.hash,
      knownAckSeq: before.length,
      offeredGenesisHash: wiped.ledger.bySeq(1)!.hash,
    });
    const trail = await hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'station.identity_incident'));
    expect(trail.map((a) => [a.subject, a.ok])).toEqual([
      [original.stationId, false],
      [original.stationId, false],
    ]);

    // nothing of the old ledger changed, and the genuine station still syncs
    expect(await hubLedger()).toEqual(before);
    original.clock.advance(60_000);
    unwrap(original.ledger.append([{ type: 'comment.recorded', actor: original.userId('op.li'), batchRef: 'B-1', payload: { text: 'line 3' } }]));
    unwrap(await syncService(original, httpTransport(hub.url)).runOnce());
    expect((await hubLedger()).length).toBeGreaterThan(before.length);
  });

  it('A11-23 QA sees the incident list too; an operator at the hub does not', async () => {
    await provisionHubUser(hub, { username: 'qa.hub', printedName: 'Quinn QA', roles: ['qa'], password: 'Review-carefully-26' });
    await provisionHubUser(hub, { username: 'op.hub', printedName: 'Otto Operator', roles: ['operator'], password: 'Operate-carefully-26' });
    const login = async (username: string, password: string) => (await hub.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password }, '')).body.token;
    const qa = await hub.api<IdentityIncident[]>('GET', '/api/v1/admin/identity-incidents', undefined, await login('qa.hub', 'Review-carefully-26'));
    expect(qa.status).toBe(200);
    expect(qa.body).toHaveLength(1);
    const op = await hub.api('GET', '/api/v1/admin/identity-incidents', undefined, await login('op.hub', 'Operate-carefully-26'));
    expect(op.status).toBe(403);
  });
});

/**
 * Accepting the new identity (issue 10 item 2, last part): an administrator (IT) and a QA
 * person, two people in their own roles, accept the incident; the re-created station then
 * enrols and syncs under its own identity epoch (`ST-…~2`) while the old ledger stays kept,
 * verifiable and reviewable. Acceptance is per offered genesis.
 */
describe('accepting a re-created station\'s new identity', () => {
  let q: QualityHub;
  let wiped: TestStation;
  let third: TestStation | undefined;
  const as = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, who === 'it.admin' ? q.hub.adminToken : who === 'it.second' ? q.hub.secondAdminToken : await q.token(who));
  const incidents = async () => (await as<IdentityIncident[]>('qa.hub', 'GET', '/api/v1/admin/identity-incidents')).body;
  const accept = (who: string, id: number, role: 'admin' | 'qa') =>
    as<IdentityIncident & { error?: { code: string; message: string } }>(who, 'POST', `/api/v1/admin/identity-incidents/${id}/accept`, { role, reason: 'station PC replaced after disk failure; old database kept by IT (ticket 4711)' });
  const ask = async (station: TestStation) => {
    const code = await q.hub.api<{ code: string }>('POST', '/api/v1/admin/enrolment-codes', { validHours: 4 });
    return requestEnrolment(station, new HubClient(httpTransport(q.hub.url), station.clock, null), { stationSecret: TEST_SECRET, keys: keyPool(95), scrypt: TEST_SCRYPT_PARAMS, enrolmentCode: code.body.code });
  };
  /** The hub's copy of one ledger, read back as the station signed it, verified as `batchline verify` does. */
  const verifyHubCopy = async (key: string) => {
    const db = q.hub.hub.db.orm;
    const rows = await db.select().from(ledgerEntries).where(eq(ledgerEntries.stationId, key)).orderBy(asc(ledgerEntries.seq));
    const cps = await db.select().from(checkpoints).where(eq(checkpoints.stationId, key));
    const entries = rows.map((r) => ({ seq: r.seq, stationId: wireStationId(r.stationId), time: r.time, tzOffset: r.tzOffset, type: r.type, actor: r.actor, batchRef: r.batchRef, payload: r.payload as Record<string, unknown>, prevHash: r.prevHash, hash: r.hash }));
    return { count: rows.length, result: verifyLedger({ entries, checkpoints: cps.map((c) => ({ ...c, stationId: wireStationId(c.stationId) })) }) };
  };
  const review = async (batch: string) => (await as<BatchReview>('qa.hub', 'GET', `/api/v1/quality/batches/${batch}`)).body;
  const sign = (who: string, batch: string, body: Record<string, unknown>, kind: 'review' | 'decision') => as<{ error?: { code: string } }>(who, 'POST', `/api/v1/quality/batches/${batch}/${kind}`, { password: HUB_PASSWORD, ...body });

  beforeAll(async () => {
    q = await startQualityHub('pglite');
    recordBatch(q.station, { batchNumber: 'B-OLD-001', apiLot: 'API-LOT-1', excipientLot: 'MCC-LOT-7' });
    await q.sync();
    // The station PC is replaced: a new database under the same provisioned id, on the hub's time.
    const fresh = makeTestStation({ config: { clock: q.station.clock, checkpointEvery: 20 } });
    wiped = { ...fresh, clock: q.station.clock };
  });
  afterAll(async () => {
    await q?.close();
    wiped?.cleanup();
    third?.cleanup();
  });

  it('A11-13 A11-23 acceptance needs an administrator and a QA person, two people in their own roles; one alone, a wrong role or a second acceptance in the same role is refused and audited', async () => {
    const refused = await ask(wiped);
    expect(!refused.ok && refused.error.code).toBe('STATION_IDENTITY_INCIDENT');
    const [incident] = await incidents();
    expect(incident).toMatchObject({ stationId: q.station.stationId, status: 'open', ledgerKey: null, adminAcceptedBy: null, qaAcceptedBy: null });
    const id = incident!.id;

    // An operator may not; QA may not accept for IT.
    expect((await accept('op.hub', id, 'qa')).status).toBe(403);
    const wrongRole = await accept('qa.hub', id, 'admin');
    expect([wrongRole.status, wrongRole.body.error?.code]).toEqual([403, 'AUTH_ROLE_REQUIRED']);
    // QA alone: recorded, but the incident stays open and the station is still refused.
    const qaDone = await accept('qa.hub', id, 'qa');
    expect(qaDone.status).toBe(200);
    expect(qaDone.body).toMatchObject({ status: 'open', qaAcceptedBy: 'qa.hub', adminAcceptedBy: null, ledgerKey: null });
    const stillRefused = await ask(wiped);
    expect(!stillRefused.ok && stillRefused.error.code).toBe('STATION_IDENTITY_INCIDENT');
    // The same role twice (another QA person, or the same one again) does not make two people.
    const secondQa = await accept('qa.second', id, 'qa');
    expect([secondQa.status, secondQa.body.error?.code]).toEqual([409, 'CONFLICT']);
    const sameAgain = await accept('qa.hub', id, 'qa');
    expect([sameAgain.status, sameAgain.body.error?.code]).toEqual([409, 'CONFLICT']);

    // IT accepts in its own role: the new ledger gets identity epoch 2.
    const done = await accept('it.admin', id, 'admin');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'accepted', adminAcceptedBy: 'it.admin', qaAcceptedBy: 'qa.hub', ledgerKey: `${q.station.stationId}~2`, epoch: 2 });
    expect(done.body.adminAcceptedAt).not.toBeNull();
    const late = await accept('it.second', id, 'admin');
    expect(late.body.error?.code).toBe('CONFLICT');

    const trail = await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'station.identity_accepted')).orderBy(asc(hubAudit.id));
    expect(trail.map((a) => [a.actor, a.ok, (a.details as { role: string }).role])).toEqual([
      ['qa.hub', false, 'admin'],
      ['qa.hub', true, 'qa'],
      ['qa.second', false, 'qa'],
      ['qa.hub', false, 'qa'],
      ['it.admin', true, 'admin'],
      ['it.second', false, 'admin'],
    ]);
    expect(trail[4]!.details).toMatchObject({ incidentId: id, complete: true, ledgerKey: `${q.station.stationId}~2`, offeredGenesisHash: wiped.ledger.bySeq(1)!.hash });
  });

  it('A11-13 A11-26 P11-02 after acceptance the re-created station enrols and syncs under its own epoch; the old ledger still verifies and reviews; a batch on the new ledger reviews and releases', async () => {
    const key = `${q.station.stationId}~2`;
    const oldBefore = await verifyHubCopy(q.station.stationId);
    expect(oldBefore.result.ok).toBe(true);

    await enrolStation(wiped, q.hub);
    recordBatch(wiped, { batchNumber: 'B-NEW-001', apiLot: 'API-LOT-2', excipientLot: 'MCC-LOT-7' });
    unwrap(await syncService(wiped, httpTransport(q.hub.url)).runOnce());
    // The station's own view: the hub acknowledged everything under its own id, countersigned.
    const state = await q.hub.hub.services.intake.state(key);
    expect(unwrap(state)).toMatchObject({ stationId: q.station.stationId, ackSeq: wiped.ledger.count() });
    expect(unwrap(state).countersignature?.stationId).toBe(q.station.stationId);
    expect(wiped.ledger.checkpoints().length).toBeGreaterThan(0);

    const newCopy = await verifyHubCopy(key);
    expect(newCopy.count).toBe(wiped.ledger.count());
    expect(newCopy.result.ok, JSON.stringify(newCopy.result)).toBe(true);
    const oldAfter = await verifyHubCopy(q.station.stationId);
    expect(oldAfter).toEqual(oldBefore);

    // The old ledger's batch still reviews; the new ledger's batch reviews and releases.
    const old = await review('B-OLD-001');
    expect(old.summary.status).toBe('complete');
    expect(old.exceptions).toEqual([]);
    const fresh = await review('B-NEW-001');
    expect(fresh.summary.status).toBe('complete');
    expect(fresh.exceptions).toEqual([]);
    expect((await sign('qa.hub', 'B-NEW-001', { comment: 'first batch after re-creation' }, 'review')).status).toBe(201);
    expect((await sign('qp.hub', 'B-NEW-001', { decision: 'released' }, 'decision')).status).toBe(201);
    const released = await review('B-NEW-001');
    expect(released.summary.decision).toBe('released');
    // The station and the hub compute the same record hash for the new epoch too (P11-18).
    const atStation = buildBatchRecord('B-NEW-001', wiped.ledger.query({ batchRef: 'B-NEW-001', limit: Number.MAX_SAFE_INTEGER }), { user: (id) => wiped.users.byId(id) });
    expect(released.recordHash).toBe(atStation.recordHash);
    // The hub's evidence packet of the new epoch's batch verifies offline, under the station's own id
    // (after the station's next checkpoint covers the batch).
    for (let i = 0; i < 20; i++) unwrap(wiped.ledger.append([{ type: 'comment.recorded', actor: wiped.userId('op.li'), batchRef: null, payload: { text: `shift note ${i}` } }]));
    unwrap(await syncService(wiped, httpTransport(q.hub.url)).runOnce());
    const res = await fetch(`${q.hub.url}/api/v1/archive/batches/B-NEW-001/packet`, { headers: { authorization: `Bearer ${await q.token('qa.hub')}` } });
    expect(res.status, await res.clone().text()).toBe(200);
    const report = verifyEvidencePacket(new Uint8Array(await res.arrayBuffer()));
    expect(report.problems).toEqual([]);
    expect(report.source).toEqual({ kind: 'hub', stationId: q.station.stationId });
    expect(report.hubSignatures.map((h) => [h.meaning, h.valid, h.coversRecord])).toEqual([
      ['reviewed', true, true],
      ['released', true, true],
    ]);
    // The trace from station to archive reads the new epoch's entry back as the station signed it.
    const trace = await as<{ entry: { contentHashMatches: boolean } }>('qa.hub', 'GET', `/api/v1/archive/trace?station=${encodeURIComponent(key)}&seq=2`);
    expect(trace.status, JSON.stringify(trace.body)).toBe(200);
    expect(trace.body.entry.contentHashMatches).toBe(true);

    // And the genuine first ledger keeps syncing beside it.
    recordBatch(q.station, { batchNumber: 'B-OLD-002', apiLot: 'API-LOT-3', excipientLot: 'MCC-LOT-7' });
    await q.sync();
    const rows = await q.hub.hub.db.orm.select({ seq: ledgerEntries.seq }).from(ledgerEntries).where(and(eq(ledgerEntries.stationId, q.station.stationId), eq(ledgerEntries.batchRef, 'B-OLD-002')));
    expect(rows.length).toBeGreaterThan(5);
  });

  it('A11-13 A11-23 a third ledger under the same id is again an identity incident: acceptance is per offered genesis', async () => {
    third = makeTestStation({ config: { clock: fixedClock(new Date(T0.getTime() + 2 * 86_400_000)) } });
    const refused = await ask(third);
    expect(!refused.ok && refused.error.code).toBe('STATION_IDENTITY_INCIDENT');
    const list = await incidents();
    expect(list.map((i) => [i.offeredGenesisHash, i.status])).toEqual(
      expect.arrayContaining([
        [wiped.ledger.bySeq(1)!.hash, 'accepted'],
        [third.ledger.bySeq(1)!.hash, 'open'],
      ]),
    );
    expect(list).toHaveLength(2);
    // The accepted one cannot enrol twice either.
    const again = await ask(wiped);
    expect(!again.ok && again.error.code).toBe('STATION_ALREADY_ENROLLED');
  });
});
