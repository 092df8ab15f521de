/**
 * Equipment plan settings in the console (FR-121): every equipment of the master data with its
 * calibration and maintenance plans (required, interval, next due), requalification due date,
 * clean and dirty hold times and changeover rules. QA or a master-data steward changes them here,
 * signed ("approved") with a reason in the console's e-signature dialog; the hub makes a new
 * version of the equipment's master data (served to stations, whose gate reads it) and audits
 * each setting's old and new value. Below the form, the equipment's signed plan changes; whoever
 * cannot sign one (a QP) opens them read-only (FR-128).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EquipmentPlanChangeListSchema, EquipmentPlanChangeSchema, EquipmentPlanRowListSchema, EquipmentPlanSchema, type EquipmentPlan, type EquipmentPlanChange, type EquipmentPlanRow } from '../../src-shared/equipment/equipment-plan-contract.ts';
import { Checkbox, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { formatTime } from '../components/format.ts';
import { ListTable } from '../components/list-table.tsx';
import { TData } from '../components/plant-data.tsx';
import { editColumn, SignedHistoryCard, SignedSettingAction, SignedSettingEditor, SignedSettingHistory, useSignedSettingRows, type SignedSettingEditorProps } from '../components/signed-setting-editor.tsx';
import type { ConsoleApi } from '../api/console-client.ts';

type PlanKey = 'calibration' | 'maintenance';
export interface PlanDraft {
  calibration: { required: boolean; intervalDays: string; nextDue: string };
  maintenance: { required: boolean; intervalDays: string; nextDue: string };
  requalificationDue: string;
  cleanHoldHours: string;
  dirtyHoldHours: string;
  sameProduct: EquipmentPlan['changeover']['sameProduct'];
  otherProduct: EquipmentPlan['changeover']['otherProduct'];
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

export function draftOf(p: EquipmentPlan): PlanDraft {
  const plan = (x: EquipmentPlan[PlanKey]) => ({ required: x.required, intervalDays: x.intervalDays === null ? '' : String(x.intervalDays), nextDue: day(x.nextDueAt) });
  return { calibration: plan(p.calibration), maintenance: plan(p.maintenance), requalificationDue: day(p.requalificationDueAt), cleanHoldHours: String(p.cleanHoldHours), dirtyHoldHours: String(p.dirtyHoldHours), sameProduct: p.changeover.sameProduct, otherProduct: p.changeover.otherProduct };
}

/** The draft as a plan (a due date left on its day keeps its stored time; a new day is due at 00:00 UTC), or null when an entry is not a plan. */
export function draftToPlan(d: PlanDraft, before: EquipmentPlan): EquipmentPlan | null {
  const due = (text: string, was: string | null) => (text === '' ? null : text === day(was) ? was : `${text}T00:00:00.000Z`);
  const num = (s: string) => (s.trim() === '' ? null : Number(s.trim()));
  const plan = (k: PlanKey) => ({ required: d[k].required, intervalDays: num(d[k].intervalDays), nextDueAt: due(d[k].nextDue, before[k].nextDueAt) });
  const parsed = EquipmentPlanSchema.safeParse({
    calibration: plan('calibration'),
    maintenance: plan('maintenance'),
    requalificationDueAt: due(d.requalificationDue, before.requalificationDueAt),
    cleanHoldHours: num(d.cleanHoldHours),
    dirtyHoldHours: num(d.dirtyHoldHours),
    changeover: { sameProduct: d.sameProduct, otherProduct: d.otherProduct },
  });
  return parsed.success ? parsed.data : null;
}

/** A row's action's test id: a change of the plan for who may sign one, its signed changes for who may not (FR-128). */
const PLAN_ACTION_TEST_IDS = { sign: (id: string) => `equipment-edit-${id}`, read: (id: string) => `equipment-history-${id}` } as const;
const planPath = (equipmentId: string) => `/api/v1/equipment/${encodeURIComponent(equipmentId)}/plan`;

/** An equipment's signed plan changes, for the editor and for a reader alike. */
function planHistory(api: ConsoleApi, row: EquipmentPlanRow, locale: string): SignedSettingEditorProps<EquipmentPlanChange, unknown>['history'] {
  return {
    key: `${row.equipmentId}@${row.version}`,
    load: () => api.get(`${planPath(row.equipmentId)}/changes`, EquipmentPlanChangeListSchema),
    render: (changes) => <PlanHistory changes={changes} locale={locale} />,
  };
}

export function EquipmentScreen() {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const { list, row, editorKey, access, edit, history, close } = useSignedSettingRows(() => api.get('/api/v1/equipment', EquipmentPlanRowListSchema), 'equipment', (e) => e.equipmentId);
  return (
    <section data-testid="equipment-screen">
      <h1>{t('equipment.title')}</h1>
      <p className="hint">{t('equipment.hint')}</p>
      <ListTable
        list={list}
        testId="equipment-table"
        empty={t('equipment.noEquipment')}
        rowKey={(e) => e.equipmentId}
        rowProps={(e) => ({ 'data-testid': `equipment-${e.equipmentId}` })}
        columns={[
          { header: t('equipment.equipment'), cell: (e) => `${e.name} (${e.equipmentId}) · ${e.location}`, noTranslate: true },
          ...(['calibration', 'maintenance'] as const).map((k) => ({
            header: t(`equipment.${k}`),
            cell: (e: EquipmentPlanRow) => (e.plan[k].required ? t('equipment.every', { days: e.plan[k].intervalDays ?? '—', due: e.plan[k].nextDueAt ? formatTime(e.plan[k].nextDueAt, i18n.language) : '—' }) : t('equipment.notRequired')),
          })),
          { header: t('equipment.holds'), cell: (e) => t('equipment.holdsText', { clean: e.plan.cleanHoldHours, dirty: e.plan.dirtyHoldHours }) },
          { header: t('equipment.changeover'), cell: (e) => t('equipment.changeoverText', { same: t(`equipment.levels.${e.plan.changeover.sameProduct}`), other: t(`equipment.levels.${e.plan.changeover.otherProduct}`) }) },
          ...editColumn<EquipmentPlanRow>(t, 'equipment', edit, (e) => e.equipmentId, PLAN_ACTION_TEST_IDS.sign, { open: history, testId: PLAN_ACTION_TEST_IDS.read }),
        ]}
      />
      {row && access === 'sign' ? <PlanEditor key={editorKey} row={row} onChanged={list.reload} onClose={close} /> : null}
      {row && access === 'read' ? (
        <SignedHistoryCard
          key={editorKey}
          testId="equipment-plan-history-card"
          title={<TData k="equipment.historyTitle" values={{ equipment: `${row.name} (${row.equipmentId})` }} data={['equipment']} />}
          words="equipment"
          history={planHistory(api, row, i18n.language)}
          onClose={close}
        />
      ) : null}
    </section>
  );
}

/** A row's action (presentational; the equipment list's action column): change the plan for who may sign one, its signed changes read-only for who may not (FR-128). */
export function PlanAction({ access, equipmentId, open }: { access: 'sign' | 'read'; equipmentId: string; open: (equipmentId: string) => void }) {
  return <SignedSettingAction access={access} words="equipment" open={() => open(equipmentId)} testId={PLAN_ACTION_TEST_IDS[access](equipmentId)} />;
}

function PlanEditor({ row, onChanged, onClose }: { row: EquipmentPlanRow; onChanged: () => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const [draft, setDraft] = useState<PlanDraft>(() => draftOf(row.plan));
  const plan = draftToPlan(draft, row.plan);
  const setPlan = (k: PlanKey, f: 'intervalDays' | 'nextDue', v: string) => setDraft((d) => ({ ...d, [k]: { ...d[k], [f]: v } }));
  const levels = (opts: readonly string[]) => opts.map((v) => ({ value: v, label: t(`equipment.levels.${v}`) }));
  const path = planPath(row.equipmentId);
  return (
    <SignedSettingEditor
      testId="equipment-plan-editor"
      title={<TData k="equipment.editTitle" values={{ equipment: `${row.name} (${row.equipmentId})` }} data={['equipment']} />}
      invalid={plan ? null : { testId: 'plan-invalid', text: t('equipment.invalid') }}
      words="equipment"
      subject={{ equipment: row.equipmentId }}
      version={row.version}
      sign={{ testId: 'plan-sign', path, body: { plan }, response: EquipmentPlanChangeSchema }}
      history={planHistory(api, row, i18n.language)}
      onChanged={onChanged}
      onClose={onClose}
    >
      {(['calibration', 'maintenance'] as const).map((k) => (
        <fieldset key={k} data-testid={`plan-${k}`}>
          <legend>{t(`equipment.${k}`)}</legend>
          <div className="row">
            <Checkbox label={t('equipment.required')} checked={draft[k].required} onChange={(e) => setDraft((d) => ({ ...d, [k]: { ...d[k], required: e.target.checked } }))} data-testid={`plan-${k}-required`} />
            <TextField label={t('equipment.intervalDays')} inputMode="numeric" value={draft[k].intervalDays} onChange={(e) => setPlan(k, 'intervalDays', e.target.value)} data-testid={`plan-${k}-interval`} />
            <TextField label={t('equipment.nextDue')} type="date" value={draft[k].nextDue} onChange={(e) => setPlan(k, 'nextDue', e.target.value)} data-testid={`plan-${k}-due`} />
          </div>
        </fieldset>
      ))}
      <div className="row">
        <TextField label={t('equipment.requalificationDue')} type="date" value={draft.requalificationDue} onChange={(e) => setDraft((d) => ({ ...d, requalificationDue: e.target.value }))} data-testid="plan-requalification-due" />
        <TextField label={t('equipment.cleanHoldHours')} inputMode="decimal" value={draft.cleanHoldHours} onChange={(e) => setDraft((d) => ({ ...d, cleanHoldHours: e.target.value }))} data-testid="plan-clean-hold" />
        <TextField label={t('equipment.dirtyHoldHours')} inputMode="decimal" value={draft.dirtyHoldHours} onChange={(e) => setDraft((d) => ({ ...d, dirtyHoldHours: e.target.value }))} data-testid="plan-dirty-hold" />
        <SelectField label={t('equipment.sameProduct')} value={draft.sameProduct} options={levels(['none', 'minor', 'major'])} onChange={(e) => setDraft((d) => ({ ...d, sameProduct: e.target.value as PlanDraft['sameProduct'] }))} data-testid="plan-same-product" />
        <SelectField label={t('equipment.otherProduct')} value={draft.otherProduct} options={levels(['minor', 'major'])} onChange={(e) => setDraft((d) => ({ ...d, otherProduct: e.target.value as PlanDraft['otherProduct'] }))} data-testid="plan-other-product" />
      </div>
    </SignedSettingEditor>
  );
}

/** An equipment's signed plan changes, newest first: each setting's old and new value (presentational). */
export function PlanHistory({ changes, locale }: { changes: EquipmentPlanChange[]; locale: string }) {
  const { t } = useTranslation();
  const value = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'boolean' ? t(v ? 'equipment.yes' : 'equipment.no') : String(v));
  return (
    <SignedSettingHistory
      changes={changes}
      locale={locale}
      words="equipment"
      testId="equipment-plan-history"
      noneTestId="equipment-plan-none"
      rowTestId={(c) => `plan-version-${c.version}`}
      changed={(c) =>
        c.changes.map((x) => (
          <div key={x.field}>
            {t(`equipment.fields.${x.field.replace('.', '_')}`)}: <span translate="no">{`${value(x.before)} → ${value(x.after)}`}</span>
          </div>
        ))
      }
    />
  );
}
