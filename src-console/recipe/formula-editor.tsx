/**
 * The recipe's header (name, product, base batch size), its formula (material lines: material,
 * quantity and unit, tolerance in percent or absolute, the q.s. line that compensates another's
 * potency correction) and its IPQC check plans (src-shared/recipe/check-plan.ts).
 */
import { useTranslation } from 'react-i18next';
import { MASS_UNITS, type Mass } from '../../src-shared/mass.ts';
import type { CheckPlan } from '../../src-shared/recipe/check-plan.ts';
import type { MaterialLine } from '../../src-shared/recipe/recipe.ts';
import { Button, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { freshId, type Draft } from './recipe-draft.ts';

const unitOptions = MASS_UNITS.map((u) => ({ value: u, label: u }));
const int = (v: string): number => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN);
const shown = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '' : String(n));

function MassFields({ label, value, onChange, testId }: { label: string; value: Mass; onChange: (m: Mass) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <TextField label={label} value={value.amount} onChange={(e) => onChange({ ...value, amount: e.target.value.trim() })} inputMode="decimal" data-testid={`${testId}-amount`} />
      <SelectField label={t('designer.unit')} value={value.unit} options={unitOptions} onChange={(e) => onChange({ ...value, unit: e.target.value as Mass['unit'] })} data-testid={`${testId}-unit`} />
    </>
  );
}

export function HeaderEditor({ draft, onChange, editable }: { draft: Draft; onChange: (d: Draft) => void; editable: boolean }) {
  const { t } = useTranslation();
  return (
    <fieldset disabled={!editable} data-testid="recipe-header">
      <legend>{t('designer.header')}</legend>
      <div className="row">
        <TextField label={t('designer.name')} value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} data-testid="recipe-name" />
        <TextField label={t('designer.productCode')} value={draft.product.code} onChange={(e) => onChange({ ...draft, product: { ...draft.product, code: e.target.value.trim() } })} data-testid="product-code" />
        <TextField label={t('designer.productName')} value={draft.product.name} onChange={(e) => onChange({ ...draft, product: { ...draft.product, name: e.target.value } })} data-testid="product-name" />
        <MassFields label={t('designer.baseBatch')} value={draft.baseBatchSize} onChange={(m) => onChange({ ...draft, baseBatchSize: m })} testId="base-batch" />
      </div>
    </fieldset>
  );
}

export function MaterialLinesEditor({ draft, onChange, editable, problems, materials }: { draft: Draft; onChange: (d: Draft) => void; editable: boolean; problems: string[]; materials: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const lines = draft.materialLines;
  const setLine = (i: number, l: MaterialLine) => onChange({ ...draft, materialLines: lines.map((x, j) => (j === i ? l : x)) });
  return (
    <fieldset disabled={!editable} data-testid="material-lines">
      <legend>{t('designer.materials')}</legend>
      <p className="hint">{t('designer.potencyHint')}</p>
      {lines.map((l, i) => (
        <div className="row line-row" key={i} data-testid={`line-${i}`}>
          <TextField label={t('designer.lineId')} value={l.lineId} onChange={(e) => setLine(i, { ...l, lineId: e.target.value.trim() })} data-testid={`line-${i}-id`} />
          <TextField label={t('designer.material')} value={l.materialCode} onChange={(e) => setLine(i, { ...l, materialCode: e.target.value.trim() })} list="designer-materials" hint={materials.get(l.materialCode)} data-testid={`line-${i}-material`} />
          <MassFields label={t('designer.quantity')} value={l.quantity} onChange={(m) => setLine(i, { ...l, quantity: m })} testId={`line-${i}-qty`} />
          <SelectField
            label={t('designer.tolerance')}
            value={l.tolerance.type}
            options={[
              { value: 'percent', label: t('designer.tolPercent') },
              { value: 'absolute', label: t('designer.tolAbsolute') },
            ]}
            onChange={(e) =>
              setLine(i, { ...l, tolerance: e.target.value === 'percent' ? { type: 'percent', minus: '1', plus: '1' } : { type: 'absolute', minus: { amount: '1', unit: l.quantity.unit }, plus: { amount: '1', unit: l.quantity.unit } } })
            }
            data-testid={`line-${i}-tol`}
          />
          {l.tolerance.type === 'percent' ? (
            <>
              <TextField label={`${t('designer.minus')} %`} value={l.tolerance.minus} onChange={(e) => setLine(i, { ...l, tolerance: { ...l.tolerance, minus: e.target.value.trim() } as MaterialLine['tolerance'] })} inputMode="decimal" data-testid={`line-${i}-minus`} />
              <TextField label={`${t('designer.plus')} %`} value={l.tolerance.plus} onChange={(e) => setLine(i, { ...l, tolerance: { ...l.tolerance, plus: e.target.value.trim() } as MaterialLine['tolerance'] })} inputMode="decimal" data-testid={`line-${i}-plus`} />
            </>
          ) : (
            <>
              <MassFields label={t('designer.minus')} value={l.tolerance.minus} onChange={(m) => setLine(i, { ...l, tolerance: { ...l.tolerance, minus: m } as MaterialLine['tolerance'] })} testId={`line-${i}-minus`} />
              <MassFields label={t('designer.plus')} value={l.tolerance.plus} onChange={(m) => setLine(i, { ...l, tolerance: { ...l.tolerance, plus: m } as MaterialLine['tolerance'] })} testId={`line-${i}-plus`} />
            </>
          )}
          <SelectField
            label={t('designer.compensates')}
            value={l.compensatesFor ?? ''}
            options={[{ value: '', label: t('designer.noCompensation') }, ...lines.filter((x) => x !== l).map((x) => ({ value: x.lineId, label: x.lineId }))]}
            onChange={(e) => setLine(i, { ...l, compensatesFor: e.target.value === '' ? null : e.target.value })}
            data-testid={`line-${i}-compensates`}
          />
          <Button onClick={() => onChange({ ...draft, materialLines: lines.filter((_x, j) => j !== i) })}>{t('designer.remove')}</Button>
        </div>
      ))}
      <Button
        onClick={() => onChange({ ...draft, materialLines: [...lines, { lineId: freshId('L', lines.map((l) => l.lineId)), materialCode: '', quantity: { amount: '1', unit: 'kg' }, tolerance: { type: 'percent', minus: '1', plus: '1' }, compensatesFor: null }] })}
        data-testid="add-line"
      >
        {t('designer.addLine')}
      </Button>
      <datalist id="designer-materials">
        {[...materials].map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </datalist>
      <Reasons reasons={problems} testId="problems-materials" />
    </fieldset>
  );
}

export function CheckPlansEditor({ draft, onChange, editable, problems }: { draft: Draft; onChange: (d: Draft) => void; editable: boolean; problems: string[] }) {
  const { t } = useTranslation();
  const plans = draft.checkPlans ?? [];
  const setPlans = (checkPlans: CheckPlan[]) => {
    const { checkPlans: _old, ...rest } = draft;
    onChange(checkPlans.length > 0 ? { ...rest, checkPlans } : rest);
  };
  const setPlan = (i: number, p: CheckPlan) => setPlans(plans.map((x, j) => (j === i ? p : x)));
  const dec = (v: string) => (v.trim() === '' ? null : v.trim());
  return (
    <fieldset disabled={!editable} data-testid="check-plans">
      <legend>{t('designer.checks')}</legend>
      {plans.map((p, i) => (
        <div className="row line-row" key={i} data-testid={`check-${i}`}>
          <TextField label={t('designer.checkId')} value={p.checkId} onChange={(e) => setPlan(i, { ...p, checkId: e.target.value.trim() })} />
          <TextField label={t('designer.checkName')} value={p.name} onChange={(e) => setPlan(i, { ...p, name: e.target.value })} />
          <TextField label={t('designer.unit')} value={p.unit} onChange={(e) => setPlan(i, { ...p, unit: e.target.value.trim() })} />
          <SelectField
            label={t('designer.source')}
            value={p.source}
            options={[
              { value: 'typed', label: t('designer.sourceTyped') },
              { value: 'balance', label: t('designer.sourceBalance') },
            ]}
            onChange={(e) => setPlan(i, { ...p, source: e.target.value as CheckPlan['source'] })}
          />
          <SelectField
            label={t('designer.every')}
            value={p.frequency.every}
            options={[
              { value: 'minutes', label: t('designer.minutes') },
              { value: 'units', label: t('designer.units') },
            ]}
            onChange={(e) => setPlan(i, { ...p, frequency: e.target.value === 'minutes' ? { every: 'minutes', minutes: 30, graceMinutes: 5 } : { every: 'units', units: 1000, graceUnits: 0 } })}
          />
          {p.frequency.every === 'minutes' ? (
            <>
              <TextField label={t('designer.minutes')} value={shown(p.frequency.minutes)} onChange={(e) => setPlan(i, { ...p, frequency: { ...p.frequency, minutes: int(e.target.value) } as CheckPlan['frequency'] })} inputMode="numeric" />
              <TextField label={t('designer.grace')} value={shown(p.frequency.graceMinutes)} onChange={(e) => setPlan(i, { ...p, frequency: { ...p.frequency, graceMinutes: int(e.target.value) } as CheckPlan['frequency'] })} inputMode="numeric" />
            </>
          ) : (
            <>
              <TextField label={t('designer.units')} value={shown(p.frequency.units)} onChange={(e) => setPlan(i, { ...p, frequency: { ...p.frequency, units: int(e.target.value) } as CheckPlan['frequency'] })} inputMode="numeric" />
              <TextField label={t('designer.grace')} value={shown(p.frequency.graceUnits)} onChange={(e) => setPlan(i, { ...p, frequency: { ...p.frequency, graceUnits: int(e.target.value) } as CheckPlan['frequency'] })} inputMode="numeric" />
            </>
          )}
          <TextField label={t('designer.sampleSize')} value={shown(p.sampleSize)} onChange={(e) => setPlan(i, { ...p, sampleSize: int(e.target.value) })} inputMode="numeric" />
          <TextField label={t('designer.decimals')} value={shown(p.decimals)} onChange={(e) => setPlan(i, { ...p, decimals: int(e.target.value) })} inputMode="numeric" />
          <TextField label={t('designer.specLower')} value={p.specification.lower ?? ''} onChange={(e) => setPlan(i, { ...p, specification: { ...p.specification, lower: dec(e.target.value) } })} inputMode="decimal" />
          <TextField label={t('designer.specUpper')} value={p.specification.upper ?? ''} onChange={(e) => setPlan(i, { ...p, specification: { ...p.specification, upper: dec(e.target.value) } })} inputMode="decimal" />
          <fieldset>
            <legend>{t('designer.control')}</legend>
            <div className="row">
              {(['center', 'lcl', 'ucl'] as const).map((k) => (
                <TextField
                  key={k}
                  label={t(`designer.${k}`)}
                  value={p.control?.[k] ?? ''}
                  onChange={(e) => {
                    const next = { center: p.control?.center ?? '', lcl: p.control?.lcl ?? '', ucl: p.control?.ucl ?? '', [k]: e.target.value.trim() };
                    setPlan(i, { ...p, control: next.center === '' && next.lcl === '' && next.ucl === '' ? null : next });
                  }}
                  inputMode="decimal"
                />
              ))}
            </div>
          </fieldset>
          <Button onClick={() => setPlans(plans.filter((_x, j) => j !== i))}>{t('designer.remove')}</Button>
        </div>
      ))}
      <Button
        onClick={() =>
          setPlans([
            ...plans,
            {
              schemaVersion: 1,
              checkId: freshId('IPC', plans.map((p) => p.checkId)),
              name: 'Tablet weight',
              unit: 'mg',
              source: 'typed',
              frequency: { every: 'minutes', minutes: 30, graceMinutes: 5 },
              sampleSize: 10,
              decimals: 1,
              specification: { lower: null, upper: null },
              control: null,
              rules: ['WE1', 'WE2', 'WE3', 'WE4'],
            },
          ])
        }
        data-testid="add-check"
      >
        {t('designer.addCheck')}
      </Button>
      <Reasons reasons={problems} testId="problems-checks" />
    </fieldset>
  );
}

/** The schema's reasons for one place of the recipe, in the hub's words. */
export function Reasons({ reasons, testId }: { reasons: string[]; testId: string }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="notice notice-bad reasons" data-testid={testId}>
      {reasons.map((r, i) => (
        <li key={i} translate="no">
          {r}
        </li>
      ))}
    </ul>
  );
}
