/**
 * The audit trail as a person reads and files it, at the station and from the CLI (issue 11
 * item 2): every entry in words in both languages, never raw JSON; "every change to batch X"
 * answered by one command; CSV and PDF copies carrying one content hash that the PDF prints on
 * every page with "page n of m"; a copy taken at the station is itself recorded. The batch
 * record PDF from `batchline record --pdf` and the station API says the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unwrap } from '../../src-shared/result.ts';
import { runCli } from '../fakes/cli-runner.ts';
import { tempDir } from '../fakes/test-station.ts';
import { makeTestApi, type TestApi } from '../fakes/test-api.ts';
import { recordBatch, type RecordedBatch } from '../quality/support/station-batch.ts';

const squash = (s: string) => s.replace(/\s+/g, '');
const pdfPages = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1).map(squash);
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let api: TestApi;
let b: RecordedBatch;
let correctionSeq: number;
const dir = tempDir('batchline-audit-print-');

const cli = (...args: string[]) => runCli(args);

beforeAll(() => {
  api = makeTestApi();
  const t = api.station;
  b = recordBatch(t, { batchNumber: 'B-AUD-001', apiLot: 'API-LOT-A', excipientLot: 'MCC-LOT-A' });
  recordBatch(t, { batchNumber: 'B-AUD-002', apiLot: 'API-LOT-B', excipientLot: 'MCC-LOT-B' });
  const target = t.ledger.bySeq(b.apiWeighedSeq)!;
  t.clock.advance(60_000);
  correctionSeq = unwrap(
    t.ledger.append([
      { type: 'correction.recorded', actor: t.userId('sup.wang'), batchRef: b.batchNumber, payload: { targetSeq: target.seq, targetHash: target.hash, changes: [{ path: 'net', oldValue: { amount: '50.020', unit: 'kg' }, newValue: { amount: '50.002', unit: 'kg' } }], reason: 'transcription error on the printout' } },
    ]),
  )[0]!.seq;
  t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
});
afterAll(() => {
  api?.station.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit trail for people', () => {
  it('A11-16 P11-03 batchline audit --batch answers every change to batch X in words, with the correction\'s old value, new value and reason, in both languages', async () => {
    const en = await cli('audit', '--db', api.station.dbPath, '--batch', b.batchNumber, '--text');
    expect(en.code).toBe(0);
    const lines = en.out.split('\n');
    expect(lines.every((l) => !/[{}]/.test(l))).toBe(true);
    expect(en.out).not.toContain('B-AUD-002');
    expect(en.out).toContain(`#${correctionSeq}`);
    expect(en.out).toContain('Correction of entry');
    expect(en.out).toContain('net: Old value 50.020 kg → New value 50.002 kg; Reason: transcription error on the printout');
    expect(en.out).toMatch(/Signed "Verified" by Wang Fang \(王芳\) \(sup\.wang\)/);
    expect(en.out).toMatch(/GMT\+8/);
    const zh = await cli('audit', '--db', api.station.dbPath, '--batch', b.batchNumber, '--text', '--lang', 'zh-CN');
    expect(zh.out).toContain('net: 原值 50.020 kg → 新值 50.002 kg; 原因: transcription error on the printout');
    expect(zh.out).toContain('已签名“复核”');
    const bad = await cli('audit', '--db', api.station.dbPath, '--batch', b.batchNumber, '--text', '--lang', 'fr');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--lang must be en or zh-CN');
    const badTime = await cli('audit', '--db', api.station.dbPath, '--from', 'yesterday');
    expect(badTime.code).toBe(2);
  });

  it.each(['en', 'zh-CN'] as const)('A11-14 D25-01 batchline audit --pdf --csv (%s): the PDF prints page n of m and the SHA-256 of the CSV on every page', async (lang) => {
    const pdf = join(dir, `audit-${lang}.pdf`);
    const csv = join(dir, `audit-${lang}.csv`);
    const r = await cli('audit', '--db', api.station.dbPath, '--batch', b.batchNumber, '--pdf', pdf, '--csv', csv, '--lang', lang);
    expect(r.code).toBe(0);
    const hash = sha(readFileSync(csv));
    expect(r.out).toContain(hash);
    const pages = pdfPages(pdf);
    pages.forEach((p, i) => {
      expect(p).toContain(lang === 'en' ? `Page${i + 1}of${pages.length}` : `第${i + 1}页，共${pages.length}页`);
      expect(p).toContain(hash);
    });
    expect(pages.join('')).toContain(lang === 'en' ? squash('transcription error on the printout') : '更正记录');
    // The CSV opens in a spreadsheet: UTF-8 with BOM, one row per entry plus the header.
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(api.station.ledger.query({ batchRef: b.batchNumber, limit: 1000 }).length + 1);
  });

  it('A11-14 D25-01 the station exports the audit trail as PDF and CSV, recorded with format, language and content hash', async () => {
    const qa = await api.login('qa.chen');
    const pdf = unwrap(await api.call('audit.exportFile', { batchRef: b.batchNumber, format: 'pdf', lang: 'zh-CN' }, qa));
    const file = join(dir, 'station-audit.pdf');
    writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const pages = pdfPages(file);
    for (const p of pages) expect(p).toContain(pdf.contentHash);
    expect(pages[0]).toContain(`第1页，共${pages.length}页`);
    const csv = unwrap(await api.call('audit.exportFile', { batchRef: b.batchNumber, format: 'csv', lang: 'zh-CN' }, qa));
    expect(sha(Buffer.from(csv.base64, 'base64'))).toBe(csv.contentHash);
    // The export entry names no batch, so taking a copy leaves the batch's trail as it was: the CSV carries the hash the PDF printed.
    expect(csv.contentHash).toBe(pdf.contentHash);
    const recorded = api.station.ledger.bySeq(pdf.exportedSeq)!;
    expect(recorded.type).toBe('audit.exported');
    expect(recorded.payload).toMatchObject({ format: 'pdf', lang: 'zh-CN', contentHash: pdf.contentHash, entryCount: pdf.entryCount });
    const op = await api.login('op.li');
    expect((await api.call('audit.exportFile', { format: 'csv' }, op)).ok).toBe(false);
  });

  it('A11-14 batchline record --pdf and the station API give the batch record PDF with its hash; an unknown batch is a clear error', async () => {
    const out = join(dir, 'record-cli.pdf');
    const r = await cli('record', '--db', api.station.dbPath, '--batch', b.batchNumber, '--pdf', out, '--lang', 'zh-CN', '--user', 'qa.chen');
    expect(r.code).toBe(0);
    const hash = /(?:record hash|记录哈希) ([0-9a-f]{64})/.exec(r.out)![1]!;
    const pages = pdfPages(out);
    for (const p of pages) {
      expect(p).toContain(hash);
      expect(p).toContain(squash('打印人 Chen Jing (陈静) (qa.chen)'));
    }
    const viaApi = unwrap(await api.call('record.pdf', { batchNumber: b.batchNumber, lang: 'en' }, await api.login('op.li')));
    expect(viaApi.recordHash).toBe(hash);
    const file = join(dir, 'record-api.pdf');
    writeFileSync(file, Buffer.from(viaApi.base64, 'base64'));
    expect(pdfPages(file).join('')).toContain(squash(`AMENDED net: 50.020 kg → 50.002 kg (see audit #${correctionSeq})`));
    const unknown = await cli('record', '--db', api.station.dbPath, '--batch', 'B-NOPE', '--pdf', join(dir, 'x.pdf'));
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('ORDER_UNKNOWN');
    const noHubPdf = await cli('record', '--hub', 'http://127.0.0.1:9', '--batch', b.batchNumber);
    expect(noHubPdf.code).toBe(2);
    expect(noHubPdf.err).toContain('--pdf');
  });
});
