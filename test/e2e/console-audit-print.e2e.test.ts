/**
 * The inspector's questions in the hub console, in Debian's Chromium (issues 11 and 15): QA
 * opens a batch and downloads its record as PDF; "every change to batch X" is one filter in the
 * audit screen, shown in words (a correction with its old and new value and reason) in English
 * and in Chinese, and exported as PDF and CSV that carry the content hash the screen shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { unwrap } from '../../src-shared/result.ts';
import { checkScreen } from './harness/browser.ts';
import { openBatch, openConsole, signInConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { recordBatch, type RecordedBatch } from '../quality/support/station-batch.ts';
const squash = (s: string) => s.replace(/\s+/g, '');

describe('hub console: batch record PDF and every change to a batch', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;
  let b: RecordedBatch;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'batchline-console-dl-'));

  beforeAll(async () => {
    c = await startConsoleE2e(async (q) => {
      b = recordBatch(q.station, { batchNumber: 'E2E-AUD-001', apiLot: 'API-AUD-1', excipientLot: 'MCC-AUD' });
      const target = q.station.ledger.bySeq(b.apiWeighedSeq)!;
      q.station.clock.advance(60_000);
      unwrap(
        q.station.ledger.append([
          { type: 'correction.recorded', actor: q.station.userId('sup.wang'), batchRef: b.batchNumber, payload: { targetSeq: target.seq, targetHash: target.hash, changes: [{ path: 'net', oldValue: { amount: '50.020', unit: 'kg' }, newValue: { amount: '50.002', unit: 'kg' } }], reason: 'transcription error' } },
        ]),
      );
      await q.sync();
    });
    page = c.page;
  }, 180_000);

  afterAll(async () => {
    await c?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function download(testId: string, name: string): Promise<string> {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const file = join(dir, name);
    await dl.saveAs(file);
    return file;
  }
  const pdfText = (file: string) => squash(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));

  it('A11-14 A11-16 DI-09 DI-13 QA downloads the batch record PDF and finds every change to the batch with one filter, in English and Chinese', async () => {
    await openConsole(c);
    await signInConsole(page, 'qa.hub');
    await openBatch(page, b.batchNumber);
    // DI-13: the corrected weighing's signatures are listed as exceptions and marked in the record.
    await expect.poll(() => page.getByTestId('exception-signature-invalidated').count()).toBe(2);
    expect(await page.getByTestId('exception-signature-invalidated').first().textContent()).toMatch(/invalidated by change at Mar 2, 2026, \d\d:\d\d:\d\d GMT\+8/);
    await page.getByTestId('toggle-record').click();
    await expect.poll(() => page.getByTestId('signature-invalidated').count()).toBe(2);

    // The record as PDF, with the hash the hub computes for the batch on its pages.
    const recordHash = (await c.q.hub.api<{ recordHash: string }>('GET', `/api/v1/quality/batches/${b.batchNumber}`, undefined, await c.q.token('qa.hub'))).body.recordHash;
    const record = pdfText(await download('download-record-pdf', 'record.pdf'));
    expect(record).toContain(recordHash);
    expect(record).toMatch(/Page1of\d+/);
    expect(record).toContain(squash('AMENDED net: 50.020 kg → 50.002 kg'));

    // One filter: the audit screen with the batch in it.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-batch').fill(b.batchNumber);
    await page.getByTestId('audit-filter').click();
    const table = page.getByTestId('batch-audit-table');
    await table.waitFor();
    await expect.poll(() => table.textContent()).toContain('net: Old value 50.020 kg → New value 50.002 kg; Reason: transcription error');
    expect(await table.textContent()).not.toMatch(/[{}]/);
    const hash = (await page.getByTestId('batch-audit-hash').textContent())!.trim();
    const { axe, small } = await checkScreen(page, 'console-batch-audit-en');
    expect(axe).toEqual([]);
    expect(small).toEqual([]);

    const csv = readFileSync(await download('batch-audit-csv', 'audit.csv'));
    const csvHash = createHash('sha256').update(csv).digest('hex');
    expect(csvHash).toBe(hash);
    const pdf = pdfText(await download('batch-audit-pdf', 'audit.pdf'));
    expect(pdf).toContain(hash);
    expect(pdf).toMatch(/Page1of\d+/);

    // The same question in Chinese: the words change, the facts do not.
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => table.textContent()).toContain('net: 原值 50.020 kg → 新值 50.002 kg; 原因: transcription error');
    const zh = pdfText(await download('batch-audit-pdf', 'audit-zh.pdf'));
    expect(zh).toMatch(/第1页，共\d+页/);
    expect(zh).toContain('更正记录');
    expect(c.pageErrors).toEqual([]);
  });
});
