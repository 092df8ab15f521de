/**
 * Genealogy counts only what a batch kept (issue 18 item 13), on PGlite and PostgreSQL: a
 * rejected out-of-tolerance weighing is no dispense into the batch; one a supervisor let stand
 * by an approved deviation is; a corrected net replaces the original in the genealogy. A batch
 * hit carries the total of the traced lot over every path, and the trace returns every edge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import type { RecallList, TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import { recordBatch } from './support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { runCli } from '../fakes/cli-runner.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

describe.each(QUALITY_BACKENDS)('genealogy consumption on %s', (backendName) => {
  let q: QualityHub;
  const api = async <T>(path: string) => (await q.hub.api<T>('GET', path, undefined, await q.token('qa.hub'))).body;
  const forward = (lot: string) => api<TraceResult>(`/api/v1/genealogy/trace?kind=lot&id=${lot}&direction=forward`);
  let approvedSeq = 0;

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    // Rejected 31.500 kg, then two portions (20.000 + 10.040 kg) from the same lot and container.
    recordBatch(q.station, { batchNumber: 'K-001', apiLot: 'API-K1', excipientLot: 'MCC-K1', rejectedExcipientNet: '31.500', excipientPortions: ['20.000', '10.040'] });
    approvedSeq = recordBatch(q.station, { batchNumber: 'K-002', apiLot: 'API-K2', excipientLot: 'MCC-K2', deviation: true }).excipientWeighedSeq;
    await q.sync();
  });
  afterAll(async () => {
    await q?.close();
  });

  it('a rejected out-of-tolerance weighing is not a dispense into the batch', async () => {
    const t = await forward('MCC-K1');
    const dispensed = t.hits.filter((h) => h.node.kind === 'dispense');
    expect(dispensed.map((h) => h.quantity).sort()).toEqual(['10.040 kg', '20.000 kg']);
    expect(JSON.stringify(t)).not.toContain('31.500');
    const recall = await api<RecallList>('/api/v1/genealogy/recall/MCC-K1');
    expect(recall.dispensed).toBe(2);
  });

  it('a batch hit shows all of the traced lot that went into it, and every edge is returned', async () => {
    const t = await forward('MCC-K1');
    const batch = t.hits.find((h) => h.node.kind === 'batch')!;
    expect(batch.node.key).toBe('K-001');
    expect(batch.total).toBe('30.040 kg');
    // Both dispensings lead into the batch; the shortest-path tree alone holds only one of them.
    const intoBatch = t.edges!.filter((e) => e.to === 'batch:K-001');
    expect(intoBatch.map((e) => e.quantity).sort()).toEqual(['10.040 kg', '20.000 kg']);
    expect(t.edges).toHaveLength(1 + 2 + 2);
    const recall = await api<RecallList>('/api/v1/genealogy/recall/MCC-K1');
    expect(recall.batches).toEqual([expect.objectContaining({ batchNumber: 'K-001', total: '30.040 kg' })]);
    const back = await api<TraceResult>('/api/v1/genealogy/trace?kind=batch&id=K-001&direction=backward');
    expect(back.hits.find((h) => h.node.key === 'MCC-K1')?.total).toBe('30.040 kg');
    expect(back.hits.find((h) => h.node.key === 'API-K1')?.total).toBe('50.020 kg');
  });

  it('the recall list exports as CSV and JSON from the API and the CLI, with totals', async () => {
    const token = await q.token('qa.hub');
    const csv = await fetch(`${q.hub.url}/api/v1/genealogy/recall/MCC-K1/export?format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="recall-MCC-K1-.*\.csv"$/);
    // Read as bytes: fetch's text() would drop the BOM that spreadsheets need for Chinese names.
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeffkind,id,label,total,decision_or_role,produced_by,depth,path');
    expect(text).toContain('batch,K-001,');
    expect(text).toContain(',30.040 kg,');
    const json = await fetch(`${q.hub.url}/api/v1/genealogy/recall/MCC-K1/export?format=json`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await json.json()) as RecallList).batches[0]).toMatchObject({ batchNumber: 'K-001', total: '30.040 kg' });
    const audited = await q.hub.api<{ action: string; subject: string }[]>('GET', '/api/v1/audit?action=genealogy.recall_exported', undefined, token);
    expect(audited.body.map((r) => r.subject)).toEqual(['MCC-K1', 'MCC-K1']);

    const trace = (...args: string[]) => runCli(['trace', ...args, '--hub', q.hub.url, '--user', 'qa.hub'], { env: { BATCHLINE_PASSWORD: HUB_PASSWORD } });
    const recallCsv = await trace('--lot', 'MCC-K1', '--recall', '--format', 'csv');
    expect(recallCsv).toMatchObject({ code: 0, err: '' });
    expect(recallCsv.out).toBe(text.replace(/^\ufeff/, '').replace(/\r\n$/, ''));
    const recallJson = await trace('--lot', 'MCC-K1', '--recall', '--format', 'json');
    expect(recallJson).toMatchObject({ code: 0, err: '' });
    expect(recallJson.json<RecallList>().batches[0]!.total).toBe('30.040 kg');
    const traceCsv = await trace('--lot', 'MCC-K1', '--format', 'csv');
    expect(traceCsv.code).toBe(0);
    expect(traceCsv.out.split(/\r?\n/)[0]).toBe('kind,id,label,depth,quantity,total,path');
    expect(traceCsv.out).toMatch(/batch,K-001,.*,30\.040 kg,/);
    expect((await trace('--batch', 'K-001', '--recall')).code).toBe(2);
  });

  it('an out-of-tolerance weighing let stand by an approved deviation is consumption', async () => {
    const t = await forward('MCC-K2');
    const d = t.hits.find((h) => h.node.kind === 'dispense')!;
    expect(d.quantity).toBe('30.900 kg');
    expect(d.node.attrs.viaDeviationSeq).toEqual(expect.any(Number));
    expect(t.hits.find((h) => h.node.kind === 'batch')?.total).toBe('30.900 kg');
  });

  it('a corrected net replaces the original in the genealogy', async () => {
    const target = [...q.station.ledger.iterate(approvedSeq, approvedSeq)][0]!;
    q.station.clock.advance(1000);
    unwrap(
      q.station.ledger.append([
        {
          type: 'correction.recorded',
          actor: q.station.userId('sup.wang'),
          batchRef: 'K-002',
          payload: { targetSeq: approvedSeq, targetHash: target.hash, changes: [{ path: 'net', oldValue: { amount: '30.900', unit: 'kg' }, newValue: { amount: '30.090', unit: 'kg' } }], reason: 'transcription checked against the balance printout' },
        },
      ]),
    );
    await q.sync();
    const t = await forward('MCC-K2');
    expect(t.hits.filter((h) => h.node.kind === 'dispense').map((h) => h.quantity)).toEqual(['30.090 kg']);
    expect(t.hits.find((h) => h.node.kind === 'batch')?.total).toBe('30.090 kg');
  });
});
