/**
 * The executed batch record as PDF (issue 15 item 1) and the change rules it shows, read back
 * the way an inspector reads it: the text pdftotext extracts from the file. Every page carries
 * "page n of m", the batch and the record hash; every signature is manifested with printed name,
 * meaning and local date and time; an amended value is marked and its old value, new value and
 * reason are listed; a signature over a value changed after signing is shown invalidated until
 * signed again (DI-13). In English and in Chinese, with the font embedded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unwrap } from '../../src-shared/result.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { batchRecordPdf } from '../../src-core/record/batch-record-pdf.ts';
import { RECORD_LINE_TEXT } from '../../src-shared/record/record-line-text.ts';
import { formatAtOffset } from '../../src-shared/time/zoned-time.ts';
import type { BatchRecord } from '../../src-shared/orders/batch-record.ts';
import { findReportFont } from '../../src-cli/qualify/report-font.ts';
import { DEMO_PASSWORD, makeTestStation, tempDir, type TestStation } from '../fakes/test-station.ts';
import { recordBatch, type RecordedBatch } from '../quality/support/station-batch.ts';
import { TABLET_WEIGHT } from '../ipqc/ipqc-plans.ts';

const font = findReportFont(undefined);
const dir = tempDir('batchline-record-pdf-');
let t: TestStation;
let batch: RecordedBatch;
let correctionSeq: number;

const record = (): BatchRecord => buildBatchRecord(batch.batchNumber, t.ledger.query({ batchRef: batch.batchNumber, limit: 100_000 }), { user: (id) => t.users.byId(id) });
const printedAt = new Date('2026-03-02T09:00:00.000Z');

/** The PDF written and read back: its pages' text, whitespace removed (pdftotext wraps lines where it likes). */
async function printAndRead(r: BatchRecord, lang: 'en' | 'zh-CN', name: string): Promise<{ file: string; pages: string[] }> {
  const pdf = await batchRecordPdf(r, { locale: lang, font, printedBy: 'Chen Jing (qa.chen)', printedAt, printedAtOffset: '+08:00', softwareVersion: 'test' });
  const file = join(dir, `${name}-${lang}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  // pdftotext ends every page with a form feed.
  const pages = text.split('\f').slice(0, -1).map(squash);
  return { file, pages };
}
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(() => {
  t = makeTestStation();
  batch = recordBatch(t, { batchNumber: 'B-PDF-001', apiLot: 'API-LOT-9', excipientLot: 'MCC-LOT-9', deviation: true });
});
afterAll(() => {
  t?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('batch record PDF', () => {
  it.each(['en', 'zh-CN'] as const)('A11-14 P11-17 every page of the %s PDF says page n of m, the batch and the record hash; every signature is manifested; the font is embedded', async (lang) => {
    expect(font.path, 'a CJK font (fonts-noto-cjk) must be installed for this test').not.toBeNull();
    const r = record();
    const { file, pages } = await printAndRead(r, lang, 'plain');
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(p).toContain(lang === 'en' ? `Page${i + 1}of${pages.length}` : `第${i + 1}页，共${pages.length}页`);
      expect(p).toContain(r.recordHash);
      expect(p).toContain(r.batchNumber);
      expect(p).toContain(lang === 'en' ? 'Printedby' : '打印人');
    });
    const all = pages.join('');
    const sigs = [...r.steps.flatMap((s) => s.events), ...r.deviations.map(() => null)].flatMap((e) => e?.signatures ?? []);
    expect(sigs.length).toBeGreaterThanOrEqual(4);
    for (const s of sigs) {
      const meaning = RECORD_LINE_TEXT[lang].codes.meaning[s.meaning]!;
      expect(all).toContain(squash(`${s.printedName} (${s.username}) — ${meaning} — ${formatAtOffset(s.signedAt, s.tzOffset, lang)}`));
    }
    // Local time with its offset, never a raw ISO string.
    expect(all).toContain(squash(formatAtOffset(sigs[0]!.signedAt, sigs[0]!.tzOffset, lang)));
    expect(all).toMatch(/GMT\+8/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansCJK\S*\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
  });

  it('A11-14 the record shows every step, value with its unit, limits, lot, balance with its calibration state and deviation', async () => {
    const { pages } = await printAndRead(record(), 'en', 'content');
    const all = pages.join('');
    for (const s of ['StepW1', 'StepW2', 'API-LOT-9-N', 'MCC-LOT-9-N', 'BAL-64', 'S/NB123', 'calibrationCAL-2026-17due2027-01-31', '50.000kg', '49.500kg', '50.500kg', 'DEV-B-PDF-001-1', 'Deviations', 'Exceptions:refusedattempts', 'Novaluewaschangedafteritwasrecorded.']) {
      expect(all).toContain(s);
    }
  });

  it('FR-94 the record and its PDF list each IPQC result: time, check and occurrence, every value, the mean, the verdict and who signed it, in en and zh-CN', async () => {
    const B = 'B-PDF-IPQC';
    recordBatch(t, { batchNumber: B, apiLot: 'API-LOT-10', excipientLot: 'MCC-LOT-10', incomplete: true, checkPlans: [{ ...TABLET_WEIGHT, source: 'typed', sampleSize: 3 }] });
    const startedAt = Date.parse(t.ipqc.view(B).startedAt!);
    const results: number[] = [];
    for (const [minutes, values] of [[31, ['501.0', '499.0', '500.0']], [67, ['531.0', '529.5', '533.4']]] as const) {
      t.clock.set(new Date(startedAt + minutes * 60_000));
      const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
      results.push(unwrap(t.ipqc.record(session, { batchNumber: B, checkId: 'TW', values: [...values], password: DEMO_PASSWORD, username: 'op.li' })).resultSeq);
    }
    const r = buildBatchRecord(B, t.ledger.query({ batchRef: B, limit: 100_000 }), { user: (id) => t.users.byId(id) });
    expect(r.ipqc?.map((l) => [l.seq, l.checkId, l.occurrence, l.overdue, l.values, l.value, l.unit, l.verdict.oos, l.signatures.map((x) => x.meaning)])).toEqual([
      [results[0], 'TW', 1, false, ['501.0', '499.0', '500.0'], '500.0', 'mg', false, ['performed']],
      [results[1], 'TW', 2, true, ['531.0', '529.5', '533.4'], '531.3', 'mg', true, ['performed']],
    ]);
    const sig = r.ipqc![1]!.signatures[0]!;
    const en = await printAndRead(r, 'en', 'ipqc');
    const all = en.pages.join('');
    expect(all).toContain('In-processcontrols(IPQC)');
    expect(all).toContain(squash(formatAtOffset(r.ipqc![0]!.time, r.ipqc![0]!.tzOffset, 'en')));
    for (const text of ['Tablet weight #1', 'Tablet weight #2 (overdue)', 'specification 475 … 525 mg', '501.0; 499.0; 500.0', '531.0; 529.5; 533.4', '500.0 mg', '531.3 mg', 'within specification', 'OOS: above specification', 'OOT: WE1']) {
      expect(all).toContain(squash(text));
    }
    expect(all).toContain(squash(`${sig.printedName} (${sig.username}) — ${RECORD_LINE_TEXT.en.codes.meaning[sig.meaning]}`));
    const zh = (await printAndRead(r, 'zh-CN', 'ipqc')).pages.join('');
    for (const text of ['中间控制（IPQC）', 'Tablet weight 第 2 次 (逾期)', '标准 475 … 525 mg', '531.3 mg', '超标（OOS）：高于上限', '超趋势（OOT）：WE1', '符合标准']) {
      expect(zh).toContain(squash(text));
    }
    // Every signature of the record is also in its signatures list.
    expect(all).toContain(squash(`#${sig.seq} → #${results[1]}: ${sig.printedName} (${sig.username})`));
  });

  it('A11-15 DI-13 a co-signed value amended after signing is marked amended, listed with old value, new value and reason, and its signatures show invalidated until signed again', async () => {
    const target = t.ledger.bySeq(batch.apiWeighedSeq)!;
    t.clock.advance(60_000);
    correctionSeq = unwrap(
      t.ledger.append([
        {
          type: 'correction.recorded',
          actor: t.userId('sup.wang'),
          batchRef: batch.batchNumber,
          payload: { targetSeq: target.seq, targetHash: target.hash, changes: [{ path: 'net', oldValue: { amount: '50.020', unit: 'kg' }, newValue: { amount: '50.001', unit: 'kg' } }], reason: 'transcription checked against the balance printout' },
        },
      ]),
    )[0]!.seq;
    const r = record();
    const weighed = r.steps.flatMap((s) => s.events).find((e) => e.seq === batch.apiWeighedSeq)!;
    expect(weighed.signatures.map((s) => [s.meaning, s.invalidatedBy?.seq])).toEqual([
      ['performed', correctionSeq],
      ['verified', correctionSeq],
    ]);
    const correctionTime = formatAtOffset(weighed.signatures[0]!.invalidatedBy!.time, weighed.signatures[0]!.invalidatedBy!.tzOffset, 'en');
    const en = (await printAndRead(r, 'en', 'amended')).pages.join('');
    expect(en).toContain(squash(`AMENDED net: 50.020 kg → 50.001 kg (see audit #${correctionSeq})`));
    expect(en).toContain('Changehistory(corrections)');
    expect(en).toContain(squash(`#${correctionSeq} → #${batch.apiWeighedSeq}`));
    expect(en).toContain(squash('transcription checked against the balance printout'));
    expect(en).toContain(squash(`SIGNATURE INVALIDATED by change at ${correctionTime} (audit #${correctionSeq})`));
    const zh = (await printAndRead(r, 'zh-CN', 'amended')).pages.join('');
    expect(zh).toContain(squash(`已修改 net: 50.020 kg → 50.001 kg（见审计号 ${correctionSeq}）`));
    expect(zh).toContain(squash(`签名已失效：${formatAtOffset(weighed.signatures[0]!.invalidatedBy!.time, '+08:00', 'zh-CN')} 的更改（审计号 ${correctionSeq}）`));

    // Signed again after the change, by the same meanings: the signatures stand for the record as it reads now.
    const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    t.clock.advance(10_000);
    unwrap(t.signatures.sign({ sessionId: session, targetSeq: batch.apiWeighedSeq, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li' }));
    t.clock.advance(10_000);
    unwrap(t.signatures.sign({ sessionId: session, targetSeq: batch.apiWeighedSeq, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang' }));
    const after = record();
    const again = after.steps.flatMap((s) => s.events).find((e) => e.seq === batch.apiWeighedSeq)!;
    expect(again.signatures.map((s) => s.invalidatedBy)).toEqual([null, null, null, null]);
    const text = (await printAndRead(after, 'en', 'resigned')).pages.join('');
    expect(text).not.toContain('SIGNATUREINVALIDATED');
    expect(text).toContain(squash(`AMENDED net: 50.020 kg → 50.001 kg (see audit #${correctionSeq})`));
  });
});
