/**
 * Alarms on the station's screen (issue 13 item 5), in Debian's Chromium: an action excursion
 * in the booth's room (a differential pressure reading below the action limit, recorded before
 * the station opens) shows as an alarm on every screen, in English and in Chinese; the
 * supervisor acknowledges it with a comment and it leaves the list of open alarms. Three open
 * alarms on an operator's screen are one line beside the menu (the most severe and the count),
 * no taller than the menu, so the screen's own controls are not pushed out of sight
 * (station-alarm-fold.e2e.test.ts checks the weighing controls); the list opens on demand, one
 * line each with the details folded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { unwrap } from '../../src-shared/result.ts';
import { createStation } from '../../src-main/compose.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { reading, roomWithLimits } from '../environment/room-fixtures.ts';
import { E2E_SECRET } from './harness/demo-db.ts';
import { checkScreen } from './harness/browser.ts';
import { startDemoStationE2e, type DemoStationE2e } from './harness/demo-station.ts';
import { loginByLabel } from './harness/station-page.ts';

const ROOM = 'B1.04';
const OTHER_ROOM = 'B1.05';

describe('station web mode: alarms', { timeout: 120_000 }, () => {
  let e2e: DemoStationE2e;
  let page: Page;
  let alarmId = '';
  let others: string[] = [];

  beforeAll(async () => {
    e2e = await startDemoStationE2e({
      name: 'alarms',
      prepareDb: (dbPath) => {
        const s = unwrap(createStation({ dbPath, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(12) }));
        try {
          unwrap(s.masterData.applyMasterData([{ kind: 'room', key: ROOM, version: 1, data: roomWithLimits(ROOM) }], { origin: 'seed', cursor: null, servedAt: new Date().toISOString(), actorId: null }));
          unwrap(s.masterData.applyMasterData([{ kind: 'room', key: OTHER_ROOM, version: 1, data: roomWithLimits(OTHER_ROOM) }], { origin: 'seed', cursor: null, servedAt: new Date().toISOString(), actorId: null }));
          unwrap(s.environment.observe(reading(ROOM, 'differential-pressure', 9.2, Date.now())));
          alarmId = s.alarms.list({ open: true })[0]!.alarmId;
          unwrap(s.environment.observe(reading(ROOM, 'temperature', 26.5, Date.now() + 1)));
          unwrap(s.environment.observe(reading(OTHER_ROOM, 'differential-pressure', 8.1, Date.now() + 2)));
          others = s.alarms.list({ open: true }).map((a) => a.alarmId).filter((id) => id !== alarmId);
        } finally {
          s.close();
        }
      },
    });
    page = e2e.page;
  }, 180_000);

  afterAll(() => e2e?.close());

  it('FR-76 three open alarms on an operator\'s screen: one line beside the menu, no taller than it, naming the most severe and the count; the list on demand, one line each with the details folded', async () => {
    expect(others).toHaveLength(2);
    await loginByLabel(page, 'op.li');
    const bar = page.getByTestId('alarm-bar');
    await bar.waitFor();
    expect(await bar.getAttribute('data-count')).toBe('3');
    expect(await bar.textContent()).toContain('Open alarms: 3');
    expect(await bar.textContent()).toMatch(/CRITICAL.*beyond the action limit/);
    const menu = (await page.locator('.menu-row').boundingBox())!;
    const box = (await bar.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(menu.y);
    expect(box.y + box.height).toBeLessThanOrEqual(menu.y + menu.height);
    expect((await page.getByTestId('nav-queue').boundingBox())!.height).toBeGreaterThanOrEqual(box.height - 4);
    // Nothing of the list takes room on the screen until asked for.
    expect(await page.getByTestId(`alarm-${alarmId}`).count()).toBe(0);
    await page.getByTestId('alarm-bar-open').click();
    const list = page.getByTestId('alarm-list');
    await list.waitFor();
    expect(await list.textContent()).toContain('Open alarms (3)');
    for (const id of [alarmId, ...others]) {
      expect(await page.getByTestId(`alarm-details-${id}`).getAttribute('open')).toBeNull();
      expect(await page.getByTestId(`alarm-${id}`).textContent()).toMatch(/beyond the action limit/);
      // At most two lines (a long message wraps once): no taller than two badges plus padding.
      const line = (await page.getByTestId(`alarm-${id}`).locator('.badge').boundingBox())!.height;
      expect((await page.getByTestId(`alarm-${id}`).boundingBox())!.height).toBeLessThanOrEqual(2 * line + 20);
    }
    await page.getByTestId(`alarm-details-${alarmId}`).locator('summary').click();
    await page.getByTestId(`alarm-${alarmId}`).getByText('A supervisor or QA acknowledges alarms.').waitFor();
    await page.getByTestId('alarm-list-close').click();
    await list.waitFor({ state: 'detached' });
    await page.getByTestId('logout').click();
  });

  it('FR-76 the open alarm is on the screen in English and Chinese, and the supervisor acknowledges it with a comment', async () => {
    await loginByLabel(page, 'sup.wang');
    await page.getByTestId('alarm-bar-open').click();
    const item = page.getByTestId(`alarm-${alarmId}`);
    await item.waitFor();
    expect(await item.getAttribute('data-state')).toBe('active');
    expect(await item.textContent()).toContain('Room B1.04: differential pressure 9.2 Pa beyond the action limit 10 Pa');
    const en = await checkScreen(page, 'alarm-list-en');
    expect(en.axe).toEqual([]);
    // The list is a dialog over the screen: closed to reach the language button, opened again.
    await page.getByTestId('alarm-list-close').click();
    await page.getByTestId('language').click();
    await expect.poll(() => page.getByTestId('alarm-bar').textContent()).toContain('未关闭的报警：3');
    await page.getByTestId('alarm-bar-open').click();
    await expect.poll(() => item.textContent()).toContain('房间 B1.04：压差 9.2 Pa 超出行动限 10 Pa');
    const zh = await checkScreen(page, 'alarm-list-zh-CN');
    expect(zh.axe).toEqual([]);
    await page.getByTestId('alarm-list-close').click();
    await page.getByTestId('language').click();
    await page.getByTestId('alarm-bar-open').click();
    expect(await page.getByTestId(`alarm-ack-${alarmId}`).isDisabled()).toBe(true);
    for (const id of [alarmId, ...others]) {
      await page.getByTestId(`alarm-comment-${id}`).fill('airlock door closed, room back within limits');
      await page.getByTestId(`alarm-ack-${id}`).click();
      await page.getByTestId(`alarm-${id}`).waitFor({ state: 'detached' });
    }
    await page.getByTestId('alarm-bar').waitFor({ state: 'detached' });
    await page.getByTestId('logout').click();
  });
});
