/**
 * The console end to end in Debian's Chromium (issue 12 items 5 and 7), once in English and once
 * in zh-CN: a deviation the station raised is opened as a hub record from the batch screen and
 * walked raised → classified → investigated (5 Whys) → impact assessed (from genealogy) → CAPA
 * planned → action completed → effectiveness checked; the QP's release is refused listing the
 * open record in the reader's language; a second QA closes it; the QP releases. Screenshots under
 * test-results/e2e, axe-core checks on the new screens.
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

function buildConsole(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'batchline-console-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.console.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`console build failed: ${r.stderr}`);
  return outDir;
}

const TEXT = {
  en: { signOut: 'Sign out', refused: 'Release refused', still: 'Still open', effectivenessChecked: 'Effectiveness checked', closed: 'Closed', why: ['The scoop delivered too much.', 'The large scoop was used.', 'The small scoop was being cleaned.'], root: 'One small scoop per booth only.' },
  'zh-CN': { signOut: '退出登录', refused: '拒绝放行', still: '尚未关闭', effectivenessChecked: '已检查有效性', closed: '已关闭', why: ['勺子取料过多。', '使用了大勺子。', '小勺子正在清洗。'], root: '每个称量间只有一把小勺子。' },
} as const;

describe('hub console: deviation → CAPA → closure → release', { timeout: 180_000 }, () => {
  let consoleDir: string;
  let q: QualityHub;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    consoleDir = buildConsole();
    q = await startQualityHub('pglite', { consoleDir });
    recordBatch(q.station, { batchNumber: 'E2E-DEV-EN', apiLot: 'API-DEV-1', excipientLot: 'MCC-DEV-EN', deviation: true });
    recordBatch(q.station, { batchNumber: 'E2E-DEV-ZH', apiLot: 'API-DEV-2', excipientLot: 'MCC-DEV-ZH', deviation: true });
    await q.sync();
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
  async function openBatch(batch: string) {
    await page.getByTestId('nav-batches').click();
    await page.getByTestId(`open-${batch}`).click();
    await page.getByTestId('review-state').waitFor();
  }
  async function signStep(step: string) {
    await page.getByTestId(`step-password-${step}`).fill(HUB_PASSWORD);
    await page.getByTestId(`step-submit-${step}`).click();
  }
  const state = () => page.getByTestId('deviation-state').getAttribute('data-state');

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-41 FR-42 a deviation walks to closure through CAPA and only then is the batch released (${locale})`, async () => {
      const batch = locale === 'en' ? 'E2E-DEV-EN' : 'E2E-DEV-ZH';
      const lot = locale === 'en' ? 'MCC-DEV-EN' : 'MCC-DEV-ZH';
      const tag = `deviation-${locale}`;
      const x = TEXT[locale];
      await page.goto(`${q.hub.url}/console/`);
      await page.evaluate((l) => localStorage.setItem('batchline.console.locale', l), locale);
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);

      // QA: review the batch, then follow its station deviation up as a hub record.
      await signIn('qa.hub');
      await openBatch(batch);
      await page.getByTestId('sign-review').click();
      await page.getByTestId('sign-dialog').getByTestId('sign-password').fill(HUB_PASSWORD);
      await page.getByTestId('sign-dialog').getByTestId('sign-submit').click();
      await expect.poll(() => page.getByTestId('review-state').getAttribute('data-state')).toBe('current');
      await page.getByTestId(`follow-up-DEV-${batch}-1`).click();
      await page.getByTestId('raise-description').fill(locale === 'en' ? 'Excipient weighed 3 % over target on W2.' : '辅料在 W2 称量超出目标 3%。');
      await page.getByTestId('raise-password').fill(HUB_PASSWORD);
      await accessible(`${tag}-01-raise`);
      await page.getByTestId('raise-submit').click();
      await expect.poll(state).toBe('raised');

      await signStep('classify');
      await expect.poll(state).toBe('classified');
      for (const [i, w] of x.why.entries()) await page.getByTestId(`step-why-${i + 1}`).fill(w);
      await page.getByTestId('step-text').fill(x.root);
      await signStep('investigate');
      await expect.poll(state).toBe('investigated');
      await page.getByTestId('step-lots').fill(lot);
      await page.getByTestId('step-text').fill(locale === 'en' ? 'Only this batch used the lot.' : '只有本批次使用了该批号。');
      await signStep('assess-impact');
      await expect.poll(state).toBe('impact-assessed');
      expect(await page.getByTestId('deviation-impact').textContent()).toContain(batch);

      const due = new Date(q.station.clock.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
      await page.getByTestId('capa-description-0').fill(locale === 'en' ? 'Buy a second small scoop per booth' : '每个称量间增配一把小勺子');
      await page.getByTestId('capa-owner-0').fill('qa.hub');
      await page.getByTestId('capa-due-0').fill(due);
      await accessible(`${tag}-02-plan-capa`);
      await signStep('plan-capa');
      await expect.poll(state).toBe('capa-planned');
      await page.getByTestId('step-form-complete-action').getByTestId('step-text').fill(locale === 'en' ? 'Scoops placed in all booths.' : '所有称量间已配备小勺子。');
      await signStep('complete-action');
      await expect.poll(() => page.locator('[data-testid^="capa-"][data-done="true"]').count()).toBe(1);
      await page.getByTestId('step-form-check-effectiveness').getByTestId('step-text').fill(locale === 'en' ? 'No overweight in ten batches since.' : '此后十个批次未再超重。');
      await signStep('check-effectiveness');
      await expect.poll(state).toBe('effectiveness-checked');
      await accessible(`${tag}-03-effectiveness-checked`);
      await signOut(locale);

      // QP: release refused, the open record listed in the reader's language.
      await signIn('qp.hub');
      await openBatch(batch);
      expect(await page.getByTestId('quality-records').textContent()).toContain(x.effectivenessChecked);
      await page.getByTestId('release').click();
      await page.getByTestId('sign-dialog').getByTestId('sign-password').fill(HUB_PASSWORD);
      await page.getByTestId('sign-dialog').getByTestId('sign-submit').click();
      const error = page.getByTestId('sign-dialog').getByTestId('error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('RELEASE_DEVIATIONS_OPEN');
      const said = (await error.textContent()) ?? '';
      expect(said).toContain(x.still);
      expect(said).toMatch(/DEV-\d{4}-\d{4}/);
      expect(said).toContain(x.effectivenessChecked);
      await accessible(`${tag}-04-release-refused`);
      await page.keyboard.press('Escape');
      await signOut(locale);

      // A second QA closes it (the investigator may not).
      await signIn('qa.second');
      await page.getByTestId('nav-deviations').click();
      await page.getByTestId('deviations-table').waitFor();
      await accessible(`${tag}-05-deviations`);
      await page.locator('[data-testid^="deviation-row-"]').filter({ hasText: batch }).locator('button').first().click();
      await page.getByTestId('step-text').fill(locale === 'en' ? 'Root cause removed; CAPA effective. Closed.' : '根本原因已消除，CAPA 有效，关闭。');
      await signStep('close');
      await expect.poll(state).toBe('closed');
      expect(await page.getByTestId('deviation-state').textContent()).toContain(x.closed);
      await page.getByTestId('deviation-steps').getByTestId('deviation-step-closed').waitFor();
      await accessible(`${tag}-06-closed`);
      await signOut(locale);

      // QP: released.
      await signIn('qp.hub');
      await openBatch(batch);
      await page.getByTestId('no-quality-records').waitFor();
      await page.getByTestId('release').click();
      await page.getByTestId('sign-dialog').getByTestId('sign-password').fill(HUB_PASSWORD);
      await page.getByTestId('sign-dialog').getByTestId('sign-submit').click();
      await expect.poll(() => page.getByTestId('decision-state').getAttribute('data-state')).toBe('released');
      await signOut(locale);
    });
  }
});
