/**
 * The console's IPQC views in Debian's Chromium, in English and in zh-CN (issue 12 item 2): an
 * OOS recorded offline at the station reaches the hub's alert list after sync, and the QP's batch
 * page shows the batch's IPQC results with their OOS/OOT verdicts; the alarm the OOS raised at the
 * station is acknowledged by QA on the console's Alarms screen (issue 13 item 5). Screenshots under
 * test-results/e2e (BATCHLINE_E2E_SCREENSHOTS=1, or of a failing screen), axe-core checks on both screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { unwrap } from '../../src-shared/result.ts';
import { DEMO_PASSWORD } from '../fakes/test-station.ts';
import { expectAccessible, openBatch, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { TABLET_WEIGHT } from '../ipqc/ipqc-plans.ts';

const TEXT = {
  en: { title: 'In-process control alerts', oos: 'OOS', section: 'In-process control (IPQC)', message: 'is above the specification 475 … 525 mg (check #2)', notMessage: /高于/ },
  'zh-CN': { title: '中间过程控制警报', oos: '超标 (OOS)', section: '中间过程控制 (IPQC)', message: '高于质量标准 475 … 525 mg（第 2 次检查）', notMessage: /is above|check #/ },
} as const;

describe('hub console: IPQC alerts and the batch page', { timeout: 180_000 }, () => {
  let c: ConsoleE2e;
  let page: Page;
  const alertIds: Record<string, string> = {};

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      const t = hub.station;
      for (const batch of ['E2E-IPQC-EN', 'E2E-IPQC-ZH']) {
        recordBatch(t, { batchNumber: batch, apiLot: `API-${batch}`, excipientLot: `MCC-${batch}`, incomplete: true, checkPlans: [{ ...TABLET_WEIGHT, source: 'typed', sampleSize: 3 }] });
        t.clock.advance(31 * 60_000);
        const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
        const ok = unwrap(t.ipqc.record(session, { batchNumber: batch, checkId: 'TW', values: ['501.0', '499.5', '500.4'], password: DEMO_PASSWORD, username: 'op.li' }));
        expect(ok.alertId).toBeNull();
        t.clock.advance(30 * 60_000);
        t.auth.unlock(session, DEMO_PASSWORD);
        const oos = unwrap(t.ipqc.record(session, { batchNumber: batch, checkId: 'TW', values: ['531.0', '529.5', '533.4'], password: DEMO_PASSWORD, username: 'op.li' }));
        alertIds[batch] = oos.alertId!;
      }
      await hub.sync();
    });
    page = c.page;
  }, 240_000);

  afterAll(() => c?.close());

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-53 FR-117 the OOS alert is listed at the hub with its message in the reader's language and the QP sees the batch's IPQC results (${locale})`, async () => {
      const batch = locale === 'en' ? 'E2E-IPQC-EN' : 'E2E-IPQC-ZH';
      await openConsole(c, locale);
      await signInConsole(page, 'qp.hub');
      await page.getByTestId('nav-ipqc').click();
      await page.getByRole('heading', { name: TEXT[locale].title }).waitFor();
      const row = page.getByTestId(`ipqc-alert-${alertIds[batch]}`);
      await row.waitFor();
      expect(await row.textContent()).toContain(TEXT[locale].oos);
      const message = (await row.getByTestId('ipqc-alert-message').textContent())!;
      expect(message).toContain(TEXT[locale].message);
      expect(message).not.toMatch(TEXT[locale].notMessage);
      await expectAccessible(c, `ipqc-alerts-${locale}`);
      await openBatch(page, batch);
      const section = page.getByTestId('batch-ipqc');
      await section.getByTestId('ipqc-results').waitFor();
      expect(await section.getByRole('heading').first().textContent()).toBe(TEXT[locale].section);
      expect(await section.getByTestId('ipqc-oos').count()).toBe(1);
      expect(await section.getByTestId('ipqc-alert-message').textContent()).toContain(TEXT[locale].message);
      await section.scrollIntoViewIfNeeded();
      await expectAccessible(c, `ipqc-batch-${locale}`);
      await signOutConsole(page, locale);
    });
  }

  const ALARM = { en: { title: 'Alarms', what: 'out of specification (OOS)', state: 'Cleared, not acknowledged', by: 'Quinn Reviewer at the hub' }, 'zh-CN': { title: '报警', what: '超出质量标准（OOS）', state: '已解除，未确认', by: 'Quinn Reviewer（中心）' } } as const;
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-77 the alarm the OOS raised at the station is acknowledged in the console by name with a comment (${locale})`, async () => {
      const batch = locale === 'en' ? 'E2E-IPQC-EN' : 'E2E-IPQC-ZH';
      const alarmId = `IPQC/${alertIds[batch]}`;
      await openConsole(c, locale);
      await signInConsole(page, 'qa.hub');
      await page.getByTestId('nav-alarms').click();
      await page.getByRole('heading', { name: ALARM[locale].title }).waitFor();
      const row = page.getByTestId(`alarm-${alarmId}`);
      await row.waitFor();
      expect(await row.textContent()).toContain(ALARM[locale].what);
      expect(await row.textContent()).toContain(ALARM[locale].state);
      await expectAccessible(c, `alarms-${locale}`);
      await page.getByTestId(`alarm-comment-${alarmId}`).fill('OOS record opened; press 2 stopped');
      await page.getByTestId(`alarm-ack-${alarmId}`).click();
      await row.waitFor({ state: 'detached' });
      await page.getByTestId('alarms-open-only').click();
      await row.getByTestId('alarm-acknowledged').waitFor();
      expect(await row.getAttribute('data-state')).toBe('closed');
      expect(await row.getByTestId('alarm-acknowledged').textContent()).toContain(ALARM[locale].by);
      await signOutConsole(page, locale);
    });
  }
});
