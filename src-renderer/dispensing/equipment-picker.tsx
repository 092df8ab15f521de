/**
 * The process equipment a step needs (issue 13 item 2): per class, the station's equipment of
 * that class as a pick list, each piece with its status now — usable, or the reason it may not be
 * used (not qualified, calibration or maintenance overdue, not clean for this product, dirty or
 * clean hold expired) — and a field to scan or type an id. Unusable pieces cannot be picked; a
 * scanned one is still judged by the engine, which refuses it naming the same reason.
 */
import { useTranslation } from 'react-i18next';
import type { CurrentStepView } from '../../src-shared/orders/order-view.ts';
import { TextField } from '../components/controls.tsx';
import { Data } from '../components/plant-data.tsx';

export interface EquipmentPickerProps {
  cur: CurrentStepView;
  classes: readonly string[];
  value: Record<string, string>;
  onChange: (next: Record<string, string>) => void;
}

/** The classes a step's definition names (equipment check: several; a process step: one). */
export function stepClasses(cur: CurrentStepView): string[] {
  const def = cur.definition;
  if (def.type === 'equipment-check') return def.equipmentClasses ?? [];
  return 'equipmentClass' in def && def.equipmentClass ? [def.equipmentClass] : [];
}

/** The ids picked, one per class, for the engine command. */
export const pickedEquipment = (classes: readonly string[], value: Record<string, string>): string[] => classes.map((c) => (value[c] ?? '').trim()).filter((id) => id !== '');

export function EquipmentPicker({ cur, classes, value, onChange }: EquipmentPickerProps) {
  const { t } = useTranslation();
  if (classes.length === 0) return null;
  const choices = cur.equipmentChoices ?? [];
  return (
    <div data-testid="step-equipment">
      <p className="hint">{t('step.equipmentAsked')}</p>
      {classes.map((c) => {
        const className = t(`step.equipmentClasses.${c}`, { defaultValue: c });
        const ofClass = choices.filter((x) => x.class === c);
        return (
          <fieldset key={c} data-testid={`equipment-choices-${c}`}>
            <legend>{className}</legend>
            {ofClass.length === 0 ? <p className="hint">{t('step.equipmentNone', { class: className })}</p> : null}
            <ul className="equipment-choices">
              {ofClass.map((x) => (
                <li key={x.equipmentId} data-testid={`equipment-choice-${x.equipmentId}`} data-usable={x.usable ? 'yes' : 'no'}>
                  <label>
                    <input type="radio" name={`equipment-${cur.stepId}-${c}`} disabled={!x.usable} checked={value[c] === x.equipmentId} onChange={() => onChange({ ...value, [c]: x.equipmentId })} />
                    <Data>{`${x.name} (${x.equipmentId}) · ${x.location}`}</Data>{' '}
                    {x.usable ? (
                      <span className="badge badge-ok">{t('step.equipmentUsable')}</span>
                    ) : (
                      <span className="badge badge-bad" data-testid={`equipment-refusal-${x.equipmentId}`} title={x.refusal?.message}>
                        {t(`errors.${x.refusal?.code}`, { defaultValue: x.refusal?.message ?? '' })}
                      </span>
                    )}
                  </label>
                </li>
              ))}
            </ul>
            <TextField label={t('step.equipmentOfClass', { class: className })} value={value[c] ?? ''} onChange={(e) => onChange({ ...value, [c]: e.target.value })} data-testid={`equipment-${c}`} autoComplete="off" />
          </fieldset>
        );
      })}
    </div>
  );
}
