/**
 * The station's re-issue of a revoked signing certificate in the browser (issue 10 item 7):
 * the Users screen shows the revocation, an administrator asks for a new certificate with a
 * reason, QA approves with the holder present typing their own password; then the supervisor
 * signs again and `batchline verify` accepts the database. axe-core on the dialogs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { ok, unwrap } from '../../src-shared/result.ts';
import { createStation } from '../../src-main/compose.ts';
import { createRevocationList } from '../../src-core/pki/revocation-list.ts';
import { pullRevocations } from '../../src-main/sync/revocation-puller.ts';
import type { HubClient } from '../../src-main/sync/hub-client.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { E2E_SECRET } from './harness/demo-db.ts';
import { expectScreenAccessible } from './harness/browser.ts';
import { startDemoStationE2e, type DemoStationE2e } from './harness/demo-station.ts';
import { DEMO_PASSWORD as PW, loginByLabel } from './harness/station-page.ts';

let e2e: DemoStationE2e;
let page: Page;
const login = (username: string, password = PW) => loginByLabel(page, username, password);
const expectAccessible = (name: string) => expectScreenAccessible(page, name);

/** The supervisor's certificate revoked, as the hub CA's list would say after a sync. */
async function revokeSupervisor(dbPath: string): Promise<void> {
  const s = unwrap(createStation({ dbPath, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool() }));
  try {
    const fp = s.users.byUsername('sup.wang')!.signingCertFingerprint!;
    const { serial_number: serialNumber } = s.db.sqlite.prepare('select serial_number from certificates where fingerprint = ?').get(fp) as { serial_number: string };
    const now = s.clock.now();
    // X.509 times have whole seconds, rounded down: revoke a little later than the demo batch's
    // signatures, or the list would date the revocation before signatures made in the same second.
    const revokedAt = new Date(now.getTime() + 2000);
    const crlPem = createRevocationList({ caCertPem: s.ca.caCertPem, caKeyPem: keyPool().nextCa!().privateKeyPem, number: now.getTime(), thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000), revoked: [{ serialNumber, revokedAt, reason: 'keyCompromise' }] });
    const hub = { revocations: async () => ok({ crlPem }) } as unknown as HubClient;
    unwrap(await pullRevocations(s.ledger, hub, s.ca.caCertPem));
  } finally {
    s.close();
  }
}

describe('station web mode: re-issue of a revoked signing certificate', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    e2e = await startDemoStationE2e({ name: 'reissue', prepareDb: revokeSupervisor });
    page = e2e.page;
  }, 180_000);

  afterAll(() => e2e?.close());

  it('P11-30 an administrator asks for a new certificate; QA approves with the holder typing their own password', async () => {
    await login('admin');
    await page.getByTestId('nav-users').click();
    const row = page.locator('tr[data-username="sup.wang"]');
    await row.getByTestId('certificate-revoked').waitFor();
    await expect(row.getByTestId('certificate-revoked').textContent()).resolves.toMatch(/signing certificate revoked/);
    await page.getByRole('button', { name: 'Ask for a new certificate: sup.wang' }).click();
    await page.getByRole('dialog').getByLabel('Reason for the change').fill('identity re-checked after the badge report');
    await expectAccessible('reissue-request');
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await row.getByText(/re-issue waiting for QA/).waitFor();
    // The administrator cannot approve their own request: the button is not theirs.
    await expect(page.getByRole('button', { name: 'Approve the new certificate: sup.wang' }).count()).resolves.toBe(0);
    await page.getByTestId('logout').click();

    await login('qa.chen');
    await page.getByTestId('nav-users').click();
    await page.getByRole('button', { name: 'Approve the new certificate: sup.wang' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/How the identity was verified/).fill('Badge and ID card seen in person');
    await dialog.getByLabel(/The holder's own password/).fill('Not-the-password-1');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog.getByTestId('error').getAttribute('data-code')).resolves.toBe('AUTH_INVALID_CREDENTIALS');
    await expectAccessible('reissue-approve');
    await dialog.getByLabel(/The holder's own password/).fill(PW);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.locator('tr[data-username="sup.wang"]').getByTestId('certificate-revoked').waitFor({ state: 'detached' });
    await page.locator('tr[data-username="sup.wang"]').getByText('Active').waitFor();
  });

  it('leaves a database that batchline verify accepts', async () => {
    const v = await e2e.stopAndVerify();
    expect(v.out).toMatch(/verified \d+ entries/);
    expect(v.status).toBe(0);
  });
});
