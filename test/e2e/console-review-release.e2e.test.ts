/**
 * The hub console end to end in Debian's Chromium (issue 7): batches recorded at a station and
 * synced to the hub; QA signs in, reviews the exceptions, closes the deviation and signs the
 * review; a QP signs in, is first refused (no review yet, in the reader's language), then
 * releases; the trace shows the lot's genealogy as a graph. Once in English and once in zh-CN,
 * with screenshots under test-results/e2e (BATCHLINE_E2E_SCREENSHOTS=1, or of a failing screen) and axe-core checks on every screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { expectAccessible, openConsole, signInConsole, signOutConsole, startConsoleE2e, type ConsoleE2e, openBatch as openBatchPage } from './harness/console.ts';
import { guideShot } from './harness/guide.ts';
import { expectNoEnglish } from './harness/english-words.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { HUB_PASSWORD, type QualityHub } from '../quality/support/quality-hub.ts';
import { ADMIN_PASSWORD } from '../hub/support/test-hub.ts';

const TEXT = {
  en: { signIn: 'Sign in to the hub', noExceptions: 'No exceptions', reviewRequired: 'needs a QA review', released: 'Released', reviewed: 'Reviewed', lotForward: 'nodes reached' },
  'zh-CN': { signIn: '登录中心服务器', noExceptions: '无异常', reviewRequired: '须对当前批记录进行 QA 审核', released: '已放行', reviewed: '已审核', lotForward: '个节点' },
} as const;

describe('hub console: QA review and QP release', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;
  let q: QualityHub;
  let page: Page;

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      recordBatch(hub.station, { batchNumber: 'E2E-EN-001', apiLot: 'API-E2E-1', excipientLot: 'MCC-E2E', deviation: true });
      recordBatch(hub.station, { batchNumber: 'E2E-ZH-001', apiLot: 'API-E2E-2', excipientLot: 'MCC-E2E', deviation: true });
      recordBatch(hub.station, { batchNumber: 'E2E-OK-001', apiLot: 'API-E2E-3', excipientLot: 'MCC-E2E' });
      await hub.sync();
    });
    ({ q, page } = c);
  }, 180_000);

  afterAll(() => c?.close());

  async function accessible(name: string) {
    const guide = /^console-(en|zh-CN)-(.+)$/.exec(name);
    if (guide) await guideShot(page, guide[1]!, guide[2]!);
    await expectAccessible(c, name);
    // Issue 18 item 9: a zh-CN screen holds no untranslated English word (codes, ids, units and
    // the plant's own data marked translate="no" excepted).
    if (name.includes('zh-CN')) await expectNoEnglish(page, name);
  }

  async function sign(text: string | null) {
    const dialog = page.getByTestId('sign-dialog');
    await dialog.waitFor();
    if (text) await dialog.getByTestId('sign-text').fill(text);
    await dialog.getByTestId('sign-password').fill(HUB_PASSWORD);
    await dialog.getByTestId('sign-submit').click();
  }

  const openBatch = (batch: string) => openBatchPage(page, batch);

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`QA reviews and a QP releases a synced batch (${locale})`, async () => {
      const batch = locale === 'en' ? 'E2E-EN-001' : 'E2E-ZH-001';
      const tag = `console-${locale}`;
      await openConsole(c);
      if (locale === 'zh-CN') await page.getByTestId('locale-toggle').click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(TEXT[locale].signIn);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      await accessible(`${tag}-01-login`);

      // QA: the exceptions, the deviation closed with a signed conclusion, the review signed.
      await signInConsole(page, 'qa.hub');
      await page.getByTestId(`batch-row-${batch}`).waitFor();
      await accessible(`${tag}-02-batches`);
      await openBatch(batch);
      await page.getByTestId('exception-deviation').waitFor();
      await page.getByTestId('exception-out-of-tolerance').waitFor();
      await accessible(`${tag}-03-batch-exceptions`);
      await page.getByTestId(`close-DEV-${batch}-1`).click();
      await accessible(`${tag}-04-close-deviation-dialog`);
      await sign(locale === 'en' ? 'Surplus within the validated granulation range; no impact on quality. CAPA-0007.' : '超出量在已验证的制粒范围内，对质量无影响。CAPA-0007。');
      await page.getByTestId('hub-signature-approved').waitFor();
      await page.getByTestId('sign-review').click();
      await sign(null);
      await expect.poll(() => page.getByTestId('review-state').getAttribute('data-state')).toBe('current');
      expect(await page.getByTestId('review-state').textContent()).toContain(TEXT[locale].reviewed);
      await accessible(`${tag}-05-reviewed`);
      await signOutConsole(page, locale);

      // QP: release. Signing out left nothing of QA's on screen: the QP starts at the list.
      await signInConsole(page, 'qp.hub');
      await page.getByTestId(`batch-row-${batch}`).waitFor();
      expect(await page.getByTestId('record').count()).toBe(0);
      expect(await page.getByTestId('sign-review').count()).toBe(0);
      expect(await page.getByTestId('exception-deviation').count()).toBe(0);
      await openBatch(batch);
      await page.getByTestId('release').click();
      await sign(null);
      await expect.poll(() => page.getByTestId('decision-state').getAttribute('data-state')).toBe('released');
      expect(await page.getByTestId('decision-state').textContent()).toContain(TEXT[locale].released);
      await page.getByTestId('hub-signature-released').waitFor();
      await accessible(`${tag}-06-released`);

      // A batch without exceptions says so; release refused before its QA review, with the reason.
      await openBatch('E2E-OK-001');
      expect(await page.getByTestId('no-exceptions').textContent()).toContain(TEXT[locale].noExceptions);
      if (locale === 'en') {
        await page.getByTestId('release').click();
        await sign(null);
        const error = page.getByTestId('sign-dialog').getByTestId('error');
        await error.waitFor();
        expect(await error.getAttribute('data-code')).toBe('REVIEW_REQUIRED');
        expect(await error.textContent()).toContain(TEXT[locale].reviewRequired);
        await accessible(`${tag}-07-release-refused`);
        await page.keyboard.press('Escape');
      }

      // The genealogy of the shared excipient lot, as a graph.
      await page.getByTestId('nav-trace').click();
      await page.getByTestId('trace-id').fill('MCC-E2E');
      const answered = page.waitForResponse((r) => r.url().includes('/api/v1/genealogy/trace'));
      await page.getByTestId('trace-run').click();
      const traced = (await (await answered).json()) as { edges?: { from: string; to: string }[]; hits: unknown[] };
      await page.getByTestId('trace-graph').waitFor();
      expect(await page.getByTestId('trace-result').textContent()).toContain(TEXT[locale].lotForward);
      expect(await page.locator('[data-testid="trace-graph"] g.node-batch').count()).toBe(3);
      // Issue 18 item 13: every node's words inside its box, measured as drawn (both languages),
      // and every edge the hub returned drawn between drawn nodes.
      const overflow = await page.locator('[data-testid="trace-graph"] g.node').evaluateAll((gs) =>
        gs.flatMap((g) => {
          const box = g.querySelector('rect')!.getBoundingClientRect();
          return [...g.querySelectorAll('text')]
            .map((text) => ({ text: text.textContent, r: text.getBoundingClientRect() }))
            .filter(({ r }) => r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom)
            .map(({ text, r }) => `${g.getAttribute('data-ref')}: "${text}" ${Math.round(r.left)}…${Math.round(r.right)} outside ${Math.round(box.left)}…${Math.round(box.right)}`);
        }),
      );
      expect(overflow).toEqual([]);
      expect(traced.edges?.length ?? 0).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="trace-graph"] path.edge').count()).toBe(new Set(traced.edges!.map((e) => `${e.from}>${e.to}`)).size);
      await accessible(`${tag}-08-trace`);
      await signOutConsole(page, locale);
    });
  }

  it('an operator reads but is offered no signature; the hub refuses one anyway', async () => {
    await openConsole(c, 'en');
    await signInConsole(page, 'op.hub');
    await openBatch('E2E-EN-001');
    expect(await page.getByTestId('release').count()).toBe(0);
    expect(await page.getByTestId('sign-review').count()).toBe(0);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch('/api/v1/quality/batches/E2E-OK-001/decision', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"decision":"released","password":"x"}' })).status);
    expect(status).toBe(401);
    const csp = await page.evaluate(async () => (await fetch('/console/')).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    expect(c.pageErrors).toEqual([]);
  });

  it('IT sees stations, accounts, certificates and the audit trail, and no batches', async () => {
    await page.goto(`${q.hub.url}/console/`);
    await signInConsole(page, 'it.admin', ADMIN_PASSWORD);
    expect(await page.getByTestId('nav-batches').count()).toBe(0);
    await page.getByTestId('nav-stations').click();
    await page.getByTestId('stations').getByText(q.station.stationId).waitFor();
    await accessible('console-en-09-stations');
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users').getByText('qp.hub').waitFor();
    // The QA's and QP's signing certificates, issued by the hub CA at their first signature.
    expect(await page.getByTestId('certificates').getByText('Signing key of a person').count()).toBeGreaterThanOrEqual(2);
    await accessible('console-en-10-users-certificates');
    await page.getByTestId('create-user').click();
    await page.getByLabel('IT administrator').check();
    await page.getByLabel('Qualified Person').check();
    expect(await page.getByRole('dialog').textContent()).toContain('An administrator account holds no GMP role.');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit').getByText('Batch released', { exact: true }).first().waitFor();
    await accessible('console-en-11-audit');
    expect(c.pageErrors).toEqual([]);
  });

  it('IT screens in zh-CN: stations, accounts and certificates, the audit trail, no untranslated English', async () => {
    await openConsole(c, 'zh-CN');
    if (await page.getByTestId('who').count()) await signOutConsole(page, 'zh-CN');
    await signInConsole(page, 'it.admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-stations').click();
    await page.getByTestId('stations').getByText(q.station.stationId).waitFor();
    await accessible('console-zh-CN-09-stations');
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users').getByText('qp.hub').waitFor();
    await accessible('console-zh-CN-10-users-certificates');
    await page.getByTestId('create-user').click();
    await accessible('console-zh-CN-10b-create-user');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit').getByText('批已放行', { exact: true }).first().waitFor();
    await accessible('console-zh-CN-11-audit');
    await signOutConsole(page, 'zh-CN');
  });
});
