/**
 * The notifications screen of the console (issue 13 item 6), in Debian's Chromium: IT sees the
 * channels (webhook token masked), who hears of which event, and the recent deliveries with
 * their outcome, in English and in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { expectAccessible, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { ADMIN_PASSWORD } from '../hub/support/test-hub.ts';
import type { ChannelView, DeliveryView } from '../../src-shared/notify/notify-contract.ts';

describe('hub console: notifications', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;
  let page: Page;
  let channel: ChannelView;
  let delivery: DeliveryView;

  beforeAll(async () => {
    c = await startConsoleE2e(async (q) => {
      const r = await q.hub.api<ChannelView>('POST', '/api/v1/notify/channels', { kind: 'wecom', name: 'Production QA', lang: 'zh-CN', url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=secret-key-42' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      channel = r.body;
      expect((await q.hub.api('POST', '/api/v1/notify/rules', { event: 'oos', role: 'qa', channelId: channel.id })).status).toBe(201);
      // a test message to a robot nobody answers: recorded, waiting to be retried, with the reason
      const d = await q.hub.api<DeliveryView>('POST', `/api/v1/notify/channels/${channel.id}/test`);
      expect(d.status, JSON.stringify(d.body)).toBe(200);
      delivery = d.body;
    });
    ({ page } = c);
  }, 180_000);

  afterAll(() => c?.close());

  it('FR-65 IT reads channels, rules and deliveries with their outcome, in English and Chinese', async () => {
    for (const [locale, words] of [
      ['en', { kind: 'WeCom robot', event: 'Out of specification', status: 'Waiting (retried)' }],
      ['zh-CN', { kind: '企业微信机器人', event: '超标（OOS）', status: '等待中（将重试）' }],
    ] as const) {
      await openConsole(c, locale);
      await signInConsole(page, 'it.admin', ADMIN_PASSWORD);
      await page.getByTestId('nav-notify').click();
      const row = page.getByTestId(`notify-channel-${channel.id}`);
      await row.waitFor();
      expect(await row.textContent()).toContain(words.kind);
      expect(await row.textContent()).toContain('http://127.0.0.1:9/cgi-bin/webhook/send?…');
      expect(await page.textContent('body')).not.toContain('secret-key-42');
      const rules = await page.getByTestId('notify-rules').textContent();
      expect(rules).toContain(words.event);
      expect(rules).toContain('Production QA');
      const d = page.getByTestId(`notify-delivery-${delivery.id}`);
      expect(await d.locator('[data-status]').textContent()).toBe(words.status);
      expect(await d.textContent()).toMatch(/cannot reach 127\.0\.0\.1:9/);
      if (locale === 'en') await expectAccessible(c, 'console-notify');
      await signOutConsole(page, locale);
    }
    expect(c.pageErrors).toEqual([]);
  });
});
