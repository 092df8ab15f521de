/**
 * Records available for inspection in the hub console (DI-09), in Debian's Chromium: the
 * read-only inspector signs in, searches by lot and by batch, reads every hit in words (no
 * raw JSON), sees the archive register, and is offered nothing that signs or changes — once
 * in English and once in zh-CN, with axe-core checks and screenshots under test-results/e2e.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './harness/web-station.ts';
import { checkScreen, openBrowser, type Browser } from './harness/browser.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import type { ArchiveSearchResult } from '../../src-shared/archive/archive-contract.ts';

function buildConsole(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'batchline-console-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.console.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`console build failed: ${r.stderr}`);
  return outDir;
}

const TEXT = {
  en: { title: 'Records for inspection', found: /^\d+ entries in 1 batches \(\d+ ms\)\.$/, nav: 'Archive' },
  'zh-CN': { title: '可供检查的记录', found: /^共 \d+ 条记录，涉及 1 个批次（\d+ 毫秒）。$/, nav: '归档检索' },
} as const;

describe('hub console: records for inspection (DI-09)', { timeout: 120_000 }, () => {
  let consoleDir: string;
  let q: QualityHub;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    consoleDir = buildConsole();
    q = await startQualityHub('pglite', { consoleDir });
    await provisionHubUser(q.hub, { username: 'insp.e2e', printedName: 'Ines Inspector', roles: ['inspector'], password: HUB_PASSWORD });
    recordBatch(q.station, { batchNumber: 'E2E-ARC-001', apiLot: 'API-ARC-1', excipientLot: 'MCC-ARC' });
    recordBatch(q.station, { batchNumber: 'E2E-ARC-002', apiLot: 'API-ARC-2', excipientLot: 'MCC-ARC' });
    q.station.ledger.checkpointNow();
    await q.sync();
    // one packet in the archive register
    const token = await q.token('qa.hub');
    expect((await fetch(`${q.hub.url}/api/v1/archive/batches/E2E-ARC-001/packet`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    browser = await openBrowser();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await q?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  async function accessible(name: string) {
    const { axe, small } = await checkScreen(page, name);
    expect(axe, `${name}: serious axe violations`).toEqual([]);
    expect(small, `${name}: targets under 44 px`).toEqual([]);
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
  }

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`DI-09 the inspector searches by lot and batch and reads every hit in words (${locale})`, async () => {
      const tag = `console-archive-${locale}`;
      await page.goto(`${q.hub.url}/console/`);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      if (locale === 'zh-CN') await page.getByTestId('locale-toggle').click();
      await page.getByTestId('login-username').fill('insp.e2e');
      await page.getByTestId('login-password').fill(HUB_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('who').waitFor();
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
      await accessible(`${tag}-01-search-lot`);

      await page.getByTestId('archive-lot').fill('');
      await page.getByTestId('archive-batch').fill('E2E-ARC-001');
      await page.getByTestId('archive-submit').click();
      await page.getByTestId('archive-packet-E2E-ARC-001').waitFor();
      expect(await page.locator('[data-testid="archive-register"] tbody tr').count()).toBeGreaterThan(0);
      await accessible(`${tag}-02-search-batch`);

      // a batch opened by the inspector offers no signature
      await page.getByTestId('nav-batches').click();
      await page.getByTestId('open-E2E-ARC-001').click();
      await page.getByTestId('review-state').waitFor();
      expect(await page.getByTestId('sign-review').count()).toBe(0);
      expect(await page.getByTestId('release').count()).toBe(0);
      await page.getByRole('button', { name: locale === 'en' ? 'Sign out' : '退出登录' }).click();
      await page.getByTestId('login-submit').waitFor();
    });
  }
});
