import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROVAL_FLOW, flowProblems, type ApprovalFlow } from '../../src-shared/recipe/recipe-version-contract.ts';
import { recipeSubjects } from './flow-kinds.ts';
import { consoleEn } from '../i18n/en.ts';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import {
  addSlot,
  addTransition,
  changeText,
  diagramOf,
  editOf,
  editorProblems,
  flowChanges,
  flowOfEdit,
  flowReasonWords,
  reasonsAt,
  removeSlot,
  removeTransition,
  toggleRole,
  underOlderFlow,
  updateTransition,
  type FlowEdit,
} from './flow-editor.ts';

/** The catalogue's words with {{params}} filled in, as i18next does (a missing key shows as itself). */
const words = (cat: object) => (key: string, params: Record<string, string> = {}) => {
  const s = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], cat);
  return typeof s === 'string' ? s.replace(/\{\{(\w+)\}\}/g, (_, p: string) => params[p] ?? `{{${p}}}`) : key;
};
const en = words(consoleEn);
const zh = words(consoleZhCN);
const idOf = (e: FlowEdit, name: string) => e.rows.find((r) => r.name === name)!.id;

describe('the approval flow editor', () => {
  it('FR-103 the table is the flow and back: a third signature slot (QA + QP + operator) on "approve", added and removed', () => {
    const start = editOf(DEFAULT_APPROVAL_FLOW);
    expect(flowOfEdit(start)).toEqual(DEFAULT_APPROVAL_FLOW);
    expect(start.rows.map((r) => `${r.name}:${r.from}>${r.to}:${r.slots.map((s) => s.join('|')).join('+')}`)).toEqual(['review:draft>reviewed:qa', 'approve:reviewed>approved:qa+qp', 'make-effective:approved>effective:qa', 'retire:effective>retired:qa']);
    const approve = idOf(start, 'approve');
    const three = toggleRole(toggleRole(addSlot(start, approve), approve, 2, 'qa'), approve, 2, 'operator');
    expect(flowOfEdit(three).transitions[1]!.signatures).toEqual([{ roles: ['qa'] }, { roles: ['qp'] }, { roles: ['operator'] }]);
    expect(editorProblems(three)).toEqual([]);
    expect(flowOfEdit(removeSlot(three, approve, 2))).toEqual(DEFAULT_APPROVAL_FLOW);
    // The editor's edits never touch the start (the "discard" button goes back to it).
    expect(flowOfEdit(start)).toEqual(DEFAULT_APPROVAL_FLOW);
  });

  it('FR-103 every reason is placed on the row it concerns, in the hub\'s words in English and the catalogue\'s in zh-CN; the hub\'s flowProblems says the same', () => {
    let e = editOf(DEFAULT_APPROVAL_FLOW);
    e = updateTransition(e, idOf(e, 'make-effective'), { to: 'approved' }); // effective unreachable, and no change of state
    e = toggleRole(e, idOf(e, 'review'), 0, 'inspector'); // a role no signer of the flow holds
    e = toggleRole(e, idOf(e, 'retire'), 0, 'qa'); // no role left in the slot
    e = addTransition(e);
    const added = e.rows.at(-1)!.id;
    e = updateTransition(e, added, { name: 'Bad Name' });
    const problems = editorProblems(e);
    const at = (id: string) => problems.filter((p) => p.at === id).map((p) => p.key).sort();
    expect(at(idOf(e, 'make-effective'))).toEqual(['sameState']);
    expect(at(idOf(e, 'review'))).toEqual(['roleCannotSign']);
    expect(at(idOf(e, 'retire'))).toEqual(['slotNoRole']);
    expect(at(added)).toEqual(['badName', 'parallel']); // a new row starts draft → reviewed, beside "review"
    expect(at('flow')).toEqual(['noPathToEffective']);
    // English: the hub's own sentence (what its refusal, RECIPE_FLOW_INVALID, lists).
    const hub = flowProblems(flowOfEdit(e));
    const review = reasonsAt(problems, idOf(e, 'review'), 'en', en);
    expect(review).toEqual(['transition "review" names the inspector role, which no account signing this flow holds (signers: qa, qp, master-data, operator)']);
    expect(hub).toEqual(expect.arrayContaining([...review, ...reasonsAt(problems, 'flow', 'en', en)]));
    expect(reasonsAt(problems, idOf(e, 'retire'), 'en', en)).toEqual(['Signature 1 of "retire" names no role.']);
    // zh-CN: the catalogue's words, parameters filled, no key left showing.
    expect(reasonsAt(problems, 'flow', 'zh-CN', zh)).toEqual(['从“草稿”没有路径通向“生效”。']);
    expect(reasonsAt(problems, idOf(e, 'review'), 'zh-CN', zh)).toEqual(['转换“review”指定了 inspector 角色，签署此流程的账户均不具有该角色（签名角色：qa, qp, master-data, operator）。']);
    for (const p of problems) expect(zh(`flow.reason.${p.key}`, p.params)).not.toMatch(/\{\{|^flow\./);
  });

  it('FR-115 a problem the hub stored with a flow version is worded as the editor words its own: the hub\'s English, the catalogue in zh-CN', () => {
    const stored = { key: 'noPathToEffective', params: {}, message: 'no path leads from "draft" to "effective"' };
    expect(flowReasonWords(stored, 'en', en)).toBe('no path leads from "draft" to "effective"');
    expect(flowReasonWords(stored, 'zh-CN', zh)).toBe('从“草稿”没有路径通向“生效”。');
    // No English from the hub (a problem of the schema the editor found): the catalogue, in English too.
    expect(flowReasonWords({ ...stored, message: '' }, 'en', en)).toBe(en('flow.reason.noPathToEffective', {}));
    expect(en('flow.reason.noPathToEffective', {})).not.toBe('flow.reason.noPathToEffective');
  });

  it('FR-103 a rename is carried into "not signed by the signers of"; a removed transition is dropped from it', () => {
    const e = editOf(DEFAULT_APPROVAL_FLOW);
    const renamed = updateTransition(e, idOf(e, 'review'), { name: 'qa-review' });
    expect(flowOfEdit(renamed).transitions.find((t) => t.name === 'approve')!.notSignedBySignersOf).toEqual(['qa-review']);
    expect(editorProblems(renamed)).toEqual([]);
    const removed = removeTransition(renamed, idOf(renamed, 'qa-review'));
    expect(flowOfEdit(removed).transitions.find((t) => t.name === 'approve')!.notSignedBySignersOf).toEqual([]);
    expect(editorProblems(removed).map((p) => p.key)).toEqual(['noPathToEffective']);
  });

  it('FR-103 a slot naming a role the flow\'s signers cannot hold is refused by the shared check: lims and inspector anywhere, operator in the template flow', () => {
    const withRole = (role: 'operator' | 'lims'): ApprovalFlow => ({ ...DEFAULT_APPROVAL_FLOW, transitions: DEFAULT_APPROVAL_FLOW.transitions.map((t) => (t.name === 'approve' ? { ...t, signatures: [...t.signatures, { roles: [role] }] } : t)) });
    expect(flowProblems(withRole('operator'))).toEqual([]);
    expect(flowProblems(withRole('operator'), 'template')).toEqual(['transition "approve" names the operator role, which no account signing this flow holds (signers: qa, qp, master-data)']);
    expect(flowProblems(withRole('lims'))).toHaveLength(1);
  });

  it('FR-103 the statechart: five states, one arrow per transition (forward above, backward below), states draft does not reach marked', () => {
    const e = editOf(DEFAULT_APPROVAL_FLOW);
    const d = diagramOf(e);
    expect(d.states.map((s) => `${s.state}:${s.reachable}`)).toEqual(['draft:true', 'reviewed:true', 'approved:true', 'effective:true', 'retired:true']);
    expect(d.edges.map((x) => x.name)).toEqual(['review', 'approve', 'make-effective', 'retire']);
    expect(d.edges.every((x) => x.labelY < d.states[0]!.y)).toBe(true);
    const back = addTransition(e);
    const id = back.rows.at(-1)!.id;
    const cut = updateTransition(updateTransition(back, id, { from: 'approved', to: 'reviewed' }), idOf(back, 'approve'), { to: 'retired' });
    const d2 = diagramOf(cut);
    expect(d2.edges.at(-1)!.labelY).toBeGreaterThan(d2.states[0]!.y);
    // The drawing grows below for the backward arc, and every label stays inside it.
    expect(d2.height).toBeGreaterThan(d.height);
    for (const x of [...d.edges, ...d2.edges]) expect(x.labelY).toBeGreaterThan(0);
    for (const x of d2.edges) expect(x.labelY).toBeLessThan(d2.height);
    expect(d2.states.filter((s) => !s.reachable).map((s) => s.state)).toEqual(['approved', 'effective']);
  });

  it('FR-103 the difference between two flow versions in words, en and zh-CN', () => {
    const e = editOf(DEFAULT_APPROVAL_FLOW);
    const approve = idOf(e, 'approve');
    const b = flowOfEdit(updateTransition(toggleRole(addSlot(e, approve, ['operator']), idOf(e, 'review'), 0, 'qp'), idOf(e, 'retire'), { authorMaySign: false }));
    const changes = flowChanges(DEFAULT_APPROVAL_FLOW, b);
    expect(changes.map((c) => changeText(c, en))).toEqual([
      'Signature 1 of "review" is now by QA or Qualified Person (was QA).',
      'Transition "approve" needs a signature 3, by Operator.',
      'The author of a version may no longer sign "retire".',
    ]);
    expect(changes.map((c) => changeText(c, zh))[1]).toBe(`转换“approve”需要第 3 个签名，由 ${consoleZhCN.roles.operator} 签署。`);
    expect(flowChanges(b, b)).toEqual([]);
    const renamed = flowOfEdit(updateTransition(e, idOf(e, 'review'), { name: 'qa-review' }));
    expect(flowChanges(DEFAULT_APPROVAL_FLOW, renamed).map((c) => changeText(c, en))).toEqual([
      'Transition "review" (draft → reviewed) is removed.',
      'New transition "qa-review" from draft to reviewed, signed by QA.',
      '"approve" may not be signed by the signers of qa-review (was review).',
    ]);
  });

  it('FR-103 the recipe versions still under an older flow version (not retired)', () => {
    const v = (version: number, state: 'draft' | 'reviewed' | 'retired' | 'effective', flowVersion: number) => ({ version, state, flowVersion, createdBy: 'md', createdAt: '2026-01-01T00:00:00Z' });
    const list = [
      { recipeCode: 'A', name: 'A', versions: [v(1, 'retired', 1), v(2, 'effective', 1), v(3, 'reviewed', 2)] },
      { recipeCode: 'B', name: 'B', versions: [v(1, 'draft', 3)] },
    ];
    expect(underOlderFlow(recipeSubjects(list), 3)).toEqual([
      { code: 'A', version: 2, state: 'effective', flowVersion: 1 },
      { code: 'A', version: 3, state: 'reviewed', flowVersion: 2 },
    ]);
    expect(underOlderFlow(recipeSubjects(list), 1)).toEqual([]);
  });
});
