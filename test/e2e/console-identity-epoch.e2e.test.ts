/**
 * Accepting a re-created station's new identity in the console (issue 10 item 2), in Debian's
 * Chromium: the station came back with a fresh database under a known id and was refused as an
 * identity incident; QA accepts in its role, IT in its own (two people, each with a reason);
 * the incident then shows the identity epoch with both names, the station enrols and syncs, and
 * the stations list shows the new epoch beside the old ledger, in English and in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { buildConsole } from './harness/web-station.ts';
import { checkScreen, openBrowser, type Browser } from './harness/browser.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { ADMIN_PASSWORD } from '../hub/support/test-hub.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';
import { makeTestStation, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { HubClient } from '../../src-main/sync/hub-client.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { requestEnrolment } from '../../src-main/sync/station-enrolment.ts';
import { unwrap } from '../../src-shared/result.ts';

describe('hub console: accepting a re-created station identity', { timeout: 120_000 }, () => {
  let consoleDir: string;
  let q: QualityHub;
  let wiped: TestStation;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    consoleDir = buildConsole();
    q = await startQualityHub('pglite', { consoleDir });
    await q.sync();
    const fresh = makeTestStation({ config: { clock: q.station.clock } });
    wiped = { ...fresh, clock: q.station.clock };
    const code = await q.hub.api<{ code: string }>('POST', '/api/v1/admin/enrolment-codes', { validHours: 4 });
    const refused = await requestEnrolment(wiped, new HubClient(httpTransport(q.hub.url), wiped.clock, null), { stationSecret: TEST_SECRET, keys: keyPool(97), scrypt: TEST_SCRYPT_PARAMS, enrolmentCode: code.body.code });
    expect(!refused.ok && refused.error.code).toBe('STATION_IDENTITY_INCIDENT');
    browser = await openBrowser();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await q?.close();
    wiped?.cleanup();
  });

  async function accessible(name: string) {
    const { axe, small } = await checkScreen(page, name);
    expect(axe, `${name}: serious axe violations`).toEqual([]);
    expect(small, `${name}: targets under 44 px`).toEqual([]);
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
  }

  async function signIn(username: string, password: string) {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('who').waitFor();
    await page.getByTestId('nav-stations').click();
    await page.getByTestId('identity-incidents').waitFor();
  }
  const dialog = () => page.getByRole('dialog');
  const row = () => page.getByTestId('identity-incidents').locator(`tr[data-station="${q.station.stationId}"]`);

  it('A11-13 A11-23 QA accepts in its role, then IT in its own; the incident shows the identity epoch and both names', async () => {
    await page.goto(`${q.hub.url}/console/`);
    await page.evaluate(() => localStorage.setItem('batchline.console.locale', 'en'));
    await page.reload();
    await signIn('qa.hub', HUB_PASSWORD);
    // QA is offered QA's acceptance only.
    expect(await row().getByTestId('accept-identity-admin').count()).toBe(0);
    await row().getByTestId('accept-identity-qa').click();
    await dialog().getByRole('textbox').first().fill('station PC replaced after a disk failure, ticket 4711');
    await accessible('console-identity-01-accept-dialog');
    await dialog().getByTestId('accept-identity-confirm').click();
    await expect.poll(() => row().textContent()).toContain('Accepted for QA by qa.hub');
    expect(await row().textContent()).toContain('Open: refused');
    expect(await row().getByTestId('accept-identity-qa').count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn('it.admin', ADMIN_PASSWORD);
    await row().getByTestId('accept-identity-admin').click();
    await dialog().getByRole('textbox').first().fill('PC replacement confirmed with the line manager');
    await dialog().getByTestId('accept-identity-confirm').click();
    const epoch = row().getByTestId('identity-epoch');
    await epoch.waitFor();
    expect(await epoch.textContent()).toMatch(/Kept as ledger ST-DEMO-01~2 \(identity epoch 2\): re-created .+, accepted by it\.admin \(IT\) and qa\.hub \(QA\)/);
    expect(await epoch.textContent()).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it('A11-13 the re-created station enrols and syncs; the stations list shows its epoch beside the old ledger, in Chinese too', async () => {
    await enrolStation(wiped, q.hub);
    unwrap(await syncService(wiped, httpTransport(q.hub.url)).runOnce());
    await page.getByRole('button', { name: 'Refresh' }).click();
    const stations = page.getByTestId('stations');
    await expect.poll(() => stations.textContent()).toContain('ST-DEMO-01~2');
    expect(await stations.textContent()).toContain('Re-created ST-DEMO-01: identity epoch 2');
    await accessible('console-identity-02-stations-epoch');
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => stations.textContent()).toContain('重建的 ST-DEMO-01：身份纪元 2');
    expect(await row().getByTestId('identity-epoch').textContent()).toContain('作为账本 ST-DEMO-01~2（身份纪元 2）保存');
  });
});
