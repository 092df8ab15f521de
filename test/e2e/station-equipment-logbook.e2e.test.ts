/**
 * FR-111 in Debian's Chromium: the equipment logbook on the station's devices screen. An operator
 * records a cleaning of the station's granulator, signed with their password and verified by a
 * supervisor with theirs; the entry is listed with both names, in English and then in zh-CN.
 * A wrong password is refused with the station's words and records nothing.
 */
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation } from '../../src-main/compose.ts';
import { unwrap } from '../../src-shared/result.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { granulator } from '../fixtures/equipment/equipment-fixtures.ts';
import { checkScreen, screenshot } from './harness/browser.ts';
import { E2E_SECRET } from './harness/demo-db.ts';
import { startDemoStationE2e, type DemoStationE2e } from './harness/demo-station.ts';
import { login } from './harness/station-page.ts';

const PW = 'Batchline-demo-1';
let e2e: DemoStationE2e;
let page: Page;

async function addGranulator(path: string): Promise<void> {
  const s = unwrap(createStation({ dbPath: path, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(47) }));
  try {
    const now = new Date();
    unwrap(s.masterData.applyMasterData([{ kind: 'equipment', key: 'GRN-01', version: 1, data: granulator(now, {}) }], { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null }));
  } finally {
    s.close();
  }
}

describe('equipment logbook at the station', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    e2e = await startDemoStationE2e({ name: 'logbook', prepareDb: addGranulator });
    page = e2e.page;
    await login(page, 'op.li');
    await page.getByTestId('nav-devices').click();
    await page.getByTestId('devices-screen').waitFor();
  }, 300_000);

  afterAll(() => e2e?.close());

  it('FR-111 an operator records a signed cleaning, verified by a supervisor, in the logbook view; listed in English and zh-CN; a wrong password records nothing', async () => {
    await page.getByTestId('logbook-equipment').fill('GRN-01');
    await page.getByTestId('logbook-level').selectOption('major');
    await page.getByTestId('logbook-agent').fill('WFI + 70% IPA');
    await page.getByTestId('logbook-started').fill('2026-01-15T08:00');
    await page.getByTestId('logbook-note').fill('After campaign IBU-07');
    await page.getByTestId('logbook-password').fill('not-my-password');
    await page.getByTestId('logbook-sign').click();
    await expect.poll(() => page.getByTestId('error').getAttribute('data-code'), { timeout: 10_000 }).toMatch(/PASSWORD|CREDENTIALS|AUTH/);
    expect(await page.getByTestId('logbook').count()).toBe(0);

    await page.getByTestId('logbook-password').fill(PW);
    await page.getByTestId('logbook-verifier').fill('sup.wang');
    await page.getByTestId('logbook-verifier-password').fill(PW);
    await page.getByTestId('logbook-sign').click();
    await page.getByTestId('logbook-recorded').waitFor();
    const row = page.getByTestId('logbook').locator('tbody tr').first();
    const en = await row.textContent();
    expect(en).toContain('GRN-01');
    expect(en).toContain('Cleaning');
    expect(en).toContain('Major cleaning with WFI + 70% IPA: After campaign IBU-07');
    expect(en).toMatch(/Wang/);
    await screenshot(page, 'logbook-01-recorded-en');
    const { axe } = await checkScreen(page, 'logbook-01-recorded-en');
    expect(axe, 'serious axe violations').toEqual([]);

    await page.getByTestId('language').click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('大清洁，使用 WFI + 70% IPA');
    expect(await row.textContent()).toContain('清洁');
    expect(await page.getByTestId('devices-screen').textContent()).toContain('设备日志');
    await screenshot(page, 'logbook-02-recorded-zh-CN');
  });
});
