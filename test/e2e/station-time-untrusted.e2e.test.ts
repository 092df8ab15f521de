/**
 * Trusted time on the station's screen (issue 10 item 3), in Debian's Chromium: a station whose
 * last comparison with the hub found its clock two hours behind says "time not trusted" on
 * every screen, with the drift and what it means, in English and in Chinese (that GMP work is
 * then refused is proven in test/trust/trusted-time*.test.ts). Row A11-22.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { unwrap } from '../../src-shared/result.ts';
import { createStation } from '../../src-main/compose.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { E2E_SECRET } from './harness/demo-db.ts';
import { checkScreen } from './harness/browser.ts';
import { startDemoStationE2e, type DemoStationE2e } from './harness/demo-station.ts';
import { loginByLabel } from './harness/station-page.ts';

describe('station web mode: time not trusted', { timeout: 90_000 }, () => {
  let e2e: DemoStationE2e;
  let page: Page;

  beforeAll(async () => {
    e2e = await startDemoStationE2e({
      name: 'time',
      prepareDb: (dbPath) => {
        // The last sync found the hub two hours ahead of this PC (the sync hook's call, made here).
        const s = unwrap(createStation({ dbPath, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(12) }));
        try {
          expect(s.timeTrust.compare(new Date(Date.now() + 2 * 3_600_000)).trusted).toBe(false);
        } finally {
          s.close();
        }
      },
    });
    page = e2e.page;
  }, 180_000);

  afterAll(() => e2e?.close());

  it('A11-22 every screen says the clock is not trusted and GMP work is blocked, in English and in Chinese', async () => {
    await loginByLabel(page, 'op.li');
    const badge = page.getByTestId('time-untrusted');
    await badge.waitFor();
    expect(await badge.getAttribute('data-policy')).toBe('block');
    expect(await badge.textContent()).toMatch(/Time not trusted: the station clock differs from the hub by -720\d s\. GMP work is blocked; call IT\./);
    const { axe, small } = await checkScreen(page, 'time-untrusted-en');
    expect(axe).toEqual([]);
    expect(small).toEqual([]);
    await page.getByTestId('language').click();
    await expect.poll(() => badge.textContent()).toMatch(/时间不可信：工作站时钟与中心服务器相差 -720\d 秒。GMP 操作已阻止；请联系 IT。/);
    const zh = await checkScreen(page, 'time-untrusted-zh-CN');
    expect(zh.axe).toEqual([]);
    await page.getByTestId('language').click();
    await page.getByTestId('logout').click();
  });
});
