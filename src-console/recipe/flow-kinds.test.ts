import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROVAL_FLOW, FLOW_SAVING_ROLES, FLOW_SIGNING_ROLES, flowIssues, flowProblems } from '../../src-shared/recipe/recipe-version-contract.ts';
import { DEFAULT_TEMPLATE_FLOW } from '../../src-shared/reports/template-flow.ts';
import type { ConsoleApi } from '../api/console-client.ts';
import { consoleEn } from '../i18n/en.ts';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import { editOf, editorProblems, reasonsAt, toggleAuthorRole, underOlderFlow } from './flow-editor.ts';
import { FLOW_KINDS, loadFlowSubjects, templateSubjects } from './flow-kinds.ts';

const words = (cat: object) => (key: string, params: Record<string, string> = {}) => {
  const s = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], cat);
  return typeof s === 'string' ? s.replace(/\{\{(\w+)\}\}/g, (_, p: string) => params[p] ?? `{{${p}}}`) : key;
};

describe('the flow editor for either flow', () => {
  it('FR-113 the savers check: a "who saves versions" role the kind\'s save route refuses is refused by the shared check, beside the field, in the hub\'s English and in zh-CN', () => {
    expect(flowProblems(DEFAULT_APPROVAL_FLOW, 'recipe')).toEqual([]);
    expect(flowProblems(DEFAULT_TEMPLATE_FLOW, 'template')).toEqual([]);
    expect(flowProblems({ ...DEFAULT_TEMPLATE_FLOW, authorRoles: ['qa', 'operator'] }, 'template')).toEqual(['versions are saved by the operator role, which the save route refuses (it admits: qa, master-data)']);
    expect(flowIssues({ ...DEFAULT_APPROVAL_FLOW, authorRoles: ['qp', 'inspector'] }, 'recipe').map((i) => `${i.key}:${i.params.role}:${i.field}:${i.transition}`)).toEqual(['authorCannotSave:qp:authorRoles:undefined', 'authorCannotSave:inspector:authorRoles:undefined']);

    const e = toggleAuthorRole(editOf(DEFAULT_TEMPLATE_FLOW), 'qp');
    const problems = editorProblems(e, 'template');
    expect(problems.map((p) => `${p.at}:${p.key}`)).toEqual(['authorRoles:authorCannotSave']);
    expect(reasonsAt(problems, 'authorRoles', 'en', words(consoleEn))).toEqual(flowProblems({ ...DEFAULT_TEMPLATE_FLOW, authorRoles: ['qa', 'master-data', 'qp'] }, 'template'));
    expect(reasonsAt(problems, 'authorRoles', 'zh-CN', words(consoleZhCN))).toEqual(['由 qp 角色保存版本，但保存接口拒绝该角色（仅允许：qa, master-data）。']);
    expect(reasonsAt(problems, 'flow', 'en', words(consoleEn))).toEqual([]);
    // No role ticked: the schema's reason goes beside the field too.
    const none = toggleAuthorRole(toggleAuthorRole(editOf(DEFAULT_TEMPLATE_FLOW), 'qa'), 'master-data');
    expect(editorProblems(none, 'template').map((p) => `${p.at}:${p.key}`)).toEqual(['authorRoles:noAuthorRole']);
  });

  it('FR-113 the screen\'s parameters per kind: the hub\'s paths and the roles it admits; the template flow\'s signers differ (no operator), each kind\'s words in both catalogues', () => {
    expect(FLOW_KINDS.recipe).toMatchObject({ api: '/api/v1/recipes', route: 'recipes/~flow', signingRoles: FLOW_SIGNING_ROLES.recipe, savingRoles: FLOW_SAVING_ROLES.recipe });
    expect(FLOW_KINDS.template).toMatchObject({ api: '/api/v1/report-templates', route: 'templates/~flow', signingRoles: FLOW_SIGNING_ROLES.template, savingRoles: FLOW_SAVING_ROLES.template });
    expect(FLOW_KINDS.template.versionRoute('batch-record', 3)).toBe('templates/batch-record/3');
    // The same edit is sound for recipes and refused for templates: an operator signs "approve".
    const e = editOf({ ...DEFAULT_TEMPLATE_FLOW, transitions: DEFAULT_TEMPLATE_FLOW.transitions.map((t) => (t.name === 'approve' ? { ...t, signatures: [...t.signatures, { roles: ['operator' as const] }] } : t)) });
    expect(editorProblems(e, 'recipe')).toEqual([]);
    expect(editorProblems(e, 'template').map((p) => p.key)).toEqual(['roleCannotSign']);
    for (const kind of ['recipe', 'template'] as const) {
      for (const cat of [consoleEn, consoleZhCN]) {
        for (const k of ['title', 'intro', 'statement', 'older', 'olderExplain', 'olderNone', 'subject']) expect(words(cat)(`${FLOW_KINDS[kind].words}.${k}`)).not.toMatch(/^flow/);
        expect(words(cat)(`${kind === 'recipe' ? 'recipeTabs' : 'templateTabs'}.list`)).not.toMatch(/Tabs/);
      }
    }
    expect(words(consoleEn)('flowTemplate.title')).not.toBe(words(consoleEn)('flow.title'));
  });

  it('FR-113 template versions under an older flow version, loaded per template code; a refusal is passed on', async () => {
    const asked: string[] = [];
    const v = (templateCode: 'batch-record' | 'container-label', version: number, state: 'draft' | 'approved' | 'retired', flowVersion: number) => ({ templateCode, version, state, flowVersion, contentHash: 'h', basedOn: null, note: '', createdBy: 'md', createdAt: '2026-01-01T00:00:00Z' });
    const rows = { 'batch-record': [v('batch-record', 1, 'retired', 1), v('batch-record', 2, 'approved', 1), v('batch-record', 3, 'draft', 2)], 'container-label': [v('container-label', 1, 'draft', 1)] };
    const api: Pick<ConsoleApi, 'get'> = {
      get: async (path, schema) => {
        asked.push(path);
        const code = path.split('/')[4] as keyof typeof rows;
        return { ok: true, value: schema.parse(rows[code]) };
      },
    };
    const r = await loadFlowSubjects(api, 'template');
    expect(asked).toEqual(['/api/v1/report-templates/batch-record/versions', '/api/v1/report-templates/container-label/versions']);
    expect(r.ok && underOlderFlow(r.value, 2)).toEqual([
      { code: 'batch-record', version: 2, state: 'approved', flowVersion: 1 },
      { code: 'container-label', version: 1, state: 'draft', flowVersion: 1 },
    ]);
    expect(templateSubjects(rows['container-label'])).toEqual([{ code: 'container-label', version: 1, state: 'draft', flowVersion: 1 }]);
    const refused: Pick<ConsoleApi, 'get'> = { get: async () => ({ ok: false, error: { code: 'AUTH_ROLE_REQUIRED', message: 'no' } }) };
    expect(await loadFlowSubjects(refused, 'template')).toEqual({ ok: false, error: { code: 'AUTH_ROLE_REQUIRED', message: 'no' } });
  });
});
