/**
 * Balance check plans in the console (FR-123): every balance of the master data with its periodic
 * check plan (plan id, test weights with nominal mass and acceptance, how long a passed check stays
 * valid). QA or a master-data steward changes a plan here, signed ("approved") with a reason in the
 * console's e-signature dialog; a changed plan needs a new plan id (the form says so before the hub
 * refuses it), so checks recorded under the old plan no longer count. The hub makes a new version
 * of the balance's master data (served to stations) and audits each setting's old and new value;
 * below the form, the balance's signed check-plan changes. QPs (whoever cannot sign) open the
 * signed changes read-only (FR-128).
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { BalanceCheckPlanChangeListSchema, BalanceCheckPlanChangeSchema, BalanceCheckPlanRowListSchema, type BalanceCheckPlan, type BalanceCheckPlanChange, type BalanceCheckPlanRow } from '../../src-shared/equipment/balance-check-plan-contract.ts';
import type { MassUnit } from '../../src-shared/mass.ts';
import { CheckPointSchema } from '../../src-shared/master-data/equipment.ts';
import { Button, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { ListTable, type ListTableProps } from '../components/list-table.tsx';
import { TData } from '../components/plant-data.tsx';
import { editColumn, SignedHistoryCard, SignedSettingEditor, SignedSettingHistory, useSignedSettingRows, type SignedSettingEditorProps } from '../components/signed-setting-editor.tsx';
import type { ConsoleApi } from '../api/console-client.ts';
import { checkPlanDraftOf, checkPlanOf, emptyCheckPoint, MASS_UNIT_OPTIONS, MAX_CHECK_POINTS, type CheckPlanDraft, type CheckPointDraft, type CheckPlanProblem } from './balance-check-plan-draft.ts';

type Point = BalanceCheckPlan['points'][number];
const CheckPointListSchema = z.array(CheckPointSchema);
const mass = (m: { amount: string; unit: string }) => `${m.amount} ${m.unit}`;
const checkPlanPath = (balanceId: string) => `/api/v1/balances/${encodeURIComponent(balanceId)}/check-plan`;

/** A balance's signed check-plan changes, for the editor and for a reader alike. */
function checkPlanHistory(api: ConsoleApi, row: BalanceCheckPlanRow, locale: string): SignedSettingEditorProps<BalanceCheckPlanChange, unknown>['history'] {
  return {
    key: `${row.balanceId}@${row.version}`,
    load: () => api.get(`${checkPlanPath(row.balanceId)}/changes`, BalanceCheckPlanChangeListSchema),
    render: (changes) => <CheckPlanHistory changes={changes} locale={locale} />,
  };
}

export function BalancesScreen() {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const { list, row, editorKey, access, edit, history, close } = useSignedSettingRows(() => api.get('/api/v1/balances', BalanceCheckPlanRowListSchema), 'balances', (b) => b.balanceId);
  return (
    <section data-testid="balances-screen">
      <h1>{t('balances.title')}</h1>
      <p className="hint">{t('balances.hint')}</p>
      <BalancesTable list={list} edit={edit} history={history} />
      {row && access === 'sign' ? <CheckPlanEditor key={editorKey} row={row} onChanged={list.reload} onClose={close} /> : null}
      {row && access === 'read' ? (
        <SignedHistoryCard
          key={editorKey}
          testId="check-plan-history-card"
          title={<TData k="balances.historyTitle" values={{ balance: `${row.name} (${row.balanceId})` }} data={['balance']} />}
          words="balances"
          history={checkPlanHistory(api, row, i18n.language)}
          onClose={close}
        />
      ) : null}
    </section>
  );
}

/**
 * The balances with their check plan now (presentational); `edit` offers a change per balance to
 * who may sign one, `history` the signed changes read-only to who may not (FR-128).
 */
export function BalancesTable({ list, edit, history = null }: { list: ListTableProps<BalanceCheckPlanRow>['list']; edit: ((balanceId: string) => void) | null; history?: ((balanceId: string) => void) | null }) {
  const { t } = useTranslation();
  return (
    <ListTable
      list={list}
      testId="balances-table"
      empty={t('balances.noBalances')}
      rowKey={(b) => b.balanceId}
      rowProps={(b) => ({ 'data-testid': `balance-${b.balanceId}` })}
      columns={[
        { header: t('balances.balance'), cell: (b) => `${b.name} (${b.balanceId}) · ${b.model}${b.boothId ? ` · ${b.boothId}` : ''}`, noTranslate: true },
        { header: t('balances.planId'), cell: (b) => <span data-testid="balance-plan-id">{b.checkPlan.id}</span>, noTranslate: true },
        { header: t('balances.points'), cell: (b) => <PointsText points={b.checkPlan.points} /> },
        { header: t('balances.validFor'), cell: (b) => <span data-testid="balance-valid-for">{t('balances.validForText', { hours: b.checkPlan.validForHours })}</span> },
        ...editColumn<BalanceCheckPlanRow>(t, 'balances', edit, (b) => b.balanceId, (id) => `balance-edit-${id}`, { open: history, testId: (id) => `balance-history-${id}` }),
      ]}
    />
  );
}

/** A plan's points, one line each: test weight, nominal ± acceptance (plant data throughout: the weight's name, masses, units). */
function PointsText({ points }: { points: readonly Point[] }) {
  const { t } = useTranslation();
  return (
    <div translate="no">
      {points.map((p, i) => (
        <div key={i} data-testid="check-point">
          {t('balances.pointText', { testWeight: p.testWeight, nominal: mass(p.nominal), acceptance: mass(p.acceptance) })}
        </div>
      ))}
    </div>
  );
}

function problemText(t: (k: string, o?: Record<string, unknown>) => string, p: CheckPlanProblem): string {
  if (p.problem === 'sameId') return t('balances.sameId', { id: p.id });
  if (p.problem === 'unchanged') return t('balances.unchanged');
  return p.point === null ? t('balances.invalid') : t('balances.invalidPoint', { n: p.point });
}

function CheckPlanEditor({ row, onChanged, onClose }: { row: BalanceCheckPlanRow; onChanged: () => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const [draft, setDraft] = useState<CheckPlanDraft>(() => checkPlanDraftOf(row.checkPlan));
  const checked = checkPlanOf(draft, row.checkPlan);
  const setPoint = (i: number, f: keyof CheckPointDraft, v: string) => setDraft((d) => ({ ...d, points: d.points.map((p, k) => (k === i ? { ...p, [f]: v } : p)) }));
  const path = checkPlanPath(row.balanceId);
  return (
    <SignedSettingEditor
      testId="check-plan-editor"
      title={<TData k="balances.editTitle" values={{ balance: `${row.name} (${row.balanceId})` }} data={['balance']} />}
      hint={t('balances.editHint')}
      invalid={checked.ok ? null : { testId: `check-plan-${checked.problem}`, text: problemText(t, checked), quiet: checked.problem === 'unchanged' }}
      words="balances"
      subject={{ balance: row.balanceId }}
      version={row.version}
      sign={{ testId: 'check-plan-sign', path, body: checked.ok ? { checkPlan: checked.plan } : {}, response: BalanceCheckPlanChangeSchema }}
      history={checkPlanHistory(api, row, i18n.language)}
      onChanged={onChanged}
      onClose={onClose}
    >
      <div className="row">
        <TextField label={t('balances.newId')} value={draft.id} onChange={(e) => setDraft((d) => ({ ...d, id: e.target.value }))} data-testid="check-plan-id" translate="no" />
        <TextField label={t('balances.validForHours')} inputMode="numeric" value={draft.validForHours} onChange={(e) => setDraft((d) => ({ ...d, validForHours: e.target.value }))} data-testid="check-plan-valid-hours" />
      </div>
      {draft.points.map((p, i) => (
        <fieldset key={i} className="check-point" data-testid={`check-point-${i + 1}`}>
          <legend>{t('balances.point', { n: i + 1 })}</legend>
          <div className="check-point-row">
            <TextField label={t('balances.testWeight')} value={p.testWeight} onChange={(e) => setPoint(i, 'testWeight', e.target.value)} data-testid={`check-point-${i + 1}-weight`} translate="no" />
            <TextField label={t('balances.nominal')} inputMode="decimal" value={p.nominal} onChange={(e) => setPoint(i, 'nominal', e.target.value)} data-testid={`check-point-${i + 1}-nominal`} />
            <SelectField label={t('balances.nominalUnit')} value={p.nominalUnit} options={MASS_UNIT_OPTIONS} onChange={(e) => setPoint(i, 'nominalUnit', e.target.value as MassUnit)} data-testid={`check-point-${i + 1}-nominal-unit`} />
            <TextField label={t('balances.acceptance')} inputMode="decimal" value={p.acceptance} onChange={(e) => setPoint(i, 'acceptance', e.target.value)} data-testid={`check-point-${i + 1}-acceptance`} />
            <SelectField label={t('balances.acceptanceUnit')} value={p.acceptanceUnit} options={MASS_UNIT_OPTIONS} onChange={(e) => setPoint(i, 'acceptanceUnit', e.target.value as MassUnit)} data-testid={`check-point-${i + 1}-acceptance-unit`} />
            {draft.points.length > 1 ? (
              <Button onClick={() => setDraft((d) => ({ ...d, points: d.points.filter((_, k) => k !== i) }))} data-testid={`check-point-${i + 1}-remove`}>
                {t('balances.removePoint')}
              </Button>
            ) : null}
          </div>
        </fieldset>
      ))}
      {draft.points.length < MAX_CHECK_POINTS ? (
        <div className="row">
          <Button onClick={() => setDraft((d) => ({ ...d, points: [...d.points, emptyCheckPoint()] }))} data-testid="check-point-add">
            {t('balances.addPoint')}
          </Button>
        </div>
      ) : null}
    </SignedSettingEditor>
  );
}

/**
 * A changed list of check points as one line per point that differs, by its place in the list:
 * its old and new value, null where the point was added or taken out. Null when a side is not a
 * list of points (a record an older schema wrote): the history then shows both lists whole.
 */
export function checkPointChanges(before: unknown, after: unknown): { point: number; before: Point | null; after: Point | null }[] | null {
  const a = CheckPointListSchema.safeParse(before);
  const b = CheckPointListSchema.safeParse(after);
  if (!a.success || !b.success) return null;
  return Array.from({ length: Math.max(a.data.length, b.data.length) }, (_, i) => ({ point: i + 1, before: a.data[i] ?? null, after: b.data[i] ?? null })).filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
}

/** A balance's signed check-plan changes, newest first: each changed setting's old and new value, a changed point by its place (presentational). */
export function CheckPlanHistory({ changes, locale }: { changes: BalanceCheckPlanChange[]; locale: string }) {
  const { t } = useTranslation();
  const pointText = (p: Point | null) => (p === null ? '—' : t('balances.pointText', { testWeight: p.testWeight, nominal: mass(p.nominal), acceptance: mass(p.acceptance) }));
  const line = (key: string, testId: string, label: string, before: ReactNode, after: ReactNode) => (
    <div key={key} className="change-line" data-testid={testId}>
      <span>{t('balances.fieldLabel', { field: label })}</span>
      <span translate="no">{before}</span>
      <span>→</span>
      <span translate="no">{after}</span>
    </div>
  );
  const value = (field: string, v: unknown): ReactNode => {
    if (v === null || v === undefined) return '—';
    if (field === 'checkPlan.points' && Array.isArray(v)) return <PointsText points={v as Point[]} />;
    return field === 'checkPlan.validForHours' ? t('balances.validForText', { hours: v as number }) : String(v);
  };
  const field = (x: BalanceCheckPlanChange['changes'][number]) => {
    const testId = `check-plan-change-${x.field.replace('.', '-')}`;
    const label = t(`balances.fields.${x.field.replace('.', '_')}`);
    const points = x.field === 'checkPlan.points' ? checkPointChanges(x.before, x.after) : null;
    if (points === null) return line(x.field, testId, label, value(x.field, x.before), value(x.field, x.after));
    return (
      <div key={x.field} data-testid={testId}>
        {points.map((p) => line(String(p.point), `check-plan-change-point-${p.point}`, t('balances.point', { n: p.point }), pointText(p.before), pointText(p.after)))}
      </div>
    );
  };
  return (
    <SignedSettingHistory
      changes={changes}
      locale={locale}
      words="balances"
      testId="check-plan-history"
      noneTestId="check-plan-none"
      rowTestId={(c) => `check-plan-version-${c.version}`}
      changed={(c) => c.changes.map(field)}
    />
  );
}
