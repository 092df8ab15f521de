/**
 * Genealogy from batches recorded at a station and synced to the hub (issue 7 item 1), on
 * PGlite and PostgreSQL: the projection catches up by itself and exactly once even with two
 * projectors racing; output lots recorded by the ERP carry the genealogy into later batches;
 * forward and backward traces, the recall list, and `batchline trace` agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { runCli } from '../fakes/cli-runner.ts';
import type { RecallList, TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import { createQualityServices } from '../../src-server/quality/quality-services.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { recordBatch } from './support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

describe.each(QUALITY_BACKENDS)('genealogy from synced batches on %s', (backendName) => {
  let q: QualityHub;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    recordBatch(q.station, { batchNumber: 'G-001', apiLot: 'API-LOT-1', excipientLot: 'MCC-LOT-7' });
    recordBatch(q.station, { batchNumber: 'G-002', apiLot: 'API-LOT-2', excipientLot: 'MCC-LOT-7' });
    await q.sync();
  });
  afterAll(async () => {
    await q?.close();
  });

  it('projects each entry once, even with two hub processes catching up at the same time', async () => {
    const a = createQualityServices(q.hub.hub.services.ctx);
    const b = createQualityServices(q.hub.hub.services.ctx);
    const [na, nb] = await Promise.all([a.projector.catchUp(), b.projector.catchUp()]);
    const [acked] = await rowsOf<{ n: number }>(q.hub.hub.db.orm, sql`select ack_seq as n from stations`);
    expect(na + nb).toBe(Number(acked!.n));
    expect(await a.projector.catchUp()).toBe(0);
    const edges = await rowsOf<{ n: number }>(q.hub.hub.db.orm, sql`select count(*) as n from genealogy_edges`);
    // Per batch: lot->container x2, container->dispense x2, dispense->batch x2; MCC's lot->container is shared.
    expect(Number(edges[0]!.n)).toBe(11);
  });

  it('carries genealogy through output lots into later batches', async () => {
    const recorded = await api('erp', 'POST', '/api/v1/genealogy/batches/G-001/output-lots', { lotId: 'GRAN-001', role: 'intermediate', quantity: '79.9 kg', reason: 'goods receipt from production' });
    expect(recorded.status).toBe(201);
    expect((await api('erp', 'POST', '/api/v1/genealogy/batches/G-001/output-lots', { lotId: 'GRAN-001', role: 'intermediate', quantity: '79.9 kg', reason: 'resent by the ERP' })).status).toBe(201);
    const conflict = await api<{ error: { code: string } }>('erp', 'POST', '/api/v1/genealogy/batches/G-002/output-lots', { lotId: 'GRAN-001', role: 'intermediate', reason: 'wrong batch' });
    expect(conflict.body.error.code).toBe('OUTPUT_LOT_CONFLICT');
    const unknown = await api<{ error: { code: string } }>('erp', 'POST', '/api/v1/genealogy/batches/NOPE/output-lots', { lotId: 'X-1', role: 'finished', reason: 'typo' });
    expect(unknown.body.error.code).toBe('BATCH_UNKNOWN');
    expect((await api('op.hub', 'POST', '/api/v1/genealogy/batches/G-001/output-lots', { lotId: 'X-2', role: 'finished', reason: 'not mine to say' })).status).toBe(403);

    // The granulate is dispensed into a tableting batch, whose tablets ship.
    recordBatch(q.station, { batchNumber: 'G-003', apiLot: 'GRAN-001', excipientLot: 'MCC-LOT-8' });
    await q.sync();
    expect((await api('erp', 'POST', '/api/v1/genealogy/batches/G-003/output-lots', { lotId: 'TAB-003', role: 'finished', quantity: '160000 tablets', reason: 'goods receipt' })).status).toBe(201);

    const fwd = (await api<TraceResult>('qa.hub', 'GET', '/api/v1/genealogy/trace?kind=lot&id=MCC-LOT-7&direction=forward')).body;
    const hit = (ref: string) => fwd.hits.find((h) => `${h.node.kind}:${h.node.key}` === ref);
    expect(hit('batch:G-001')?.depth).toBe(3);
    expect(hit('batch:G-002')?.depth).toBe(3);
    expect(hit('lot:TAB-003')?.path).toEqual(['lot:MCC-LOT-7', 'container:C-MCC-LOT-7', expect.stringMatching(/^dispense:/), 'batch:G-001', 'lot:GRAN-001', 'container:C-GRAN-001', expect.stringMatching(/^dispense:/), 'batch:G-003', 'lot:TAB-003']);
    expect(hit('lot:MCC-LOT-8')).toBeUndefined();
    expect(hit('container:C-MCC-LOT-7')?.node.label).toBe('C-MCC-LOT-7');
    expect(fwd.start.label).toBe('MCC-LOT-7 (MCC-LOT-7-N) · EXC-MCC');

    const back = (await api<TraceResult>('qp.hub', 'GET', '/api/v1/genealogy/trace?kind=batch&id=G-003&direction=backward')).body;
    const lots = back.hits.filter((h) => h.node.kind === 'lot').map((h) => h.node.key).sort();
    expect(lots).toEqual(['API-LOT-1', 'GRAN-001', 'MCC-LOT-7', 'MCC-LOT-8']);
    expect(back.hits.find((h) => h.node.key === 'API-LOT-1')?.depth).toBe(7);
    expect(back.hits.find((h) => h.node.kind === 'dispense' && h.path.length === 2)?.quantity).toMatch(/ kg$/);

    const recall = (await api<RecallList>('op.hub', 'GET', '/api/v1/genealogy/recall/MCC-LOT-7')).body;
    expect(recall.batches.map((b) => b.batchNumber).sort()).toEqual(['G-001', 'G-002', 'G-003']);
    expect(recall.lots).toEqual([
      expect.objectContaining({ lotId: 'GRAN-001', role: 'intermediate', producedBy: 'G-001' }),
      expect.objectContaining({ lotId: 'TAB-003', role: 'finished', producedBy: 'G-003' }),
    ]);
    expect(recall.containers).toBe(2);
    expect(recall.dispensed).toBe(3);

    const unknownLot = await api<{ error: { code: string } }>('qa.hub', 'GET', '/api/v1/genealogy/trace?kind=lot&id=NO-LOT&direction=forward');
    expect(unknownLot.body.error.code).toBe('TRACE_START_UNKNOWN');
    expect((await q.hub.api('GET', '/api/v1/genealogy/trace?kind=lot&id=MCC-LOT-7&direction=forward')).status).toBe(403);
  });

  it('batchline trace prints the same trace, as JSON and for people', async () => {
    const env = { BATCHLINE_PASSWORD: HUB_PASSWORD };
    const trace = (args: string[], given: Record<string, string> = env) => runCli(['trace', ...args, '--hub', q.hub.url], { env: given });
    const json = await trace(['--lot', 'MCC-LOT-7', '--direction', 'forward', '--user', 'qa.hub', '--json']);
    expect(json.code).toBe(0);
    const viaCli = json.json<TraceResult>();
    const viaApi = (await api<TraceResult>('qa.hub', 'GET', '/api/v1/genealogy/trace?kind=lot&id=MCC-LOT-7&direction=forward')).body;
    expect(viaCli.hits).toEqual(viaApi.hits);

    const human = await trace(['--batch', 'G-003', '--direction', 'backward', '--user', 'qp.hub']);
    expect(human.code).toBe(0);
    expect(human.outLines[0]).toMatch(/^backward trace from batch G-003 .*: \d+ hit\(s\)$/);
    expect(human.outLines.some((l) => l.includes('via batch:G-003 → dispense:') && l.endsWith('lot:API-LOT-1'))).toBe(true);

    const missing = await trace(['--lot', 'NO-LOT', '--user', 'qa.hub']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/TRACE_START_UNKNOWN/);
    expect((await trace(['--lot', 'X', '--batch', 'Y'], {})).code).toBe(2);
    expect((await trace(['--lot', 'X'], {})).code).toBe(2);
    expect((await trace(['--lot', 'X', '--direction', 'sideways', '--user', 'qa.hub'])).code).toBe(2);
    const wrong = await trace(['--lot', 'MCC-LOT-7', '--user', 'qa.hub'], { BATCHLINE_PASSWORD: 'wrong' });
    expect(wrong.code).toBe(1);
    expect(wrong.errLines[0]).toMatch(/^AUTH_INVALID_CREDENTIALS/);
  });
});
