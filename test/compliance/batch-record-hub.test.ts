/**
 * The batch record and "every change to batch X" from the hub (issue 15 item 1, issue 11 item
 * 2): the PDF the console downloads, the batch's audit trail in words, as CSV and as PDF with
 * one content hash, and DI-13 at release: a signature invalidated by a later correction blocks
 * the QP's release until it is given again at the station.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unwrap } from '../../src-shared/result.ts';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import type { AuditPrintRow } from '../../src-core/ledger/audit-export.ts';
import { DEMO_PASSWORD, tempDir } from '../fakes/test-station.ts';
import { recordBatch, type RecordedBatch } from '../quality/support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';

const dir = tempDir('batchline-hub-print-');
const squash = (s: string) => s.replace(/\s+/g, '');
const pdfPages = (bytes: Buffer, name: string): string[] => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1).map(squash);
};

describe('batch record and batch audit trail from the hub', () => {
  let q: QualityHub;
  let b: RecordedBatch;
  let correctionSeq: number;
  const get = async (who: string, path: string) => fetch(`${q.hub.url}${path}`, { headers: { authorization: `Bearer ${await q.token(who)}` } });
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const review = async () => (await api<BatchReview>('qa.hub', 'GET', `/api/v1/quality/batches/${b.batchNumber}`)).body;

  beforeAll(async () => {
    q = await startQualityHub('pglite');
    b = recordBatch(q.station, { batchNumber: 'B-HUB-PDF-1', apiLot: 'API-LOT-5', excipientLot: 'MCC-LOT-5' });
    await q.sync();
  });
  afterAll(async () => {
    await q?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('A11-14 the hub serves the batch record as PDF in both languages, with the record hash on every page, and audits the print', async () => {
    const hash = (await review()).recordHash;
    for (const lang of ['en', 'zh-CN'] as const) {
      const res = await get('qa.hub', `/api/v1/quality/batches/${b.batchNumber}/batch-record.pdf?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-batchline-record-hash')).toBe(hash);
      const pages = pdfPages(Buffer.from(await res.arrayBuffer()), `record-${lang}.pdf`);
      pages.forEach((p, i) => {
        expect(p).toContain(hash);
        expect(p).toContain(lang === 'en' ? `Page${i + 1}of${pages.length}` : `第${i + 1}页，共${pages.length}页`);
        expect(p).toContain(squash('Quinn Reviewer (qa.hub)'));
      });
    }
    const unknown = await get('qa.hub', '/api/v1/quality/batches/B-NOPE/batch-record.pdf');
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('BATCH_UNKNOWN');
    const audit = (await api<{ action: string; subject: string; actor: string }[]>('qa.hub', 'GET', '/api/v1/audit?action=record.printed')).body;
    expect(audit.filter((r) => r.subject === b.batchNumber && r.actor === 'qa.hub')).toHaveLength(2);
  });

  it('DI-13 P11-17 a signature invalidated by a later correction blocks release until it is signed again at the station; the print manifests the hub signatures', async () => {
    const st = q.station;
    const target = st.ledger.bySeq(b.apiWeighedSeq)!;
    st.clock.advance(60_000);
    correctionSeq = unwrap(
      st.ledger.append([
        { type: 'correction.recorded', actor: st.userId('sup.wang'), batchRef: b.batchNumber, payload: { targetSeq: target.seq, targetHash: target.hash, changes: [{ path: 'net', oldValue: { amount: '50.020', unit: 'kg' }, newValue: { amount: '50.001', unit: 'kg' } }], reason: 'checked against the balance printout' } },
      ]),
    )[0]!.seq;
    await q.sync();
    const r = await review();
    const invalid = r.exceptions.filter((e) => e.kind === 'signature-invalidated');
    expect(invalid.map((e) => [e.params.meaning, e.params.changeSeq, e.severity])).toEqual([
      ['performed', correctionSeq, 'critical'],
      ['verified', correctionSeq, 'critical'],
    ]);
    expect(r.record.find((x) => x.seq === b.apiWeighedSeq)!.signatures.map((s) => s.invalidatedBy?.seq)).toEqual([correctionSeq, correctionSeq]);
    expect((await api('qa.hub', 'POST', `/api/v1/quality/batches/${b.batchNumber}/review`, { password: HUB_PASSWORD, comment: 'correction assessed' })).status).toBe(201);
    const refused = await api<{ error: { code: string; details: { signatures: unknown[] } } }>('qp.hub', 'POST', `/api/v1/quality/batches/${b.batchNumber}/decision`, { decision: 'released', password: HUB_PASSWORD });
    expect(refused.body.error.code).toBe('RELEASE_SIGNATURES_INVALIDATED');
    expect(refused.body.error.details.signatures).toHaveLength(2);
    const pdf = pdfPages(Buffer.from(await (await get('qa.hub', `/api/v1/quality/batches/${b.batchNumber}/batch-record.pdf`)).arrayBuffer()), 'invalidated.pdf').join('');
    expect(pdf).toContain(squash(`SIGNATURE INVALIDATED by change at`));

    // Signed again at the station over the record as it now reads; QA reviews the changed record; the QP releases.
    const session = unwrap(st.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    st.clock.advance(10_000);
    unwrap(st.signatures.sign({ sessionId: session, targetSeq: b.apiWeighedSeq, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li' }));
    st.clock.advance(10_000);
    unwrap(st.signatures.sign({ sessionId: session, targetSeq: b.apiWeighedSeq, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang' }));
    await q.sync();
    expect((await review()).exceptions.filter((e) => e.kind === 'signature-invalidated')).toEqual([]);
    expect((await api('qa.hub', 'POST', `/api/v1/quality/batches/${b.batchNumber}/review`, { password: HUB_PASSWORD, comment: 'signatures given again' })).status).toBe(201);
    const released = await api<{ meaning: string }>('qp.hub', 'POST', `/api/v1/quality/batches/${b.batchNumber}/decision`, { decision: 'released', password: HUB_PASSWORD });
    expect(released.status).toBe(201);
    // The printed record carries the hub's review and release, manifested, beside the station's signatures.
    const printed = pdfPages(Buffer.from(await (await get('qp.hub', `/api/v1/quality/batches/${b.batchNumber}/batch-record.pdf`)).arrayBuffer()), 'released.pdf').join('');
    expect(printed).toContain('Reviewandreleaseatthehub');
    expect(printed).toContain(squash('Dr. Petra Qualified (qp.hub) — Released —'));
    expect(printed).toContain(squash('Quinn Reviewer (qa.hub) — Reviewed —'));
    expect(printed).toContain('signedoveranearlierrecord');
    expect(printed).not.toContain('SIGNATUREINVALIDATED');
  });

  it('A11-16 DI-09 P11-03 every change to batch X in one request: station entries and hub actions in words, CSV and PDF with one content hash, exports audited', async () => {
    const json = await api<{ contentHash: string; rows: AuditPrintRow[] }>('qa.hub', 'GET', `/api/v1/audit/batch/${b.batchNumber}?lang=en`);
    expect(json.status).toBe(200);
    const rows = json.body.rows;
    const correction = rows.find((r) => r.ref.endsWith(`#${correctionSeq}`))!;
    expect(correction.who).toBe('Wang Fang (王芳) (sup.wang)');
    expect(correction.change).toBe('net: Old value 50.020 kg → New value 50.001 kg; Reason: checked against the balance printout');
    expect(correction.time).toMatch(/GMT\+8$/);
    expect(rows.map((r) => r.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^Batch released by the QP/), expect.stringMatching(/^Release refused ✗/), expect.stringMatching(/^Weighed 50\.020 kg net/)]));
    // Never raw JSON: no braces or quoted keys in any cell.
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/[{}]|"\w+":/);

    const csv = await get('qa.hub', `/api/v1/audit/batch/${b.batchNumber}?format=csv&lang=zh-CN`);
    const csvText = Buffer.from(await csv.arrayBuffer());
    expect(csv.headers.get('x-batchline-content-hash')).toBe(createHash('sha256').update(csvText).digest('hex'));
    expect(csvText.toString('utf8')).toContain('质量受权人已放行本批');
    const pdf = await get('qa.hub', `/api/v1/audit/batch/${b.batchNumber}?format=pdf&lang=zh-CN`);
    expect(pdf.headers.get('x-batchline-content-hash')).toBe(csv.headers.get('x-batchline-content-hash'));
    const pages = pdfPages(Buffer.from(await pdf.arrayBuffer()), 'audit-zh.pdf');
    pages.forEach((p, i) => {
      expect(p).toContain(`第${i + 1}页，共${pages.length}页`);
      expect(p).toContain(csv.headers.get('x-batchline-content-hash')!);
    });
    const exported = (await api<{ action: string; subject: string; details: { format: string } }[]>('qa.hub', 'GET', '/api/v1/audit?action=audit.exported')).body;
    expect(exported.filter((r) => r.subject === b.batchNumber).map((r) => r.details.format).sort()).toEqual(['csv', 'pdf']);
    expect((await get('op.hub', `/api/v1/audit/batch/${b.batchNumber}`)).status).toBe(403);
  });
});
