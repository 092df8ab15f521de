/**
 * FR-110 in Debian's Chromium, in zh-CN: QA changes a room's temperature limits in the rooms
 * screen, signs the change with a reason in the e-signature dialog, and sees the new limits in the
 * rooms table and the signed version (who, why) in the room's history. axe-core checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, openConsole, signInConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { HUB_PASSWORD } from '../quality/support/quality-hub.ts';
import { roomWithLimits } from '../environment/room-fixtures.ts';

const ROOM = 'C2.11';
const STEWARD = { userId: 'u-md', username: 'md.steward', roles: ['master-data' as const] };

describe('hub console: room limits', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;

  beforeAll(async () => {
    c = await startConsoleE2e(async (q) => {
      const put = await q.hub.hub.services.masterData.put(STEWARD, 'room', ROOM, { data: roomWithLimits(ROOM), reason: 'environmental limits per Annex 1' });
      expect(put.ok).toBe(true);
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
  });
});
