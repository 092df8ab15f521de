/**
 * Hub account administration in the console (issue 10 item 5), in Debian's Chromium: IT creates
 * an account that stays pending; its maker is refused as verifier; a second administrator
 * verifies the holder, who chooses their own password there; disable, enable, unlock and reset
 * (one-time password shown once), each with a reason; refusals in English and in Chinese.
 * The hub starts with the site policy `--signing-mfa-roles qa` (FR-101): a QA person enrols an
 * authenticator under My account and signs with its code; one without is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { expectAccessible, openConsole, signInConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import type { QualityHub } from '../quality/support/quality-hub.ts';
import { ADMIN_PASSWORD, SECOND_ADMIN } from '../hub/support/test-hub.ts';
import { hubUsers } from '../../src-server/db/schema.ts';
import { totpCode } from '../../src-core/auth/totp.ts';
import { HUB_PASSWORD } from '../quality/support/quality-hub.ts';

const ONE_TIME = 'Handed-over-2026!';

describe('hub console: account administration', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;
  let q: QualityHub;
  let page: Page;

  beforeAll(async () => {
    // The site policy at start-up (as `batchline hub --signing-mfa-roles qa`): no account test below signs as QA but the last.
    c = await startConsoleE2e(undefined, { signingMfaRoles: ['qa'] });
    ({ q, page } = c);
  }, 180_000);

  afterAll(() => c?.close());

  /** Signs in as an administrator and opens the accounts. */
  async function signIn(username: string, password = ADMIN_PASSWORD) {
    await signInConsole(page, username, password);
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users').waitFor();
  }

  const status = (username: string) => page.getByTestId(`account-status-${username}`);
  const dialog = () => page.getByRole('dialog');

  async function act(action: string, username: string, reason: string) {
    await page.getByTestId(`account-${action}-${username}`).click();
    await dialog().getByRole('textbox').first().fill(reason);
    await dialog().getByTestId('account-confirm').click();
  }

  it('P11-26 A11-20 IT creates an account; its maker cannot verify it; a second administrator verifies the holder, who chooses their own password', async () => {
    await openConsole(c, 'en');
    await signIn('it.admin');
    await page.getByTestId('create-user').click();
    await dialog().getByLabel('User name').fill('qa.new');
    await dialog().getByLabel('Name', { exact: true }).fill('Nora New');
    await dialog().getByLabel('Initial password').fill(ONE_TIME);
    await dialog().getByLabel('QA', { exact: true }).check();
    await dialog().getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => status('qa.new').getAttribute('data-status')).toBe('pending');
    expect(await status('qa.new').textContent()).toBe('Waiting for identity check');

    // The maker is refused, with the reason, in the reader's language.
    await page.getByTestId('account-verify-qa.new').click();
    await dialog().getByLabel(/How the identity was verified/).fill('Badge and ID card seen in person');
    await dialog().getByLabel('One-time password (typed by the holder)').fill(ONE_TIME);
    await dialog().getByLabel("Holder's new password", { exact: true }).fill('Kestrel-Harbour-78');
    await dialog().getByLabel("Holder's new password again").fill('Kestrel-Harbour-78');
    await expectAccessible(c, 'console-accounts-01-verify-dialog');
    await dialog().getByTestId('account-confirm').click();
    const refusal = dialog().getByTestId('error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await refusal.textContent()).toContain('The hub does not allow you to do this here');
    expect(await refusal.textContent()).toContain('cannot also verify its holder');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(SECOND_ADMIN);
    await page.getByTestId('account-verify-qa.new').click();
    await dialog().getByLabel(/How the identity was verified/).fill('Badge and ID card seen in person');
    await dialog().getByLabel('One-time password (typed by the holder)').fill(ONE_TIME);
    await dialog().getByLabel("Holder's new password", { exact: true }).fill('Kestrel-Harbour-78');
    await dialog().getByLabel("Holder's new password again").fill('Kestrel-Harbour-78');
    await dialog().getByTestId('account-confirm').click();
    await expect.poll(() => status('qa.new').getAttribute('data-status')).toBe('active');
    const login = await q.hub.api<{ token?: string }>('POST', '/api/v1/auth/login', { username: 'qa.new', password: 'Kestrel-Harbour-78' });
    expect(login.status).toBe(200);
    await expectAccessible(c, 'console-accounts-02-users-actions');
  });

  it('A11-20 disable, enable, unlock and reset, each with a reason; the reset shows its one-time password once', async () => {
    await act('disable', 'qa.new', 'left the company');
    await expect.poll(() => status('qa.new').getAttribute('data-status')).toBe('disabled');
    await act('enable', 'qa.new', 'rehired, same person');
    await expect.poll(() => status('qa.new').getAttribute('data-status')).toBe('active');

    // Locked after failed logins elsewhere (set directly: the point here is the way back).
    await q.hub.hub.db.orm.update(hubUsers).set({ status: 'locked' }).where(eq(hubUsers.username, 'qa.new'));
    await page.getByTestId('nav-stations').click();
    await page.getByTestId('nav-users').click();
    await expect.poll(() => status('qa.new').getAttribute('data-status')).toBe('locked');
    await act('unlock', 'qa.new', 'holder called the help desk');
    await expect.poll(() => status('qa.new').getAttribute('data-status')).toBe('active');

    await act('reset', 'qa.new', 'forgot the password');
    const shown = page.getByTestId('one-time-password');
    await shown.waitFor();
    expect(await shown.textContent()).toMatch(/One-time password \S{8,}/);
    await dialog().getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => status('qa.new').getAttribute('data-status')).toBe('pending');
    const trail = await q.hub.api<{ action: string; subject: string }[]>('GET', '/api/v1/audit?limit=200');
    expect(trail.status).toBe(200);
    const actions = trail.body.map((a) => a.action);
    for (const a of ['user.disabled', 'user.enabled', 'user.unlocked', 'user.password_reset']) expect(actions, a).toContain(a);
  });

  it('A11-20 nobody administers their own account: refused in Chinese too', async () => {
    await page.getByTestId('locale-toggle').click();
    await page.getByTestId(`account-disable-${SECOND_ADMIN}`).click();
    await dialog().getByRole('textbox').first().fill('自己停用自己');
    await dialog().getByTestId('account-confirm').click();
    const refusal = dialog().getByTestId('error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await refusal.textContent()).toContain('中心服务器不允许您在此执行该操作');
    await expectAccessible(c, 'console-accounts-03-refusal-zh-CN');
    await dialog().getByRole('button', { name: '取消' }).click();
    await expect.poll(() => status(SECOND_ADMIN).getAttribute('data-status')).toBe('active');
    expect(await status(SECOND_ADMIN).textContent()).toBe('正常');
  });
  it('FR-101 with --signing-mfa-roles qa, a QA person enrols an authenticator under My account (the code computed from the secret shown) and signs with it; a QA person without one is refused, the code in words', async () => {
    const clock = q.station.clock;
    await openConsole(c, 'en');
    // Without a factor: My account says the role needs one, and a signature is refused with the typed code in words.
    await signInConsole(page, 'qa.second', HUB_PASSWORD);
    await page.getByTestId('nav-account').click();
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('Your role needs a second factor at signing and you have not enrolled one: enrol it before you sign.');
    const raise = async (title: string, otp: string) => {
      await page.getByTestId('nav-deviations').click();
      await page.getByTestId('deviation-raise').click();
      await page.getByTestId('raise-title').fill(title);
      await page.getByTestId('raise-description').fill('Label printer in booth 2 printed a blank line.');
      await page.getByTestId('raise-password').fill(HUB_PASSWORD);
      await page.getByTestId('otp-1').fill(otp);
      await page.getByTestId('raise-submit').click();
    };
    await raise('Blank label line', '123456');
    const refusal = page.getByTestId('raise-form').getByTestId('error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('SIGNATURE_MFA_NOT_ENROLLED');
    expect(await refusal.textContent()).toContain('Signing needs a second factor, and this person has not enrolled one yet (My account → Second factor).');
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Enrolled from the screen: the secret it shows, the code of this moment, the password.
    await signInConsole(page, 'qa.hub', HUB_PASSWORD);
    await page.getByTestId('nav-account').click();
    await page.getByTestId('mfa-start').click();
    const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByTestId('mfa-code').fill(totpCode(secret, clock.now()));
    await page.getByTestId('mfa-password').fill(HUB_PASSWORD);
    await expectAccessible(c, 'console-accounts-04-mfa-enrol');
    await page.getByTestId('mfa-confirm').click();
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toMatch(/^An authenticator is enrolled/);

    // The next code signs (the enrolment spent this one).
    clock.advance(30_000);
    await raise('Blank label line again', totpCode(secret, clock.now()));
    await expect.poll(() => page.getByTestId('deviation-state').getAttribute('data-state')).toBe('raised');
    const trail = await q.hub.api<{ action: string; actor: string; ok: boolean; details: { code?: string } | null }[]>('GET', '/api/v1/audit?limit=200');
    expect(trail.body.filter((a) => a.actor === 'qa.second' && !a.ok).map((a) => a.details?.code)).toContain('SIGNATURE_MFA_NOT_ENROLLED');
    expect(trail.body.map((a) => [a.action, a.actor])).toContainEqual(['user.mfa_enrolled', 'qa.hub']);
  });
});
