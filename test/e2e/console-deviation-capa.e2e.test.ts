/**
 * The console end to end in Debian's Chromium (issue 12 items 5 and 7), once in English and once
 * in zh-CN: a deviation the station raised is opened as a hub record from the batch screen and
 * walked raised → classified → investigated (5 Whys) → impact assessed (from genealogy) → CAPA
 * planned → action completed → effectiveness checked; the QP's release is refused listing the
 * open record in the reader's language; a second QA closes it; the QP releases. Screenshots under
 * test-results/e2e (BATCHLINE_E2E_SCREENSHOTS=1, or of a failing screen), axe-core checks on the new screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { expectAccessible, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e, openBatch as openBatchPage } from './harness/console.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { HUB_PASSWORD, type QualityHub } from '../quality/support/quality-hub.ts';

const TEXT = {
  en: { refused: 'Release refused', still: 'Still open', effectivenessChecked: 'Effectiveness checked', closed: 'Closed', why: ['The scoop delivered too much.', 'The large scoop was used.', 'The small scoop was being cleaned.'], root: 'One small scoop per booth only.' },
  'zh-CN': { refused: '拒绝放行', still: '尚未关闭', effectivenessChecked: '已检查有效性', closed: '已关闭', why: ['勺子取料过多。', '使用了大勺子。', '小勺子正在清洗。'], root: '每个称量间只有一把小勺子。' },
} as const;

describe('hub console: deviation → CAPA → closure → release', { timeout: 180_000 }, () => {
  let c: ConsoleE2e;
  let q: QualityHub;
  let page: Page;

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      recordBatch(hub.station, { batchNumber: 'E2E-DEV-EN', apiLot: 'API-DEV-1', excipientLot: 'MCC-DEV-EN', deviation: true });
      recordBatch(hub.station, { batchNumber: 'E2E-DEV-ZH', apiLot: 'API-DEV-2', excipientLot: 'MCC-DEV-ZH', deviation: true });
      await hub.sync();
    });
    ({ q, page } = c);
  }, 240_000);

  afterAll(() => c?.close());

  const openBatch = (batch: string) => openBatchPage(page, batch);
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
      await openConsole(c, locale);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);

      // QA: review the batch, then follow its station deviation up as a hub record.
      await signInConsole(page, 'qa.hub');
      await openBatch(batch);
      await page.getByTestId('sign-review').click();
      await page.getByTestId('sign-dialog').getByTestId('sign-password').fill(HUB_PASSWORD);
      await page.getByTestId('sign-dialog').getByTestId('sign-submit').click();
      await expect.poll(() => page.getByTestId('review-state').getAttribute('data-state')).toBe('current');
      await page.getByTestId(`follow-up-DEV-${batch}-1`).click();
      await page.getByTestId('raise-description').fill(locale === 'en' ? 'Excipient weighed 3 % over target on W2.' : '辅料在 W2 称量超出目标 3%。');
      await page.getByTestId('raise-password').fill(HUB_PASSWORD);
      await expectAccessible(c, `${tag}-01-raise`);
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
      await expectAccessible(c, `${tag}-02-plan-capa`);
      await signStep('plan-capa');
      await expect.poll(state).toBe('capa-planned');
      await page.getByTestId('step-form-complete-action').getByTestId('step-text').fill(locale === 'en' ? 'Scoops placed in all booths.' : '所有称量间已配备小勺子。');
      await signStep('complete-action');
      await expect.poll(() => page.locator('[data-testid^="capa-"][data-done="true"]').count()).toBe(1);
      await page.getByTestId('step-form-check-effectiveness').getByTestId('step-text').fill(locale === 'en' ? 'No overweight in ten batches since.' : '此后十个批次未再超重。');
      await signStep('check-effectiveness');
      await expect.poll(state).toBe('effectiveness-checked');
      await expectAccessible(c, `${tag}-03-effectiveness-checked`);
      await signOutConsole(page, locale);

      // QP: release refused, the open record listed in the reader's language.
      await signInConsole(page, 'qp.hub');
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
      await expectAccessible(c, `${tag}-04-release-refused`);
      await page.keyboard.press('Escape');
      await signOutConsole(page, locale);

      // A second QA closes it (the investigator may not).
      await signInConsole(page, 'qa.second');
      await page.getByTestId('nav-deviations').click();
      await page.getByTestId('deviations-table').waitFor();
      await expectAccessible(c, `${tag}-05-deviations`);
      await page.locator('[data-testid^="deviation-row-"]').filter({ hasText: batch }).locator('button').first().click();
      await page.getByTestId('step-text').fill(locale === 'en' ? 'Root cause removed; CAPA effective. Closed.' : '根本原因已消除，CAPA 有效，关闭。');
      await signStep('close');
      await expect.poll(state).toBe('closed');
      expect(await page.getByTestId('deviation-state').textContent()).toContain(x.closed);
      await page.getByTestId('deviation-steps').getByTestId('deviation-step-closed').waitFor();
      await expectAccessible(c, `${tag}-06-closed`);
      await signOutConsole(page, locale);

      // QP: released.
      await signInConsole(page, 'qp.hub');
      await openBatch(batch);
      await page.getByTestId('no-quality-records').waitFor();
      await page.getByTestId('release').click();
      await page.getByTestId('sign-dialog').getByTestId('sign-password').fill(HUB_PASSWORD);
      await page.getByTestId('sign-dialog').getByTestId('sign-submit').click();
      await expect.poll(() => page.getByTestId('decision-state').getAttribute('data-state')).toBe('released');
      await signOutConsole(page, locale);
    });
  }
});
