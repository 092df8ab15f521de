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
});
