/**
 * Verification at the point of use in Debian's Chromium (issue 17 item 4): two orders of the
 * demo recipe with a kit and charge steps are dispensed, kitted, staged and handed over
 * in-process (the headless runner, as the engine tests do); at the charge step of the first
 * the operator types their password once and scans: a container of the other order is refused
 * in big letters in the operator's language (English, then Chinese), recorded as an attempt,
 * and charges nothing; the right containers are charged, the step completes, and
 * `batchline verify` passes. Screenshots (BATCHLINE_E2E_SCREENSHOTS=1): test-results/e2e/kit-refused-{en,zh-CN}.png.
 */
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation } from '../../src-main/compose.ts';
import { DEMO_BOOTH, DEMO_PRODUCT, DEMO_RECIPE } from '../../src-main/demo/demo-master-data.ts';
import { withKitAndCharges } from '../../src-main/demo/demo-kit-recipe.ts';
import { benchFromMasterData } from '../../src-main/dispensing/bench-setup.ts';
import { runOrder } from '../../src-main/dispensing/headless-runner.ts';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import type { Recipe } from '../../src-shared/recipe/recipe.ts';
import { unwrap } from '../../src-shared/result.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { checkScreen, screenshot } from './harness/browser.ts';
import { catchUpClock, E2E_SECRET, passTime } from './harness/demo-db.ts';
import { startDemoStationE2e, type DemoStationE2e } from './harness/demo-station.ts';
import { api, login, wedgeScan } from './harness/station-page.ts';

const B = 'B-KIT-E2E-1';
const OTHER = 'B-KIT-E2E-2';
/** A third order standing at its kit step S40. */
const KIT = 'B-KIT-E2E-3';
const PW = 'Batchline-demo-1';

let e2e: DemoStationE2e;
let page: Page;

/** The kit recipe as the effective version; both orders dispensed, kitted and handed over, standing at charge S41. */
async function prepareOrders(path: string): Promise<void> {
  const s = unwrap(createStation({ dbPath: path, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(44), clock: catchUpClock(path), dispensing: { engine: { stableTimeoutMs: 2000 } } }));
  try {
    benchFromMasterData(s.bench!, s);
    const r = s.masterData.reader.get('recipe', `${DEMO_RECIPE}@2`)!;
    const kit = withKitAndCharges(r.data as unknown as Recipe);
    unwrap(s.masterData.applyMasterData([{ kind: 'recipe', key: r.key, version: r.version + 1, data: { ...r.data, materialLines: kit.materialLines, unitProcedures: kit.unitProcedures } }], { origin: 'seed', cursor: null, servedAt: new Date().toISOString(), actorId: null }));
    unwrap(
      s.orderIntake.importOrders(
        [B, OTHER, KIT].map((batchNumber) => ({ batchNumber, productCode: DEMO_PRODUCT, recipeCode: DEMO_RECIPE, recipeVersion: null, batchSize: { amount: '2.000', unit: 'kg' as const }, erpOrderId: null, plannedStart: null, boothId: null })),
        { kind: 'api', fileName: null },
        null,
      ),
    );
    for (const batchNumber of [OTHER, B, KIT]) {
      const stop = batchNumber === KIT ? 'S40' : 'S41';
      const done = unwrap(
        await runOrder(s, {
          batchNumber,
          boothId: DEMO_BOOTH,
          operator: { username: 'op.li', password: PW },
          supervisor: { username: 'sup.wang', password: PW },
          bench: s.bench!,
          wait: passTime(s.clock),
          stopWhen: (v) => v.current?.stepId === stop,
          shareBooth: true,
        }),
      );
      expect(done.view.current).toMatchObject({ stepId: stop });
    }
  } finally {
    s.close();
  }
}

async function view(batchNumber: string): Promise<OrderView> {
  const r = await api<OrderView>(page, 'orders.view', { batchNumber });
  if (!r.ok) throw new Error(`orders.view: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function refusals(): Promise<{ command: string; code: string }[]> {
  const r = await api<{ refusals: { data: { command: string; code: string } }[] }>(page, 'record.get', { batchNumber: B });
  return r.value.refusals.map((e) => ({ command: e.data.command, code: e.data.code }));
}

describe('kit verification at the point of use (issue 17 item 4)', { timeout: 420_000 }, () => {
  beforeAll(async () => {
    e2e = await startDemoStationE2e({ name: 'kit', prepareDb: prepareOrders });
    page = e2e.page;
    await login(page, 'op.li');
    await page.getByTestId('queue-screen').waitFor();
  }, 300_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('FR-25 a kit with one wrong container refused at the point of use', async () => {
    await page.getByTestId(`open-${B}`).click();
    const panel = page.getByTestId('charge-panel');
    await panel.waitFor({ timeout: 20_000 });
    const mine = (await view(B)).current!.kit!.containers;
    const foreign = (await view(OTHER)).current!.kit!.containers[0]!.containerId;
    expect(mine.length).toBeGreaterThan(0);
    await page.getByTestId('charge-password').fill(PW);
    // The wrong container: refused at once, in big letters, and nothing charged.
    await wedgeScan(page, foreign);
    const refusal = page.getByTestId('charge-refusal');
    await refusal.waitFor({ timeout: 15_000 });
    await expect(refusal.getAttribute('data-code')).resolves.toBe('KIT_CONTAINER_OTHER_BATCH');
    await expect(refusal.textContent()).resolves.toContain('WRONG BATCH');
    await expect(refusal.textContent()).resolves.toContain(OTHER);
    await screenshot(page, 'kit-refused-en');
    const { axe, small } = await checkScreen(page, 'kit-charge');
    expect(axe, 'serious axe violations').toEqual([]);
    expect(small, 'touch targets under 44 px').toEqual([]);
    expect((await view(B)).current!.kit!.containers.every((c) => !c.done)).toBe(true);

    // The same refusal in the operator's other language.
    await page.getByTestId('language').click();
    await page.getByTestId('charge-panel').getByText('投料时请再次扫描每个容器。').waitFor({ timeout: 15_000 });
    await wedgeScan(page, foreign);
    await expect.poll(async () => (await refusals()).length, { timeout: 15_000 }).toBe(2);
    await expect(page.getByTestId('charge-refusal').textContent()).resolves.toContain('批号错误');
    await screenshot(page, 'kit-refused-zh-CN');
    await page.getByTestId('language').click();

    // The right containers are charged one by one; then the step completes with the operator's signature.
    for (const c of mine) {
      await wedgeScan(page, c.containerId);
      await page.locator(`[data-testid="kit-row-${c.containerId}"][data-done="yes"]`).waitFor({ timeout: 15_000 });
    }
    await page.getByTestId('charge-complete').click();
    await expect.poll(async () => (await view(B)).current?.phase, { timeout: 15_000 }).toBe('need-signatures');
    const dialog = page.getByTestId('sign-dialog');
    await dialog.waitFor({ timeout: 15_000 });
    const name = dialog.getByTestId('sign-username');
    if ((await name.count()) > 0) await name.fill('op.li');
    await dialog.getByTestId('sign-password').fill(PW);
    await dialog.getByTestId('sign-submit').click();
    await expect.poll(async () => (await view(B)).current?.stepId, { timeout: 15_000 }).toBe('S42');
    expect(await refusals()).toEqual([
      { command: 'charge-container', code: 'KIT_CONTAINER_OTHER_BATCH' },
      { command: 'charge-container', code: 'KIT_CONTAINER_OTHER_BATCH' },
    ]);
  });

  it('FR-23 FR-24 the kit screen refuses a container of another order, stages the complete kit and hands it over signed; the receiver co-signs', async () => {
    await page.getByRole('button', { name: 'Back to the work queue' }).click();
    await page.getByTestId(`open-${KIT}`).click();
    const panel = page.getByTestId('kit-panel');
    await panel.waitFor({ timeout: 20_000 });
    const mine = (await view(KIT)).current!.kit!.containers;
    const foreign = (await view(OTHER)).current!.kit!.containers[0]!.containerId;
    await wedgeScan(page, mine[0]!.containerId);
    await page.locator(`[data-testid="kit-row-${mine[0]!.containerId}"][data-done="yes"]`).waitFor({ timeout: 15_000 });
    await wedgeScan(page, foreign);
    const refusal = page.getByTestId('kit-refusal');
    await refusal.waitFor({ timeout: 15_000 });
    await expect(refusal.getAttribute('data-code')).resolves.toBe('KIT_CONTAINER_OTHER_BATCH');
    await screenshot(page, 'kit-screen-en');
    await page.getByTestId('language').click();
    await panel.getByText('请扫描本配料套件中每个已称容器的标签。').waitFor({ timeout: 15_000 });
    await screenshot(page, 'kit-screen-zh-CN');
    await page.getByTestId('language').click();
    for (const c of mine.slice(1)) {
      await wedgeScan(page, c.containerId);
      await page.locator(`[data-testid="kit-row-${c.containerId}"][data-done="yes"]`).waitFor({ timeout: 15_000 });
    }
    await page.getByTestId('kit-location').fill('STAGE-07');
    await page.getByTestId('kit-stage').click();
    await page.getByTestId('kit-hand-over').click();
    const dialog = page.getByTestId('sign-dialog');
    await dialog.waitFor({ timeout: 15_000 });
    const name = dialog.getByTestId('sign-username');
    if ((await name.count()) > 0) await name.fill('op.li');
    await dialog.getByTestId('sign-password').fill(PW);
    await dialog.getByTestId('sign-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    // The receiver co-signs "witnessed" with their own name and password.
    await page.getByTestId('sign-witnessed').click();
    await dialog.waitFor();
    await dialog.getByTestId('sign-username').fill('sup.wang');
    await dialog.getByTestId('sign-password').fill(PW);
    await dialog.getByTestId('sign-submit').click();
    await expect.poll(async () => (await view(KIT)).current?.stepId, { timeout: 15_000 }).toBe('S41');
    const r = await api<{ steps: { stepId: string; events: { type: string; data: Record<string, unknown> }[] }[] }>(page, 'record.get', { batchNumber: KIT });
    const s40 = r.value.steps.find((x) => x.stepId === 'S40')!;
    expect(s40.events.find((e) => e.type === 'kit.handed_over')!.data).toMatchObject({ location: 'STAGE-07', containers: mine.map((c) => c.containerId) });
  });

  it('leaves a ledger that verifies', async () => {
    const verified = await e2e.stopAndVerify();
    expect(verified.out).toMatch(/verified \d+ entries, \d+ signatures/);
    expect(verified.status).toBe(0);
  });
});
