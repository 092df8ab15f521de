/**
 * The operator's guide's screenshots (docs/operator-guide.md), taken by the e2e tests at the
 * screens the guide explains, in each language. They are written only when
 * BATCHLINE_GUIDE_IMAGES names a folder (`npm run guide:screenshots` sets docs/images), so an
 * ordinary test run never changes the documents (whose hash is part of the release).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './web-station.ts';

/** Test screen name → the guide's image name. */
const GUIDE_SHOTS: Record<string, string> = {
  'login-about': 'station-login',
  '10-work-queue': 'station-order-list',
  '14-weigh-live': 'station-weighing',
  '16-co-sign-dialog': 'station-signature',
  '17-batch-record': 'station-record',
  '03-batch-exceptions': 'console-review',
  '06-released': 'console-release',
};

/** Where a step's image starts: the element scrolled to the top of the window. */
const GUIDE_FOCUS: Record<string, string> = {
  '17-batch-record': '[data-testid="batch-record"]',
};

export function guideDir(): string | null {
  const dir = process.env.BATCHLINE_GUIDE_IMAGES;
  return dir ? resolve(ROOT, dir) : null;
}

/** Saves the screen as the guide's image for this step and language, when the guide is being made. */
export async function guideShot(page: Page, locale: string, step: string): Promise<void> {
  const dir = guideDir();
  const name = GUIDE_SHOTS[step];
  if (!dir || !name) return;
  mkdirSync(join(dir, locale), { recursive: true });
  const focus = GUIDE_FOCUS[step];
  if (focus) await page.locator(focus).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(dir, locale, `${name}.png`) });
}
