/**
 * Sync under a bad network (issue #6; COMPLIANCE.md §6 attack 5, A11-10): station and hub talk
 * through a proxy that drops, delays, duplicates, reorders and cuts connections, while the
 * operator keeps recording and a steward keeps changing master data. At least 1,000 faults are
 * injected per test run; afterwards the hub holds exactly the station's entries (none lost, none twice, same
 * hashes) and the station holds exactly the hub's master data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionHubUser } from './support/provision-user.ts';
import { asc, count, eq } from 'drizzle-orm';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { ledgerEntries } from '../../src-server/db/schema.ts';
import { stationActivity, type Activity } from './support/station-activity.ts';
import { startTestHub, type TestHub } from './support/test-hub.ts';
import { enrolStation, syncService } from './support/enrol.ts';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.ts';
import { memorySink } from './support/memory-master-data-sink.ts';

const SEED = Number(process.env.BATCHLINE_FAULT_SEED ?? 20260302);
const DEADLINE_MS = 130_000;

// 1,000 faults against the PostgreSQL server (what multi-hub deployments run) and a shorter
// run against PGlite: 1,200 injected faults per test run.
describe.each([
  ['postgres', 1000],
  ['pglite', 200],
] as const)('sync through a faulty network, hub on %s', (backendName, MIN_FAULTS) => {
  let hub: TestHub;
  let t: TestStation;
  let proxy: FaultProxy;
  let activity: Activity;

  beforeAll(async () => {
    t = makeTestStation({ config: { checkpointEvery: 25 } });
    hub = await startTestHub({ backend: backendName, clock: t.clock });
    await enrolStation(t, hub);
    const port = Number(new URL(hub.url).port);
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port }, seed: SEED, faultRate: 0.8, maxDelayMs: 8, holdMs: [110, 220] });
    activity = stationActivity(t);
    activity.record(40);
  });
  afterAll(async () => {
    await proxy?.close();
    await hub?.close();
    t?.cleanup();
  });

  it(`A11-10 A11-26 ends with the hub holding exactly the station's entries after ${MIN_FAULTS}+ injected faults`, async () => {
    await provisionHubUser(hub, { username: 'md.ops', printedName: 'Master Data Ops', roles: ['master-data'], password: 'Steward-2026!' });
    const token = (await hub.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'md.ops', password: 'Steward-2026!' })).body.token;
    const sink = memorySink();
    const transport = httpTransport(proxy.url, { keepAlive: false });
    const sync = syncService(t, transport, { pageSize: 3, pullPageSize: 2, timeoutMs: 100, masterData: sink });
    const started = Date.now();
    let rounds = 0;
    let changes = 0;
    while (proxy.faults() < MIN_FAULTS && Date.now() - started < DEADLINE_MS) {
      rounds++;
      if (rounds % 2 === 0) activity.record(2);
      if (rounds % 15 === 0) {
        changes++;
        const r = await hub.api('PUT', `/api/v1/master-data/material/MAT-${changes % 7}`, { data: { materialCode: `MAT-${changes % 7}`, name: `Material v${changes}` }, reason: 'spec update' }, token);
        expect(r.status).toBe(200);
      }
      await sync.runOnce();
    }
    expect(proxy.faults()).toBeGreaterThanOrEqual(MIN_FAULTS);
    for (const fate of ['delay', 'drop', 'cut-request', 'cut-response', 'duplicate', 'reorder'] as const) expect(proxy.counts[fate]).toBeGreaterThan(MIN_FAULTS / 20);

    // The network heals: the station catches up, and nothing was lost or doubled on the way.
    proxy.calm();
    await new Promise((r) => setTimeout(r, 400)); // let held (reordered) requests land
    const healed = syncService(t, transport, { pageSize: 50, masterData: sink });
    let final = await healed.runOnce();
    for (let i = 0; i < 5 && !(final.ok && final.value.pushed === 0 && final.value.pulled === 0); i++) final = await healed.runOnce();
    expect(final.ok).toBe(true);

    const station = [...t.ledger.iterate()].map((e) => ({ seq: e.seq, hash: e.hash }));
    const held = await hub.hub.db.orm.select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId)).orderBy(asc(ledgerEntries.seq));
    const [rows] = await hub.hub.db.orm.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId));
    expect(held).toEqual(station);
    expect(Number(rows!.n)).toBe(station.length);
    expect(healed.status()).toMatchObject({ phase: 'idle', pendingEntries: 0 });
    expect(sync.status().pushedTotal).toBeGreaterThan(0);

    const hubMaterials = await hub.api<{ key: string; version: number }[]>('GET', '/api/v1/master-data/material', undefined, token);
    expect(hubMaterials.body.length).toBe(Math.min(changes, 7));
    for (const m of hubMaterials.body) expect(sink.objects.get(`material/${m.key}`)?.version).toBe(m.version);
    const refusals = await hub.api<{ code: string }[]>('GET', `/api/v1/admin/stations/${t.stationId}/refusals`);
    // faults are the network's, never the ledger's: the hub refused nothing as invalid
    expect(refusals.body).toEqual([]);
    console.log(`[faults ${backendName}] seed ${SEED}: ${rounds} rounds, ${station.length} entries, ${changes} master-data changes, faults ${JSON.stringify(proxy.counts)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 200_000);
});
