/**
 * SPC charts in the hub console (issue 12 item 3; FR-55), in Debian's Chromium, in English and
 * in zh-CN: Montgomery's piston rings recorded at the hub (phase I frozen under change control,
 * then phase II). The page's plotted limits and flagged points (data attributes of the chart
 * boxes, the violations table) equal the chart API's; the rule is named in the page's language;
 * capability with its intervals and the CSV download equal the API's too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { SpcChartView } from '../../src-shared/quality/spc-chart-contract.ts';
import { PISTON_RINGS } from '../../src-shared/quality/spc/piston-rings.test-data.ts';
import { expectAccessible, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { HUB_PASSWORD, type QualityHub } from '../quality/support/quality-hub.ts';

const N1_WORDS = { en: 'One point beyond 3 sigma', 'zh-CN': '1 个点超出 3 倍标准差' } as const;
const TRIAL = { en: 'Trial limits', 'zh-CN': '试算控制限' } as const;
const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 8) + i * 3_600_000).toISOString();

describe('hub console: SPC charts', { timeout: 180_000 }, () => {
  let c: ConsoleE2e;
  let q: QualityHub;
  let page: Page;
  const api = async <T>(path: string) => (await q.hub.api<T>('GET', path, undefined, await q.token('qa.hub'))).body;

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      const call = async (who: string, method: string, path: string, body: unknown) => {
        const r = await hub.hub.api<{ id?: string }>(method, path, body, await hub.token(who));
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return r.body;
      };
      const rings = (from: number, to: number) => PISTON_RINGS.slice(from, to).map((values, k) => ({ values, batch: `PR-${String(from + k + 1).padStart(3, '0')}`, sampledAt: at(from + k) }));
      await call('erp', 'POST', '/api/v1/quality/spc/data', { product: 'PISTON', check: 'diameter', source: 'LIMS', subgroups: rings(0, 25) });
      const cc = await call('qa.hub', 'POST', '/api/v1/quality/changes', { title: 'Freeze diameter limits', reason: 'Phase I complete; freeze the limits.', links: [{ kind: 'setting', ref: 'spc/PISTON/diameter', fromVersion: null, toVersion: 1 }], password: HUB_PASSWORD });
      await call('qa.hub', 'POST', `/api/v1/quality/changes/${cc.id}/steps`, { step: 'assess-impact', assessment: 'Limits of one check; no other impact.', approverRoles: ['qa'], password: HUB_PASSWORD });
      await call('qa.second', 'POST', `/api/v1/quality/changes/${cc.id}/steps`, { step: 'approve', role: 'qa', password: HUB_PASSWORD });
      await call('qa.hub', 'POST', '/api/v1/quality/spc/limits', { product: 'PISTON', check: 'diameter', chart: 'xbar-r', subgroups: PISTON_RINGS.slice(0, 25), reference: 'Montgomery Example 6.1, samples 1-25', changeId: cc.id });
      await call('erp', 'POST', '/api/v1/quality/spc/data', { product: 'PISTON', check: 'diameter', source: 'LIMS', subgroups: rings(25, 40) });
    });
    ({ q, page } = c);
  }, 240_000);

  afterAll(() => c?.close());

  const attrs = async (testId: string) => {
    const el = page.getByTestId(testId);
    return { center: Number(await el.getAttribute('data-center')), ucl: Number(await el.getAttribute('data-ucl')), lcl: Number(await el.getAttribute('data-lcl')), flagged: await el.getAttribute('data-flagged'), points: Number(await el.getAttribute('data-points')) };
  };

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-55 the X̄-R chart's plotted limits and flagged points equal the API's, the rule in words, capability and CSV too (${locale})`, async () => {
      await openConsole(c, locale);
      await signInConsole(page, 'qa.hub');
      await page.getByTestId('nav-spc').click();
      await page.getByTestId('spc-location-chart').waitFor();
      const json = await api<SpcChartView>('/api/v1/quality/spc/chart/PISTON/diameter?chart=xbar-r&rules=nelson');
      expect(await page.getByTestId('spc-limits-source').getAttribute('data-source')).toBe('frozen');
      const loc = await attrs('spc-location-chart');
      const flaggedByApi = json.points.filter((p) => p.rules.length > 0).map((p) => p.index + 1).join(',');
      expect(loc).toEqual({ center: json.location.center, ucl: json.location.ucl, lcl: json.location.lcl, points: 40, flagged: flaggedByApi });
      expect(flaggedByApi.split(',')).toEqual(expect.arrayContaining(['37', '38', '39'])); // Montgomery Fig. 6.4
      const spread = await attrs('spc-spread-chart');
      expect([spread.center, spread.ucl, spread.lcl]).toEqual([json.spread.center, json.spread.ucl, json.spread.lcl]);
      expect(spread.flagged).toBe(json.points.filter((p) => p.spreadBeyond).map((p) => p.index + 1).join(','));
      // uPlot drew its canvases.
      expect(await page.locator('[data-testid="spc-location-chart"] canvas').count()).toBeGreaterThan(0);
      const n1 = page.getByTestId('spc-violation-N1');
      expect(await n1.getAttribute('data-points')).toBe(json.violations.find((v) => v.rule === 'N1')!.indices.map((i) => i + 1).join(','));
      expect(await n1.getAttribute('data-points')).toBe('37,38,39');
      for (const v of json.violations.filter((x) => x.indices.length > 0)) expect(await page.getByTestId(`spc-violation-${v.rule}`).getAttribute('data-points')).toBe(v.indices.map((i) => i + 1).join(','));
      expect(await n1.textContent()).toContain(N1_WORDS[locale]);
      await expectAccessible(c, `spc-${locale}-01-xbar-r-frozen`);

      await page.getByTestId('spc-lsl').fill('73.95');
      await page.getByTestId('spc-usl').fill('74.05');
      await page.getByTestId('spc-apply').click();
      await page.getByTestId('spc-capability').waitFor();
      const withSpec = await api<SpcChartView>('/api/v1/quality/spc/chart/PISTON/diameter?chart=xbar-r&rules=nelson&lsl=73.95&usl=74.05');
      for (const k of ['cp', 'cpk', 'pp', 'ppk'] as const) {
        const row = page.getByTestId(`spc-cap-${k}`);
        expect([Number(await row.getAttribute('data-estimate')), Number(await row.getAttribute('data-lower')), Number(await row.getAttribute('data-upper'))]).toEqual([withSpec.capability![k].estimate, withSpec.capability![k].lower, withSpec.capability![k].upper]);
      }
      const download = page.waitForEvent('download');
      await page.getByTestId('spc-csv').click();
      const file = await (await download).path();
      const csv = await q.hub.api<string>('GET', '/api/v1/quality/spc/chart/PISTON/diameter?chart=xbar-r&rules=nelson&lsl=73.95&usl=74.05&format=csv', undefined, await q.token('qa.hub'));
      expect(readFileSync(file, 'utf8')).toBe(csv.body);
      await expectAccessible(c, `spc-${locale}-02-capability`);

      // X̄-S has no frozen version: trial limits, said so, and equal to the API's.
      await page.getByTestId('spc-chart-kind').selectOption('xbar-s');
      await expect.poll(() => page.getByTestId('spc-limits-source').getAttribute('data-source')).toBe('trial');
      expect(await page.getByTestId('spc-limits-source').textContent()).toContain(TRIAL[locale]);
      const xs = await api<SpcChartView>('/api/v1/quality/spc/chart/PISTON/diameter?chart=xbar-s&rules=nelson&lsl=73.95&usl=74.05');
      const xsLoc = await attrs('spc-location-chart');
      expect([xsLoc.center, xsLoc.ucl, xsLoc.lcl, xsLoc.flagged]).toEqual([xs.location.center, xs.location.ucl, xs.location.lcl, xs.points.filter((p) => p.rules.length > 0).map((p) => p.index + 1).join(',')]);
      await page.getByTestId('spc-rules').selectOption('western-electric');
      await page.getByTestId('spc-violation-WE1').waitFor();
      await expectAccessible(c, `spc-${locale}-03-xbar-s-trial-western-electric`);
      await signOutConsole(page, locale);
    });
  }
});
