/**
 * A form step's editor (issue 14 item 2, FR-104): the form builder — the field list (reordered
 * by drag with @dnd-kit, pointer or keyboard, and by buttons), the selected field's editor,
 * calculations checked live by the station's own parser, the signatures the form needs — and
 * the JSON text as an "advanced" tab that reads and writes the whole definition.
 * Every builder edit writes the definition into the draft at once (builderToForm), where the
 * recipe schema judges it and the preview (the station's StepFormView) follows. A definition
 * the builder cannot show exactly opens in the JSON tab with a notice (form-builder-model.ts).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DndContext, KeyboardSensor, MeasuringStrategy, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { FormSignatureMeaning } from '../../src-shared/recipe/form-schema.ts';
import { expressionReason } from './expression-words.ts';
import { Button, Checkbox, SelectField, TextArea, TextField } from '../../src-renderer/components/controls.tsx';
import { addField, builderToForm, expressionCheck, formToBuilder, isUnsupported, moveField, removeField, type BuilderModel, type Unsupported } from './form-builder-model.ts';
import { FieldEditor } from './form-field-editor.tsx';

/** Rects measured before a drag starts too: a keyboard pick-up and its first arrow come in one moment (as in recipe-tree.tsx). */
const MEASURING = { droppable: { strategy: MeasuringStrategy.Always } };

type Mode = { tab: 'builder'; model: BuilderModel } | { tab: 'json'; notice: Unsupported | null };

function open(value: unknown): Mode {
  const m = formToBuilder(value);
  return isUnsupported(m) ? { tab: 'json', notice: m } : { tab: 'builder', model: m };
}

export function FormStepEditor({ value, onChange }: { value: unknown; onChange: (v: never) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>(() => open(value));
  const setModel = (model: BuilderModel) => {
    setMode({ tab: 'builder', model });
    onChange(builderToForm(model) as never);
  };
  return (
    <div className="form-step-editor" data-testid="form-step-editor" data-tab={mode.tab}>
      <div className="row" role="group" aria-label={t('designer.fb.view')}>
        <Button aria-pressed={mode.tab === 'builder'} onClick={() => setMode(open(value))} data-testid="form-tab-builder">
          {t('designer.fb.builderTab')}
        </Button>
        <Button aria-pressed={mode.tab === 'json'} onClick={() => setMode({ tab: 'json', notice: null })} data-testid="form-tab-json">
          {t('designer.fb.jsonTab')}
        </Button>
      </div>
      {mode.tab === 'json' ? (
        <>
          {mode.notice ? (
            <p className="notice" role="status" data-testid="form-builder-unsupported">
              {mode.notice.unsupported.reason === 'not-a-form' ? t('designer.fb.notAForm') : t('designer.fb.unsupported', { path: mode.notice.unsupported.path })}
            </p>
          ) : null}
          <FormJson value={value} onChange={onChange} />
        </>
      ) : (
        <Builder model={mode.model} onChange={setModel} />
      )}
    </div>
  );
}

function Builder({ model, onChange }: { model: BuilderModel; onChange: (m: BuilderModel) => void }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<number | null>(model.fields.length > 0 ? 0 : null);
  const sel = selected !== null && selected < model.fields.length ? selected : null;
  return (
    <div data-testid="form-builder">
      <div className="row">
        <TextField label={t('designer.fb.formTitleEn')} value={model.title.en} onChange={(e) => onChange({ ...model, title: { ...model.title, en: e.target.value } })} data-testid="form-title-en" />
        <TextField label={t('designer.fb.formTitleZh')} value={model.title.zh} onChange={(e) => onChange({ ...model, title: { ...model.title, zh: e.target.value } })} data-testid="form-title-zh" lang="zh-CN" />
      </div>
      <FieldList model={model} onChange={onChange} selected={sel} onSelect={setSelected} />
      {sel !== null ? <FieldEditor key={sel} model={model} index={sel} onChange={onChange} /> : null}
      <Calculations model={model} onChange={onChange} />
      <fieldset>
        <legend>{t('designer.fb.signatures')}</legend>
        <div className="check-grid">
          {FormSignatureMeaning.options.map((m) => (
            <Checkbox
              key={m}
              label={t(`meaning.${m}`)}
              checked={model.signatures.includes(m)}
              onChange={(e) => onChange({ ...model, signatures: FormSignatureMeaning.options.filter((x) => (x === m ? e.target.checked : model.signatures.includes(x))) })}
              data-testid={`form-sig-${m}`}
            />
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function FieldRow({ model, index, selected, onSelect, onChange }: { model: BuilderModel; index: number; selected: boolean; onSelect: (i: number | null) => void; onChange: (m: BuilderModel) => void }) {
  const { t } = useTranslation();
  const f = model.fields[index]!;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: f.key });
  const move = (to: number) => {
    onChange(moveField(model, index, to));
    onSelect(to);
  };
  const type = model.calculations.some((c) => c.field === f.key) ? t('designer.fb.calculated') : t(`designer.fb.types.${f.type}`);
  return (
    <li ref={setNodeRef} style={{ transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined, transition, opacity: isDragging ? 0.5 : 1 }} className="tree-node" data-testid={`field-${f.key}`}>
      <div className={`tree-row${selected ? ' tree-selected' : ''}`}>
        <button type="button" className="btn drag-handle" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={t('designer.move', { name: f.key })} data-testid={`field-drag-${f.key}`}>
          ⠿
        </button>
        <Button className="tree-name" onClick={() => onSelect(index)} aria-pressed={selected} data-testid={`field-select-${f.key}`}>
          <span className="mono" translate="no">
            {f.key}
          </span>{' '}
          {f.title.en} <span>· {type}{f.showWhen ? ` · ${f.showWhen.values.length === 1 ? t('designer.fb.when', { field: f.showWhen.field, value: String(f.showWhen.values[0]) }) : t('designer.fb.whenOneOf', { field: f.showWhen.field, values: f.showWhen.values.map(String).join(', ') })}` : ''}</span>
        </Button>
        <Button onClick={() => move(index - 1)} disabled={index === 0} aria-label={t('designer.fb.up', { key: f.key })} data-testid={`field-up-${f.key}`}>
          ↑
        </Button>
        <Button onClick={() => move(index + 1)} disabled={index === model.fields.length - 1} aria-label={t('designer.fb.down', { key: f.key })} data-testid={`field-down-${f.key}`}>
          ↓
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            onChange(removeField(model, f.key));
            onSelect(null);
          }}
          aria-label={t('designer.fb.remove', { key: f.key })}
          data-testid={`field-remove-${f.key}`}
        >
          ✕
        </Button>
      </div>
    </li>
  );
}

function FieldList({ model, onChange, selected, onSelect }: { model: BuilderModel; onChange: (m: BuilderModel) => void; selected: number | null; onSelect: (i: number | null) => void }) {
  const { t } = useTranslation();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const keys = model.fields.map((f) => f.key);
  const onDragEnd = (e: DragEndEvent) => {
    const from = keys.indexOf(String(e.active.id));
    const to = e.over ? keys.indexOf(String(e.over.id)) : -1;
    if (from >= 0 && to >= 0 && from !== to) {
      onChange(moveField(model, from, to));
      onSelect(to);
    }
  };
  return (
    <fieldset>
      <legend>{t('designer.fb.fields')}</legend>
      <p className="hint">{t('designer.fb.fieldsHint')}</p>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} measuring={MEASURING}>
        <SortableContext items={keys} strategy={verticalListSortingStrategy}>
          <ul className="tree" data-testid="field-list">
            {model.fields.map((f, i) => (
              <FieldRow key={f.key} model={model} index={i} selected={selected === i} onSelect={onSelect} onChange={onChange} />
            ))}
          </ul>
        </SortableContext>
      </DndContext>
      <Button
        onClick={() => {
          onChange(addField(model));
          onSelect(model.fields.length);
        }}
        data-testid="field-add"
      >
        {t('designer.fb.addField')}
      </Button>
    </fieldset>
  );
}

function Calculations({ model, onChange }: { model: BuilderModel; onChange: (m: BuilderModel) => void }) {
  const { t } = useTranslation();
  const numbers = model.fields.filter((f) => f.type === 'number' || f.type === 'integer');
  const set = (i: number, patch: Partial<BuilderModel['calculations'][number]>) => onChange({ ...model, calculations: model.calculations.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  return (
    <fieldset data-testid="calculations">
      <legend>{t('designer.fb.calculations')}</legend>
      <p className="hint">{t('designer.fb.calculationsHint')}</p>
      {model.calculations.map((c, i) => {
        const check = expressionCheck(model, c.expression);
        const words = check.ok ? t('designer.fb.expressionOk', { fields: check.uses.join(', ') || '—' }) : 'unknown' in check ? t('designer.fb.expressionUnknown', { fields: check.unknown.join(', ') }) : t('designer.fb.expressionInvalid', { reason: expressionReason(t, check.code, check.params) });
        return (
          <div className="row" key={i}>
            <SelectField label={t('designer.fb.target')} value={c.field} options={[...(numbers.some((f) => f.key === c.field) ? [] : [{ value: c.field, label: c.field }]), ...numbers.map((f) => ({ value: f.key, label: f.key }))]} onChange={(e) => set(i, { field: e.target.value })} data-testid={`calc-${i}-target`} />
            <TextField label={t('designer.fb.expression')} value={c.expression} onChange={(e) => set(i, { expression: e.target.value })} data-testid={`calc-${i}-expr`} translate="no" aria-invalid={!check.ok} />
            <p className={check.ok ? 'hint' : 'notice notice-bad'} data-testid={`calc-${i}-check`} data-ok={check.ok ? 'yes' : 'no'} aria-live="polite">
              {words}
            </p>
            <Button onClick={() => onChange({ ...model, calculations: model.calculations.filter((_x, j) => j !== i) })} data-testid={`calc-${i}-remove`}>
              {t('designer.remove')}
            </Button>
          </div>
        );
      })}
      <Button onClick={() => onChange({ ...model, calculations: [...model.calculations, { field: numbers.find((f) => !model.calculations.some((c) => c.field === f.key))?.key ?? numbers[0]?.key ?? '', expression: '' }] })} disabled={numbers.length === 0} data-testid="calc-add">
        {t('designer.fb.addCalculation')}
      </Button>
    </fieldset>
  );
}

/**
 * The whole definition (JSON Schema, UI schema, calculations, field roles, signatures, zh-CN
 * words) as JSON text: text that is not JSON stays here with a notice; JSON goes into the draft,
 * where the recipe schema judges it (each reason beside the node) — see docs/forms.md.
 */
export function FormJson({ value, onChange }: { value: unknown; onChange: (v: never) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <>
      <TextArea
        label={t('designer.formJson')}
        value={text}
        rows={14}
        data-testid="form-json"
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value) as never);
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad ? (
        <p className="notice" role="alert" data-testid="form-json-invalid">
          {t('designer.formJsonInvalid')}
        </p>
      ) : null}
    </>
  );
}
