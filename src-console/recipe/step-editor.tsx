/**
 * The editor of one step, by its type: the fields every step has (id, name, instruction, the
 * signatures it needs) and each type's own (checklists, equipment classes, material lines,
 * weighing method, parameter and check limits, timer, label, signature statement, kit, charge,
 * a form's builder: form-builder.tsx).
 * Values go into the draft as typed; the recipe schema judges them (a reason beside the node).
 */
import { useTranslation } from 'react-i18next';
import type { RecipeStep } from '../../src-shared/recipe/recipe-step.ts';
import { EQUIPMENT_CLASSES } from '../../src-shared/master-data/process-equipment.ts';
import { Button, Checkbox, SelectField, TextArea, TextField } from '../../src-renderer/components/controls.tsx';
import { allSteps, freshId, type Draft } from './recipe-draft.ts';
import { FormStepEditor } from './form-builder.tsx';

/** A number field's text as the draft keeps it: an integer, or NaN for the schema to refuse. */
const int = (v: string): number => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN);
const shown = (n: number | null | undefined): string => (n === null || n === undefined || Number.isNaN(n) ? '' : String(n));
const nullable = (v: string): string | null => (v.trim() === '' ? null : v.trim());

export function StepEditor({ draft, step, onChange, editable }: { draft: Draft; step: RecipeStep; onChange: (s: RecipeStep) => void; editable: boolean }) {
  const { t } = useTranslation();
  const set = (patch: Partial<RecipeStep>) => onChange({ ...step, ...patch } as RecipeStep);
  const lineOptions = (withNone: boolean) => [...(withNone ? [{ value: '', label: t('designer.noLine') }] : []), ...draft.materialLines.map((l) => ({ value: l.lineId, label: `${l.lineId} · ${l.materialCode}` }))];
  return (
    <fieldset className="step-editor" disabled={!editable} data-testid="step-editor" data-type={step.type}>
      <legend>
        {t('designer.step')} {step.stepId} · {t('designer.type', { type: t(`stepType.${step.type}`, { defaultValue: step.type }) })}
      </legend>
      <div className="row">
        <TextField label={t('designer.stepId')} value={step.stepId} onChange={(e) => set({ stepId: e.target.value })} data-testid="step-id" />
        <TextField label={t('designer.nodeName')} value={step.name} onChange={(e) => set({ name: e.target.value })} data-testid="step-name" />
      </div>
      <TextArea label={t('designer.instruction')} value={step.instruction} onChange={(e) => set({ instruction: e.target.value })} data-testid="step-instruction" rows={2} />
      <div className="row">
        <Checkbox label={t('designer.performed')} checked={step.signatures.performed} onChange={(e) => set({ signatures: { ...step.signatures, performed: e.target.checked } })} data-testid="step-performed" />
        <Checkbox label={t('designer.verified')} checked={step.signatures.verified} onChange={(e) => set({ signatures: { ...step.signatures, verified: e.target.checked } })} data-testid="step-verified" />
      </div>
      <TypeFields draft={draft} step={step} set={set} lineOptions={lineOptions} />
    </fieldset>
  );
}

function TypeFields({ draft, step, set, lineOptions }: { draft: Draft; step: RecipeStep; set: (p: Partial<RecipeStep>) => void; lineOptions: (withNone: boolean) => { value: string; label: string }[] }) {
  const { t } = useTranslation();
  switch (step.type) {
    case 'instruction':
      return null;
    case 'line-clearance':
    case 'equipment-check': {
      const items = step.checklist;
      const setItems = (checklist: typeof items) => set({ checklist } as Partial<RecipeStep>);
      return (
        <>
          <fieldset>
            <legend>{t('designer.checklist')}</legend>
            {items.map((item, i) => (
              <div className="row" key={item.itemId}>
                <TextField label={t('designer.itemText', { id: item.itemId })} value={item.text} onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))} data-testid={`item-${item.itemId}`} />
                <Button onClick={() => setItems(items.filter((_x, j) => j !== i))}>{t('designer.remove')}</Button>
              </div>
            ))}
            <Button onClick={() => setItems([...items, { itemId: freshId('C', items.map((x) => x.itemId)), text: '' }])} data-testid="add-item">
              {t('designer.addItem')}
            </Button>
          </fieldset>
          {step.type === 'equipment-check' ? (
            <>
              <TextField
                label={t('designer.balances')}
                value={step.balanceIds.join(', ')}
                onChange={(e) => set({ balanceIds: e.target.value.split(',').map((x) => x.trim()).filter(Boolean) } as Partial<RecipeStep>)}
                data-testid="balance-ids"
              />
              <fieldset>
                <legend>{t('designer.equipmentClasses')}</legend>
                <div className="check-grid">
                  {EQUIPMENT_CLASSES.map((c) => {
                    const classes = step.equipmentClasses ?? [];
                    return (
                      <Checkbox
                        key={c}
                        label={t(`designer.classes.${c}`)}
                        checked={classes.includes(c)}
                        onChange={(e) => set({ equipmentClasses: e.target.checked ? [...classes, c] : classes.filter((x) => x !== c) } as Partial<RecipeStep>)}
                        data-testid={`class-${c}`}
                      />
                    );
                  })}
                </div>
              </fieldset>
            </>
          ) : null}
        </>
      );
    }
    case 'scan-material':
      return <SelectField label={t('designer.line')} value={step.lineId} options={lineOptions(true)} onChange={(e) => set({ lineId: e.target.value } as Partial<RecipeStep>)} data-testid="step-line" />;
    case 'weigh':
      return (
        <div className="row">
          <SelectField label={t('designer.line')} value={step.lineId} options={lineOptions(true)} onChange={(e) => set({ lineId: e.target.value } as Partial<RecipeStep>)} data-testid="step-line" />
          <SelectField
            label={t('designer.method')}
            value={step.method}
            options={(['net', 'gross', 'subtraction', 'count', 'volume'] as const).map((m) => ({ value: m, label: t(`designer.methods.${m}`) }))}
            onChange={(e) => set({ method: e.target.value } as Partial<RecipeStep>)}
            data-testid="step-method"
          />
        </div>
      );
    case 'parameter': {
      const p = step.parameter;
      const setP = (patch: Partial<typeof p>) => set({ parameter: { ...p, ...patch } } as Partial<RecipeStep>);
      return (
        <div className="row">
          <TextField label={t('designer.paramName')} value={p.name} onChange={(e) => setP({ name: e.target.value })} data-testid="param-name" />
          <TextField label={t('designer.unit')} value={p.unit} onChange={(e) => setP({ unit: e.target.value })} data-testid="param-unit" />
          <TextField label={t('designer.min')} value={p.min ?? ''} onChange={(e) => setP({ min: nullable(e.target.value) })} inputMode="decimal" data-testid="param-min" />
          <TextField label={t('designer.max')} value={p.max ?? ''} onChange={(e) => setP({ max: nullable(e.target.value) })} inputMode="decimal" data-testid="param-max" />
          <TextField label={t('designer.decimals')} value={shown(p.decimals)} onChange={(e) => setP({ decimals: int(e.target.value) })} inputMode="numeric" data-testid="param-decimals" />
        </div>
      );
    }
    case 'ipc': {
      const c = step.check;
      const setC = (patch: Partial<typeof c>) => set({ check: { ...c, ...patch } } as Partial<RecipeStep>);
      return (
        <div className="row">
          <TextField label={t('designer.checkName')} value={c.name} onChange={(e) => setC({ name: e.target.value })} data-testid="ipc-name" />
          <TextField label={t('designer.unit')} value={c.unit} onChange={(e) => setC({ unit: e.target.value })} data-testid="ipc-unit" />
          <TextField label={t('designer.min')} value={c.lower} onChange={(e) => setC({ lower: e.target.value.trim() })} inputMode="decimal" data-testid="ipc-lower" />
          <TextField label={t('designer.max')} value={c.upper} onChange={(e) => setC({ upper: e.target.value.trim() })} inputMode="decimal" data-testid="ipc-upper" />
          <TextField label={t('designer.decimals')} value={shown(c.decimals)} onChange={(e) => setC({ decimals: int(e.target.value) })} inputMode="numeric" data-testid="ipc-decimals" />
        </div>
      );
    }
    case 'timer':
      return (
        <div className="row">
          <TextField
            label={t('designer.durationSeconds')}
            hint={Number.isFinite(step.durationSeconds) ? t('designer.durationIs', { minutes: Math.round((step.durationSeconds / 60) * 100) / 100 }) : undefined}
            value={shown(step.durationSeconds)}
            onChange={(e) => set({ durationSeconds: int(e.target.value) } as Partial<RecipeStep>)}
            inputMode="numeric"
            data-testid="timer-seconds"
          />
          <TextField label={t('designer.maxSeconds')} value={shown(step.maxSeconds)} onChange={(e) => set({ maxSeconds: e.target.value.trim() === '' ? null : int(e.target.value) } as Partial<RecipeStep>)} inputMode="numeric" data-testid="timer-max" />
        </div>
      );
    case 'label':
      return (
        <div className="row">
          <SelectField
            label={t('designer.labelKind')}
            value={step.labelKind}
            options={(['dispensed-material', 'batch-status', 'room-status'] as const).map((k) => ({ value: k, label: t(`designer.labelKinds.${k}`) }))}
            onChange={(e) => set({ labelKind: e.target.value } as Partial<RecipeStep>)}
            data-testid="label-kind"
          />
          <SelectField label={t('designer.line')} value={step.lineId ?? ''} options={lineOptions(true)} onChange={(e) => set({ lineId: nullable(e.target.value) } as Partial<RecipeStep>)} data-testid="step-line" />
        </div>
      );
    case 'signature':
      return (
        <>
          <SelectField
            label={t('designer.meaning')}
            value={step.meaning}
            options={(['performed', 'verified', 'approved', 'witnessed'] as const).map((m) => ({ value: m, label: t(`meaning.${m}`) }))}
            onChange={(e) => set({ meaning: e.target.value } as Partial<RecipeStep>)}
            data-testid="sig-meaning"
          />
          <TextArea label={t('designer.statement')} value={step.statement} onChange={(e) => set({ statement: e.target.value } as Partial<RecipeStep>)} data-testid="sig-statement" rows={2} />
        </>
      );
    case 'kit': {
      const charges = allSteps(draft).filter((s) => s.type === 'charge');
      return (
        <>
          <SelectField
            label={t('designer.forStep')}
            value={step.forStepId ?? ''}
            options={[{ value: '', label: t('designer.wholeOrder') }, ...charges.map((s) => ({ value: s.stepId, label: `${s.stepId} · ${s.name}` }))]}
            onChange={(e) => set({ forStepId: nullable(e.target.value) } as Partial<RecipeStep>)}
            data-testid="kit-for"
          />
          <Checkbox label={t('designer.receiverSigns')} checked={step.receiverSigns} onChange={(e) => set({ receiverSigns: e.target.checked } as Partial<RecipeStep>)} data-testid="kit-receiver" />
        </>
      );
    }
    case 'charge':
      return (
        <fieldset>
          <legend>{t('designer.chargeLines')}</legend>
          {draft.materialLines.map((l) => (
            <Checkbox
              key={l.lineId}
              label={`${l.lineId} · ${l.materialCode}`}
              checked={step.lineIds.includes(l.lineId)}
              onChange={(e) => set({ lineIds: e.target.checked ? [...step.lineIds, l.lineId] : step.lineIds.filter((x) => x !== l.lineId) } as Partial<RecipeStep>)}
              data-testid={`charge-${l.lineId}`}
            />
          ))}
        </fieldset>
      );
    case 'form':
      return <FormStepEditor key={step.stepId} value={step.form} onChange={(form) => set({ form } as Partial<RecipeStep>)} />;
    default:
      return null;
  }
}
