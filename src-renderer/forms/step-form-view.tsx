/**
 * A form step as the operator sees it (issue 14 item 2), rendered by @rjsf/core from the step's
 * JSON Schema and UI schema. Presentational: no station API, no store — the station's form
 * panel (step-panels.tsx) and the console designer's live preview both render it.
 *
 * - Labels: the schema's titles are English; in zh-CN the form's i18n map gives each field's
 *   title and enum names (`form.i18n['zh-CN']`). A unit (`x-unit`) follows the title: "A (kg)".
 * - Calculated fields are read-only and show the station's own calculation, live, with the
 *   same eval-free code the station records with (form-definition.ts).
 * - Field roles: a field whose roles the viewer does not hold is read-only for them.
 * - Conditional fields: rjsf shows a `then`/`else` field only while its condition holds.
 * - A form filled by more than one person (FR-105): `recorded` is what earlier parts recorded.
 *   Those fields show their values read-only, each with who recorded it and when; a note names
 *   the fields still open. `onChange` reports only what this viewer enters.
 * - Validation uses the eval-free checker of the form subset (form-values.ts), not ajv: ajv
 *   compiles schemas with `new Function`, which the UIs' CSP (no 'unsafe-eval') forbids.
 */
import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema, ValidationData, ValidatorType } from '@rjsf/utils';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { submitForm } from '../../src-shared/recipe/form-definition.ts';
import type { FormDefinition, FormFieldSchema, FormJsonSchema, FormScalar } from '../../src-shared/recipe/form-schema.ts';
import { activeFields, allFields, checkField, checkFormValues } from '../../src-shared/recipe/form-values.ts';
import type { RecipeStep } from '../../src-shared/recipe/recipe-step.ts';
import type { FormPartsView } from '../../src-shared/orders/order-view.ts';

export type FormStepDefinition = Extract<RecipeStep, { type: 'form' }>;
export type FormEntry = Record<string, FormScalar | null>;

export interface StepFormViewProps {
  step: FormStepDefinition;
  /** The values entered so far (calculated fields are never part of them). */
  values: FormEntry;
  onChange: (values: FormEntry) => void;
  readOnly?: boolean;
  /** The viewer's role(s): fields restricted to other roles are read-only. */
  role?: string | readonly string[];
  /** Defaults to the UI's current language. */
  locale?: string;
  /** What earlier parts of the form recorded (FR-105); their fields are read-only here. */
  recorded?: FormPartsView | null;
}

const WORDS = {
  en: { calculated: 'Calculated by the station', onlyRoles: 'Only {roles} may fill this field', recordedBy: 'Recorded by {who}, {when}', open: 'Part of this form is recorded. Still to fill: {fields}' },
  'zh-CN': { calculated: '由工作站计算', onlyRoles: '仅 {roles} 可填写此字段', recordedBy: '由 {who} 于 {when} 记录', open: '本表单已部分记录。仍需填写：{fields}' },
} as const;

export function StepFormView({ step, values, onChange, readOnly = false, role, locale, recorded = null }: StepFormViewProps) {
  const { i18n } = useTranslation();
  const lang = (locale ?? i18n.language) === 'zh-CN' ? 'zh-CN' : 'en';
  const form = step.form;
  const rolesKey = role === undefined ? '' : typeof role === 'string' ? role : role.join(',');
  const { schema, uiSchema } = useMemo(() => presentation(form, lang, rolesKey.split(','), recorded), [form, lang, rolesKey, recorded]);
  const before = useMemo(() => (recorded ? { ...recorded.values } : {}), [recorded]);
  const own = useMemo(() => Object.fromEntries(Object.entries(values).filter(([k]) => before[k] === undefined)) as FormEntry, [values, before]);
  const calculated = useMemo(() => liveCalculations(form, { ...before, ...own }), [form, before, own]);
  const formData = { ...dropNulls(own), ...before, ...calculated };
  return (
    <div className="step-form" data-testid="step-form" lang={lang}>
      {recorded && recorded.open.length > 0 ? (
        <p className="notice" data-testid="form-open">
          {WORDS[lang].open.replace('{fields}', recorded.open.map((f) => fieldLabel(form, f, lang)).join(', '))}
        </p>
      ) : null}
      <Form
        schema={schema}
        uiSchema={uiSchema}
        formData={formData}
        validator={subsetValidator}
        readonly={readOnly}
        liveValidate
        showErrorList={false}
        onChange={(e) => onChange(withoutRecorded(entered(form, (e.formData ?? {}) as Record<string, unknown>), before))}
      >
        {/* The station's panel records the form with its own button: rjsf's submit is not used. */}
        <></>
      </Form>
    </div>
  );
}

/** What the operator entered: no calculated fields, only fields that apply, empty ones dropped. */
export function entered(form: FormDefinition, data: Record<string, unknown>): FormEntry {
  const calc = new Set(form.calculations.map((c) => c.field));
  const active = activeFields(form.schema, data);
  const out: FormEntry = {};
  for (const [k, v] of Object.entries(data)) {
    if (calc.has(k) || !active.has(k) || v === undefined || v === null || v === '') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** This viewer's part: what they entered, without the fields earlier parts recorded. */
function withoutRecorded(values: FormEntry, before: Record<string, unknown>): FormEntry {
  return Object.fromEntries(Object.entries(values).filter(([k]) => before[k] === undefined));
}

function fieldLabel(form: FormDefinition, name: string, lang: 'en' | 'zh-CN'): string {
  const zh = lang === 'zh-CN' ? form.i18n['zh-CN']?.fields[name]?.title : undefined;
  return zh ?? allFields(form.schema).get(name)?.def.title ?? name;
}

/** When a part was recorded, in the reader's language (the station's own time zone). */
function when(iso: string, lang: 'en' | 'zh-CN'): string {
  return new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}

function dropNulls(values: FormEntry): Record<string, FormScalar> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, FormScalar] => e[1] !== null));
}

/** The calculations on what is entered so far, as numbers for display (the record keeps exact strings). */
function liveCalculations(form: FormDefinition, values: FormEntry): Record<string, number> {
  if (form.calculations.length === 0) return {};
  const r = submitForm({ ...form, schema: { ...form.schema, required: [], allOf: [] } }, values, null);
  return r.ok ? Object.fromEntries(Object.entries(r.calculated).map(([k, v]) => [k, Number(v)])) : {};
}

function presentation(form: FormDefinition, lang: 'en' | 'zh-CN', roles: string[], recorded: FormPartsView | null): { schema: RJSFSchema; uiSchema: UiSchema } {
  const zh = lang === 'zh-CN' ? form.i18n['zh-CN'] : undefined;
  const calc = new Set(form.calculations.map((c) => c.field));
  const ui: UiSchema = structuredClone(form.uiSchema) as UiSchema;
  const field = (name: string, def: FormFieldSchema): FormFieldSchema => {
    const title = zh?.fields[name]?.title ?? def.title ?? name;
    const t = zh?.fields[name];
    const entry = { ...((ui[name] as UiSchema | undefined) ?? {}) };
    if (t?.enumNames) entry['ui:enumNames'] = t.enumNames;
    if (t?.description) entry['ui:description'] = t.description;
    if (calc.has(name)) entry['ui:help'] = WORDS[lang].calculated;
    const allowed = form.fieldRoles[name];
    if (allowed && !allowed.some((r) => roles.includes(r))) {
      entry['ui:readonly'] = true;
      entry['ui:help'] = WORDS[lang].onlyRoles.replace('{roles}', allowed.join(', '));
    }
    const by = recorded?.filledBy[name];
    if (by && recorded?.values[name] !== undefined) {
      entry['ui:readonly'] = true;
      entry['ui:help'] = WORDS[lang].recordedBy.replace('{who}', by.username ?? by.userId ?? '?').replace('{when}', when(by.at, lang));
    }
    ui[name] = entry;
    return { ...def, title: def['x-unit'] ? `${title} (${def['x-unit']})` : title };
  };
  const props = (p: Record<string, FormFieldSchema> | undefined) => (p ? Object.fromEntries(Object.entries(p).map(([k, d]) => [k, field(k, d)])) : undefined);
  const s = form.schema;
  const schema: FormJsonSchema = {
    ...s,
    ...(zh?.title ? { title: zh.title } : {}),
    properties: props(s.properties)!,
    ...(s.allOf ? { allOf: s.allOf.map((c) => ({ ...c, ...(c.then ? { then: { ...c.then, ...(c.then.properties ? { properties: props(c.then.properties) } : {}) } } : {}), ...(c.else ? { else: { ...c.else, ...(c.else.properties ? { properties: props(c.else.properties) } : {}) } } : {}) })) } : {}),
  };
  return { schema: schema as RJSFSchema, uiSchema: ui };
}

/** An rjsf validator over the form subset, without eval (CSP-safe); the station also runs ajv. */
export const subsetValidator: ValidatorType = {
  validateFormData(formData: unknown, schema: RJSFSchema): ValidationData<unknown> {
    const problems = checkFormValues(schema as FormJsonSchema, (formData ?? {}) as Record<string, unknown>);
    const errors: RJSFValidationError[] = problems.map((p) => ({ name: p.keyword, property: `.${p.field}`, message: p.message, stack: `${p.field}: ${p.message}`, params: { limit: p.limit } }));
    const errorSchema: Record<string, { __errors: string[] }> = {};
    for (const p of problems) (errorSchema[p.field] ??= { __errors: [] }).__errors.push(p.message);
    return { errors, errorSchema: errorSchema as ErrorSchema };
  },
  isValid(schema: RJSFSchema, formData: unknown): boolean {
    return matches(schema, (formData ?? {}) as Record<string, unknown>);
  },
  rawValidation<Result>(schema: RJSFSchema, formData?: unknown): { errors?: Result[] } {
    return { errors: checkFormValues(schema as FormJsonSchema, (formData ?? {}) as Record<string, unknown>) as Result[] };
  },
};

/** Whether data fits a (sub)schema of the subset: rjsf asks this of a condition's `if`. */
function matches(schema: RJSFSchema, data: Record<string, unknown>): boolean {
  for (const f of (schema.required as string[] | undefined) ?? []) if (data[f] === undefined) return false;
  for (const [f, sub] of Object.entries((schema.properties ?? {}) as Record<string, Partial<FormFieldSchema>>)) {
    const v = data[f];
    if (v === undefined) continue;
    if (sub.const !== undefined && v !== sub.const) return false;
    // "one of" (FR-118): a condition's `{ enum }` holds while the value is one of the list.
    if (sub.enum !== undefined && !sub.enum.includes(v as FormScalar)) return false;
    if (sub.type && checkField(f, sub as FormFieldSchema, v).length > 0) return false;
  }
  return true;
}
