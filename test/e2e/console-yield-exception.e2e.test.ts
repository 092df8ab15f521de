/**
 * A yield out of limits shown in review by exception at the hub, in Debian's Chromium (issue 17
 * item 6, the browser half of test/quality/reconciliation-review.test.ts): a batch whose
 * reconciliation at the station found its yield outside the recipe's limits is synced; QA signs
 * in, opens the batch and reads the yield exception and the return beyond its limit in words,
 * sees the station's yield deviation open, and signs the review; the QP's release is refused
 * while that deviation is open, with the reason in the reader's language. Once in English and
 * once in zh-CN, with screenshots under test-results/e2e (BATCHLINE_E2E_SCREENSHOTS=1, or of a failing screen) and axe-core checks on every screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { expectAccessible, openBatch, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { expectNoEnglish } from './harness/english-words.ts';
import { recordYieldOutOfLimits, type YieldBatch } from '../quality/support/yield-batch.ts';
import { HUB_PASSWORD } from '../quality/support/quality-hub.ts';

const TEXT = {
  en: {
    yieldException: 'Yield 100.0625 % outside the recipe limits 99.0 % – 100.0 %',
    returnException: 'difference -2.000 kg beyond 0.500 kg',
    category: 'yield out of limits',
    open: 'Open',
    refused: 'Release refused: deviations are still open.',
    reviewed: 'Reviewed',
  },
  'zh-CN': {
    yieldException: '收率 100.0625 % 超出配方限度 99.0 % – 100.0 %',
    returnException: '差异 -2.000 kg 超出 0.500 kg',
    category: '收率超限',
    open: '未关闭',
    refused: '拒绝放行：仍有未关闭的偏差。',
    reviewed: '已审核',
  },
} as const;

describe('hub console: a yield out of limits in review by exception', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;
  let page: Page;
  const batches: Partial<Record<keyof typeof TEXT, YieldBatch>> = {};

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      batches.en = recordYieldOutOfLimits(hub.station, 'YLD-EN-001', 'Y1');
      batches['zh-CN'] = recordYieldOutOfLimits(hub.station, 'YLD-ZH-001', 'Y2');
      await hub.sync();
    });
    page = c.page;
  }, 180_000);

  afterAll(() => c?.close());

  async function screen(name: string, locale: keyof typeof TEXT) {
    await expectAccessible(c, name);
    if (locale === 'zh-CN') await expectNoEnglish(page, name);
  }

  async function sign() {
    const dialog = page.getByTestId('sign-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('sign-password').fill(HUB_PASSWORD);
    await dialog.getByTestId('sign-submit').click();
  }

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-31 QA reads the yield exception in words and the QP's release is refused while its deviation is open (${locale})`, async () => {
      const b = batches[locale]!;
      const words = TEXT[locale];
      const tag = `console-yield-${locale}`;
      await openConsole(c, locale);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);

      // QA: the yield exception in words (not the kind's code), the return beyond its limit, the open deviation.
      await signInConsole(page, 'qa.hub');
      await openBatch(page, b.batchNumber);
      const yieldLine = page.getByTestId('exception-yield-out-of-limits');
      await yieldLine.waitFor();
      const yieldText = await yieldLine.textContent();
      expect(yieldText).toContain(words.yieldException);
      expect(yieldText).not.toContain('yield-out-of-limits');
      expect(yieldText).toContain(`#${b.yieldSeq}`);
      expect(await page.getByTestId('exception-return-discrepancy').textContent()).toContain(words.returnException);
      const deviation = page.getByTestId(`deviation-${b.deviationId}`);
      const deviationText = await deviation.textContent();
      expect(deviationText).toContain(words.category);
      expect(deviationText).toContain(words.open);
      expect(deviationText).not.toContain('yield-out-of-limits');
      await screen(`${tag}-01-exceptions`, locale);

      // QA signs the review with the deviation still open (assessed, not closed).
      await page.getByTestId('sign-review').click();
      await sign();
      await expect.poll(() => page.getByTestId('review-state').getAttribute('data-state')).toBe('current');
      expect(await page.getByTestId('review-state').textContent()).toContain(words.reviewed);
      await signOutConsole(page, locale);

      // The QP: release refused while the yield deviation is open, the reason in words.
      await signInConsole(page, 'qp.hub');
      await openBatch(page, b.batchNumber);
      const decided = page.waitForResponse((r) => r.url().endsWith(`/quality/batches/${b.batchNumber}/decision`));
      await page.getByTestId('release').click();
      await sign();
      const refusal = (await (await decided).json()) as { error?: { code: string; details?: { deviations?: { deviationId: string; seq: number }[] } } };
      expect(refusal.error?.code).toBe('RELEASE_DEVIATIONS_OPEN');
      expect(refusal.error?.details?.deviations).toEqual([expect.objectContaining({ deviationId: b.deviationId, seq: b.deviationSeq })]);
      const error = page.getByTestId('sign-dialog').getByTestId('error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('RELEASE_DEVIATIONS_OPEN');
      expect(await error.textContent()).toContain(words.refused);
      await screen(`${tag}-02-release-refused`, locale);
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('decision-state').getAttribute('data-state')).not.toBe('released');
      await signOutConsole(page, locale);
      expect(c.pageErrors).toEqual([]);
    });
  }
});
