/**
 * The recipe designer's round trip (issue 14 item 1, the Playwright test), in Debian's
 * Chromium: a master-data steward authors the seed's blending step in the console — material
 * lines A, B and C (10, 5 and 20 kg of a 35 kg base batch), weighed, then a parameter step at
 * 25 ± 2 °C, charge steps adding A, B and C in order, and a 30-minute stir (timer) — with the
 * ISA-88 tree edited by drag and drop and the step forms, sees the recipe's own validation live
 * beside the nodes and the hub refuse a save with the same reasons, previews steps with the
 * station's own components, saves two versions and reads their difference in words. QA reviews,
 * QA and a QP approve (two signatures by two people), QA makes it effective, each an
 * e-signature in the console. A station pulls it with its own puller, runs it with its engine
 * (headless), and its batch record names the version and the content hash the approvers signed.
 * One page load (two: openConsole reloads); screenshots of the designer in en and zh-CN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from '@playwright/test';
import { expectAccessible, openConsole, signInConsole, newRecipeInDesigner, signOutConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { HUB_PASSWORD, type QualityHub } from '../quality/support/quality-hub.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import type { RecipeVersionView } from '../../src-shared/recipe/recipe-version-contract.ts';
import { runRecipeOnStation, type StationRun } from '../recipes/designer-roundtrip-support.ts';

const CODE = 'BLEND-25';

/** Pointer drag from a handle to a target, in small moves so dnd-kit's pointer sensor follows. */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2 + 12, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

describe('hub console: the recipe designer, round trip to a station', { timeout: 300_000 }, () => {
  let c: ConsoleE2e;
  let q: QualityHub;
  let page: Page;
  let run: StationRun | undefined;

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      await provisionHubUser(hub.hub, { username: 'md.steward', printedName: 'Mia Steward', roles: ['master-data'], password: HUB_PASSWORD });
    });
    ({ q, page } = c);
  }, 300_000);

  afterAll(async () => {
    run?.station.close();
    await c?.close();
  });

  const stepOrder = async (op: string) => (await page.getByTestId(`steps-${op}`).locator(':scope > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('node-step:', '')))).join(',');
  async function addStep(op: string, type: string, fill: () => Promise<void>) {
    await page.getByTestId(`add-type-${op}`).selectOption(type);
    await page.getByTestId(`add-step-${op}`).click();
    await page.getByTestId('step-editor').waitFor();
    await fill();
  }
  const name = (v: string) => page.getByTestId('step-name').fill(v);
  const instruction = (v: string) => page.getByTestId('step-instruction').fill(v);

  it('FR-95 the steward authors the blending step by drag and drop and forms; validation runs live and the hub refuses with the same reasons; the preview is the station\'s screen', async () => {
    await openConsole(c, 'en');
    await signInConsole(page, 'md.steward');
    await newRecipeInDesigner(page, CODE);

    await page.getByTestId('recipe-name').fill('Blend A, B and C');
    await page.getByTestId('product-code').fill('FG-PARA500');
    await page.getByTestId('product-name').fill('Paracetamol 500 mg tablets');
    await page.getByTestId('base-batch-amount').fill('35');
    for (const [i, [id, material, kg]] of [['LA', 'EXC-MCC', '10'], ['LB', 'EXC-PVP', '5'], ['LC', 'EXC-MGST', '20']].entries()) {
      await page.getByTestId('add-line').click();
      await page.getByTestId(`line-${i}-id`).fill(id!);
      await page.getByTestId(`line-${i}-material`).fill(material!);
      await page.getByTestId(`line-${i}-qty-amount`).fill(kg!);
    }
    // The tree: rename, replace the starting instruction by three weighings.
    await page.getByTestId('select-up:UP1').click();
    await page.getByTestId('node-name').fill('Blending');
    await page.getByTestId('select-op:OP1').click();
    await page.getByTestId('node-name').fill('Dispense A, B and C');
    await page.getByTestId('select-step:S1').click();
    await page.getByTestId('node-remove').click();
    for (const [line, label] of [['LA', 'A'], ['LB', 'B'], ['LC', 'C']] as const) {
      await addStep('OP1', 'weigh', async () => {
        await name(`Weigh ${label}`);
        await instruction(`Weigh ${label} into a tared bin.`);
        await page.getByTestId('step-line').selectOption(line);
      });
    }
    // A second operation: empty, it is a reason at once, beside its node.
    await page.getByTestId('add-op-UP1').click();
    await expect.poll(() => page.getByTestId('validation').getAttribute('data-valid')).toBe('no');
    await expect.poll(() => page.getByTestId('problems-op:OP2').textContent()).toBe('1 problem');
    await page.getByTestId('select-op:OP2').click();
    await page.getByTestId('node-name').fill('Blend');
    // Charges first (A, B, C in order), the parameter last; then dragged to the top.
    for (const [line, label] of [['LA', 'A'], ['LB', 'B'], ['LC', 'C']] as const) {
      await addStep('OP2', 'charge', async () => {
        await name(`Add ${label}`);
        await instruction(`Scan each container of ${label} again and add it to the blender.`);
        if (label === 'C') return; // C's line is ticked after the refused save below
        await page.getByTestId(`charge-${line}`).check();
      });
    }
    await addStep('OP2', 'parameter', async () => {
      await name('Blend temperature');
      await instruction('Read the blend temperature.');
      await page.getByTestId('param-name').fill('temperature');
      await page.getByTestId('param-unit').fill('°C');
      await page.getByTestId('param-min').fill('23');
      await page.getByTestId('param-max').fill('27');
    });
    // The timer lands in the wrong operation; it is dragged to the end of "Blend" below.
    await addStep('OP1', 'timer', async () => {
      await name('Stir');
      await instruction('Stir for 30 minutes.');
      await page.getByTestId('timer-seconds').fill('1800');
    });
    expect(await stepOrder('OP1')).toBe('S1,S2,S3,S8');
    expect(await stepOrder('OP2')).toBe('S4,S5,S6,S7');

    // The charge of C names no line yet: the live reason, beside its node, and the hub's refusal say the same.
    const live = (await page.getByTestId('validation').locator('li').allTextContents()).sort();
    expect(live).toEqual(['unitProcedures.0.operations.1.steps.2.lineIds Too small: expected array to have >=1 items']);
    expect(await page.getByTestId('problems-step:S6').textContent()).toBe('1 problem');
    await page.getByTestId('save-note').fill('first draft');
    await page.getByTestId('save-version').click();
    await page.getByTestId('save-refused').waitFor();
    expect(await page.getByTestId('error').getAttribute('data-code')).toBe('INPUT_INVALID');
    expect((await page.getByTestId('save-refused').locator('li').allTextContents()).map((r) => r.replace(/^\(root\) /, '')).sort()).toEqual(live);

    await page.getByTestId('select-step:S6').click();
    await page.getByTestId('charge-LC').check();
    await expect.poll(() => page.getByTestId('validation').getAttribute('data-valid')).toBe('yes');

    // Drag and drop: the parameter to the top of "Blend" (a reorder), the timer from "Dispense" to the end of "Blend".
    await drag(page, page.getByTestId('drag-step:S7'), page.getByTestId('select-step:S4'));
    await expect.poll(() => stepOrder('OP2')).toBe('S7,S4,S5,S6');
    await drag(page, page.getByTestId('drag-step:S8'), page.getByTestId('add-step-OP2'));
    await expect.poll(() => stepOrder('OP2')).toBe('S7,S4,S5,S6,S8');
    expect(await stepOrder('OP1')).toBe('S1,S2,S3');
    // The keyboard (dnd-kit's sensor): Space picks the parameter up, an arrow moves it, Space drops it; and back.
    const announced = () => page.locator('[id^=DndLiveRegion]').textContent();
    for (const [key, after] of [['ArrowDown', 'S4,S7,S5,S6,S8'], ['ArrowUp', 'S7,S4,S5,S6,S8']] as const) {
      await page.getByTestId('drag-step:S7').focus();
      await page.keyboard.press('Space');
      await expect.poll(announced).toMatch(/step:S7/);
      await page.keyboard.press(key);
      await expect.poll(announced).toContain('moved over droppable area step:S4');
      await page.keyboard.press('Space');
      await expect.poll(() => stepOrder('OP2')).toBe(after);
    }
    await expect.poll(() => page.getByTestId('validation').getAttribute('data-valid')).toBe('yes');

    // The preview is the station's own step screen: the weighing's target window and scan prompt, the timer's start.
    await page.getByTestId('select-step:S1').click();
    const preview = page.getByTestId('step-preview');
    await expect.poll(() => preview.getByTestId('line-target').textContent()).toMatch(/10(\.0+)? kg \(9\.9(0+)? kg – 10\.1(0+)? kg\)/);
    await preview.getByTestId('scan-prompt').waitFor();
    await page.getByTestId('select-step:S8').click();
    await preview.getByTestId('timer-start').waitFor();
    await page.getByTestId('select-step:S7').click();
    expect(await preview.getByTestId('value-input').count()).toBe(1);
    expect(await preview.textContent()).toContain('23 to 27 °C');
    await expectAccessible(c, 'recipe-designer-en');

    await page.getByTestId('save-note').fill('the blending step');
    await page.getByTestId('save-version').click();
    await expect.poll(() => page.getByTestId('version-state-1').textContent()).toBe('draft');
    // A second version: the temperature window narrowed; the diff says so in words.
    await page.getByTestId('select-step:S7').click();
    await page.getByTestId('param-max').fill('26');
    await page.getByTestId('save-note').fill('upper limit 26 °C');
    await page.getByTestId('save-version').click();
    await expect.poll(() => page.getByTestId('opened').textContent()).toContain('Version 2');
    await page.getByTestId('diff-compare').click();
    await expect.poll(() => page.getByTestId('diff-sentences').textContent()).toMatch(/S7/);
    // Back to 27 °C, as the seed says: version 3 is the one approved.
    await page.getByTestId('select-step:S7').click();
    await page.getByTestId('param-max').fill('27');
    await page.getByTestId('save-version').click();
    await expect.poll(() => page.getByTestId('opened').textContent()).toContain('Version 3');

    // The designer in zh-CN (the language toggle, no page load).
    await page.getByTestId('select-step:S1').click();
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => page.getByTestId('step-preview').textContent()).toContain('扫描');
    await expectAccessible(c, 'recipe-designer-zh-CN');
    await page.getByTestId('locale-toggle').click();
    await signOutConsole(page, 'en');
  });

  it('FR-96 approved with two signatures by two people, it is synced to a station and run there; the record names the version and its content hash', async () => {
    const signAs = async (who: string, transition: string, expectState: string) => {
      await signInConsole(page, who);
      await page.getByTestId('nav-recipes').click();
      await page.getByTestId(`open-${CODE}-3`).click();
      await page.getByTestId(`sign-${transition}`).click();
      await page.getByTestId('sign-password').fill(HUB_PASSWORD);
      await page.getByTestId('sign-submit').click();
      await page.getByTestId('sign-dialog').waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('version-state-3').textContent()).toBe(expectState);
      await signOutConsole(page, 'en');
    };
    await signAs('qa.hub', 'review', 'reviewed');
    await signAs('qa.second', 'approve', 'reviewed');
    await signAs('qp.hub', 'approve', 'approved');
    await signInConsole(page, 'qa.hub');
    await page.getByTestId('nav-recipes').click();
    await page.getByTestId(`open-${CODE}-3`).click();
    await page.getByTestId('sign-make-effective').click();
    await page.getByTestId('sign-password').fill(HUB_PASSWORD);
    await page.getByTestId('sign-submit').click();
    await expect.poll(() => page.getByTestId('version-state-3').textContent()).toBe('effective');
    const signed = await page.getByTestId('signatures-table').locator('tbody tr').allTextContents();
    expect(signed).toHaveLength(4);
    for (const [i, who] of ['Quinn Reviewer (qa.hub)', 'Sam Second (qa.second)', 'Dr. Petra Qualified (qp.hub)', 'Quinn Reviewer (qa.hub)'].entries()) expect(signed[i]).toContain(who);
    expect(signed.every((s) => s.includes('valid') && !s.includes('NOT valid'))).toBe(true);
    await expectAccessible(c, 'recipe-designer-signed-en');

    const view = (await q.hub.api<RecipeVersionView>('GET', `/api/v1/recipes/${CODE}/versions/3`, undefined, await q.token('qa.hub'))).body;
    expect(view.state).toBe('effective');
    expect(await page.getByTestId('version-row-3').textContent()).toContain(view.contentHash.slice(0, 16));

    // The station: its own puller, its own engine; an order of a tenth of the base batch (3.5 kg: 1, 0.5 and 2 kg).
    run = await runRecipeOnStation(q, CODE, 'B-BLEND-1', { amount: '3.500', unit: 'kg' });
    expect(run.record.status).toBe('complete');
    expect(run.record.plan).toMatchObject({ recipeCode: CODE, recipeVersion: 3, recipeContentHash: view.contentHash });
    expect(run.record.steps.map((s) => `${s.stepId}:${s.status}`)).toEqual(['S1', 'S2', 'S3', 'S7', 'S4', 'S5', 'S6', 'S8'].map((s) => `${s}:done`));
    expect(run.record.masterDataUsed).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'recipe', key: `${CODE}@3` })]));
  });
});
