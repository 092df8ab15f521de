/**
 * FR-110 in Debian's Chromium, in zh-CN: QA changes a room's temperature limits in the rooms
 * screen, signs the change with a reason in the e-signature dialog, and sees the new limits in the
 * rooms table and the signed version (who, why) in the room's history. axe-core checks. Then a QA
 * person who enrolled a second factor signs the next change with the one-time code typed in the
 * signing dialog's code field (FR-101 in the browser): refused without it, signed with it.
 * Between the two, QA changes an equipment's calibration interval in the equipment screen, signed
 * the same way, and sees the change with its old and new value (FR-121).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { totpCode } from '../../src-core/auth/totp.ts';
import { HUB_PASSWORD } from '../quality/support/quality-hub.ts';
import { roomWithLimits } from '../environment/room-fixtures.ts';
import { granulator } from '../fixtures/equipment/equipment-fixtures.ts';

const ROOM = 'C2.11';
const STEWARD = { userId: 'u-md', username: 'md.steward', roles: ['master-data' as const] };

describe('hub console: room limits', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;

  beforeAll(async () => {
    c = await startConsoleE2e(async (q) => {
      const put = await q.hub.hub.services.masterData.put(STEWARD, 'room', ROOM, { data: roomWithLimits(ROOM), reason: 'environmental limits per Annex 1', via: 'seed' });
      expect(put.ok).toBe(true);
      const registered = await q.hub.hub.services.masterData.put(STEWARD, 'equipment', 'GRN-01', { data: granulator(q.station.clock.now()) as Record<string, unknown>, reason: 'register', via: 'seed' });
      expect(registered.ok).toBe(true);
    });
  }, 300_000);

  afterAll(() => c?.close());

  it('FR-110 QA changes a room’s limits with a signature and a reason and sees the new limits and the signed version (zh-CN)', async () => {
    const { page } = c;
    await openConsole(c, 'zh-CN');
    await signInConsole(page, 'qa.hub');
    await page.getByTestId('nav-rooms').click();
    await page.getByTestId(`room-edit-${ROOM}`).click();
    await page.getByTestId('limit-temperature-alertHigh').fill('21');
    await page.getByTestId('limit-temperature-actionHigh').fill('22');
    await page.getByTestId('limits-sign').click();
    await page.getByTestId('sign-text').fill('年度 Annex 1 回顾：收紧 C 级温度限度');
    await page.getByTestId('sign-password').fill(HUB_PASSWORD);
    await page.getByTestId('sign-submit').click();
    await page.getByTestId('room-version-2').waitFor();
    expect(await page.getByTestId(`room-${ROOM}-temperature`).getByTestId('room-alert').textContent()).toBe('18 … 21');
    expect(await page.getByTestId(`room-${ROOM}-temperature`).getByTestId('room-action').textContent()).toBe('15 … 22');
    const v2 = await page.getByTestId('room-version-2').textContent();
    expect(v2).toContain('由 Quinn Reviewer 签名');
    expect(v2).toContain('收紧 C 级温度限度');
    expect(v2).toContain('温度');
    expect(await page.getByTestId('room-version-1').textContent()).toContain('md.steward');
    await expectAccessible(c, 'room-limits-zh-CN-01-signed');
    await signOutConsole(page, 'zh-CN');
  });

  it('FR-121 QA changes an equipment plan setting in the equipment screen with a signature and a reason and sees the new plan and the signed change with old and new value', async () => {
    const { page } = c;
    await openConsole(c, 'en');
    await signInConsole(page, 'qa.hub');
    await page.getByTestId('nav-equipment').click();
    expect(await page.getByTestId('equipment-GRN-01').textContent()).toContain('every 180 days');
    await page.getByTestId('equipment-edit-GRN-01').click();
    await page.getByTestId('equipment-plan-none').waitFor(); // the history has loaded: no signed change yet
    expect(await page.getByTestId('equipment-plan-history').count()).toBe(0);
    await page.getByTestId('plan-calibration-interval').fill('365');
    await page.getByTestId('plan-sign').click();
    await page.getByTestId('sign-text').fill('Calibration interval extended per CAL-REP-2026-07');
    await page.getByTestId('sign-password').fill(HUB_PASSWORD);
    await page.getByTestId('sign-submit').click();
    await page.getByTestId('plan-version-2').waitFor();
    const v2 = await page.getByTestId('plan-version-2').textContent();
    expect(v2).toContain('Quinn Reviewer');
    expect(v2).toContain('CAL-REP-2026-07');
    // Only the setting changed is listed, with its old and new value.
    expect(v2).toContain('Calibration interval (days): 180 → 365');
    expect(v2!.split('→')).toHaveLength(2);
    expect(await page.getByTestId('equipment-GRN-01').textContent()).toContain('every 365 days');
    await signOutConsole(page, 'en');
  });

  it('FR-101 FR-110 a signer with a second factor signs in the browser with the TOTP code from the dialog; without it the hub refuses and nothing changes', async () => {
    const { page, q } = c;
    // qa.second enrols a second factor (API, as the account screen does), on the hub's clock.
    const token = await q.token('qa.second');
    const code = (secret: string, stepsAhead = 0) => totpCode(secret, new Date(q.station.clock.now().getTime() + stepsAhead * 30_000));
    const { secret } = (await q.hub.api<{ secret: string }>('POST', '/api/v1/me/mfa/start', undefined, token)).body;
    expect((await q.hub.api<{ enrolled: boolean }>('POST', '/api/v1/me/mfa/confirm', { secret, code: code(secret), password: HUB_PASSWORD }, token)).body.enrolled).toBe(true);

    await openConsole(c, 'en');
    await signInConsole(page, 'qa.second');
    await page.getByTestId('nav-rooms').click();
    await page.getByTestId(`room-edit-${ROOM}`).click();
    await page.getByTestId('limit-temperature-alertLow').fill('19');
    await page.getByTestId('limits-sign').click();
    await page.getByTestId('sign-text').fill('Second review: raise the alert low limit');
    await page.getByTestId('sign-password').fill(HUB_PASSWORD);
    await page.getByTestId('sign-submit').click();
    await expect.poll(() => page.getByTestId('sign-dialog').getByTestId('error').getAttribute('data-code'), { timeout: 10_000 }).toMatch(/^SIGNATURE_MFA_/);
    expect(await page.getByTestId('room-version-3').count()).toBe(0);
    // The code of the next step: the one used at enrolment is spent (a code is good once).
    await page.getByTestId('sign-otp').fill(code(secret, 1));
    await page.getByTestId('sign-password').fill(HUB_PASSWORD);
    await page.getByTestId('sign-submit').click();
    await page.getByTestId('room-version-3').waitFor();
    expect(await page.getByTestId('room-version-3').textContent()).toContain('Signed by Sam Second');
    expect(await page.getByTestId(`room-${ROOM}-temperature`).getByTestId('room-alert').textContent()).toBe('19 … 21');
  });
});
