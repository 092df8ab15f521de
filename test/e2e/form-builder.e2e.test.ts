/**
 * The form builder of the recipe designer (issue 14 item 2, FR-104), in Debian's Chromium: a
 * master-data steward builds a line-clearance form field by field — three yes/no fields, a
 * number with unit and limits, a calculated field, a field only a supervisor may fill and a
 * field shown only when another has a value — without writing JSON, watches the preview (the
 * station's own form view) follow, reorders fields by button and by keyboard, saves the draft,
 * and the hub holds exactly the definition expected. The saved version opens in the builder
 * again, and in zh-CN the preview shows the form's Chinese words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { openConsole, signInConsole, newRecipeInDesigner, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { HUB_PASSWORD } from '../quality/support/quality-hub.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import type { RecipeVersionView } from '../../src-shared/recipe/recipe-version-contract.ts';

const CODE = 'CLEAR-FORM';

const EXPECTED = {
  schema: {
    type: 'object',
    title: 'Line clearance',
    properties: {
      materialsRemoved: { type: 'boolean', title: 'Materials of the previous batch removed', const: true },
      equipmentClean: { type: 'boolean', title: 'Equipment clean', const: true },
      releasedForNextBatch: { type: 'boolean', title: 'Room released for the next batch' },
      pressure: { type: 'number', title: 'Differential pressure', minimum: 10, maximum: 50, 'x-unit': 'Pa' },
      margin: { type: 'number', title: 'Margin above the minimum', 'x-unit': 'Pa', 'x-decimals': 1, readOnly: true },
    },
    required: ['materialsRemoved', 'equipmentClean', 'pressure', 'margin'],
    allOf: [{ if: { properties: { releasedForNextBatch: { const: false } }, required: ['releasedForNextBatch'] }, then: { properties: { notReleasedReason: { type: 'string', title: 'Why not released', minLength: 5 } }, required: ['notReleasedReason'] } }],
  },
  uiSchema: { 'ui:order': ['materialsRemoved', 'equipmentClean', 'pressure', 'margin', 'releasedForNextBatch', 'notReleasedReason'] },
  calculations: [{ field: 'margin', expression: 'pressure - 10' }],
  fieldRoles: { releasedForNextBatch: ['supervisor'] },
  signatures: ['performed', 'verified'],
  i18n: {
    'zh-CN': {
      title: '清场',
      fields: {
        materialsRemoved: { title: '上一批次的物料已移出' },
        equipmentClean: { title: '设备已清洁' },
        releasedForNextBatch: { title: '房间已放行用于下一批次' },
        pressure: { title: '压差' },
        margin: { title: '高于下限的余量' },
        notReleasedReason: { title: '未放行原因' },
      },
    },
  },
};

describe('hub console: the form builder', { timeout: 300_000 }, () => {
  let c: ConsoleE2e;
  let page: Page;

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      await provisionHubUser(hub.hub, { username: 'md.steward', printedName: 'Mia Steward', roles: ['master-data'], password: HUB_PASSWORD });
    });
    page = c.page;
  }, 300_000);

  afterAll(async () => {
    await c?.close();
  });

  const order = () => page.getByTestId('field-list').locator(':scope > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('field-', '')).join(','));
  /** The selected field's key, type and words. */
  async function describeField(key: string, type: string, en: string, zh: string) {
    await page.getByTestId('field-key').fill(key);
    await page.getByTestId(`field-select-${key}`).waitFor();
    await page.getByTestId('field-type').selectOption(type);
    await page.getByTestId('field-title-en').fill(en);
    await page.getByTestId('field-title-zh').fill(zh);
  }
  async function addField() {
    const before = await page.getByTestId('field-list').locator(':scope > li').count();
    await page.getByTestId('field-add').click();
    await expect.poll(() => page.getByTestId('field-list').locator(':scope > li').count()).toBe(before + 1);
  }

  it('FR-104 a line-clearance form built field by field (yes/no, number with unit and limits, calculated, supervisor-only, conditional) is stored by the hub exactly; the preview follows the builder and speaks zh-CN', async () => {
    await openConsole(c, 'en');
    await signInConsole(page, 'md.steward');
    await newRecipeInDesigner(page, CODE);
    await page.getByTestId('recipe-name').fill('Line clearance with a form');
    await page.getByTestId('product-code').fill('FG-BLEND');
    await page.getByTestId('product-name').fill('Blend ABC');
    await page.getByTestId('select-step:S1').click();
    await page.getByTestId('node-remove').click();
    await page.getByTestId('add-type-OP1').selectOption('form');
    await page.getByTestId('add-step-OP1').click();
    await page.getByTestId('step-name').fill('Line clearance');
    await page.getByTestId('step-instruction').fill('Walk the room; tick each item only after checking it yourself.');
    // A new form step opens in the builder (not as JSON), its one starting field selected.
    expect(await page.getByTestId('form-step-editor').getAttribute('data-tab')).toBe('builder');
    await page.getByTestId('form-title-en').fill('Line clearance');
    await page.getByTestId('form-title-zh').fill('清场');

    await describeField('materialsRemoved', 'yes-no', 'Materials of the previous batch removed', '上一批次的物料已移出');
    await page.getByTestId('field-must-be-yes').check();
    await addField();
    await describeField('equipmentClean', 'yes-no', 'Equipment clean', '设备已清洁');
    await page.getByTestId('field-must-be-yes').check();
    await addField();
    await describeField('releasedForNextBatch', 'yes-no', 'Room released for the next batch', '房间已放行用于下一批次');
    await page.getByTestId('field-required').uncheck();
    await page.getByTestId('field-role-supervisor').check();
    await addField();
    await describeField('pressure', 'number', 'Differential pressure', '压差');
    await page.getByTestId('field-unit').fill('Pa');
    await page.getByTestId('field-min').fill('10');
    await page.getByTestId('field-max').fill('50');
    // The preview (the station's form view) follows the builder.
    const preview = page.getByTestId('step-preview');
    await expect.poll(() => preview.textContent()).toContain('Differential pressure (Pa)');
    await addField();
    await describeField('margin', 'number', 'Margin above the minimum', '高于下限的余量');
    await page.getByTestId('field-unit').fill('Pa');
    await page.getByTestId('field-decimals').fill('1');
    await page.getByTestId('calc-add').click();
    await page.getByTestId('calc-0-target').selectOption('margin');
    // The expression is read live by the station's parser: an unknown field is named, a syntax error explained.
    await page.getByTestId('calc-0-expr').fill('pressur - 10');
    await expect.poll(() => page.getByTestId('calc-0-check').textContent()).toContain('pressur');
    expect(await page.getByTestId('calc-0-check').getAttribute('data-ok')).toBe('no');
    await page.getByTestId('calc-0-expr').fill('pressure -');
    await expect.poll(() => page.getByTestId('calc-0-check').textContent()).toContain('position');
    await page.getByTestId('calc-0-expr').fill('pressure - 10');
    await expect.poll(() => page.getByTestId('calc-0-check').getAttribute('data-ok')).toBe('yes');
    await addField();
    await describeField('notReleasedReason', 'text', 'Why not released', '未放行原因');
    await page.getByTestId('field-min-length').fill('5');
    await page.getByTestId('field-show-when').selectOption('releasedForNextBatch');
    await page.getByTestId('field-show-equals').selectOption('false');
    await page.getByTestId('form-sig-verified').check();

    // Reordered by button, then by keyboard (dnd-kit: Space, arrow, Space).
    expect(await order()).toBe('materialsRemoved,equipmentClean,releasedForNextBatch,pressure,margin,notReleasedReason');
    await page.getByTestId('field-up-pressure').click();
    await expect.poll(order).toBe('materialsRemoved,equipmentClean,pressure,releasedForNextBatch,margin,notReleasedReason');
    await page.getByTestId('field-drag-margin').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('[id^=DndLiveRegion]').last().textContent()).toMatch(/margin/);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.locator('[id^=DndLiveRegion]').last().textContent()).toContain('releasedForNextBatch');
    await page.keyboard.press('Space');
    await expect.poll(order).toBe('materialsRemoved,equipmentClean,pressure,margin,releasedForNextBatch,notReleasedReason');

    await expect.poll(() => page.getByTestId('validation').getAttribute('data-valid')).toBe('yes');
    await page.getByTestId('save-note').fill('line clearance form');
    await page.getByTestId('save-version').click();
    await expect.poll(() => page.getByTestId('version-state-1').textContent()).toBe('draft');

    const view = (await c.q.hub.api<RecipeVersionView>('GET', `/api/v1/recipes/${CODE}/versions/1`, undefined, await c.q.token('qa.hub'))).body;
    const steps = (view.content as { unitProcedures: { operations: { steps: { stepId: string; form?: unknown }[] }[] }[] }).unitProcedures.flatMap((u) => u.operations.flatMap((o) => o.steps));
    expect(steps.map((s) => s.stepId)).toEqual(['S1']);
    expect(steps[0]!.form).toEqual(EXPECTED);

    // The stored version opens in the builder again; in zh-CN the preview shows the form's Chinese words.
    await page.getByTestId('select-step:S1').click();
    expect(await page.getByTestId('form-step-editor').getAttribute('data-tab')).toBe('builder');
    expect(await order()).toBe('materialsRemoved,equipmentClean,pressure,margin,releasedForNextBatch,notReleasedReason');
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => preview.getByTestId('step-form').textContent()).toContain('清场');
    const zh = (await preview.getByTestId('step-form').textContent())!;
    for (const w of ['上一批次的物料已移出', '设备已清洁', '压差 (Pa)', '高于下限的余量 (Pa)', '房间已放行用于下一批次']) expect(zh).toContain(w);
    expect(zh).not.toContain('Differential pressure');
    expect(c.pageErrors).toEqual([]);
  });
});
