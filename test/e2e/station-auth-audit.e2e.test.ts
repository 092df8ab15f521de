/**
 * Web mode end to end, in Debian's Chromium: log in (a wrong password refused with its reason),
 * an admin creates a user, the forced first password change, lock and unlock, the idle
 * auto-lock, a wedge scan that never leaks into a text field, the audit trail filtered and
 * exported, a settings change recorded, the language switched to zh-CN at run time, the CSP
 * refusing an injected script; axe-core and touch-target checks on every screen; then
 * `batchline verify` passes on the station's database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectScreenAccessible } from './harness/browser.ts';
import { startDemoStationE2e, type DemoStationE2e } from './harness/demo-station.ts';
import { DEMO_PASSWORD as PW, loginByLabel, wedgeScan } from './harness/station-page.ts';
import { totpCode } from '../../src-core/auth/totp.ts';

let e2e: DemoStationE2e;
let page: Page;
const login = (username: string, password = PW) => loginByLabel(page, username, password);
const expectAccessible = (name: string) => expectScreenAccessible(page, name);

describe('station web mode: auth, lock, users, settings, audit, languages', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    e2e = await startDemoStationE2e({ name: 'auth', preparePage: (p) => p.clock.install() });
    page = e2e.page;
  }, 180_000);

  afterAll(() => e2e?.close());

  it('refuses a wrong password with the reason, then logs the admin in', async () => {
    await page.getByTestId('login-screen').waitFor();
    await expectAccessible('01-login');
    await login('admin', 'not-the-password');
    await expect(page.getByTestId('error').getAttribute('data-code')).resolves.toBe('AUTH_INVALID_CREDENTIALS');
    await expect(page.getByTestId('error').textContent()).resolves.toContain('User name or password is wrong');
    await login('admin');
    await page.getByTestId('users-screen').waitFor();
    await expectAccessible('02-users');
  });

  it('P11-26 P11-13 creates a user whose one-time password only lets them choose their own in front of QA, then signs the e-signature acknowledgement at first login', async () => {
    await page.getByLabel('User name').fill('op.zhao');
    await page.getByLabel('Printed name').fill('Zhao Min');
    await page.getByLabel('One-time password').fill('Temporary-Pass-42');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('User op.zhao created').waitFor();
    await page.getByTestId('logout').click();
    await login('op.zhao', 'Temporary-Pass-42');
    await expect(page.getByTestId('error').getAttribute('data-code')).resolves.toBe('AUTH_ACCOUNT_PENDING');
    // 11.100(b): a second person, here QA, records how the holder's identity was verified.
    await login('qa.chen');
    await page.getByTestId('nav-users').click();
    await page.getByRole('button', { name: 'Verify identity: op.zhao' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/How the identity was verified/).fill('Badge and ID card seen in person');
    // The holder types the one-time password and chooses their own, in front of QA.
    await dialog.getByLabel('One-time password (typed by the holder)').fill('Temporary-Pass-42');
    await dialog.getByLabel("Holder's new password", { exact: true }).fill('Cleanroom-Ready-7');
    await dialog.getByLabel("Holder's new password again").fill('Cleanroom-Ready-7');
    await expectAccessible('03-holder-sets-password');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('tr[data-username="op.zhao"]').getByText('Active').waitFor();
    await page.getByTestId('logout').click();
    await login('op.zhao', 'Temporary-Pass-42');
    await expect(page.getByTestId('error').getAttribute('data-code')).resolves.toBe('AUTH_INVALID_CREDENTIALS');
    await login('op.zhao', 'Cleanroom-Ready-7');
    // P11-13: before anything else, the statement in both languages, signed with the password.
    await page.getByTestId('esig-ack-screen').waitFor();
    await page.getByTestId('esig-statement').getByText('I accept that my electronic signature is the legally binding equivalent of my handwritten signature.').waitFor();
    await page.getByTestId('esig-statement').getByText('本人确认：本人的电子签名与本人的手写签名具有同等法律效力。').waitFor();
    await expectAccessible('03b-esig-acknowledgement');
    await page.getByTestId('esig-ack-screen').getByLabel('Your password').fill('Cleanroom-Ready-7');
    await page.getByTestId('esig-submit').click();
    await page.getByTestId('nav-devices').waitFor();
  });

  it('shows the simulated balance live on the device screen', async () => {
    await page.getByTestId('nav-devices').click();
    const balance = page.getByTestId('balance-BAL-A01');
    await balance.waitFor();
    await balance.getByTestId('sim-amount').fill('12.5');
    await balance.getByTestId('sim-place').click();
    await balance.getByTestId('balance-reading').filter({ hasText: '12.5000 g (stable)' }).waitFor({ timeout: 10_000 });
    await expect(balance.getByTestId('balance-state').textContent()).resolves.toBe('Connected');
    await expectAccessible('04-devices');
  });

  it('keeps a wedge scan out of a text field and still lets a person type', async () => {
    const amount = page.getByTestId('balance-BAL-A01').getByTestId('sim-amount');
    await amount.fill('');
    await amount.focus();
    await wedgeScan(page, '0109501101530003');
    await page.getByTestId('scan-ignored').filter({ hasText: '0109501101530003' }).waitFor();
    await expect(amount.inputValue()).resolves.toBe('');
    // Slower than the station's wedge timing (200 ms here): a person typing, given back in order.
    await page.keyboard.type('7.25', { delay: 400 });
    await expect.poll(() => amount.inputValue()).toBe('7.25');
  });

  it('locks on request and after idling, and unlocks only with the password', async () => {
    await page.getByTestId('lock').click();
    await page.getByTestId('lock-screen').waitFor();
    await expectAccessible('05-lock');
    await page.getByLabel('Password').fill('wrong-password-1');
    await page.getByTestId('unlock-submit').click();
    await expect(page.getByTestId('error').getAttribute('data-code')).resolves.toBe('AUTH_INVALID_CREDENTIALS');
    await page.getByLabel('Password').fill('Cleanroom-Ready-7');
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('nav-devices').click();
    await page.getByTestId('devices-screen').waitFor();
    await page.clock.fastForward('10:05');
    await page.getByTestId('lock-screen').waitFor();
    await page.getByLabel('Password').fill('Cleanroom-Ready-7');
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('devices-screen').waitFor();
    // The live feed stopped at the lock and is named again for the unlocked session (12.5 g + 3.25 g).
    const balance = page.getByTestId('balance-BAL-A01');
    await balance.getByTestId('sim-amount').fill('3.25');
    await balance.getByTestId('sim-place').click();
    await balance.getByTestId('balance-reading').filter({ hasText: '15.7500 g (stable)' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('logout').click();
  });

  it('records a settings change with its reason', async () => {
    await login('admin');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-screen').waitFor();
    await expectAccessible('06-settings');
    const limits = page.getByTestId('settings-limits');
    await limits.getByTestId('limit-stableTimeoutSeconds').fill('15');
    await limits.getByLabel('Reason for the change').fill('SOP-114 revision 4');
    // A11-17: the admin proposes; the change waits for a second person's signed approval.
    await limits.getByRole('button', { name: 'Propose change of Limits' }).click();
    await limits.getByText(/^Proposed as entry \d+: waits for a second person to approve it\.$/).waitFor();
    await page.getByTestId('settings-pending').getByText('SOP-114 revision 4', { exact: false }).waitFor();
    await page.getByTestId('logout').click();
  });

  it('A11-17 QA approves the proposed change with an e-signature; only then is it in force', async () => {
    await login('qa.chen');
    await page.getByTestId('nav-settings').click();
    const pending = page.getByTestId('settings-pending');
    await pending.getByText('SOP-114 revision 4', { exact: false }).waitFor();
    const version = await page.getByTestId('config-version').textContent();
    const form = pending.locator('form[data-testid^="approve-"]');
    await expect(form.getByLabel('User name of the signer').inputValue()).resolves.toBe('qa.chen');
    await form.getByLabel('Password of the signer').fill(PW);
    await form.getByRole('button', { name: 'Approve with my signature' }).click();
    await page.getByText('No change waits for approval.').waitFor();
    await expect.poll(() => page.getByTestId('config-version').textContent()).not.toBe(version);
    await expectAccessible('06b-settings-approval');
  });

  it('D25-03 enrols an authenticator under My account: the secret shown once, confirmed with a current code', async () => {
    await page.getByTestId('nav-account').click();
    await page.getByTestId('account-screen').waitFor();
    await page.getByTestId('mfa-start').click();
    const secret = (await page.getByTestId('mfa-secret').textContent())!;
    const enrol = page.getByTestId('mfa-enrol');
    await enrol.getByLabel('Code the app shows now').fill(totpCode(secret, new Date()));
    await enrol.getByLabel('Your password').fill(PW);
    await page.getByTestId('mfa-confirm').click();
    await page.getByText(/^Enrolled and recorded \(entry \d+\)\.$/).waitFor();
    await expect(page.getByTestId('mfa-state').textContent()).resolves.toBe('A second factor is enrolled. Enrolling again replaces it.');
    await expectAccessible('06c-account-mfa');
    await page.getByTestId('logout').click();
  });

  it('D25-01 lets QA filter and export the audit trail, which records the export', async () => {
    await login('qa.chen');
    await page.getByTestId('audit-screen').waitFor();
    await page.getByTestId('audit-type').fill('session.');
    await page.getByTestId('audit-apply').click();
    const table = page.getByTestId('audit-table');
    await table.locator('tr[data-type="session.login_failed"]').first().waitFor();
    await expect(table.locator('tr[data-type="session.locked"]').count()).resolves.toBe(2);
    await expect(table.locator('tr[data-type="session.unlocked"]').count()).resolves.toBe(2);
    await expect(table.locator('tr[data-type="session.login_failed"]').first().textContent()).resolves.toContain('Login failed: admin');
    await expectAccessible('07-audit');
    await page.getByTestId('audit-type').fill('settings.');
    await page.getByTestId('audit-apply').click();
    await table.locator('tr[data-type="settings.proposed"]').filter({ hasText: 'SOP-114 revision 4' }).waitFor();
    await table.locator('tr[data-type="settings.changed"]').filter({ hasText: 'SOP-114 revision 4' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export (recorded)' }).click();
    await expect((await download).suggestedFilename()).toMatch(/^audit-ST-DEMO-01-\d+\.json$/);
    // The harness's approved scanner change and this one: each a proposal and a change.
    await page.getByText(/Exported 4 entries; the export is recorded as entry \d+/).waitFor();
  });

  it('A11-14 P11-03 QA exports the filtered audit trail as PDF and CSV; the PDF prints page n of m and the CSV\'s hash', async () => {
    const out = mkdtempSync(join(tmpdir(), 'batchline-station-audit-'));
    try {
      const csvDl = page.waitForEvent('download');
      await page.getByTestId('audit-export-csv').click();
      const csvFile = join(out, 'audit.csv');
      await (await csvDl).saveAs(csvFile);
      const hash = createHash('sha256').update(readFileSync(csvFile)).digest('hex');
      await page.getByText(new RegExp(`Exported 4 entries as CSV; the export is recorded as entry \\d+; content hash ${hash}`)).waitFor();
      expect(readFileSync(csvFile, 'utf8')).toContain('SOP-114 revision 4');
      const pdfDl = page.waitForEvent('download');
      await page.getByTestId('audit-export-pdf').click();
      const pdfFile = join(out, 'audit.pdf');
      await (await pdfDl).saveAs(pdfFile);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toMatch(/Page1of1/);
      expect(text).toContain(hash);
      expect(text).toContain('Settings"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('switches to Chinese at run time, with locale dates', async () => {
    await page.getByTestId('language').click();
    await page.getByRole('heading', { name: '审计追踪' }).waitFor();
    await expect(page.getByTestId('nav-devices').textContent()).resolves.toBe('设备');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await page.getByTestId('audit-type').fill('session.login');
    await page.getByTestId('audit-apply').click();
    const firstTime = await page.getByTestId('audit-table').locator('tbody tr td').nth(1).textContent();
    expect(firstTime).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(firstTime).toContain('GMT+8');
    await expectAccessible('08-audit-zh-CN');
    await page.getByTestId('logout').click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await expectAccessible('09-login-zh-CN');
    await page.getByTestId('language').click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
  });

  it('P11-05 signing out clears what the previous user had on screen: the QP who signs in after QA sees no QA batch page', async () => {
    await login('qa.chen');
    await page.getByTestId('audit-screen').waitFor();
    await page.getByTestId('audit-type').fill('weighing.');
    await page.getByTestId('nav-record').click();
    await page.getByTestId('record-screen').waitFor();
    // The record screen fills its batch list after it appears: QA has a batch page open once it has.
    const batchChoice = page.getByTestId('record-screen').getByRole('combobox');
    await expect.poll(() => batchChoice.inputValue(), { timeout: 10_000 }).not.toBe('');
    await page.getByTestId('logout').click();
    await page.getByTestId('login-screen').waitFor();
    await expect(page.getByTestId('record-screen').count()).resolves.toBe(0);
    await login('qp.mueller');
    // The QP starts at their own home screen, with nothing of QA's: no batch page, no filter.
    await page.getByTestId('audit-screen').waitFor();
    await expect(page.getByTestId('record-screen').count()).resolves.toBe(0);
    await expect(page.getByTestId('audit-type').inputValue()).resolves.toBe('');
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain('Müller');
    await page.getByTestId('logout').click();
  });

  it('D25-07 refuses an injected inline script (CSP)', async () => {
    const injected = await page
      .addScriptTag({ content: 'window.__injected = true' })
      .then(() => page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected ?? false))
      .catch(() => false);
    expect(injected).toBe(false);
  });

  it('leaves a database that batchline verify accepts', async () => {
    const v = await e2e.stopAndVerify();
    expect(v.out).toMatch(/verified \d+ entries/);
    expect(v.status).toBe(0);
  });
});
