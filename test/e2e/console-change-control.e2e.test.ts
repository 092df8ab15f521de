/**
 * Change control in the hub console (issue 12 item 6), in Debian's Chromium, in English and in
 * zh-CN: QA requests a change to a recipe version, assesses its impact naming QA and the QP as
 * approvers, approves as QA; the QP approves; QA plans and completes the implementation task,
 * checks effectiveness and closes it. Every step signed; axe-core checks on the screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './harness/web-station.ts';
import { checkScreen, openBrowser, type Browser } from './harness/browser.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';

function buildConsole(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'batchline-console-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.console.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`console build failed: ${r.stderr}`);
  return outDir;
}

const TEXT = {
  en: { signOut: 'Sign out', closed: 'Closed' },
  'zh-CN': { signOut: '退出登录', closed: '已关闭' },
} as const;

describe('hub console: change control', { timeout: 180_000 }, () => {
  let consoleDir: string;
  let q: QualityHub;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    consoleDir = buildConsole();
    q = await startQualityHub('pglite', { consoleDir });
    browser = await openBrowser();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
  }, 240_000);

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
  async function signIn(username: string) {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(HUB_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('who').waitFor();
  }
  async function signOut(locale: 'en' | 'zh-CN') {
    await page.getByRole('button', { name: TEXT[locale].signOut }).click();
    await page.getByTestId('login-submit').waitFor();
  }
  async function sign() {
    await page.getByTestId('cc-password').fill(HUB_PASSWORD);
    await page.getByTestId('cc-submit').click();
  }
  const state = () => page.getByTestId('change-state').getAttribute('data-state');

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-43 a change to a recipe version is requested, approved by QA and the QP, implemented and closed in the console (${locale})`, async () => {
      const tag = `change-${locale}`;
      await page.goto(`${q.hub.url}/console/`);
      await page.evaluate((l) => localStorage.setItem('batchline.console.locale', l), locale);
      await page.reload();
      await signIn('qa.hub');
      await page.getByTestId('nav-changes').click();
      await page.getByTestId('change-request').click();
      await page.getByTestId('change-title').fill(locale === 'en' ? 'Tighten the MCC tolerance' : '收紧微晶纤维素称量公差');
      await page.getByTestId('change-reason').fill(locale === 'en' ? 'Repeated overweights on W2.' : 'W2 多次超重。');
      await page.getByTestId('change-link-ref').fill('R-PARA');
      await page.getByTestId('change-from').fill('1');
      await page.getByTestId('change-to').fill('2');
      await page.getByTestId('change-password').fill(HUB_PASSWORD);
      await accessible(`${tag}-01-request`);
      await page.getByTestId('change-submit').click();
      await expect.poll(state).toBe('requested');
      expect(await page.getByTestId('change-links').textContent()).toContain('R-PARA: 1 → 2');

      await page.getByTestId('cc-text').fill(locale === 'en' ? 'Recipe only; OQ case 4 to be re-run.' : '仅影响配方；需重新执行 OQ 用例 4。');
      await page.getByTestId('cc-role-qp').check();
      await sign();
      await expect.poll(state).toBe('impact-assessed');
      await sign(); // approve as QA
      await expect.poll(() => page.getByTestId('change-steps').locator('tbody tr').count(), { timeout: 5000 }).toBe(3);
      expect(await page.getByTestId('change-approvals').textContent()).toContain('qa.hub');
      await accessible(`${tag}-02-approved-by-qa`);
      await signOut(locale);

      await signIn('qp.hub');
      await page.getByTestId('nav-changes').click();
      await page.locator('[data-testid^="open-CC-"]').first().click();
      await sign(); // approve as QP
      await expect.poll(state).toBe('approved');
      await signOut(locale);

      await signIn('qa.hub');
      await page.getByTestId('nav-changes').click();
      await page.locator('[data-testid^="open-CC-"]').first().click();
      await page.getByTestId('cc-task-description').fill(locale === 'en' ? 'Publish recipe R-PARA v2' : '发布配方 R-PARA 第 2 版');
      await page.getByTestId('cc-task-owner').fill('qa.hub');
      await page.getByTestId('cc-task-due').fill(new Date(q.station.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10));
      await sign();
      await expect.poll(state).toBe('implementation-planned');
      await page.getByTestId('cc-text').fill(locale === 'en' ? 'Published at the hub.' : '已在中心服务器发布。');
      await sign();
      await expect.poll(state).toBe('implemented');
      await page.getByTestId('cc-text').fill(locale === 'en' ? 'No overweight since.' : '此后未再超重。');
      await sign();
      await expect.poll(state).toBe('effectiveness-checked');
      await page.getByTestId('cc-text').fill(locale === 'en' ? 'Effective; closed.' : '有效，关闭。');
      await sign();
      await expect.poll(state).toBe('closed');
      expect(await page.getByTestId('change-state').textContent()).toContain(TEXT[locale].closed);
      expect(await page.getByTestId('change-steps').locator('tbody tr').count()).toBe(8);
      await accessible(`${tag}-03-closed`);
      await signOut(locale);
    });
  }
});
