/**
 * FR-134: the trace route asks whether the projection is behind the ledger in its trace statement
 * (trace-sql.ts, withBehind; or in the generation read, for a body built at a generation), not in a
 * catch-up round trip before it, and never answers from a projection that is behind: a batch the
 * hub acknowledged (synced) but has not projected yet is in the next trace, whichever way that
 * trace answers (an answer held under its kept row's version, a body held at a generation, a
 * closure walked, a start the projection does not know yet), to either client. A station records
 * batches, the hub syncs them (the intake acknowledges; nothing projects), then the trace.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import type { TraceQuery } from '../../src-shared/quality/genealogy-contract.ts';
import { TraceService, type TraceReply } from '../../src-server/quality/genealogy/trace-service.ts';
import { TraceCache } from '../../src-server/quality/genealogy/trace-cache.ts';
import type { HubQuery } from '../../src-server/db/open-hub-db.ts';
import { recordBatch } from './support/station-batch.ts';
import { startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

const RECALL: TraceQuery = { kind: 'lot', id: 'MCC-TF1', direction: 'forward' };

describe.each(QUALITY_BACKENDS)('the trace route never answers from a projection behind the ledger (%s)', (backend) => {
  let q: QualityHub;
  let db: HubQuery;
  let catchUps = 0;
  let batches = 0;

  beforeAll(async () => {
    q = await startQualityHub(backend);
    db = q.hub.hub.services.ctx.db;
    recordBatch(q.station, { batchNumber: 'TF-000', apiLot: 'API-TF0', excipientLot: 'MCC-TF1' });
    await q.sync();
    await q.quality.projector.catchUp();
  });
  afterAll(async () => {
    await q?.quality.traces.rekept();
    await q?.close();
  });

  const service = (options: { keepClosuresFrom?: number; cache?: boolean }) =>
    new TraceService({
      db,
      catchUp: async () => {
        catchUps += 1;
        return q.quality.projector.catchUp();
      },
      decisions: async () => new Map(),
      ...(options.keepClosuresFrom !== undefined ? { keepClosuresFrom: options.keepClosuresFrom } : {}),
      ...(options.cache ? { cache: new TraceCache() } : {}),
    });
  const text = (r: TraceReply) => (r.gzip ? gunzipSync(r.body) : r.body).toString('utf8');
  /** A new batch from the excipient lot, acknowledged by the hub and not projected; its number. */
  const acknowledged = async (excipientLot = 'MCC-TF1') => {
    batches += 1;
    const batchNumber = `TF-${String(batches).padStart(3, '0')}`;
    recordBatch(q.station, { batchNumber, apiLot: `API-TF${batches}`, excipientLot });
    await q.sync();
    return batchNumber;
  };

  it('FR-134 a held kept answer, a body held at a generation and a walked closure each catch up when the ledger is ahead, and only then', async () => {
    // The hub's way (closures and answers kept, from 1 node here), answers built at a generation
    // (nothing kept), and no cache at all (the closure walked every time).
    const kept = service({ keepClosuresFrom: 1, cache: true });
    const built = service({ keepClosuresFrom: Infinity, cache: true });
    const walked = service({});
    for (const s of [kept, built, walked]) {
      for (const gzip of [true, false]) {
        // Up to date: held (or walked) and answered in one statement, no catch-up.
        catchUps = 0;
        expect(text(unwrap(await s.traceReply(RECALL, gzip)))).toContain('TF-000');
        expect(text(unwrap(await s.traceReply(RECALL, gzip)))).toContain('TF-000');
        expect(catchUps).toBe(0);
        // Acknowledged, not projected: the next trace sees it.
        const batch = await acknowledged();
        expect(text(unwrap(await s.traceReply(RECALL, gzip)))).toContain(`"batch:${batch}"`);
        expect(catchUps).toBe(1);
      }
    }
  });

  it('FR-134 a start the projection does not know yet is caught up and traced, not refused', async () => {
    const s = service({ cache: true });
    const batch = await acknowledged('MCC-TF2');
    catchUps = 0;
    expect(text(unwrap(await s.traceReply({ kind: 'lot', id: 'MCC-TF2', direction: 'forward' }, true)))).toContain(`"batch:${batch}"`);
    expect(catchUps).toBe(1);
    const refused = await s.traceReply({ kind: 'lot', id: 'NO-SUCH-LOT', direction: 'forward' }, true);
    expect(refused.ok ? null : refused.error.code).toBe('TRACE_START_UNKNOWN');
  });

  it('FR-134 through the hub\'s own route: a synced batch is in the next trace of a lot the route answered before', async () => {
    const token = await q.token('qa.hub');
    const trace = async () => {
      const res = await fetch(`${q.hub.url}/api/v1/genealogy/trace?kind=lot&id=MCC-TF1&direction=forward`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return res.text();
    };
    await trace();
    await trace();
    const batch = await acknowledged();
    expect(await trace()).toContain(`"batch:${batch}"`);
  });
});
