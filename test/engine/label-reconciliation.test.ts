/**
 * Label events of an order (issue 17 item 7): the API bags of line L10 are labelled at S12 on a
 * fake network printer; a reprint needs a reason and a second person's co-signature and comes
 * out marked REPRINT; each label is then used or destroyed, and the counts reconcile.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { batchRecordPdf } from '../../src-core/record/batch-record-pdf.ts';
import { findReportFont } from '../../src-cli/qualify/report-font.ts';
import { changeSetting } from '../fakes/change-setting.ts';
import { fakeLabelPrinter, type FakeLabelPrinter } from '../fakes/fake-label-printer.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { unwrap } from '../../src-shared/result.ts';
import { DEMO_PASSWORD, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, runTo, view } from './engine-test-kit.ts';

const B = 'B-LABREC-1';
let d: DispensingStation;
let printer: FakeLabelPrinter | null = null;
afterEach(async () => {
  d?.close();
  await printer?.close();
  printer = null;
});

async function printedAtS12(): Promise<string> {
  d = await makeDispensingStation({ labels: { labelMode: 'production' } });
  printer = await fakeLabelPrinter();
  changeSetting(d.station, 'printers', [{ id: 'PRN-01', kind: 'zpl-tcp', address: `127.0.0.1:${printer.port}`, labelWidthMm: 100, labelHeightMm: 70 }], 'label printer of booth A');
  d.importOrder(B);
  await runTo(d, B, at('S12'));
  const s = d.login('op.li');
  unwrap(await exec(d, s, B, { type: 'print-label', stepId: 'S12' }));
  return s;
}

const reprintOf = (labelId: string, extra: Record<string, unknown>) => ({ type: 'request-reprint' as const, labelId, ...extra });
const ofType = (type: string) => d.station.ledger.query({ batchRef: B, types: [type] });

it('FR-34 a reprint without a reason or a co-signature is refused and nothing is printed', async () => {
  const s = await printedAtS12();
  const first = view(d, B).labels!.labels[0]!.labelId;
  expect(printer!.jobs).toHaveLength(1);

  expectRefused(await exec(d, s, B, reprintOf(first, { username: 'sup.wang', password: DEMO_PASSWORD })), 'REPRINT_REASON_REQUIRED');
  expectRefused(await exec(d, s, B, reprintOf(first, { reason: 'label smudged by a wet glove' })), 'REPRINT_COSIGNATURE_REQUIRED');
  expectRefused(await exec(d, s, B, { type: 'reprint-label', labelId: first }), 'REPRINT_NOT_AUTHORIZED');
  // The operator cannot co-sign their own reprint ("verified" is a second person's, in a
  // supervisor's or QA's role); a wrong password authorises nothing.
  expectRefused(await exec(d, s, B, reprintOf(first, { reason: 'label smudged by a wet glove', username: 'op.li', password: DEMO_PASSWORD })), 'SIGNATURE_ROLE_REQUIRED');
  expectRefused(await exec(d, s, B, reprintOf(first, { reason: 'label smudged by a wet glove', username: 'sup.wang', password: 'wrong-password' })), 'SIGNATURE_PASSWORD_INVALID');
  expectRefused(await exec(d, s, B, { type: 'reprint-label', labelId: first }), 'REPRINT_NOT_AUTHORIZED');
  expectRefused(await exec(d, s, B, reprintOf('999-1', { reason: 'label smudged by a wet glove', username: 'sup.wang', password: DEMO_PASSWORD })), 'LABEL_UNKNOWN');
  expect(printer!.jobs).toHaveLength(1);
  expect(ofType('label.reprinted')).toHaveLength(0);
  expect(view(d, B).labels).toMatchObject({ reprinted: 0 });
});

it('FR-34 a co-signed reprint is printed at once, marked REPRINT on the ZPL label, and used once', async () => {
  const s = await printedAtS12();
  const first = view(d, B).labels!.labels[0]!;
  unwrap(await exec(d, s, B, reprintOf(first.labelId, { reason: 'label smudged by a wet glove', username: 'sup.wang', password: DEMO_PASSWORD })));
  expect(printer!.jobs).toHaveLength(2);
  const zpl = printer!.jobs[1]!.toString('utf8');
  expect(zpl).toContain('REPRINT - DISPENSED MATERIAL');
  expect(zpl).toContain(`Lot: ${first.lotNumber}`);
  expect(printer!.jobs[0]!.toString('utf8')).not.toContain('REPRINT');
  const [e] = ofType('label.reprinted');
  expect(e!.payload).toMatchObject({ labelId: first.labelId, printerId: 'PRN-01', labels: [{ reprint: 'REPRINT', reprintOf: first.labelId }] });
  const [req] = ofType('label.reprint_requested');
  const cosign = d.station.ledger.query({ batchRef: B, types: ['signature.applied'] }).find((x) => (x.payload as { targetSeq: number }).targetSeq === req!.seq);
  expect(cosign?.payload).toMatchObject({ meaning: 'verified', username: 'sup.wang' });
  // One co-signature, one reprint.
  expectRefused(await exec(d, s, B, { type: 'reprint-label', labelId: first.labelId }), 'REPRINT_NOT_AUTHORIZED');
  expect(renderRecordLine(describeEntry(e!.type, e!.payload), 'en')).toBe(`Label ${first.labelId} REPRINTED on PRN-01, marked REPRINT`);
  expect(renderRecordLine(describeEntry(req!.type, req!.payload), 'zh-CN')).toBe(`申请补打标签 ${first.labelId}：label smudged by a wet glove`);
});

it('FR-33 labels issued, printed, used and destroyed are counted per order; printed ≠ used + destroyed is a mismatch until every label is accounted for', async () => {
  const s = await printedAtS12();
  const issued = view(d, B).labels!.labels.map((l) => l.labelId);
  expect(issued.length).toBeGreaterThan(0);
  unwrap(await exec(d, s, B, reprintOf(issued[0]!, { reason: 'label torn while applying it', username: 'sup.wang', password: DEMO_PASSWORD })));
  const v = view(d, B).labels!;
  expect(v).toMatchObject({ issued: issued.length, printed: issued.length + 1, reprinted: 1, used: 0, destroyed: 0, balanced: false });
  const reprint = v.labels.find((l) => l.reprintOf === issued[0])!.labelId;

  expectRefused(await exec(d, s, B, { type: 'account-label', labelId: issued[0]!, disposition: 'destroyed' }), 'LABEL_DESTROY_REASON_REQUIRED');
  unwrap(await exec(d, s, B, { type: 'account-label', labelId: issued[0]!, disposition: 'destroyed', reason: 'torn, replaced by its reprint' }));
  expectRefused(await exec(d, s, B, { type: 'account-label', labelId: issued[0]!, disposition: 'used' }), 'LABEL_ALREADY_ACCOUNTED');
  unwrap(await exec(d, s, B, { type: 'account-label', labelId: reprint, disposition: 'used' }));
  for (const id of issued.slice(1)) unwrap(await exec(d, s, B, { type: 'account-label', labelId: id, disposition: 'used' }));
  expect(view(d, B).labels).toMatchObject({ issued: issued.length, printed: issued.length + 1, used: issued.length, destroyed: 1, balanced: true });
  const destroyed = ofType('label.destroyed')[0]!;
  expect(renderRecordLine(describeEntry(destroyed.type, destroyed.payload), 'en')).toBe(`Label ${issued[0]} destroyed: torn, replaced by its reprint`);
  expect(renderRecordLine(describeEntry('label.used', { labelId: reprint }), 'zh-CN')).toBe(`标签 ${reprint} 已贴于其容器`);
});

/** The record's PDF read back as text without whitespace (pdftotext wraps where it likes). */
async function pdfText(lang: 'en' | 'zh-CN'): Promise<string> {
  const record = buildBatchRecord(B, d.station.ledger.query({ batchRef: B, limit: 100_000 }), { user: (id) => d.station.users.byId(id) });
  const pdf = await batchRecordPdf(record, { locale: lang, font: findReportFont(undefined), printedBy: 'Chen Jing (qa.chen)', printedAt: new Date('2026-03-02T09:00:00.000Z'), printedAtOffset: '+08:00', softwareVersion: 'test' });
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, '');
}

it('FR-33 the batch record and its PDF show the label reconciliation, a mismatch named with the labels not accounted for, in both languages', async () => {
  const s = await printedAtS12();
  const issued = view(d, B).labels!.labels.map((l) => l.labelId);
  // The reprint is printed and used; the first labels are not accounted for yet.
  unwrap(await exec(d, s, B, reprintOf(issued[0]!, { reason: 'label smudged by a wet glove', username: 'sup.wang', password: DEMO_PASSWORD })));
  const reprint = view(d, B).labels!.labels.find((l) => l.reprintOf !== null)!.labelId;
  unwrap(await exec(d, s, B, { type: 'account-label', labelId: reprint, disposition: 'used' }));
  const record = buildBatchRecord(B, d.station.ledger.query({ batchRef: B, limit: 100_000 }), { user: (id) => d.station.users.byId(id) });
  const n = issued.length;
  expect(record.labels).toMatchObject({ issued: n, printed: n + 1, reprinted: 1, used: 1, destroyed: 0, balanced: false, unaccounted: issued });
  // FR-139: the reprint's print request precedes it (the label step's own stays with its step).
  expect(record.labels!.events.map((e) => e.type)).toEqual(['label.reprint_requested', 'label.print_requested', 'label.reprinted', 'label.used']);
  const en = await pdfText('en');
  expect(en).toContain(`Labelreconciliation`);
  expect(en).toContain(`Issued${n},printed${n + 1}(reprinted1),used1,destroyed0`);
  expect(en).toContain(`MISMATCH:printed≠used+destroyed;notaccountedfor:${issued.join(',')}`);
  expect(en).toContain(`Label${issued[0]}REPRINTEDonPRN-01,markedREPRINT`);
  const zh = await pdfText('zh-CN');
  expect(zh).toContain('标签平衡');
  expect(zh).toContain(`发放${n}张，打印${n + 1}张（其中补打1张），使用1张，销毁0张`);
  expect(zh).toContain(`不平衡：打印数≠使用数+销毁数；未说明去向：${issued.join(',')}`);
});
