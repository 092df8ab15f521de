/**
 * A step form at the station, in Debian's Chromium, on one order of the demo's BLEND-DEMO recipe
 * brought to its line-clearance form in-process (the headless runner):
 * - FR-98: the operator leaves a required field empty and records: refused with the reason, the
 *   step still open, nothing recorded in the batch record;
 * - FR-122: the operator records the form, then corrects a recorded value from the batch record
 *   (value, new value, reason, then the signature dialog, "corrected"); the batch record shows the
 *   old and the new value, the original entry kept; a correction the engine refuses (the value
 *   already recorded) is worded in the signature dialog in en and zh-CN; the dialog's words in zh-CN.
 * One station and one browser for both (they are steps of the same form).
 */
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation } from '../../src-main/compose.ts';
import { DEMO_FORM_RECIPE } from '../../src-main/demo/demo-form-recipe.ts';
import { unwrap } from '../../src-shared/result.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { catchUpClock, E2E_SECRET, runDemoOrderUntil } from './harness/demo-db.ts';
import { startAtOrder, type DemoStationE2e } from './harness/demo-station.ts';

const BATCH = 'B-FORM-E2E-1';
const PW = 'Batchline-demo-1';
const ZH_SAME = '这就是已记录的数值：无需更正。';
let e2e: DemoStationE2e;
let page: Page;

async function prepareOrder(path: string): Promise<void> {
  const s = unwrap(createStation({ dbPath: path, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(47), clock: catchUpClock(path) }));
  try {
    unwrap(s.orderIntake.importOrders([{ batchNumber: BATCH, productCode: 'FG-BLEND', recipeCode: DEMO_FORM_RECIPE, recipeVersion: null, batchSize: { amount: '35', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }], { kind: 'api', fileName: null }, null));
    await runDemoOrderUntil(s, BATCH, (v) => v.current?.stepId === 'F10');
  } finally {
    s.close();
  }
}

describe('a step form at the station: half-filled, recorded, corrected', { timeout: 300_000 }, () => {
  const step = () => page.locator('[data-testid="current-step"][data-step="F10"]');
  const record = () => page.getByTestId('record-step-F10');

  beforeAll(async () => {
    e2e = await startAtOrder({ name: 'form-correction', prepareDb: prepareOrder, batchNumber: BATCH });
    page = e2e.page;
  }, 240_000);

  afterAll(() => e2e?.close());

  it('FR-98 a required field left empty: the form is refused with the reason, the step stays open and nothing is recorded', async () => {
    await step().waitFor({ timeout: 20_000 });
    const form = step().getByTestId('step-form');
    // Every tick the operator may give, the previous batch (a required text field) left empty.
    for (const box of await form.locator('input[type="checkbox"]:not([disabled])').all()) await box.check();
    await step().getByTestId('form-submit').click();
    const notice = page.getByTestId('command-error');
    await expect.poll(() => notice.getAttribute('data-code'), { timeout: 20_000 }).toBe('FORM_VALUES_INVALID');
    await expect(notice.textContent()).resolves.toContain('a field is missing');
    await expect(notice.textContent()).resolves.toContain('previousBatch');
    await expect(step().getAttribute('data-phase')).resolves.toBe('ready');
    await page.getByTestId('toggle-record').click();
    await page.getByTestId('batch-record').waitFor();
    // No form entry: the step's record holds no value to correct.
    await expect(record().locator('[data-type="step.recorded"]').count()).resolves.toBe(0);
  });

  it('FR-122 a recorded value corrected from the batch record (value, new value, reason, signature "corrected"): the record shows the old and the new value and keeps the original; zh-CN words', async () => {
    await step().getByTestId('step-form').locator('#root_previousBatch').fill('B-PREV-1');
    await step().getByTestId('form-submit').click();
    // The form's own signature is asked for at once; left for later here (the engine lets its recorder correct it until verified).
    const sign = page.getByTestId('sign-dialog');
    await sign.waitFor({ timeout: 20_000 });
    await sign.getByRole('button', { name: 'Cancel' }).click();
    const entry = record().locator('[data-type="step.recorded"]');
    await entry.waitFor({ timeout: 20_000 });
    await expect(entry.textContent()).resolves.toContain('previousBatch = B-PREV-1');
    await entry.getByTestId(/^correct-form-\d+$/).click();
    const dialog = page.getByTestId('form-correction');
    await dialog.getByTestId('correction-field').selectOption('previousBatch');
    await expect(dialog.getByTestId('correction-old').textContent()).resolves.toContain('B-PREV-1');
    await dialog.getByTestId('correction-value').fill('B-PREV-7');
    await dialog.getByTestId('correction-reason').fill('typed the batch of the day before');
    await dialog.getByTestId('correction-submit').click();
    await expect(sign.textContent()).resolves.toContain('B-PREV-1 → B-PREV-7');
    // A wrong password corrects nothing: the signature dialog says why and stays.
    await sign.getByTestId('sign-username').fill('op.li');
    await sign.getByTestId('sign-password').fill('not-the-password');
    await sign.getByTestId('sign-submit').click();
    await expect.poll(() => sign.getByTestId('error').getAttribute('data-code'), { timeout: 20_000 }).toBe('SIGNATURE_PASSWORD_INVALID');
    await sign.getByTestId('sign-password').fill(PW);
    await sign.getByTestId('sign-submit').click();
    await sign.waitFor({ state: 'detached', timeout: 20_000 });
    // The refused signature left its correction entry without effect (unsigned); the signed one counts.
    const corrections = record().locator('[data-type="form.value_corrected"]');
    await expect.poll(() => corrections.count(), { timeout: 20_000 }).toBe(2);
    await expect(corrections.first().textContent()).resolves.not.toContain('Corrected');
    const text = await corrections.last().textContent();
    expect(text).toContain('previousBatch B-PREV-1 → B-PREV-7');
    expect(text).toContain('typed the batch of the day before');
    expect(text).toContain('Li Wei');
    expect(text).toContain('Corrected');
    // The original entry is kept as recorded; the dialog now offers the corrected value.
    await expect(entry.textContent()).resolves.toContain('previousBatch = B-PREV-1');
    // FR-116 a correction to the value already recorded is refused in the dialog, before any
    // signature, in the reader's words, English and then Chinese, and nothing is recorded (the
    // engine refuses it too, FORM_CORRECTION_UNCHANGED: form-parts.test.ts).
    const submit = dialog.getByTestId('correction-submit');
    await entry.getByTestId(/^correct-form-\d+$/).click();
    await dialog.getByTestId('correction-field').selectOption('previousBatch');
    await dialog.getByTestId('correction-value').fill('B-PREV-7');
    await dialog.getByTestId('correction-reason').fill('checked again against the logbook');
    await expect(dialog.getByTestId('correction-same').textContent()).resolves.toBe('This is the value already recorded: there is nothing to correct.');
    await expect(submit.isDisabled()).resolves.toBe(true);
    // Another value is ready again.
    await dialog.getByTestId('correction-value').fill('B-PREV-8');
    await expect(submit.isEnabled()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('language').click();
    await entry.getByTestId(/^correct-form-\d+$/).click();
    await expect(dialog.textContent()).resolves.toContain('更正理由');
    await dialog.getByTestId('correction-field').selectOption('previousBatch');
    await expect(dialog.getByTestId('correction-old').textContent()).resolves.toBe('已记录：B-PREV-7');
    await dialog.getByTestId('correction-value').fill('B-PREV-7');
    await dialog.getByTestId('correction-reason').fill('checked again against the logbook');
    await expect(dialog.getByTestId('correction-same').textContent()).resolves.toBe(ZH_SAME);
    await expect(submit.isDisabled()).resolves.toBe(true);
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(sign.count()).resolves.toBe(0);
    await expect(corrections.count()).resolves.toBe(2);
  });

  it('FR-125 a correction refused because someone else corrected the value after the dialog showed it says so (FORM_VALUE_CORRECTED_SINCE, not a generic conflict) and the dialog opens again on the value now in force', async () => {
    await page.getByTestId('language').click(); // back to English (the test before ended in zh-CN)
    const entry = record().locator('[data-type="step.recorded"]');
    const corrections = record().locator('[data-type="form.value_corrected"]');
    const dialog = page.getByTestId('form-correction');
    const sign = page.getByTestId('sign-dialog');
    await entry.getByTestId(/^correct-form-\d+$/).click();
    await dialog.getByTestId('correction-field').selectOption('previousBatch');
    await expect(dialog.getByTestId('correction-old').textContent()).resolves.toContain('B-PREV-7');
    await dialog.getByTestId('correction-value').fill('B-PREV-9');
    await dialog.getByTestId('correction-reason').fill('the logbook names B-PREV-9');
    await dialog.getByTestId('correction-submit').click();
    await sign.waitFor({ timeout: 20_000 });
    // Meanwhile a supervisor at another client corrects the same value (B-PREV-7 → B-PREV-8, signed).
    const elsewhere = await page.evaluate(
      async ([batchNumber, pw]) => {
        const call = async (m: string, input: unknown, session?: string) => (await fetch(`/api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(session ? { 'x-batchline-session': session } : {}) }, body: JSON.stringify({ input }) })).json();
        const login = await call('auth.login', { username: 'sup.wang', password: pw });
        if (!login.ok) return login;
        const r = await call('orders.execute', { batchNumber, command: { type: 'correct-form-value', stepId: 'F10', field: 'previousBatch', value: 'B-PREV-8', reason: 'the supervisor read the logbook first', password: pw, username: 'sup.wang' } }, login.value.sessionId);
        await call('auth.logout', {}, login.value.sessionId);
        return r;
      },
      [BATCH, PW] as const,
    );
    expect(elsewhere, JSON.stringify(elsewhere)).toMatchObject({ ok: true });
    if ((await sign.getByTestId('sign-username').count()) > 0) await sign.getByTestId('sign-username').fill('op.li');
    await sign.getByTestId('sign-password').fill(PW);
    await sign.getByTestId('sign-submit').click();
    // Nothing written for it; the signature dialog closes and the correction opens again on B-PREV-8, saying why.
    await sign.waitFor({ state: 'detached', timeout: 20_000 });
    await dialog.waitFor({ timeout: 20_000 });
    await expect.poll(() => dialog.getByTestId('correction-error').getAttribute('data-code'), { timeout: 20_000 }).toBe('FORM_VALUE_CORRECTED_SINCE');
    await expect(dialog.getByTestId('correction-error').textContent()).resolves.toContain('Someone else corrected this value after it was shown to you');
    await expect(dialog.getByTestId('correction-field').inputValue()).resolves.toBe('previousBatch');
    await expect(dialog.getByTestId('correction-old').textContent()).resolves.toContain('B-PREV-8');
    await expect.poll(() => corrections.count(), { timeout: 20_000 }).toBe(3);
    // Corrected again against the value in force, it is recorded.
    await dialog.getByTestId('correction-value').fill('B-PREV-9');
    await dialog.getByTestId('correction-reason').fill('the logbook names B-PREV-9');
    await dialog.getByTestId('correction-submit').click();
    await sign.waitFor({ timeout: 20_000 });
    await expect(sign.textContent()).resolves.toContain('B-PREV-8 → B-PREV-9');
    if ((await sign.getByTestId('sign-username').count()) > 0) await sign.getByTestId('sign-username').fill('op.li');
    await sign.getByTestId('sign-password').fill(PW);
    await sign.getByTestId('sign-submit').click();
    await sign.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => corrections.count(), { timeout: 20_000 }).toBe(4);
    await expect(corrections.last().textContent()).resolves.toContain('previousBatch B-PREV-8 → B-PREV-9');
  });
});
