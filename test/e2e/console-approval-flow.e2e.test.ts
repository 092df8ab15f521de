/**
 * The approval flow edited in the browser (issue 14 item 3), in Debian's Chromium: QA opens the
 * recipes area's "Approval flow" tab, sees the flow as a statechart and a table, breaks it (an
 * unreachable "effective", a signature naming no role) and reads each reason beside its row with the
 * save refused, mends it, adds a third signature to "approve" (QA + QP + operator) and signs the
 * change (password, reason). The flow's versions show who signed, when and why, and their
 * difference in words (en, zh-CN); a version saved and reviewed before the change is listed as
 * still under flow version 1. Then, at the API: a version saved after the change is not approved
 * by two signatures and cannot be made effective, the third makes it approved; the version saved
 * before keeps its flow (two suffice); the hub refuses a broken flow (unreachable "effective", a
 * slot naming the read-only inspector, which the editor does not offer) with the editor's reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { expectAccessible, openConsole, signInConsole, startConsoleE2e, type ConsoleE2e } from './harness/console.ts';
import { HUB_PASSWORD, type QualityHub } from '../quality/support/quality-hub.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { blendRecipe } from '../recipes/blend-recipe.ts';
import { DEFAULT_APPROVAL_FLOW, type FlowView, type RecipeVersionView } from '../../src-shared/recipe/recipe-version-contract.ts';
import { storeUnsignableFlowVersion, withReviewBy } from '../quality/support/stored-flow.ts';

type Reply = { error?: { code: string; message: string; details?: { problems?: string[] } } } & Partial<RecipeVersionView>;

describe('hub console: the approval flow edited in the browser', { timeout: 120_000 }, () => {
  let c: ConsoleE2e;
  let q: QualityHub;
  let page: Page;
  const api = async <T,>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const sign = (who: string, code: string, version: number, transition: string) => api<Reply>(who, 'POST', `/api/v1/recipes/${code}/versions/${version}/transitions`, { transition, password: HUB_PASSWORD });

  beforeAll(async () => {
    c = await startConsoleE2e(async (hub) => {
      q = hub;
      await provisionHubUser(hub.hub, { username: 'md.steward', printedName: 'Mia Steward', roles: ['master-data'], password: HUB_PASSWORD });
      // Saved and reviewed under the flow the hub starts with (version 1).
      expect((await api<Reply>('md.steward', 'POST', '/api/v1/recipes/BLEND-OLD/versions', { content: blendRecipe() })).status).toBe(201);
      expect((await sign('qa.hub', 'BLEND-OLD', 1, 'review')).body.state).toBe('reviewed');
    });
    ({ page } = c);
  }, 300_000);

  afterAll(async () => {
    await c?.close();
  });

  it('FR-103 QA adds a third signature to "approve" in the browser and signs the change; an invalid flow shows its reasons and cannot be saved; the flow\'s versions and their difference read in words', async () => {
    await openConsole(c, 'en');
    await signInConsole(page, 'qa.hub');
    await page.getByTestId('nav-recipes').click();
    await page.getByTestId('tab-flow').click();
    await page.getByTestId('flow-table').waitFor();
    expect(await page.getByTestId('edge-approve').textContent()).toBe('approveQA + Qualified Person');
    expect(await page.getByTestId('flow-save').isDisabled()).toBe(true); // nothing changed yet

    // Broken: "make-effective" goes nowhere new (effective unreachable), and "retire"'s signature names no role.
    await page.getByTestId('row-2-to').selectOption('approved');
    await page.getByTestId('row-3-slot-0-qa').uncheck();
    await expect.poll(() => page.getByTestId('flow-validation').getAttribute('data-valid')).toBe('no');
    expect(await page.getByTestId('row-2-reasons').textContent()).toBe('transition "make-effective" does not change the state');
    expect(await page.getByTestId('row-3-reasons').textContent()).toBe('Signature 1 of "retire" names no role.');
    expect(await page.getByTestId('flow-reasons').textContent()).toBe('no path leads from "draft" to "effective"');
    expect(await page.getByTestId('row-1-reasons').count()).toBe(0);
    expect(await page.getByTestId('state-effective').getAttribute('data-reachable')).toBe('no');
    expect(await page.getByTestId('flow-save').isDisabled()).toBe(true);
    // zh-CN: the same reasons in Chinese, beside the same rows.
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => page.getByTestId('flow-reasons').textContent()).toBe('从“草稿”没有路径通向“生效”。');
    expect(await page.getByTestId('row-2-reasons').textContent()).toBe('转换“make-effective”没有改变状态。');
    await page.getByTestId('locale-toggle').click();

    // Mended, then the third signature: QA + QP + operator.
    await page.getByTestId('row-2-to').selectOption('effective');
    await page.getByTestId('row-3-slot-0-qa').check();
    await page.getByTestId('row-1-add-slot').click();
    await page.getByTestId('row-1-slot-2-qa').uncheck();
    await page.getByTestId('row-1-slot-2-operator').check();
    await expect.poll(() => page.getByTestId('flow-validation').getAttribute('data-valid')).toBe('yes');
    expect(await page.getByTestId('edge-approve').textContent()).toBe('approveQA + Qualified Person + Operator');
    await expectAccessible(c, 'approval-flow-en');

    await page.getByTestId('flow-save').click();
    await page.getByTestId('sign-text').fill('Production confirms every approval of a master batch record');
    await page.getByTestId('sign-password').fill(HUB_PASSWORD);
    await page.getByTestId('sign-submit').click();
    await page.getByTestId('sign-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('flow-saved').waitFor();
    await expect.poll(() => page.getByTestId('flow-current').textContent()).toContain('Version 2 of flow recipe-approval');
    expect(await page.getByTestId('flow-save').isDisabled()).toBe(true);

    // The versions: who signed, why, valid; the difference in words; the version still under flow 1.
    const v2 = await page.getByTestId('flow-version-2').textContent();
    expect(v2).toContain('Quinn Reviewer (qa.hub)');
    expect(v2).toContain('Production confirms every approval');
    expect(v2).toContain('valid');
    expect(await page.getByTestId('flow-version-1').textContent()).toContain('not signed');
    expect(await page.getByTestId('flow-diff-sentences').textContent()).toBe('Transition "approve" needs a signature 3, by Operator.');
    expect(await page.getByTestId('older-BLEND-OLD-1').textContent()).toBe('BLEND-OLD1reviewed1');
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => page.getByTestId('flow-diff-sentences').textContent()).toBe('转换“approve”需要第 3 个签名，由 操作员 签署。');
    await page.getByTestId('locale-toggle').click();
  });

  it('FR-103 a version saved after the change needs three signatures to be approved (effective refused after two); one saved before keeps its flow; the hub refuses the broken flow with the same reasons', async () => {
    const flow = (await api<FlowView>('op.hub', 'GET', '/api/v1/recipes/flow')).body;
    expect(flow.version).toBe(2);
    expect(flow.definition.transitions.find((t) => t.name === 'approve')!.signatures).toEqual([{ roles: ['qa'] }, { roles: ['qp'] }, { roles: ['operator'] }]);

    expect((await api<Reply>('md.steward', 'POST', '/api/v1/recipes/BLEND-NEW/versions', { content: blendRecipe() })).body.flow).toEqual({ flowCode: 'recipe-approval', version: 2 });
    expect((await sign('qa.hub', 'BLEND-NEW', 1, 'review')).body.state).toBe('reviewed');
    expect((await sign('qa.second', 'BLEND-NEW', 1, 'approve')).body.state).toBe('reviewed');
    const two = (await sign('qp.hub', 'BLEND-NEW', 1, 'approve')).body;
    expect(two.state).toBe('reviewed');
    expect(two.next).toEqual([expect.objectContaining({ transition: 'approve', rolesNeeded: [['operator']] })]);
    expect((await sign('qa.hub', 'BLEND-NEW', 1, 'make-effective')).body.error?.code).toBe('RECIPE_TRANSITION_OUT_OF_ORDER');
    expect((await sign('op.hub', 'BLEND-NEW', 1, 'approve')).body.state).toBe('approved');
    expect((await sign('qa.hub', 'BLEND-NEW', 1, 'make-effective')).body.state).toBe('effective');

    // Saved (and reviewed) under flow version 1: two signatures approve it, as when it was saved.
    expect((await sign('qa.second', 'BLEND-OLD', 1, 'approve')).body.state).toBe('reviewed');
    const old = (await sign('qp.hub', 'BLEND-OLD', 1, 'approve')).body;
    expect(old).toMatchObject({ state: 'approved', flow: { flowCode: 'recipe-approval', version: 1 } });

    // The hub's refusal lists what the editor showed beside the rows.
    const broken = withReviewBy({ ...DEFAULT_APPROVAL_FLOW, transitions: DEFAULT_APPROVAL_FLOW.transitions.map((t) => (t.name === 'make-effective' ? { ...t, to: 'approved' as const } : t)) }, ['qa', 'inspector']);
    const refused = await api<Reply>('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition: broken, reason: 'an unreachable effective', password: HUB_PASSWORD });
    expect(refused.body.error?.code).toBe('RECIPE_FLOW_INVALID');
    expect(refused.body.error?.details?.problems).toEqual([
      'transition "review" names the inspector role, which no account signing this flow holds (signers: qa, qp, master-data, operator)',
      'transition "make-effective" does not change the state',
      'no path leads from "draft" to "effective"',
    ]);
    const history = (await api<FlowView[]>('qp.hub', 'GET', '/api/v1/recipes/flow/history')).body;
    expect(history.map((h) => `${h.version}:${h.signature?.username ?? '-'}:${h.signature?.valid ?? '-'}`)).toEqual(['1:-:-', '2:qa.hub:true']);
  });

  it('FR-113 the same editor edits the report-template flow (its own signers: no operator); a "who saves versions" role the save route refuses shows its reason beside the field and blocks the save', async () => {
    await page.getByTestId('nav-templates').click();
    await page.getByTestId('tab-flow').click();
    await page.locator('[data-testid="flow-screen"][data-kind="template"]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Approval flow of report template versions');
    expect(await page.getByTestId('flow-current').textContent()).toContain('Version 1 of flow report-template-approval');
    expect(await page.getByTestId('row-1-slot-0-operator').count()).toBe(0);
    expect(await page.getByTestId('row-1-slot-0-master-data').count()).toBe(1);
    await page.getByTestId('author-role-qp').check();
    await expect.poll(() => page.getByTestId('author-roles-reasons').textContent()).toBe('versions are saved by the qp role, which the save route refuses (it admits: qa, master-data)');
    expect(await page.getByTestId('flow-validation').getAttribute('data-valid')).toBe('no');
    expect(await page.getByTestId('flow-save').isDisabled()).toBe(true);
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => page.getByTestId('author-roles-reasons').textContent()).toBe('由 qp 角色保存版本，但保存接口拒绝该角色（仅允许：qa, master-data）。');
    await page.getByTestId('locale-toggle').click();
    await page.getByTestId('author-role-qp').uncheck();
    await expect.poll(() => page.getByTestId('flow-validation').getAttribute('data-valid')).toBe('yes');
    await page.getByTestId('tab-templates').click();
    await page.getByTestId('report-templates').waitFor();
  });

  it('FR-115 a stored template-flow version today\'s checks refuse (a row written in the database) shows its problem in the history\'s checks column and above the editor; the versions before pass', async () => {
    const flowNow = (await api<FlowView>('qa.hub', 'GET', '/api/v1/report-templates/flow')).body;
    // Kept from before the signing-role check: its review slot names only the read-only inspector.
    const bad = await storeUnsignableFlowVersion(q.hub.hub.services.ctx.db, flowNow, 'inspector');
    await page.getByTestId('tab-flow').click();
    const checks = page.getByTestId(`flow-version-${bad}-checks`);
    await checks.waitFor();
    expect(await checks.textContent()).toBe('transition "review" names the inspector role, which no account signing this flow holds (signers: qa, qp, master-data)');
    expect(await page.getByTestId(`flow-version-${flowNow.version}-checks`).textContent()).toBe('passes');
    expect(await page.getByTestId('flow-stored-problems').textContent()).toContain('names the inspector role');
  });
});
