/**
 * Records available for inspection in the hub console (DI-09), in Debian's Chromium: the
 * read-only inspector signs in, searches by lot and by batch, reads every hit in words (no
 * raw JSON), sees the archive register, and is offered nothing that signs or changes — once
 * in English and once in zh-CN, with axe-core checks and screenshots under test-results/e2e (BATCHLINE_E2E_SCREENSHOTS=1, or of a failing screen).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { expectAccessible, openBatch, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { HUB_PASSWORD, type QualityHub } from '../quality/support/quality-hub.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import type { ArchiveSearchResult } from '../../src-shared/archive/archive-contract.ts';

const TEXT = {
  en: { title: 'Records for inspection', found: /^\d+ entries in 1 batches \(\d+ ms\)\.$/, nav: 'Archive' },
  'zh-CN': { title: '可供检查的记录', found: /^共 \d+ 条记录，涉及 1 个批次（\d+ 毫秒）。$/, nav: '归档检索' },
} as const;

describe('hub console: records for inspection (DI-09)', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;
  let q: QualityHub;
  let page: Page;

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      await provisionHubUser(hub.hub, { username: 'insp.e2e', printedName: 'Ines Inspector', roles: ['inspector'], password: HUB_PASSWORD });
      recordBatch(hub.station, { batchNumber: 'E2E-ARC-001', apiLot: 'API-ARC-1', excipientLot: 'MCC-ARC' });
      recordBatch(hub.station, { batchNumber: 'E2E-ARC-002', apiLot: 'API-ARC-2', excipientLot: 'MCC-ARC' });
      hub.station.ledger.checkpointNow();
      await hub.sync();
      // one packet in the archive register
      const token = await hub.token('qa.hub');
      expect((await fetch(`${hub.hub.url}/api/v1/archive/batches/E2E-ARC-001/packet`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    });
    ({ q, page } = c);
  }, 180_000);

  afterAll(() => c?.close());

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`DI-09 the inspector searches by lot and batch and reads every hit in words (${locale})`, async () => {
      const tag = `console-archive-${locale}`;
      await openConsole(c);
      if (locale === 'zh-CN') await page.getByTestId('locale-toggle').click();
      await signInConsole(page, 'insp.e2e');
      // read-only: no accounts area
      expect(await page.getByTestId('nav-users').count()).toBe(0);
      await page.getByTestId('nav-archive').click();
      expect(await page.getByTestId('nav-archive').textContent()).toBe(TEXT[locale].nav);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(TEXT[locale].title);

      await page.getByTestId('archive-lot').fill('API-ARC-2');
      await page.getByTestId('archive-submit').click();
      await page.getByTestId('archive-count').waitFor();
      expect(await page.getByTestId('archive-count').textContent()).toMatch(TEXT[locale].found);
      const lines = await page.getByTestId('archive-line').allTextContents();
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l.trim().length).toBeGreaterThan(3);
        expect(l).not.toMatch(/[{}"]/); // words, never raw JSON
      }
      // the numbers on screen are the API's
      const api = (await q.hub.api<ArchiveSearchResult>('GET', '/api/v1/archive/search?lot=API-ARC-2', undefined, await q.token('insp.e2e'))).body;
      expect(lines.length).toBe(api.hits.length);
      await expectAccessible(c, `${tag}-01-search-lot`);

      await page.getByTestId('archive-lot').fill('');
      await page.getByTestId('archive-batch').fill('E2E-ARC-001');
      await page.getByTestId('archive-submit').click();
      await page.getByTestId('archive-packet-E2E-ARC-001').waitFor();
      expect(await page.locator('[data-testid="archive-register"] tbody tr').count()).toBeGreaterThan(0);
      await expectAccessible(c, `${tag}-02-search-batch`);

      // a batch opened by the inspector offers no signature
      await openBatch(page, 'E2E-ARC-001');
      expect(await page.getByTestId('sign-review').count()).toBe(0);
      expect(await page.getByTestId('release').count()).toBe(0);
      await signOutConsole(page, locale);
    });
  }
});
