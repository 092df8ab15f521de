/**
 * Dashboards in the hub console (issue 15 item 4; FR-57), in Debian's Chromium, in English and
 * in zh-CN: every number a panel shows (data attributes of its rows) equals the figure API's
 * answer at the same moment; the wall display hides the navigation and reloads by itself, so a
 * moved hub clock shows up without a click.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import type { ProductionDashboard, QualityAgeing, ReviewQueue, RightFirstTime, SyncHealth } from '../../src-shared/quality/dashboard-contract.ts';
import { CLASS_ROWS } from '../../src-shared/quality/dashboard-contract.ts';
import { expectAccessible, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { HUB_PASSWORD, type QualityHub } from '../quality/support/quality-hub.ts';
import { recordBatch } from '../quality/support/station-batch.ts';

const NOT_AVAILABLE = { en: 'Not available', 'zh-CN': '不可用' } as const;

describe('hub console: dashboards', { timeout: 180_000 }, () => {
  let c: ConsoleE2e;
  let q: QualityHub;
  let page: Page;
  const figure = async <T>(name: string) => (await q.hub.api<T>('GET', `/api/v1/quality/dashboard/${name}`, undefined, await q.token('qa.hub'))).body;
  const attr = (testId: string, name: string) => page.getByTestId(testId).getAttribute(name);

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      recordBatch(hub.station, { batchNumber: 'W-001', apiLot: 'API-W1', excipientLot: 'MCC-W1' });
      const b2 = recordBatch(hub.station, { batchNumber: 'W-002', apiLot: 'API-W2', excipientLot: 'MCC-W2', deviation: true });
      recordBatch(hub.station, { batchNumber: 'W-003', apiLot: 'API-W3', excipientLot: 'MCC-W3', incomplete: true });
      await hub.sync();
      const token = await hub.token('qa.hub');
      expect((await hub.hub.api('POST', '/api/v1/quality/batches/W-001/review', { password: HUB_PASSWORD }, await hub.token('qa.second'))).status).toBe(201);
      const raised = await hub.hub.api('POST', '/api/v1/quality/deviations', { title: 'Excipient overweight on W2', description: 'MCC weighed above its window.', batchNumber: 'W-002', source: { stationId: hub.station.stationId, seq: b2.deviationSeq }, password: HUB_PASSWORD }, token);
      expect(raised.status, JSON.stringify(raised.body)).toBe(201);
      hub.station.clock.advance(30 * 3_600_000);
    });
    ({ q, page } = c);
  }, 240_000);

  afterAll(() => c?.close());

  async function expectPanelsEqualApi() {
    const [p, r, a, s, rft] = [await figure<ProductionDashboard>('production'), await figure<ReviewQueue>('review-queue'), await figure<QualityAgeing>('quality-ageing'), await figure<SyncHealth>('sync-health'), await figure<RightFirstTime>('right-first-time')];
    await expect.poll(() => attr('dash-as-of', 'data-as-of')).toBe(p.asOf);
    for (const l of p.lines) {
      const row = `dash-line-${l.line}`;
      expect([await attr(row, 'data-planned'), await attr(row, 'data-in-progress'), await attr(row, 'data-completed'), await attr(row, 'data-steps-done'), await attr(row, 'data-steps-total')]).toEqual([l.planned, l.inProgress, l.completedLast24h, l.stepsDone, l.stepsTotal].map(String));
    }
    expect(p.orders.map((o) => o.batchNumber)).toEqual(['W-003']);
    for (const o of p.orders) expect([await attr(`dash-order-${o.batchNumber}`, 'data-status'), await attr(`dash-order-${o.batchNumber}`, 'data-steps-done')]).toEqual([o.status, String(o.stepsDone)]);
    expect([await attr('dash-review-buckets', 'data-review'), await attr('dash-review-buckets', 'data-release')]).toEqual([r.reviewBuckets.join(','), r.releaseBuckets.join(',')]);
    expect(r.waitingReview.map((w) => w.batchNumber)).toEqual(['W-002']);
    expect(r.waitingRelease.map((w) => w.batchNumber)).toEqual(['W-001']);
    for (const w of r.waitingReview) expect(await attr(`dash-waiting-review-${w.batchNumber}`, 'data-age-hours')).toBe(String(w.ageHours));
    for (const w of r.waitingRelease) expect(await attr(`dash-waiting-release-${w.batchNumber}`, 'data-age-hours')).toBe(String(w.ageHours));
    expect([await attr('dash-dev-counts', 'data-open'), await attr('dash-capa-counts', 'data-open')]).toEqual([String(a.deviations.open), String(a.capa.open)]);
    for (const k of CLASS_ROWS) {
      expect(await attr(`dash-dev-${k}`, 'data-values')).toBe(a.deviations.byClass[k].join(','));
      expect(await attr(`dash-capa-${k}`, 'data-values')).toBe(a.capa.byClass[k].join(','));
    }
    for (const st of s.stations) expect([await attr(`dash-sync-${st.stationId}`, 'data-state'), await attr(`dash-sync-${st.stationId}`, 'data-minutes')]).toEqual([st.state, String(st.minutesSincePush ?? '')]);
    expect([await attr('dash-rft-overall', 'data-completed'), await attr('dash-rft-overall', 'data-rft'), await attr('dash-rft-overall', 'data-rate')]).toEqual([String(rft.overall.completed), String(rft.overall.rightFirstTime), String(rft.overall.rate ?? '')]);
    expect(rft.overall).toEqual({ completed: 2, rightFirstTime: 1, rate: 0.5 });
    expect(await attr('dash-oee-state', 'data-available')).toBe('false');
  }

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-57 every dashboard number equals its figure API's, and the wall display refreshes by itself (${locale})`, async () => {
      await openConsole(c, locale);
      await signInConsole(page, 'qa.hub');
      await page.getByTestId('nav-dashboard').click();
      await page.getByTestId('dash-rft-overall').waitFor();
      await page.getByTestId('dash-sync-table').waitFor();
      await expectPanelsEqualApi();
      expect(await page.getByTestId('dash-oee').textContent()).toContain(NOT_AVAILABLE[locale]);
      expect(await page.locator('[data-testid="dash-review-buckets"] canvas').count()).toBeGreaterThan(0);
      await expectAccessible(c, `dashboard-${locale}-01-desk`);

      // The wall display: no navigation, reloads every 2 s by itself.
      await page.evaluate(() => (window.location.hash = '#/dashboard/wall/2'));
      await expect.poll(() => attr('dashboard', 'data-wall')).toBe('true');
      await expect.poll(() => page.getByTestId('nav-batches').isVisible()).toBe(false);
      const before = await attr('dash-as-of', 'data-as-of');
      q.station.clock.advance(5 * 60_000);
      await expect.poll(() => attr('dash-as-of', 'data-as-of'), { timeout: 15_000 }).not.toBe(before);
      await expectPanelsEqualApi();
      await expectAccessible(c, `dashboard-${locale}-02-wall`);
      await page.getByTestId('dash-leave-wall').click();
      await expect.poll(() => page.getByTestId('nav-batches').isVisible()).toBe(true);
      await signOutConsole(page, locale);
    });
  }
});
