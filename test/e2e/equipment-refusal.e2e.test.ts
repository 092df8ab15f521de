/**
 * The station refuses unfit process equipment at the step that names it, in Debian's Chromium
 * (issue 13 item 2): the demo recipe's equipment-check step asks for a granulator, the step shows
 * that, the operator types the granulator's id, and the station refuses it because its
 * calibration is overdue — the reason in English, then in zh-CN — and the step stays where it was.
 *
 * The order is brought to that step in-process (the headless runner, as the engine tests do).
 */
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation } from '../../src-main/compose.ts';
import { DEMO_PRODUCT, DEMO_RECIPE } from '../../src-main/demo/demo-master-data.ts';
import { benchFromMasterData } from '../../src-main/dispensing/bench-setup.ts';
import type { Recipe } from '../../src-shared/recipe/recipe.ts';
import { unwrap } from '../../src-shared/result.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { at, granulator } from '../fixtures/equipment/equipment-fixtures.ts';
import { checkScreen, screenshot } from './harness/browser.ts';
import { catchUpClock, E2E_SECRET, runDemoOrderUntil } from './harness/demo-db.ts';
import { startAtOrder, type DemoStationE2e } from './harness/demo-station.ts';

const BATCH = 'B-EQ-E2E-1';
const RECIPE = `${DEMO_RECIPE}@2`;
let e2e: DemoStationE2e;
let page: Page;

async function prepareOrder(path: string): Promise<void> {
  const s = unwrap(createStation({ dbPath: path, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(47), clock: catchUpClock(path), dispensing: { engine: { stableTimeoutMs: 2000 } } }));
  try {
    const now = new Date();
    const current = s.masterData.reader.get('recipe', RECIPE)!;
    const recipe = structuredClone(current.data) as Recipe;
    for (const u of recipe.unitProcedures) for (const o of u.operations) for (const st of o.steps) if (st.stepId === 'S02' && st.type === 'equipment-check') st.equipmentClasses = ['granulator'];
    unwrap(
      s.masterData.applyMasterData(
        [
          { kind: 'recipe', key: RECIPE, version: current.version + 1, data: recipe },
          { kind: 'equipment', key: 'GRN-01', version: 1, data: granulator(now, { calibration: { required: true, intervalDays: 180, lastAt: at(now, -24 * 182), nextDueAt: at(now, -48) } }) },
        ],
        { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null },
      ),
    );
    benchFromMasterData(s.bench!, s);
    unwrap(s.orderIntake.importOrders([{ batchNumber: BATCH, productCode: DEMO_PRODUCT, recipeCode: DEMO_RECIPE, recipeVersion: null, batchSize: { amount: '2.000', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }], { kind: 'api', fileName: null }, null));
    await runDemoOrderUntil(s, BATCH, (v) => v.current?.stepId === 'S02');
  } finally {
    s.close();
  }
}

describe('unfit equipment refused at the station (issue 13 item 2)', { timeout: 420_000 }, () => {
  beforeAll(async () => {
    e2e = await startAtOrder({ name: 'equipment', prepareDb: prepareOrder, batchNumber: BATCH });
    page = e2e.page;
  }, 300_000);

  afterAll(() => e2e?.close());

  it('FR-70 FR-86 the step asks for a granulator and lists the station\'s one as not usable with its reason; typed in, overdue calibration is refused naming the reason in English and in zh-CN', async () => {
    const step = page.locator('[data-testid="current-step"][data-step="S02"]');
    await step.waitFor({ timeout: 20_000 });
    const asked = step.getByTestId('step-equipment');
    await expect(asked.textContent()).resolves.toContain('Granulator');
    // The pick list (FR-86): the station's granulator, not offered, with the reason beside it.
    const choice = step.getByTestId('equipment-choice-GRN-01');
    await expect(choice.getAttribute('data-usable')).resolves.toBe('no');
    await expect(step.getByTestId('equipment-refusal-GRN-01').textContent()).resolves.toContain('The calibration of this equipment is overdue.');
    await expect(choice.getByRole('radio').isDisabled()).resolves.toBe(true);
    await step.getByTestId('equipment-granulator').fill('GRN-01');
    for (const box of await step.getByRole('checkbox').all()) await box.check();
    await step.getByTestId('checklist-submit').click();
    const notice = page.getByTestId('command-error');
    await expect.poll(() => notice.getAttribute('data-code'), { timeout: 20_000 }).toBe('EQUIPMENT_CALIBRATION_OVERDUE');
    await expect(notice.textContent()).resolves.toContain('The calibration of this equipment is overdue.');
    await expect(notice.textContent()).resolves.toContain('GRN-01');
    await screenshot(page, 'equipment-01-refused-en');
    const { axe } = await checkScreen(page, 'equipment-01-refused-en');
    expect(axe, 'serious axe violations').toEqual([]);
    await page.getByTestId('language').click();
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain('此设备的校准已过期。');
    await expect(asked.textContent()).resolves.toContain('制粒机');
    await expect(step.getByTestId('equipment-refusal-GRN-01').textContent()).resolves.toContain('此设备的校准已过期。');
    await screenshot(page, 'equipment-02-refused-zh-CN');
    // Refused, not done: the step is still the equipment check.
    await expect(page.locator('[data-testid="current-step"]').getAttribute('data-step')).resolves.toBe('S02');
  });
});
