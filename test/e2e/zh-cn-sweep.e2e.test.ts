/**
 * Every station screen in zh-CN, read as a Chinese-speaking operator, QA reviewer and IT would
 * read it (issue #18 item 9): the visible text of each screen may hold no English word except
 * the plant's own data, marked on screen with translate="no" (material names, lot numbers, user
 * names as master data and accounts spell them), codes and ids, and units. A screen that shows an English sentence, status or
 * error detail fails, naming the screen and the words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { startDemoStationE2e, type DemoStationE2e } from './harness/demo-station.ts';
import { login } from './harness/station-page.ts';
import { englishOn } from './harness/english-words.ts';

let e2e: DemoStationE2e;
let page: Page;

async function sweep(name: string): Promise<[string, string[]]> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  return [name, await englishOn(page)];
}

async function logout() {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-screen').waitFor();
}

describe('zh-CN on every station screen', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    e2e = await startDemoStationE2e({ name: 'zh', preparePage: (p) => p.addInitScript(() => localStorage.setItem('batchline.locale', 'zh-CN')) });
    page = e2e.page;
  }, 180_000);

  afterAll(() => e2e?.close());

  it('shows no untranslated English word on any screen, record or error', async () => {
    const results: [string, string[]][] = [];
    await page.getByTestId('login-screen').waitFor();
    results.push(await sweep('login'));
    await login(page, 'op.li', 'wrong-password-1');
    await page.getByTestId('error').waitFor();
    results.push(await sweep('login-refused'));

    await login(page, 'op.li');
    await page.getByTestId('nav-queue').waitFor();
    results.push(await sweep('queue'));
    await page.getByTestId('open-B2026-0043').click();
    await page.getByTestId('precheck-screen').waitFor();
    results.push(await sweep('prechecks'));
    await page.getByTestId('nav-record').click();
    await page.getByTestId('batch-record').waitFor();
    results.push(await sweep('record'));
    await page.getByTestId('nav-devices').click();
    results.push(await sweep('devices'));
    await page.getByTestId('lock').click();
    results.push(await sweep('lock'));
    // A reload keeps the session (sessionStorage) and the station keeps it locked: the lock
    // screen comes back, never the login screen. This waited for the login screen and let the
    // wait time out (30 s of the file's ~38 s) before logging out from the lock screen's header.
    await page.goto(e2e.station.url);
    await page.getByTestId('lock-screen').waitFor();

    for (const [user, screens] of [
      ['qa.chen', ['audit', 'users', 'record']],
      ['admin', ['users', 'settings', 'audit', 'devices']],
    ] as const) {
      if (!(await page.getByTestId('login-screen').isVisible())) await logout();
      await login(page, user);
      for (const s of screens) {
        await page.getByTestId(`nav-${s}`).click();
        results.push(await sweep(`${user}:${s}`));
      }
      await logout();
    }
    const bad = results.filter(([, words]) => words.length > 0);
    expect(bad, `untranslated English on zh-CN screens:\n${bad.map(([s, w]) => `  ${s}: ${w.join(' ')}`).join('\n')}`).toEqual([]);
  });
});
