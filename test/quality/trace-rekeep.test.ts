/**
 * Issue 16 item 3: a kept trace closure (genealogy_closures) and the route's answer kept beside
 * it (genealogy_closure_answers) that intake changes are dropped by the projector's page and kept
 * again after it commits, through the wiring the hub runs (quality-services.ts:
 * projector.onClosuresDropped -> TraceService.rekeep), not by calling rekeep by hand. A station
 * records batches, the hub syncs them, the quality projector projects them.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { unwrap } from '../../src-shared/result.ts';
import { DEFAULT_TRACE_DEPTH } from '../../src-shared/quality/genealogy-contract.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import type { HubQuery } from '../../src-server/db/open-hub-db.ts';
import { recordBatch } from './support/station-batch.ts';
import { startQualityHub, type QualityHub } from './support/quality-hub.ts';

describe('kept trace closures through the projector', () => {
  let q: QualityHub;
  let db: HubQuery;

  beforeAll(async () => {
    q = await startQualityHub('pglite');
    db = q.hub.hub.services.ctx.db;
    recordBatch(q.station, { batchNumber: 'RK-001', apiLot: 'API-RK1', excipientLot: 'MCC-RK1' });
    await q.sync();
    await q.quality.projector.catchUp();
  });
  afterAll(async () => {
    await q?.close();
  });

  const kept = async () =>
    rowsOf<{ ids: string; depths: string | null }>(
      db,
      sql`select k.ids, (select string_agg(a.max_depth::text, ',' order by a.max_depth) from genealogy_closure_answers a where a.start_id = k.start_id and a.direction = k.direction) as depths
      from genealogy_closures k join genealogy_nodes s on s.id = k.start_id where s.kind = 'lot' and s.key = 'MCC-RK1' and k.direction = 'forward'`,
    );

  it('FR-10 intake that changes a kept closure drops it in the projector page and the hub keeps it again, with its answer, after the commit', async () => {
    const query = { kind: 'lot' as const, id: 'MCC-RK1', direction: 'forward' as const };
    // The recall's closure kept as a large one would be (from 1 node here), with the route's
    // answer at the default depth; another depth is answered from the kept closure, its text not
    // kept (any reader may ask every depth, and each text would be rebuilt after every write).
    const keeping = new TraceService({ db, catchUp: async () => 0, decisions: async () => new Map(), keepClosuresFrom: 1 });
    unwrap(await keeping.traceJsonNow(query));
    const reference = new TraceService({ db, catchUp: async () => 0, decisions: async () => new Map(), closure: false });
    const shallow = unwrap(await keeping.traceJsonNow({ ...query, maxDepth: 2 }));
    expect(shallow).toBe(JSON.stringify(unwrap(await reference.traceNow({ ...query, maxDepth: 2 }))));
    expect(shallow).toContain('MCC-RK1');
    const before = await kept();
    expect(before).toHaveLength(1);
    expect(before[0]!.depths).toBe(`${DEFAULT_TRACE_DEPTH}`);
    const [batch2] = await rowsOf<{ id: string | number }>(db, sql`select id from genealogy_nodes where kind = 'batch' and key = 'RK-002'`);
    expect(batch2).toBeUndefined();

    // A second batch dispenses from the same lot: synced, then projected by the hub's projector.
    recordBatch(q.station, { batchNumber: 'RK-002', apiLot: 'API-RK2', excipientLot: 'MCC-RK1' });
    await q.sync();
    await q.quality.projector.catchUp();
    await q.quality.traces.rekept();

    // Kept again, from the genealogy as it now is (the new batch among its nodes), both answers too.
    const after = await kept();
    expect(after).toHaveLength(1);
    const [{ id: newBatch } = { id: -1 }] = await rowsOf<{ id: string | number }>(db, sql`select id from genealogy_nodes where kind = 'batch' and key = 'RK-002'`);
    expect(after[0]!.ids.split(',')).toContain(String(newBatch));
    expect(before[0]!.ids.split(',')).not.toContain(String(newBatch));
    expect(after[0]!.depths).toBe(`${DEFAULT_TRACE_DEPTH}`);
    // The kept answer is what a walk answers now, byte for byte (the depth-bounded reference).
    const [answer] = await rowsOf<{ body: Uint8Array }>(db, sql`select a.body_gzip as body from genealogy_closure_answers a join genealogy_nodes s on s.id = a.start_id where s.key = 'MCC-RK1' and a.max_depth = ${DEFAULT_TRACE_DEPTH}`);
    const text = gunzipSync(answer!.body).toString('utf8');
    expect(text).toBe(JSON.stringify(unwrap(await reference.traceNow(query))));
    expect(text).toContain('batch:RK-002');
    // The route sends the kept answer (fetch asks for gzip and gunzips it).
    const token = await q.token('qa.hub');
    const res = await fetch(`${q.hub.url}/api/v1/genealogy/trace?kind=lot&id=MCC-RK1&direction=forward`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe(text);
  });
});
