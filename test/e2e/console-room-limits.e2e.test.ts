/**
 * FR-110 in Debian's Chromium, in zh-CN: QA changes a room's temperature limits in the rooms
 * screen, signs the change with a reason in the e-signature dialog, and sees the new limits in the
 * rooms table and the signed version (who, why) in the room's history. axe-core checks. Then a QA
 * person who enrolled a second factor signs the next change with the one-time code typed in the
 * signing dialog's code field (FR-101 in the browser): refused without it, signed with it.
 * Between the two, QA changes an equipment's calibration interval in the equipment screen, signed
 * the same way, and sees the change with its old and new value (FR-121). Then QA changes a
 * balance's periodic check plan in the balances screen (zh-CN): the form refuses a changed plan
 * under its old plan id before anything is signed, signs it under a new id, and reads the plan and
 * the signed change (old → new) back; a QP reads the plan and is offered no change (FR-123).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.ts';
import { expectNoEnglish } from './harness/english-words.ts';
import { expectAccessible, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { totpCode } from '../../src-core/auth/totp.ts';
import { HUB_PASSWORD } from '../quality/support/quality-hub.ts';
import { roomWithLimits } from '../environment/room-fixtures.ts';
import { at, granulator } from '../fixtures/equipment/equipment-fixtures.ts';
import type { Balance } from '../../src-shared/master-data/equipment.ts';

const ROOM = 'C2.11';
const STEWARD = { userId: 'u-md', username: 'md.steward', roles: ['master-data' as const] };
const BALANCE = 'BAL-C1';
const g = (amount: string) => ({ amount, unit: 'g' as const });

function balance(now: Date): Balance {
  return {
    balanceId: BALANCE, name: 'Analytical balance C1', model: 'XPR205', serialNumber: 'SN-C1', capacity: g('220.0000'), readability: g('0.0001'),
    calibration: { certificateId: 'CAL-C1', dueAt: at(now, 24 * 180) }, repeatability: { standardDeviation: g('0.00004'), determinedAt: at(now, -24 * 90) },
    minimumWeightSafetyFactor: null, boothId: null,
    checkPlan: { id: 'DC-C1', points: [{ testWeight: 'E2 200 g #A17', nominal: g('200.0000'), acceptance: g('0.0010') }, { testWeight: 'E2 10 g #A03', nominal: g('10.0000'), acceptance: g('0.0003') }], validForHours: 24 },
  };
}

describe('hub console: room limits', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;

  beforeAll(async () => {
    c = await startConsoleE2e(async (q) => {
      const put = await q.hub.hub.services.masterData.put(STEWARD, 'room', ROOM, { data: roomWithLimits(ROOM), reason: 'environmental limits per Annex 1', via: 'seed' });
      expect(put.ok).toBe(true);
      const registered = await q.hub.hub.services.masterData.put(STEWARD, 'equipment', 'GRN-01', { data: granulator(q.station.clock.now()) as Record<string, unknown>, reason: 'register', via: 'seed' });
      expect(registered.ok).toBe(true);
      const scale = await q.hub.hub.services.masterData.put(STEWARD, 'balance', BALANCE, { data: balance(q.station.clock.now()) as unknown as Record<string, unknown>, reason: 'register', via: 'seed' });
      expect(scale.ok).toBe(true);
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
    await expectNoEnglish(page, 'room-limits-zh-CN-01-signed');
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

  it('FR-123 FR-128 QA changes a balance check plan in the balances screen, signed, only under a new plan id, and reads the plan and the change back; a QP only reads, its signed changes read-only (zh-CN)', async () => {
    const { page, q } = c;
    await openConsole(c, 'zh-CN');
    await signInConsole(page, 'qa.hub');
    await page.getByTestId('nav-balances').click();
    const row = page.getByTestId(`balance-${BALANCE}`);
    expect(await row.textContent()).toContain('E2 10 g #A03：10.0000 g ± 0.0003 g');
    await page.getByTestId(`balance-edit-${BALANCE}`).click();
    await page.getByTestId('check-plan-none').waitFor(); // the history has loaded: no signed change yet
    expect(await page.getByTestId('check-plan-unchanged').textContent()).toContain('这就是现行计划');
    // A tighter 10 g acceptance and a shorter validity under the old id: the form says why it cannot be signed.
    await page.getByTestId('check-point-2-acceptance').fill('0.2');
    await page.getByTestId('check-point-2-acceptance-unit').selectOption('mg');
    await page.getByTestId('check-plan-valid-hours').fill('12');
    expect(await page.getByTestId('check-plan-sameId').textContent()).toContain('DC-C1');
    expect(await page.getByTestId('check-plan-sign').isDisabled()).toBe(true);
    await screenshot(page, 'balance-check-plan-zh-CN-00-same-id');
    await page.getByTestId('check-plan-id').fill('DC-C1-2');
    await page.getByTestId('check-plan-sign').click();
    await page.getByTestId('sign-text').fill('按 USP <1251> 回顾收紧 10 g 允差');
    await page.getByTestId('sign-password').fill(HUB_PASSWORD);
    await page.getByTestId('sign-submit').click();
    await page.getByTestId('check-plan-version-2').waitFor();
    await expectAccessible(c, 'balance-check-plan-zh-CN-01-signed');
    // Issue 18 item 9: no untranslated English on the zh-CN screen (the balance's and the signer's names are marked plant data).
    await expectNoEnglish(page, 'balance-check-plan-zh-CN-01-signed');
    const v2 = page.getByTestId('check-plan-version-2');
    expect(await v2.textContent()).toContain('Quinn Reviewer');
    expect(await v2.textContent()).toContain('收紧 10 g 允差');
    expect(await v2.getByTestId('check-plan-change-checkPlan-id').textContent()).toBe('计划编号：DC-C1→DC-C1-2');
    expect(await v2.getByTestId('check-plan-change-checkPlan-validForHours').textContent()).toBe('有效期（小时）：24 小时→12 小时');
    // Only the point that changed, by its place, old → new.
    expect(await v2.getByTestId('check-plan-change-checkPlan-points').textContent()).toBe('核查点 2：E2 10 g #A03：10.0000 g ± 0.0003 g→E2 10 g #A03：10.0000 g ± 0.2 mg');
    // Read back: the list shows the new plan, and the hub holds it as the balance's version 2.
    expect(await row.getByTestId('balance-plan-id').textContent()).toBe('DC-C1-2');
    expect(await row.getByTestId('balance-valid-for').textContent()).toBe('12 小时');
    const stored = await q.hub.hub.services.masterData.get('balance', BALANCE);
    expect(stored.ok && stored.value).toMatchObject({ version: 2, data: { checkPlan: { id: 'DC-C1-2', validForHours: 12, points: [{ acceptance: g('0.0010') }, { acceptance: { amount: '0.2', unit: 'mg' } }] } } });
    await signOutConsole(page, 'zh-CN');
    // A QP reads the plan and is offered no change.
    await signInConsole(page, 'qp.hub');
    await page.getByTestId('nav-balances').click();
    expect(await page.getByTestId(`balance-${BALANCE}`).getByTestId('balance-plan-id').textContent()).toBe('DC-C1-2');
    expect(await page.getByTestId(`balance-edit-${BALANCE}`).count()).toBe(0);
    // FR-128: and opens its signed changes read-only: the version QA signed, no form, no sign button.
    await page.getByTestId(`balance-history-${BALANCE}`).click();
    const card = page.getByTestId('check-plan-history-card');
    await card.getByTestId('check-plan-version-2').waitFor();
    expect(await card.getByTestId('check-plan-change-checkPlan-id').textContent()).toContain('DC-C1-2');
    expect(await card.locator('input, select, textarea').count()).toBe(0);
    expect(await page.getByTestId('check-plan-sign').count()).toBe(0);
    await card.getByTestId('check-plan-history-card-close').click();
    expect(await page.getByTestId('check-plan-history-card').count()).toBe(0);
    await signOutConsole(page, 'zh-CN');
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
