import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import type { BalanceCheckPlan, BalanceCheckPlanChange, BalanceCheckPlanRow } from '../../src-shared/equipment/balance-check-plan-contract.ts';
import { consoleEn } from '../i18n/en.ts';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import { checkPlanDraftOf, checkPlanOf, emptyCheckPoint } from './balance-check-plan-draft.ts';
import { BalancesTable, CheckPlanHistory, checkPointChanges } from './balances-screen.tsx';

const g = (amount: string) => ({ amount, unit: 'g' as const });
const PLAN: BalanceCheckPlan = {
  id: 'DC-BAL-01',
  points: [
    { testWeight: 'E2 200 g #A17', nominal: g('200.0000'), acceptance: g('0.0010') },
    { testWeight: 'E2 10 g #A03', nominal: g('10.0000'), acceptance: { amount: '0.3', unit: 'mg' } },
  ],
  validForHours: 24,
};
const ROW: BalanceCheckPlanRow = { balanceId: 'BAL-01', name: 'Analytical balance', model: 'XPR205', boothId: 'BOOTH-1', version: 3, checkPlan: PLAN };

async function render(locale: 'en' | 'zh-CN', node: React.ReactElement): Promise<string> {
  // Its own i18next instance: unit tests share modules (isolate: false), the global one is left alone.
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } }, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, node));
}

describe('balance check-plan form (FR-123)', () => {
  it('FR-123 a draft is the plan to sign only when it is a plan, changed, and under a new plan id (the hub\'s own rules, checked before signing)', () => {
    const draft = checkPlanDraftOf(PLAN);
    expect(draft.points[1]).toEqual({ testWeight: 'E2 10 g #A03', nominal: '10.0000', nominalUnit: 'g', acceptance: '0.3', acceptanceUnit: 'mg' });
    // Untouched: nothing to sign.
    expect(checkPlanOf(draft, PLAN)).toEqual({ ok: false, problem: 'unchanged' });
    // A wider acceptance under the old id: refused here, as the hub refuses it.
    const wider = { ...draft, points: [draft.points[0]!, { ...draft.points[1]!, acceptance: '0.5' }] };
    expect(checkPlanOf(wider, PLAN)).toEqual({ ok: false, problem: 'sameId', id: 'DC-BAL-01' });
    expect(checkPlanOf({ ...draft, validForHours: '12' }, PLAN)).toMatchObject({ problem: 'sameId' });
    // With a new id it is the plan, trimmed, the units as chosen.
    expect(checkPlanOf({ ...wider, id: ' DC-BAL-01-2 ' }, PLAN)).toEqual({ ok: true, plan: { ...PLAN, id: 'DC-BAL-01-2', points: [PLAN.points[0], { ...PLAN.points[1], acceptance: { amount: '0.5', unit: 'mg' } }] } });
    // Only the id changed is a change too (a new plan, the same weights).
    expect(checkPlanOf({ ...draft, id: 'DC-BAL-01-2' }, PLAN)).toMatchObject({ ok: true });
    // Not a plan: which point, or the plan as a whole.
    const renamed = { ...draft, id: 'DC-BAL-01-2' };
    expect(checkPlanOf({ ...renamed, points: [...draft.points, emptyCheckPoint()] }, PLAN)).toEqual({ ok: false, problem: 'invalid', point: 3 });
    expect(checkPlanOf({ ...renamed, points: [{ ...draft.points[0]!, acceptance: '0' }] }, PLAN)).toEqual({ ok: false, problem: 'invalid', point: 1 });
    expect(checkPlanOf({ ...renamed, points: [{ ...draft.points[0]!, nominal: '-1' }] }, PLAN)).toEqual({ ok: false, problem: 'invalid', point: 1 });
    expect(checkPlanOf({ ...renamed, points: [{ ...draft.points[0]!, testWeight: '  ' }] }, PLAN)).toEqual({ ok: false, problem: 'invalid', point: 1 });
    expect(checkPlanOf({ ...renamed, points: [] }, PLAN)).toEqual({ ok: false, problem: 'invalid', point: null });
    expect(checkPlanOf({ ...renamed, points: Array.from({ length: 11 }, () => draft.points[0]!) }, PLAN)).toEqual({ ok: false, problem: 'invalid', point: null });
    for (const hours of ['0', '12.5', '1e2', '', '745', 'x']) expect(checkPlanOf({ ...renamed, validForHours: hours }, PLAN), hours).toEqual({ ok: false, problem: 'invalid', point: null });
    expect(checkPlanOf({ ...renamed, validForHours: '744' }, PLAN)).toMatchObject({ ok: true });
    expect(checkPlanOf({ ...draft, id: 'DC BAL' }, PLAN)).toEqual({ ok: false, problem: 'invalid', point: null });
    expect(checkPlanOf({ ...draft, id: '' }, PLAN)).toEqual({ ok: false, problem: 'invalid', point: null });
  });

  it('FR-123 lists each balance with its plan id, points and validity, offers a change only to who may sign, and shows the signed changes old → new, in en and zh-CN', async () => {
    const en = await render('en', <BalancesTable list={{ data: [ROW] }} edit={() => undefined} />);
    expect(en).toContain('Analytical balance (BAL-01) · XPR205 · BOOTH-1');
    expect(en).toContain('DC-BAL-01');
    expect(en).toContain('E2 200 g #A17: 200.0000 g ± 0.0010 g');
    expect(en).toContain('E2 10 g #A03: 10.0000 g ± 0.3 mg');
    expect(en).toContain('24 h');
    expect(en).toContain('data-testid="balance-edit-BAL-01"');
    const reader = await render('zh-CN', <BalancesTable list={{ data: [ROW] }} edit={null} />);
    expect(reader).not.toContain('balance-edit-');
    expect(reader).toContain('24 小时');
    expect(reader).toContain('E2 200 g #A17：200.0000 g ± 0.0010 g');
    expect(reader).toContain('核查点');
    expect(await render('zh-CN', <BalancesTable list={{ data: [] }} edit={null} />)).toContain('主数据中尚无天平。');

    const change: BalanceCheckPlanChange = {
      balanceId: 'BAL-01', version: 4, changedAt: '2026-12-05T08:00:00.000Z', changedBy: 'qa.hub', printedName: 'Quinn Reviewer', reason: 'tighter 10 g acceptance per USP <1251> review', signatureId: 7,
      changes: [
        { field: 'checkPlan.id', before: 'DC-BAL-01', after: 'DC-BAL-01-2' },
        { field: 'checkPlan.points', before: PLAN.points, after: [PLAN.points[0]] },
        { field: 'checkPlan.validForHours', before: 24, after: 12 },
      ],
    };
    const history = await render('en', <CheckPlanHistory changes={[change]} locale="en" />);
    expect(history).toContain('data-testid="check-plan-version-4"');
    expect(history).toContain('Quinn Reviewer');
    expect(history).toContain('<span>Plan id:</span><span translate="no">DC-BAL-01</span><span>→</span><span translate="no">DC-BAL-01-2</span>');
    expect(history).toContain('<span>Valid for (hours):</span><span translate="no">24 h</span><span>→</span><span translate="no">12 h</span>');
    // A changed point by its place: the point taken out, old → —; the point kept is not listed.
    expect(history).toContain('data-testid="check-plan-change-point-2"><span>Check point 2:</span><span translate="no">E2 10 g #A03: 10.0000 g ± 0.3 mg</span><span>→</span><span translate="no">—</span>');
    expect(history).not.toContain('E2 200 g');
    expect(checkPointChanges(PLAN.points, [{ ...PLAN.points[1], acceptance: g('0.0002') }, PLAN.points[0], PLAN.points[1]])).toEqual([
      { point: 1, before: PLAN.points[0], after: { ...PLAN.points[1], acceptance: g('0.0002') } },
      { point: 2, before: PLAN.points[1], after: PLAN.points[0] },
      { point: 3, before: null, after: PLAN.points[1] },
    ]);
    // A side that is not a list of points (a record an older schema wrote): both lists whole.
    expect(checkPointChanges('DC-1', PLAN.points)).toBeNull();
    const odd = await render('en', <CheckPlanHistory changes={[{ ...change, changes: [{ field: 'checkPlan.points', before: null, after: PLAN.points }] }]} locale="en" />);
    expect(odd).toContain('<span>Check points:</span><span translate="no">—</span><span>→</span><span translate="no"><div translate="no"><div data-testid="check-point">E2 200 g #A17: 200.0000 g ± 0.0010 g</div>');
    const zh = await render('zh-CN', <CheckPlanHistory changes={[change]} locale="zh-CN" />);
    expect(zh).toContain('计划编号：');
    expect(zh).toContain('有效期（小时）：');
    expect(zh).toContain('核查点 2：');
    expect(zh).not.toMatch(/Plan id|Valid for/);
    expect(await render('zh-CN', <CheckPlanHistory changes={[]} locale="zh-CN" />)).toContain('尚无已签名的核查计划变更。');
  });
});
