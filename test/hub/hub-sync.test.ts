/**
 * The hub end to end, on embedded PGlite and on the PostgreSQL server: enrolment with
 * approval, verified sync up with countersigned checkpoints (every stored entry exactly as the
 * station signed it), idempotent re-push, master data down with a LIMS setting a lot's QC
 * status, and the operational endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionHubUser } from './support/provision-user.ts';
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { statementName } from '../../src-server/db/prepared-statement.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { certificateSql, nonceSql } from '../../src-server/stations/station-auth.ts';
import { makeTestStation, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { readKey } from '../../src-main/db/keystore-repo.ts';
import { unwrapPrivateKey } from '../../src-core/pki/signing-keys.ts';
import { err, unwrap } from '../../src-shared/result.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { entryHash } from '../../src-core/ledger/entry-hash.ts';
import { verifyCountersignature } from '../../src-core/sync/countersignature.ts';
import { httpTransport, type HubTransport } from '../../src-main/sync/hub-transport.ts';
import { HubClient } from '../../src-main/sync/hub-client.ts';
import { readSyncRecord } from '../../src-main/sync/sync-record.ts';
import { checkpoints, ledgerEntries, stations } from '../../src-server/db/schema.ts';
import { KEPT_ROOTS, type VerifierSnapshot, type VerifierSnapshotV1 } from '../../src-core/ledger/ledger-verifier-state.ts';
import { stationActivity } from './support/station-activity.ts';
import { startTestHub, type TestHub } from './support/test-hub.ts';
import { enrolStation, syncService } from './support/enrol.ts';
import { memorySink } from './support/memory-master-data-sink.ts';

const MATERIAL = { materialCode: 'MAT-LACTOSE', name: 'Lactose monohydrate' };
/** Comment texts with multi-byte UTF-8 and JSON escapes: stored byte for byte as signed. */
const TEXTS = ['称量完成，批号 B-001', 'Ölprobe “µg” — ½ Tablette', 'emoji 🧪⚗️ and a lone \u00e9', 'quote " backslash \\ slash / tab \t newline \n nul-free \u0001 \u001f', 'line sep \u2028 para sep \u2029 bom \ufeff', '{"looks":"like json"}'];
const LOT = { lotId: 'LOT-2026-001', materialCode: 'MAT-LACTOSE', lotNumber: 'L2026-001', qcStatus: 'quarantine', expiryDate: '2028-12-31' };

describe.each(['pglite', 'postgres'] as const)('hub on %s', (backendName) => {
  let hub: TestHub;
  let t: TestStation;

  beforeAll(async () => {
    t = makeTestStation({ config: { checkpointEvery: 10 } });
    hub = await startTestHub({ backend: backendName, clock: t.clock });
  });
  afterAll(async () => {
    await hub?.close();
    t?.cleanup();
  });

  async function hubEntries(stationId: string) {
    return hub.hub.db.orm.select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.stationId, stationId)).orderBy(asc(ledgerEntries.seq));
  }

  it('refuses a station that is not enrolled, enrols it after an admin approves, then syncs it', async () => {
    const transport = httpTransport(hub.url);
    const before = syncService(t, transport);
    const refused = await before.runOnce();
    expect(!refused.ok && refused.error.code).toBe('STATION_NOT_ENROLLED');
    expect(before.status().phase).toBe('standalone');

    const requestId = await enrolStation(t, hub, transport);
    const listed = await hub.api<{ requestId: string; status: string }[]>('GET', '/api/v1/admin/enrolments?status=approved');
    expect(listed.body.map((r) => r.requestId)).toContain(requestId);
    const record = readSyncRecord(t.ledger);
    expect(record.enrolled?.requestId).toBe(requestId);
    // the station now signs its checkpoints with the hub-issued certificate
    const stationRow = t.db.sqlite.prepare('select station_cert_fingerprint as f from station').get() as { f: string };
    expect(t.ledger.bySeq(record.enrolled!.seq + 1)?.payload.fingerprint).toBe(stationRow.f);
  });

  it('FR-08 pushes the ledger in verified pages; the hub then holds exactly the station entries, and countersigns', async () => {
    stationActivity(t).record(120);
    const paths: string[] = [];
    const http = httpTransport(hub.url);
    const counting: HubTransport = { baseUrl: http.baseUrl, request: (r) => (paths.push(r.path.split('?')[0]!), http.request(r)) };
    const sync = syncService(t, counting, { pageSize: 37 });
    const countersignedBefore = t.ledger.query({ types: ['sync.countersigned'], limit: 1000 }).length;
    const round = unwrap(await sync.runOnce());
    expect(round.pushed).toBeGreaterThan(120);
    // The round pushed again after the revocation list it recorded (the first of this station),
    // and asked the hub's state once; no countersignature was recorded twice.
    const revocations = paths.findIndex((x) => x.endsWith('/sync/revocations'));
    expect(revocations).toBeGreaterThan(0);
    expect(paths.slice(revocations).some((x) => x.endsWith('/sync/push'))).toBe(true);
    expect(paths.filter((x) => x.endsWith('/sync/state'))).toHaveLength(1);
    const sizes = t.ledger.query({ types: ['sync.countersigned'], limit: 1000 }).slice(countersignedBefore).map((e) => e.payload.treeSize);
    expect(sizes.length).toBeGreaterThan(0);
    expect(new Set(sizes).size).toBe(sizes.length);
    const status = sync.status();
    expect(status).toMatchObject({ phase: 'idle', pendingEntries: 0 });
    expect(status.countersignedSize).toBeGreaterThan(100);

    // countersignature entries are themselves pushed in the next round
    unwrap(await sync.runOnce());
    const station = [...t.ledger.iterate()].map((e) => ({ seq: e.seq, hash: e.hash }));
    expect(await hubEntries(t.stationId)).toEqual(station);

    // the station's ledger still verifies offline, across the switch to the hub CA
    const v = verifyLedger({ entries: t.ledger.iterate(), checkpoints: t.ledger.checkpoints() });
    expect(v.ok).toBe(true);
    const cs = t.ledger.query({ types: ['sync.countersigned'], limit: 1000 });
    expect(cs.length).toBeGreaterThan(0);
    const last = cs.at(-1)!.payload as { treeSize: number; rootHash: string; acceptedAt: string; signature: string };
    const hubCert = readSyncRecord(t.ledger).enrolled!.hubCertPem;
    expect(verifyCountersignature(hubCert, { stationId: t.stationId, ...last }, last.signature)).toBe(true);
    expect(verifyCountersignature(hubCert, { stationId: t.stationId, ...last, treeSize: last.treeSize + 1 }, last.signature)).toBe(false);

    // offline, a receipt that is not the hub's (or names a head never signed) is caught too
    const receipt = cs.at(-1)!;
    const forged = [...t.ledger.iterate()].map((e) => (e.seq === receipt.seq ? { ...e, payload: { ...e.payload, acceptedAt: '2026-03-02T00:00:00.000Z' } } : e));
    for (let i = receipt.seq - 1; i < forged.length; i++) {
      const chained = { ...forged[i]!, prevHash: forged[i - 1]!.hash };
      forged[i] = { ...chained, hash: entryHash(chained) };
    }
    const caught = verifyLedger({ entries: forged, checkpoints: t.ledger.checkpoints() });
    expect(!caught.ok && caught.error).toMatchObject({ seq: receipt.seq, code: 'SIGNATURE_INVALID' });

    // What the hub stores is exactly what the station signed (issue 16: each page goes to the
    // database as one JSON parameter, as bytes, under a named statement): text that takes more
    // than one byte or an escape in UTF-8 and JSON, in small pages, then a page longer than one
    // insert statement (INSERT_CHUNK, 500 entries: the entries before the last chunk go first,
    // then the last chunk with the checkpoints and the head); then every row, field by field and
    // payload by payload, equals the station's entry and hashes to its own hash.
    const user = t.users.byUsername('op.li')!;
    for (const text of TEXTS) unwrap(t.ledger.append([{ type: 'comment.recorded', actor: user.userId, batchRef: 'B-ü-001', payload: { text } }]));
    stationActivity(t).record(40);
    unwrap(await syncService(t, httpTransport(hub.url), { pageSize: 17 }).runOnce());
    const beforeLong = t.ledger.count();
    stationActivity(t).record(600);
    expect(t.ledger.count() - beforeLong).toBeGreaterThan(500);
    unwrap(await syncService(t, httpTransport(hub.url), { pageSize: 900 }).runOnce());
    const entries = [...t.ledger.iterate()];
    const rows = await hub.hub.db.orm.select().from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId)).orderBy(asc(ledgerEntries.seq));
    expect(rows.length).toBe(entries.length);
    const stored = rows.map(({ receivedAt: _, ...entry }) => entry);
    expect(stored).toEqual(entries);
    for (const row of stored) expect(entryHash(row as (typeof entries)[number])).toBe(row.hash);
    expect(stored.filter((r) => r.type === 'comment.recorded').map((r) => (r.payload as { text: string }).text)).toEqual(expect.arrayContaining(TEXTS));
  });

  it('A11-10 is idempotent: a round with nothing new pushes nothing, and an old page is answered with the same acknowledgement', async () => {
    const sync = syncService(t, httpTransport(hub.url));
    const again = unwrap(await sync.runOnce());
    expect(again.pushed).toBe(0);
    const [row] = await hub.hub.db.orm.select().from(stations).where(eq(stations.stationId, t.stationId));
    const creds = { stationId: t.stationId, certFingerprint: row!.certFingerprint, privateKey: stationKey(t), hubCertPem: readSyncRecord(t.ledger).enrolled!.hubCertPem };
    const client = new HubClient(httpTransport(hub.url), t.clock, creds);
    const oldPage = [...t.ledger.iterate(1, 40)];
    const res = unwrap(await client.push({ entries: oldPage, checkpoints: [], atHead: false }));
    expect(res).toMatchObject({ ackSeq: row!.ackSeq, accepted: 0, duplicates: 40 });
    expect((await hubEntries(t.stationId)).length).toBe(row!.ackSeq);
  });

  it('FR-09 serves master data in order after a cursor; a LIMS sets a lot QC status through the same feed', async () => {
    await provisionHubUser(hub, { username: 'md.zhou', printedName: 'Zhou Min', roles: ['master-data'], password: 'Steward-2026!' });
    await provisionHubUser(hub, { username: 'lims.sys', printedName: 'LIMS interface', roles: ['lims'], password: 'Qc-bridge-4711!' });
    const login = async (username: string, password: string) => (await hub.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password })).body.token;
    const md = await login('md.zhou', 'Steward-2026!');
    const lims = await login('lims.sys', 'Qc-bridge-4711!');

    expect((await hub.api('PUT', `/api/v1/master-data/material/${MATERIAL.materialCode}`, { data: MATERIAL, reason: 'new material' }, md)).status).toBe(200);
    expect((await hub.api('PUT', `/api/v1/master-data/lot/${LOT.lotId}`, { data: LOT, reason: 'goods receipt' }, md)).status).toBe(200);
    // the LIMS may set QC status but not change materials; stale versions are refused
    expect((await hub.api<{ error: { code: string } }>('PUT', `/api/v1/master-data/material/${MATERIAL.materialCode}`, { data: MATERIAL, reason: 'x-x-x' }, lims)).body.error.code).toBe('AUTH_ROLE_REQUIRED');
    const stale = await hub.api<{ error: { code: string } }>('PUT', `/api/v1/master-data/lot/${LOT.lotId}`, { data: LOT, expectedVersion: 0, reason: 'again' }, md);
    expect(stale.body.error.code).toBe('MASTER_DATA_VERSION_CONFLICT');
    const bad = await hub.api<{ error: { code: string } }>('PUT', `/api/v1/master-data/lot/${LOT.lotId}`, { data: { ...LOT, qcStatus: 'maybe' }, reason: 'typo' }, md);
    expect(bad.body.error.code).toBe('INPUT_INVALID');
    const qc = await hub.api<{ version: number; data: { qcStatus: string } }>('PUT', `/api/v1/lots/${LOT.lotId}/qc-status`, { status: 'released', reason: 'CoA approved', reference: 'INSP-4711' }, lims);
    expect(qc.body).toMatchObject({ version: 2, data: { qcStatus: 'released' } });

    const sink = memorySink();
    const sync = syncService(t, httpTransport(hub.url), { masterData: sink, pullPageSize: 2 });
    const round = unwrap(await sync.runOnce());
    expect(round.pulled).toBe(3);
    expect(sink.objects.get(`lot/${LOT.lotId}`)).toMatchObject({ version: 2, data: { qcStatus: 'released' } });
    expect(sink.batches.map((b) => b.changes.map((c) => `${c.kind}:${c.version}`))).toEqual([['material:1', 'lot:1'], ['lot:2']]);
    // nothing new: no changes; the cursor holds
    const again = unwrap(await sync.runOnce());
    expect(again.pulled).toBe(0);
    const stations = await hub.api<{ stationId: string; masterDataCursor: string }[]>('GET', '/api/v1/admin/stations');
    expect(stations.body.find((s) => s.stationId === t.stationId)?.masterDataCursor).toBe(sink.position()!.cursor);
  });

  it('A11-26 syncs in the background: offline is shown and retried, then it catches up without being asked', async () => {
    let online = false;
    const inner = httpTransport(hub.url);
    const flaky: HubTransport = { baseUrl: inner.baseUrl, request: (req) => (online ? inner.request(req) : Promise.resolve(err('HUB_UNREACHABLE', 'cable pulled'))) };
    const sync = syncService(t, flaky, { intervalMs: 30, maxBackoffMs: 60 });
    const phases = new Set<string>();
    sync.onStatus((s) => phases.add(s.phase));
    stationActivity(t).record(5);
    sync.start();
    await until(() => sync.status().phase === 'offline');
    expect(sync.status()).toMatchObject({ lastError: { code: 'HUB_UNREACHABLE' } });
    expect(sync.status().pendingEntries).toBeGreaterThan(0);
    // the operator keeps working while the station is offline
    stationActivity(t).record(3);
    online = true;
    await until(() => sync.status().phase === 'idle' && sync.status().pendingEntries === 0 && sync.status().localHeadSeq === t.ledger.head()!.seq);
    await sync.stop();
    expect([...phases]).toEqual(expect.arrayContaining(['offline', 'pushing', 'idle']));
    expect(sync.status().lastError).toBeNull();
  });

  it.runIf(backendName === 'pglite')('FR-08 station authentication runs its two statements as named prepared statements of the PGlite session (planned once, not per request)', async () => {
    const nameOf = (s: SQL) => statementName(new PgDialect().sqlToQuery(s).sql);
    const names = (await rowsOf<{ name: string }>(hub.hub.db.orm, sql`select name from pg_prepared_statements`)).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining([nameOf(certificateSql('f')), nameOf(nonceSql('s', 'n', new Date()))]));
  });

  it('answers /health, /metrics and /openapi.json', async () => {
    const health = await fetch(`${hub.url}/health`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/batchline_hub_sync_entries_accepted_total\{station="ST-DEMO-01"\} \d+/);
    const doc = (await (await fetch(`${hub.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/sync/push', '/api/v1/enrolments', '/api/v1/lots/{lotId}/qc-status']));
  });

  it('FR-08 a verifier state stored before it was bounded (version 1) resumes; the state stored after is bounded, and receipts naming roots it no longer keeps are checked against the checkpoints the hub accepted', async () => {
    const stored = async () => (await hub.hub.db.orm.select({ state: stations.verifierState }).from(stations).where(eq(stations.stationId, t.stationId)))[0]!.state as VerifierSnapshot;
    const setState = (state: object) => hub.hub.db.orm.update(stations).set({ verifierState: state }).where(eq(stations.stationId, t.stationId));
    const all = () => [...t.ledger.iterate()];
    const accepted = await hub.hub.db.orm.select().from(checkpoints).where(eq(checkpoints.stationId, t.stationId));
    // As a hub stored it before: every certificate's PEM and CA, every accepted root.
    const v2 = await stored();
    const pemOf = (fp: string) => all().find((e) => e.type === 'certificate.issued' && e.payload.fingerprint === fp)!.payload.certPem as string;
    const certs = Object.fromEntries(Object.entries(v2.certs).map(([fp, c]) => [fp, { kind: c.kind, subjectId: c.subjectId, certPem: pemOf(fp), caPem: v2.caPems[c.ca]! }]));
    const v1: VerifierSnapshotV1 = { ...v2, v: 1, certs, checkpointRoots: Object.fromEntries(accepted.map((c) => [String(c.treeSize), c.rootHash])) };
    await setState(v1);
    stationActivity(t).record(30);
    unwrap(await syncService(t, httpTransport(hub.url)).runOnce());
    expect(await hubEntries(t.stationId)).toEqual(all().map((e) => ({ seq: e.seq, hash: e.hash })));
    const after = await stored();
    expect(after.v).toBe(2);
    expect(JSON.stringify(after.certs)).not.toMatch(/BEGIN CERTIFICATE/);
    expect(Object.keys(after.checkpointRoots).length).toBeLessThanOrEqual(KEPT_ROOTS);

    // Every root forgotten: a receipt naming an accepted head (the station's last one, recorded
    // again) is checked against the checkpoints the hub accepted ...
    await setState({ ...after, checkpointRoots: {} });
    const real = t.ledger.query({ types: ['sync.countersigned'], limit: 1000 }).at(-1)!.payload;
    expect(real.treeSize as number).toBeLessThan(after.size);
    unwrap(t.ledger.append([{ type: 'sync.countersigned', actor: null, payload: real }]));
    unwrap(await syncService(t, httpTransport(hub.url)).runOnce());
    expect(await hubEntries(t.stationId)).toEqual(all().map((e) => ({ seq: e.seq, hash: e.hash })));

    // ... and one naming a head of that size with another root is refused, as ever.
    await setState({ ...(await stored()), checkpointRoots: {} });
    unwrap(t.ledger.append([{ type: 'sync.countersigned', actor: null, payload: { ...real, rootHash: 'f'.repeat(64) } }]));
    const refused = await syncService(t, httpTransport(hub.url)).runOnce();
    expect(!refused.ok && refused.error.code).toBe('CHECKPOINT_INVALID');
  });
});

function stationKey(t: TestStation) {
  return unwrap(unwrapPrivateKey(readKey(t.db.sqlite, 'station')!.wrapped, TEST_SECRET));
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
