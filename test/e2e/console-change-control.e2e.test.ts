/**
 * Change control in the hub console (issue 12 item 6), in Debian's Chromium, in English and in
 * zh-CN: QA requests a change to a recipe version, assesses its impact naming QA and the QP as
 * approvers; their own approval is refused (FR-143) and a second QA approves; the QP approves; QA plans and completes the implementation task,
 * checks effectiveness and closes it. Every step signed; axe-core checks on the screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { expectAccessible, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { HUB_PASSWORD, type QualityHub } from '../quality/support/quality-hub.ts';

const TEXT = {
  en: { closed: 'Closed' },
  'zh-CN': { closed: '已关闭' },
} as const;

describe('hub console: change control', { timeout: 180_000 }, () => {
  let c: ConsoleE2e;
  let q: QualityHub;
  let page: Page;

  beforeAll(async () => {
    c = await startConsoleE2e();
    ({ q, page } = c);
  }, 240_000);

  afterAll(() => c?.close());

  async function sign() {
    await page.getByTestId('cc-password').fill(HUB_PASSWORD);
    await page.getByTestId('cc-submit').click();
  }
  const state = () => page.getByTestId('change-state').getAttribute('data-state');

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-43 FR-143 a change to a recipe version is requested, refused to its requester's approval, approved by another QA and the QP, implemented and closed in the console (${locale})`, async () => {
      const tag = `change-${locale}`;
      await openConsole(c, locale);
      await signInConsole(page, 'qa.hub');
      await page.getByTestId('nav-changes').click();
      await page.getByTestId('change-request').click();
      await page.getByTestId('change-title').fill(locale === 'en' ? 'Tighten the MCC tolerance' : '收紧微晶纤维素称量公差');
      await page.getByTestId('change-reason').fill(locale === 'en' ? 'Repeated overweights on W2.' : 'W2 多次超重。');
      await page.getByTestId('change-link-ref').fill('R-PARA');
      await page.getByTestId('change-from').fill('1');
      await page.getByTestId('change-to').fill('2');
      await page.getByTestId('change-password').fill(HUB_PASSWORD);
      await expectAccessible(c, `${tag}-01-request`);
      await page.getByTestId('change-submit').click();
      await expect.poll(state).toBe('requested');
      expect(await page.getByTestId('change-links').textContent()).toContain('R-PARA: 1 → 2');

      await page.getByTestId('cc-text').fill(locale === 'en' ? 'Recipe only; OQ case 4 to be re-run.' : '仅影响配方；需重新执行 OQ 用例 4。');
      await page.getByTestId('cc-role-qp').check();
      await sign();
      await expect.poll(state).toBe('impact-assessed');
      // FR-143: the requester never approves their own change: refused on screen, with the reason.
      await sign();
      await expect.poll(() => page.getByTestId('error').getAttribute('data-code')).toBe('REVIEWER_NOT_INDEPENDENT');
      expect(await state()).toBe('impact-assessed');
      await signOutConsole(page, locale);

      await signInConsole(page, 'qa.second');
      await page.getByTestId('nav-changes').click();
      await page.locator('[data-testid^="open-CC-"]').first().click();
      await sign(); // approve as another QA
      await expect.poll(() => page.getByTestId('change-steps').locator('tbody tr').count(), { timeout: 5000 }).toBe(3);
      expect(await page.getByTestId('change-approvals').textContent()).toContain('qa.second');
      await expectAccessible(c, `${tag}-02-approved-by-qa`);
      await signOutConsole(page, locale);

      await signInConsole(page, 'qp.hub');
      await page.getByTestId('nav-changes').click();
      await page.locator('[data-testid^="open-CC-"]').first().click();
      await sign(); // approve as QP
      await expect.poll(state).toBe('approved');
      await signOutConsole(page, locale);

      await signInConsole(page, 'qa.hub');
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
      await expectAccessible(c, `${tag}-03-closed`);
      await signOutConsole(page, locale);
    });
  }
});
