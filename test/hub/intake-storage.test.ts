/**
 * What the hub stores of a synced ledger is exactly what the station signed (issue 16: the intake
 * hands each page to the database as one JSON parameter, as bytes): every row, field by field and
 * payload by payload, equals the station's entry and hashes to its own hash, on PGlite and on the
 * PostgreSQL server, with text that takes more than one byte or an escape in UTF-8 and JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { unwrap } from '../../src-shared/result.ts';
import { entryHash } from '../../src-core/ledger/entry-hash.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { ledgerEntries } from '../../src-server/db/schema.ts';
import { stationActivity } from './support/station-activity.ts';
import { startTestHub, type TestHub } from './support/test-hub.ts';
import { enrolStation, syncService } from './support/enrol.ts';

const TEXTS = ['称量完成，批号 B-001', 'Ölprobe “µg” — ½ Tablette', 'emoji 🧪⚗️ and a lone \u00e9', 'quote " backslash \\ slash / tab \t newline \n nul-free \u0001 \u001f', 'line sep \u2028 para sep \u2029 bom \ufeff', '{"looks":"like json"}'];

describe.each(['pglite', 'postgres'] as const)('intake storage on %s', (backendName) => {
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

  it('FR-08 stores every entry of a synced ledger exactly as the station signed it, in pages smaller and larger than one insert statement', async () => {
    const transport = httpTransport(hub.url);
    await enrolStation(t, hub, transport);
    const user = t.users.byUsername('op.li')!;
    for (const text of TEXTS) unwrap(t.ledger.append([{ type: 'comment.recorded', actor: user.userId, batchRef: 'B-ü-001', payload: { text } }]));
    stationActivity(t).record(40);
    unwrap(await syncService(t, transport, { pageSize: 17 }).runOnce());
    // A page longer than one insert statement (INSERT_CHUNK, 500 entries): the entries before
    // the last chunk go first, then the last chunk with the checkpoints and the head.
    const before = t.ledger.count();
    stationActivity(t).record(600);
    expect(t.ledger.count() - before).toBeGreaterThan(500);
    unwrap(await syncService(t, transport, { pageSize: 900 }).runOnce());

    const station = [...t.ledger.iterate()];
    const rows = await hub.hub.db.orm.select().from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId)).orderBy(asc(ledgerEntries.seq));
    expect(rows.length).toBe(station.length);
    const stored = rows.map(({ receivedAt: _, ...entry }) => entry);
    expect(stored).toEqual(station);
    for (const row of stored) expect(entryHash(row as (typeof station)[number])).toBe(row.hash);
    expect(stored.filter((r) => r.type === 'comment.recorded').map((r) => (r.payload as { text: string }).text)).toEqual(expect.arrayContaining(TEXTS));
  });
});
