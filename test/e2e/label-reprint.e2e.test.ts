/**
 * The order's labels at the station in Debian's Chromium (issue 17 item 7): after the API bags
 * were labelled (S12, previews on the training demo station), the operator reprints one with a
 * reason and the supervisor's co-signature, marks the labels used or destroyed, and sees the
 * counts reconcile — in English and in Chinese. The order is brought past its label step
 * in-process (the headless runner), so the browser spends its time on the labels only.
 */
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation } from '../../src-main/compose.ts';
import { benchFromMasterData } from '../../src-main/dispensing/bench-setup.ts';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import { unwrap } from '../../src-shared/result.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { screenshot } from './harness/browser.ts';
import { catchUpClock, E2E_SECRET, runDemoOrderUntil } from './harness/demo-db.ts';
import { startAtOrder, type DemoStationE2e } from './harness/demo-station.ts';
import { api } from './harness/station-page.ts';

const BATCH = 'B2026-0043';
const PW = 'Batchline-demo-1';
let e2e: DemoStationE2e;
let page: Page;

async function pastLabelStep(path: string): Promise<void> {
  const s = unwrap(createStation({ dbPath: path, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(40), clock: catchUpClock(path), dispensing: { engine: { stableTimeoutMs: 2000 } } }));
  try {
    benchFromMasterData(s.bench!, s);
    const view = await runDemoOrderUntil(s, BATCH, (v) => (v.labels?.labels.length ?? 0) > 0);
    expect(view.labels?.labels.length).toBeGreaterThan(0);
  } finally {
    s.close();
  }
}

async function labels(): Promise<NonNullable<OrderView['labels']>> {
  const r = await api<OrderView>(page, 'orders.view', { batchNumber: BATCH });
  if (!r.ok) throw new Error(`orders.view: ${JSON.stringify(r.error)}`);
  return r.value.labels!;
}

describe('labels of an order at the station (issue 17 item 7)', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    e2e = await startAtOrder({ name: 'labels', prepareDb: pastLabelStep, batchNumber: BATCH, ready: 'labels-panel' });
    page = e2e.page;
  }, 300_000);

  afterAll(() => e2e?.close());

  it('FR-34 a reprint asks for a reason and the supervisor co-signs it; the reprint appears, and the labels reconcile once each is used or destroyed (en, zh-CN)', async () => {
    const before = await labels();
    const first = before.labels[0]!.labelId;
    const panel = page.getByTestId('labels-panel');
    await expect(panel.getByTestId(`label-reprint-${first}`).isDisabled()).resolves.toBe(true);
    await panel.getByTestId('label-reason').fill('label smudged by a wet glove');
    await panel.getByTestId(`label-reprint-${first}`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('sign-username').fill('sup.wang');
    await dialog.getByTestId('sign-password').fill(PW);
    await screenshot(page, 'labels-01-reprint-cosign-en');
    await dialog.getByTestId('sign-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(async () => (await labels()).reprinted, { timeout: 20_000 }).toBe(1);
    const reprint = (await labels()).labels.find((l) => l.reprintOf === first)!.labelId;
    await panel.getByTestId(`label-${reprint}`).waitFor();
    await expect(panel.getByTestId('label-counts').textContent()).resolves.toContain('reprinted 1');
    await expect.poll(() => panel.getAttribute('data-balanced')).toBe('false');

    await panel.getByTestId('label-reason').fill('smudged, replaced by its reprint');
    await panel.getByTestId(`label-destroyed-${first}`).click();
    for (const l of (await labels()).labels.filter((x) => x.labelId !== first)) {
      await panel.getByTestId(`label-used-${l.labelId}`).click();
      await expect.poll(async () => (await labels()).labels.find((x) => x.labelId === l.labelId)?.disposition, { timeout: 20_000 }).toBe('used');
    }
    await expect.poll(() => panel.getAttribute('data-balanced'), { timeout: 20_000 }).toBe('true');
    expect(await labels()).toMatchObject({ issued: before.issued, printed: before.printed + 1, used: before.printed, destroyed: 1, balanced: true });
    await screenshot(page, 'labels-02-reconciled-en');

    await page.getByTestId('language').click();
    await page.getByRole('heading', { name: '本工单的标签' }).waitFor();
    await expect(panel.textContent()).resolves.toContain('已平衡：打印数 = 使用数 + 销毁数。');
    await expect(panel.textContent()).resolves.toContain(`${first} 的补打`);
    await screenshot(page, 'labels-03-reconciled-zh-CN');
    // The batch record shows the same reconciliation with its events.
    await page.getByTestId('toggle-record').click();
    const rec = page.getByTestId('record-labels');
    await rec.waitFor({ timeout: 20_000 });
    await expect(rec.textContent()).resolves.toContain(`申请补打标签 ${first}：label smudged by a wet glove`);
    await rec.scrollIntoViewIfNeeded();
    await screenshot(page, 'labels-04-record-zh-CN');
  });
});
