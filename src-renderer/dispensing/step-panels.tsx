/**
 * The current step, by its type: instruction, checklist (line clearance, equipment check),
 * parameter or in-process check with limits, timer, label, signature statement, and the scan
 * prompt (scan-panel.tsx), and a step form (forms/step-form-view.tsx). Every action is one engine command; the engine decides whether it is allowed.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CurrentStepView, OrderView } from '../../src-shared/orders/order-view.ts';
import type { DeviationCategory, EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import { Button, Checkbox, TextField } from '../components/controls.tsx';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Data } from '../components/plant-data.tsx';
import { EquipmentPicker, pickedEquipment, stepClasses } from './equipment-picker.tsx';
import { StepFormView, type FormEntry } from '../forms/step-form-view.tsx';
import { useApp } from '../state/app-store.ts';

/**
 * `command`: the engine command that carries this signature itself (a kit hand-over), built from
 * what the signer typed, instead of a `sign` of an existing record.
 */
export interface SignOptions {
  second?: boolean;
  stepSign?: boolean;
  coSign?: SignatureMeaning;
  command?: (c: { username: string | null; password: string; otp?: string }) => EngineCommandInput;
}

export interface StepProps {
  view: OrderView;
  cur: CurrentStepView;
  busy: boolean;
  exec: (cmd: EngineCommandInput) => Promise<boolean>;
  /** Opens the signature dialog; `stepSign` signs a signature step's statement. */
  sign: (meaning: SignatureMeaning, targetSeq: number | null, what: ReactNode, options?: SignOptions) => void;
  deviate: (category: DeviationCategory) => void;
  /** The engine's refusal of the last command, for panels that offer the next choice (partial portion, co-signature). */
  error: BatchlineError | null;
}

export function InstructionPanel({ cur, busy, exec }: StepProps) {
  const { t } = useTranslation();
  const classes = stepClasses(cur);
  const [equipment, setEquipment] = useState<Record<string, string>>({});
  const given = pickedEquipment(classes, equipment);
  return (
    <div>
      <EquipmentPicker cur={cur} classes={classes} value={equipment} onChange={setEquipment} />
      <Button variant="primary" big disabled={busy} onClick={() => void exec({ type: 'acknowledge', stepId: cur.stepId, ...(classes.length > 0 ? { equipment: given } : {}) })} data-testid="acknowledge">
        {t('step.acknowledge')}
      </Button>
    </div>
  );
}

export function ChecklistPanel({ cur, busy, exec }: StepProps) {
  const { t } = useTranslation();
  const def = cur.definition;
  const items = def.type === 'line-clearance' || def.type === 'equipment-check' ? def.checklist : [];
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  // Process equipment the step names by class (issue 13 item 2): one per class, picked, scanned or typed.
  const classes = stepClasses(cur);
  const [equipment, setEquipment] = useState<Record<string, string>>({});
  const given = pickedEquipment(classes, equipment);
  const all = items.every((i) => checked[i.itemId]);
  return (
    <fieldset>
      <legend>{t('step.checklist')}</legend>
      {items.map((i) => (
        <Checkbox key={i.itemId} label={<Data>{i.text}</Data>} checked={!!checked[i.itemId]} onChange={(e) => setChecked({ ...checked, [i.itemId]: e.target.checked })} />
      ))}
      {def.type === 'equipment-check' && def.balanceIds.length > 0 ? <p className="hint">{t('step.balancesChecked', { ids: def.balanceIds.join(', ') })}</p> : null}
      <EquipmentPicker cur={cur} classes={classes} value={equipment} onChange={setEquipment} />
      <Button
        variant="primary"
        big
        disabled={busy || !all}
        data-testid="checklist-submit"
        onClick={() => void exec({ type: 'checklist', stepId: cur.stepId, answers: items.map((i) => ({ itemId: i.itemId, confirmed: !!checked[i.itemId] })), ...(classes.length > 0 ? { equipment: given } : {}) })}
      >
        {t('step.confirmChecklist')}
      </Button>
    </fieldset>
  );
}

export function ValuePanel({ cur, busy, exec, deviate }: StepProps) {
  const { t } = useTranslation();
  const def = cur.definition;
  const [value, setValue] = useState('');
  const classes = stepClasses(cur);
  const [equipment, setEquipment] = useState<Record<string, string>>({});
  if (def.type !== 'parameter' && def.type !== 'ipc') return null;
  const withEquipment = classes.length > 0 ? { equipment: pickedEquipment(classes, equipment) } : {};
  const spec = def.type === 'parameter' ? { ...def.parameter, lower: def.parameter.min, upper: def.parameter.max } : def.check;
  const limits = t('step.limits', { lower: spec.lower ?? '—', upper: spec.upper ?? '—', unit: spec.unit });
  const submit = async () => {
    const ok = await exec(def.type === 'parameter' ? { type: 'enter-parameter', stepId: cur.stepId, value: value.trim(), ...withEquipment } : { type: 'record-ipc', stepId: cur.stepId, value: value.trim(), ...withEquipment });
    if (ok) setValue('');
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <EquipmentPicker cur={cur} classes={classes} value={equipment} onChange={setEquipment} />
      <TextField label={<Data>{`${spec.name} (${spec.unit})`}</Data>} hint={limits} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} data-testid="value-input" required />
      <div className="row">
        <Button type="submit" variant="primary" big disabled={busy || !value.trim()} data-testid="value-submit">
          {t('step.record')}
        </Button>
        {cur.phase === 'out-of-limits' ? (
          <Button variant="danger" onClick={() => deviate('ipc-out-of-limits')} data-testid="raise-deviation">
            {t('deviation.raise')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

export function TimerPanel({ cur, busy, exec }: StepProps) {
  const { t } = useTranslation();
  const [now, setNow] = useState(Date.now());
  const classes = stepClasses(cur);
  const [equipment, setEquipment] = useState<Record<string, string>>({});
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  if (cur.phase !== 'running') {
    return (
      <div>
        <EquipmentPicker cur={cur} classes={classes} value={equipment} onChange={setEquipment} />
        <Button variant="primary" big disabled={busy} onClick={() => void exec({ type: 'start-timer', stepId: cur.stepId, ...(classes.length > 0 ? { equipment: pickedEquipment(classes, equipment) } : {}) })} data-testid="timer-start">
          {t('step.startTimer')}
        </Button>
      </div>
    );
  }
  const left = cur.timerEndsAt ? Math.max(0, Math.ceil((Date.parse(cur.timerEndsAt) - now) / 1000)) : 0;
  return (
    <div>
      <p className="live-value" data-testid="timer-left">
        {t('step.secondsLeft', { count: left })}
      </p>
      <Button variant="primary" big disabled={busy || left > 0} onClick={() => void exec({ type: 'stop-timer', stepId: cur.stepId })} data-testid="timer-stop">
        {t('step.stopTimer')}
      </Button>
    </div>
  );
}

export function LabelPanel({ cur, busy, exec }: StepProps) {
  const { t } = useTranslation();
  return (
    <Button variant="primary" big disabled={busy} onClick={() => void exec({ type: 'print-label', stepId: cur.stepId })} data-testid="print-label">
      {t('step.printLabel')}
    </Button>
  );
}

export function SignatureStepPanel({ cur, sign }: StepProps) {
  const { t } = useTranslation();
  const def = cur.definition;
  if (def.type !== 'signature') return null;
  return (
    <div>
      <blockquote className="manifest" translate="no">
        {def.statement}
      </blockquote>
      <Button variant="primary" big onClick={() => sign(def.meaning, null, <Data>{def.statement}</Data>, { stepSign: true, second: def.meaning !== 'performed' })} data-testid="sign-step">
        {t('sign.signAs', { meaning: t(`meanings.${def.meaning}`) })}
      </Button>
    </div>
  );
}

/**
 * No session (the console designer's preview): one empty list, not a new one per call — zustand
 * re-renders whenever a selector returns a new reference, so `?? []` looped without end (React #185).
 */
const NO_ROLES: readonly string[] = [];

/**
 * A form step: the form as rjsf renders it, recorded with one command; the station checks and
 * calculates. A form filled by more than one person (FR-105) shows the parts recorded so far
 * read-only, and sends only this person's fields.
 */
export function FormPanel({ cur, busy, exec }: StepProps) {
  const { t } = useTranslation();
  const roles = useApp((s) => s.session?.user.roles ?? NO_ROLES);
  const [values, setValues] = useState<FormEntry>({});
  const def = cur.definition;
  if (def.type !== 'form') return null;
  const recorded = cur.form ?? null;
  const mine = Object.fromEntries(Object.entries(values).filter(([k]) => recorded?.values[k] === undefined));
  return (
    <div>
      <StepFormView step={def} values={values} onChange={setValues} readOnly={busy} role={roles} recorded={recorded} />
      <Button variant="primary" big disabled={busy} data-testid="form-submit" onClick={() => void exec({ type: 'submit-form', stepId: cur.stepId, values: mine })}>
        {t('step.recordForm')}
      </Button>
    </div>
  );
}
