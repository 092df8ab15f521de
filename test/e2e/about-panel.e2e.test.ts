/**
 * The station's About panel on the login screen (P11-14: the station shows the app version, the
 * version and hash of the documents it ships, and its schema), read in Debian's Chromium from
 * `batchline station --web`, in English and Chinese; the guide's login screenshots come from here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { makeDemoDb } from './harness/demo-db.ts';
import { buildUi, ROOT, startWebStation, type WebStation } from './harness/web-station.ts';
import { openBrowser, type Browser } from './harness/browser.ts';
import { guideShot } from './harness/guide.ts';
import { readReleaseInfo } from '../../src-main/release-info.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';

let dir: string;
let station: WebStation;
let browser: Browser;
let page: Page;

describe('About this station', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const uiDir = buildUi();
    dir = mkdtempSync(join(tmpdir(), 'batchline-e2e-about-'));
    station = await startWebStation({ uiDir, dbPath: await makeDemoDb(dir), args: ['--simulated-balance'] });
    browser = await openBrowser();
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`P11-14 the login screen's About panel shows the app version, the docs version and hash, and the schema (${locale})`, async () => {
      await page.goto(station.url);
      await page.evaluate((l) => localStorage.setItem('batchline.locale', l), locale);
      await page.reload();
      await page.getByTestId('login-screen').waitFor();
      const about = page.getByTestId('about');
      await about.locator('summary').click();
      await expect.poll(() => about.locator('summary').textContent()).toBe(locale === 'en' ? 'About this station' : '关于本工作站');
      const release = readReleaseInfo(ROOT);
      expect(await page.getByTestId('about-app-version').textContent()).toBe(SOFTWARE_VERSION);
      expect(await page.getByTestId('about-docs-version').textContent()).toBe(release.docsVersion);
      expect(await page.getByTestId('about-docs-hash').textContent()).toBe(release.docsSha256!.slice(0, 16));
      expect(await page.getByTestId('about-docs-hash').getAttribute('title')).toBe(release.docsSha256);
      expect(await page.getByTestId('about-schema-version').textContent()).toBe(release.schemaVersion);
      await page.getByTestId('login-username').fill('op.li');
      await guideShot(page, locale, 'login-about');
    });
  }
});
