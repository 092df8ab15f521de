/**
 * The report-template approval flow changed as the console's flow editor changes it (FR-113), at
 * the API on one PGlite hub: the hub refuses a flow whose "who saves versions" roles name a role
 * its save route refuses (the shared check the editor runs); QA signs a change that adds a third
 * signature (master data) to "approve"; the flow's history lists it (who, why, verified); a
 * template version saved after it carries flow version 2 and needs the new signature to be
 * approved, while a version saved before keeps flow version 1 (two signatures suffice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_APPROVAL_FLOW, type FlowView } from '../../src-shared/recipe/recipe-version-contract.ts';
import { DEFAULT_TEMPLATE_FLOW } from '../../src-shared/reports/template-flow.ts';
import type { TemplateVersionSummary, TemplateVersionView } from '../../src-shared/reports/report-template-contract.ts';
import { DEFAULT_BATCH_RECORD_TEMPLATE } from '../../src-shared/reports/report-template.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';

type Refusal = { error?: { code: string; message: string; details?: { problems?: string[] } } };
type Reply = Refusal & Partial<TemplateVersionView>;

let q: QualityHub;
const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
const base = '/api/v1/report-templates';
const save = (who: string) => api<Reply>(who, 'POST', `${base}/batch-record/versions`, { content: DEFAULT_BATCH_RECORD_TEMPLATE, basedOn: null, note: 'FR-113' });
const sign = (who: string, version: number, transition: string) => api<Reply>(who, 'POST', `${base}/batch-record/versions/${version}/transitions`, { transition, password: HUB_PASSWORD });

beforeAll(async () => {
  q = await startQualityHub('pglite');
  await provisionHubUser(q.hub, { username: 'md.steward', printedName: 'Mia Steward', roles: ['master-data'], password: HUB_PASSWORD });
  await provisionHubUser(q.hub, { username: 'md.second', printedName: 'Max Second', roles: ['master-data'], password: HUB_PASSWORD });
});
afterAll(async () => {
  await q?.close();
});

describe('the report-template flow edited like the recipe flow', () => {
  it('FR-113 a flow whose savers name a role the save route refuses is refused (template: qp; recipe: operator), with the shared check\'s reason', async () => {
    const tpl = await api<Refusal>('qa.hub', 'PUT', `${base}/flow`, { definition: { ...DEFAULT_TEMPLATE_FLOW, authorRoles: ['qa', 'qp'] }, reason: 'QPs draft templates too', password: HUB_PASSWORD });
    expect(tpl.status).toBe(400);
    expect(tpl.body.error?.code).toBe('RECIPE_FLOW_INVALID');
    expect(tpl.body.error?.details?.problems).toEqual(['versions are saved by the qp role, which the save route refuses (it admits: qa, master-data)']);
    // The route indeed refuses a QP's save: the check promises nothing the route takes back.
    expect((await save('qp.hub')).status).toBe(403);
    const recipe = await api<Refusal>('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition: { ...DEFAULT_APPROVAL_FLOW, authorRoles: ['master-data', 'operator'] }, reason: 'operators draft recipes', password: HUB_PASSWORD });
    expect(recipe.body.error?.details?.problems).toEqual(['versions are saved by the operator role, which the save route refuses (it admits: master-data, qa)']);
    expect((await api<FlowView>('qa.hub', 'GET', `${base}/flow`)).body.version).toBe(1);
  });

  it('FR-113 a signed change of the template flow is in its history; a template version saved after it carries flow version 2 and needs the new signature, one saved before keeps flow version 1', async () => {
    const before = await save('md.steward');
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect(before.body.flow).toEqual({ flowCode: 'report-template-approval', version: 1 });

    const definition = { ...DEFAULT_TEMPLATE_FLOW, transitions: DEFAULT_TEMPLATE_FLOW.transitions.map((t) => (t.name === 'approve' ? { ...t, signatures: [...t.signatures, { roles: ['master-data' as const] }] } : t)) };
    const changed = await api<FlowView>('qa.hub', 'PUT', `${base}/flow`, { definition, reason: 'master data confirms every template approval', password: HUB_PASSWORD });
    expect(changed.status, JSON.stringify(changed.body)).toBe(201);
    const history = await api<FlowView[]>('qp.hub', 'GET', `${base}/flow/history`);
    expect(history.status).toBe(200);
    expect(history.body.map((v) => [v.version, v.signature?.username ?? null, v.reason])).toEqual([
      [1, null, 'the flow the hub starts with'],
      [2, 'qa.hub', 'master data confirms every template approval'],
    ]);
    expect(history.body[1]!.signature?.valid).toBe(true);
    expect(history.body[1]!.definition.transitions[1]!.signatures).toHaveLength(3);

    const after = await save('md.steward');
    expect(after.body.flow?.version).toBe(2);
    const listed = (await api<TemplateVersionSummary[]>('qa.hub', 'GET', `${base}/batch-record/versions`)).body;
    expect(listed.map((v) => [v.version, v.flowVersion])).toEqual([[before.body.version, 1], [after.body.version, 2]]);

    const v2 = after.body.version!;
    expect((await sign('qa.hub', v2, 'review')).body.state).toBe('reviewed');
    await sign('qa.second', v2, 'approve');
    expect((await sign('qp.hub', v2, 'approve')).body.state).toBe('reviewed'); // two of three
    expect((await sign('md.second', v2, 'approve')).body.state).toBe('approved');

    const v1 = before.body.version!;
    await sign('qa.hub', v1, 'review');
    await sign('qa.second', v1, 'approve');
    expect((await sign('qp.hub', v1, 'approve')).body.state).toBe('approved'); // its flow: two suffice
  });
});
