/**
 * Incoming inspection in the hub console (issue 12 item 1), in Debian's Chromium, in English and
 * in zh-CN: QA opens a sampling task whose LIMS results are in, reads each test against the
 * specification and signs the disposition they imply. axe-core checks and screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { expectAccessible, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { HUB_PASSWORD, type QualityHub } from '../quality/support/quality-hub.ts';
import type { SamplingTaskView } from '../../src-shared/quality/iqc-contract.ts';
import { b2mmlReceipt, iqcApi, postB2mml, provisionIqcPeople, putMaterial, putSpec } from '../quality/support/iqc-setup.ts';

const LOT = { en: 'IBU-EN', 'zh-CN': 'IBU-ZH' } as const;

async function prepare(q: QualityHub): Promise<void> {
  const api = iqcApi(q);
  await provisionIqcPeople(q);
  await putMaterial(q, 'API-IBU', 'Ibuprofen');
  await putSpec(q, 'API-IBU');
  for (const [i, lotId] of Object.values(LOT).entries()) {
    const r = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: `GR-${i}`, material: 'API-IBU', lotId, lotNumber: `IBU${i}`, containers: 3, supplierStatus: 'new' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const task = (await api<SamplingTaskView>('op.hub', 'GET', `/api/v1/quality/iqc/tasks/IQC-${lotId}`)).body as SamplingTaskView;
    for (const c of task.containers) await api('op.hub', 'POST', `/api/v1/quality/iqc/tasks/IQC-${lotId}/samples`, { containerId: c.containerId, quantity: { amount: '50', unit: 'g' }, password: HUB_PASSWORD });
    await api('erp', 'POST', '/api/v1/quality/results', { results: [
      { resultId: `R-${i}-1`, lotId, testCode: 'ASSAY', value: 100.2, unit: '%', coaReference: 'COA-9' },
      { resultId: `R-${i}-2`, lotId, testCode: 'ID-IR', value: 'conforms', coaReference: 'COA-9' },
    ] });
  }
}

describe('hub console: incoming inspection', { timeout: 180_000 }, () => {
  let c: ConsoleE2e;
  let page: Page;

  beforeAll(async () => {
    c = await startConsoleE2e(prepare);
    ({ page } = c);
  }, 300_000);

  afterAll(() => c?.close());

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-48 QA reads a lot's tests against its specification and signs the disposition in the console (${locale})`, async () => {
      const task = `IQC-${LOT[locale]}`;
      await openConsole(c, locale);
      await signInConsole(page, 'qa.hub');
      await page.getByTestId('nav-iqc').click();
      await page.getByTestId(`iqc-open-${task}`).click();
      await page.getByTestId('iqc-tests').waitFor();
      await expectAccessible(c, `iqc-${locale}-01-task`);
      await page.getByTestId('iqc-sign').click();
      await page.getByTestId('sign-password').fill(HUB_PASSWORD);
      await page.getByTestId('sign-submit').click();
      await page.getByTestId(`iqc-open-${task}`).click();
      await page.getByTestId('iqc-signed').waitFor();
      expect(await page.getByTestId('iqc-signed').textContent()).toContain('Quinn Reviewer');
      await expectAccessible(c, `iqc-${locale}-02-signed`);
      await signOutConsole(page, locale);
    });
  }

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-153 QC signs a released lot's retest in the console, naming the results and who entered them; whoever entered them is not offered the signature (${locale})`, async () => {
      await openConsole(c, locale);
      await signInConsole(page, 'qa.second');
      await page.getByTestId('nav-iqc').click();
      await page.getByTestId('lot-retest').waitFor();
      await page.getByTestId('retest-lot').fill(LOT[locale]);
      await page.getByTestId('retest-retest-date').fill('2028-01-31');
      await page.getByTestId('retest-reference').fill('LIMS-RT-9');
      await page.getByTestId('retest-entered-by').fill('qa.second');
      await page.getByTestId('retest-problems').waitFor();
      expect(await page.getByTestId('retest-sign').isDisabled()).toBe(true);
      await page.getByTestId('retest-entered-by').fill('lin.wei');
      await expectAccessible(c, `iqc-${locale}-03-retest`);
      await page.getByTestId('retest-sign').click();
      await page.getByTestId('sign-text').fill(locale === 'en' ? 'Retest RT-9 passed all tests' : '复验 RT-9 全部合格');
      await page.getByTestId('sign-password').fill(HUB_PASSWORD);
      await page.getByTestId('sign-submit').click();
      await page.getByTestId('retest-done').waitFor();
      expect(await page.getByTestId('retest-done').textContent()).toContain('2028-01-31');
      const lot = await c.q.hub.api<{ data: { retestDate: string; qcStatus: string } }>('GET', `/api/v1/master-data/lot/${LOT[locale]}`, undefined, await c.q.token('md.zhou'));
      expect(lot.body.data).toMatchObject({ qcStatus: 'released', retestDate: '2028-01-31' });
      await expectAccessible(c, `iqc-${locale}-04-retest-signed`);
      await signOutConsole(page, locale);
    });
  }
});
