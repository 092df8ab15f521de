/**
 * The form builder's model (issue 14 item 2, FR-104): a step form as plant people edit it, field
 * by field, instead of JSON Schema text. Pure; the designer's builder (form-builder.tsx) draws it.
 *
 * Contract:
 * - `builderToForm(model)` writes the form definition (docs/forms.md): root fields in
 *   `schema.properties`, a field shown "only when Y equals V" in the `then` of one
 *   `allOf: [{ if: { properties: { Y: { const: V } }, required: [Y] }, then }]` entry per (Y, V),
 *   and one shown "only when Y is one of V1, V2…" (FR-118) likewise with `{ enum: [V1, V2…] }`,
 *   English titles in the schema, zh-CN words in `i18n`, English choice names as the UI schema's
 *   `ui:enumNames`, multi-line text as `ui:widget: textarea`, the field order as `ui:order`.
 * - `formToBuilder(definition)` reads a definition back, then writes it again and compares: a
 *   definition the builder would write differently (a keyword, a shape or an order it does not
 *   know) is `{ unsupported }` with the first difference, and opens in the JSON tab — never
 *   silently dropped. So `builderToForm(formToBuilder(d))` deep-equals `d` whenever it is a model.
 * - The model's keys are valid field names and unique (the builder's key input commits only
 *   such keys), so a definition's every reason names a field of the model
 *   (form-builder-model.test.ts, property test).
 * - A renamed field (FR-118) is renamed wherever the form names it: the calculations it is the
 *   target of, the expressions that read it, the conditions on it. A key a calculation already
 *   reads without it being a field is not given (keyProblem 'used'), so a rename never makes an
 *   expression read another field than before, and renaming back gives the form as it was.
 */
import { FIELD_NAME, FormSignatureMeaning, type FormDefinition, type FormFieldSchema, type FormScalar } from '../../src-shared/recipe/form-schema.ts';
import { fieldsOf, parseExpression, renameFieldInExpression, type ExpressionReasonCode, type ExpressionReasonParams } from '../../src-shared/recipe/form-expression.ts';
import { Role } from '../../src-shared/ledger/entry-types/users.ts';

export const BUILDER_FIELD_TYPES = ['number', 'integer', 'text', 'yes-no', 'choice'] as const;
export type BuilderFieldType = (typeof BUILDER_FIELD_TYPES)[number];
export type Words = { en: string; zh: string };
export interface Choice {
  value: string;
  en: string;
  zh: string;
}

export interface BuilderField {
  key: string;
  type: BuilderFieldType;
  title: Words;
  description: Words;
  /** number / integer */
  unit: string;
  minimum: number | null;
  minimumExclusive: boolean;
  maximum: number | null;
  maximumExclusive: boolean;
  multipleOf: number | null;
  /** `x-decimals`: the rounding of a calculated value. */
  decimals: number | null;
  /** text */
  minLength: number | null;
  maxLength: number | null;
  multiline: boolean;
  /** yes-no: only "yes" is accepted (`const: true`). */
  mustBeYes: boolean;
  /** choice */
  choices: Choice[];
  required: boolean;
  default: FormScalar | null;
  /** Only these station roles may fill the field (`fieldRoles`); empty: anyone. */
  roles: Role[];
  /** Shown only while field `field` has one of `values` (one value: `const`, several: `enum`). */
  showWhen: { field: string; values: FormScalar[] } | null;
}

export interface BuilderModel {
  title: Words;
  description: string;
  /** `$schema`, kept as read. */
  dialect: FormDefinition['schema']['$schema'] | null;
  /** `ui:order`: none, every field in list order, or the unconditional fields then `*`. */
  order: 'none' | 'all' | 'rest';
  fields: BuilderField[];
  calculations: { field: string; expression: string }[];
  signatures: Meaning[];
}
type Meaning = FormDefinition['signatures'][number];

export function newField(key: string, type: BuilderFieldType = 'number'): BuilderField {
  return {
    key,
    type,
    title: { en: '', zh: '' },
    description: { en: '', zh: '' },
    unit: '',
    minimum: null,
    minimumExclusive: false,
    maximum: null,
    maximumExclusive: false,
    multipleOf: null,
    decimals: null,
    minLength: null,
    maxLength: null,
    multiline: false,
    mustBeYes: false,
    choices: [],
    required: true,
    default: null,
    roles: [],
    showWhen: null,
  };
}

const isNumeric = (t: BuilderFieldType) => t === 'number' || t === 'integer';
const put = <T extends object>(o: T, k: string, v: unknown, when: boolean) => {
  if (when) (o as Record<string, unknown>)[k] = v;
};

function fieldSchema(f: BuilderField, calculated: boolean): FormFieldSchema {
  const type = f.type === 'text' || f.type === 'choice' ? 'string' : f.type === 'yes-no' ? 'boolean' : f.type;
  const out = { type } as FormFieldSchema;
  put(out, 'title', f.title.en, f.title.en !== '');
  put(out, 'description', f.description.en, f.description.en !== '');
  if (isNumeric(f.type)) {
    if (f.minimum !== null) put(out, f.minimumExclusive ? 'exclusiveMinimum' : 'minimum', f.minimum, true);
    if (f.maximum !== null) put(out, f.maximumExclusive ? 'exclusiveMaximum' : 'maximum', f.maximum, true);
    put(out, 'multipleOf', f.multipleOf, f.multipleOf !== null);
    put(out, 'x-unit', f.unit, f.unit !== '');
    put(out, 'x-decimals', f.decimals, f.decimals !== null);
  }
  if (f.type === 'text') {
    put(out, 'minLength', f.minLength, f.minLength !== null);
    put(out, 'maxLength', f.maxLength, f.maxLength !== null);
  }
  if (f.type === 'choice') out.enum = f.choices.map((c) => c.value);
  put(out, 'const', true, f.type === 'yes-no' && f.mustBeYes);
  put(out, 'default', f.default, f.default !== null);
  put(out, 'readOnly', true, calculated);
  return out;
}

const names = (f: BuilderField, lang: 'en' | 'zh'): string[] | null => (f.type === 'choice' && f.choices.some((c) => c[lang] !== '') ? f.choices.map((c) => c[lang] || (lang === 'zh' ? c.en : '') || c.value) : null);

/** The form definition the model describes (see the header for where each part goes). */
export function builderToForm(m: BuilderModel): FormDefinition {
  const calculated = new Set(m.calculations.map((c) => c.field));
  const properties: Record<string, FormFieldSchema> = {};
  const required: string[] = [];
  const groups: { field: string; values: FormScalar[]; properties: Record<string, FormFieldSchema>; required: string[] }[] = [];
  const sameValues = (a: FormScalar[], b: FormScalar[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  const uiSchema: Record<string, unknown> = {};
  const zhFields: Record<string, { title?: string; description?: string; enumNames?: string[] }> = {};
  const fieldRoles: Record<string, Role[]> = {};
  for (const f of m.fields) {
    const def = fieldSchema(f, calculated.has(f.key));
    if (f.showWhen === null) {
      properties[f.key] = def;
      if (f.required) required.push(f.key);
    } else {
      const when = f.showWhen;
      let g = groups.find((x) => x.field === when.field && sameValues(x.values, when.values));
      if (!g) groups.push((g = { field: when.field, values: [...when.values], properties: {}, required: [] }));
      g.properties[f.key] = def;
      if (f.required) g.required.push(f.key);
    }
    const ui: Record<string, unknown> = {};
    put(ui, 'ui:widget', 'textarea', f.type === 'text' && f.multiline);
    const en = names(f, 'en');
    put(ui, 'ui:enumNames', en, en !== null);
    put(uiSchema, f.key, ui, Object.keys(ui).length > 0);
    const zh: { title?: string; description?: string; enumNames?: string[] } = {};
    put(zh, 'title', f.title.zh, f.title.zh !== '');
    put(zh, 'description', f.description.zh, f.description.zh !== '');
    const zhNames = names(f, 'zh');
    put(zh, 'enumNames', zhNames, zhNames !== null);
    put(zhFields, f.key, zh, Object.keys(zh).length > 0);
    put(fieldRoles, f.key, [...f.roles], f.roles.length > 0);
  }
  if (m.order === 'all') uiSchema['ui:order'] = m.fields.map((f) => f.key);
  if (m.order === 'rest') uiSchema['ui:order'] = [...m.fields.filter((f) => f.showWhen === null).map((f) => f.key), '*'];
  const schema = { type: 'object', properties } as FormDefinition['schema'];
  put(schema, '$schema', m.dialect, m.dialect !== null);
  put(schema, 'title', m.title.en, m.title.en !== '');
  put(schema, 'description', m.description, m.description !== '');
  put(schema, 'required', required, required.length > 0);
  put(
    schema,
    'allOf',
    groups.map((g) => ({ if: { properties: { [g.field]: g.values.length === 1 ? { const: g.values[0]! } : { enum: [...g.values] } }, required: [g.field] }, then: { properties: g.properties, ...(g.required.length > 0 ? { required: g.required } : {}) } })),
    groups.length > 0,
  );
  const zhFormTitle = m.title.zh !== '';
  const i18n: FormDefinition['i18n'] = zhFormTitle || Object.keys(zhFields).length > 0 ? { 'zh-CN': { ...(zhFormTitle ? { title: m.title.zh } : {}), fields: zhFields } } : {};
  return { schema, uiSchema: uiSchema as FormDefinition['uiSchema'], calculations: m.calculations.map((c) => ({ ...c })), fieldRoles, signatures: [...m.signatures], i18n };
}

// ------------------------------------------------------------------ reading

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Obj) : {});
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const num = (x: unknown): number | null => (typeof x === 'number' ? x : null);
const scalar = (x: unknown): FormScalar | null => (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? x : null);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.map(str) : []);

export type Unsupported = { unsupported: { path: string; reason: 'not-a-form' | 'differs' } };

/** The defaults the recipe schema gives an absent part (FormDefinitionShape), so a stored form without them reads the same. */
function withDefaults(x: Obj): Obj {
  const i18n = obj(x.i18n);
  const zh = i18n['zh-CN'] === undefined ? undefined : { fields: {}, ...obj(i18n['zh-CN']) };
  return { uiSchema: {}, calculations: [], fieldRoles: {}, signatures: ['performed'], ...x, i18n: zh === undefined ? i18n : { ...i18n, 'zh-CN': zh } };
}

function readField(key: string, d: Obj, form: Obj, showWhen: BuilderField['showWhen'], required: boolean): BuilderField {
  const ui = obj(obj(form.uiSchema)[key]);
  const zh = obj(obj(obj(obj(form.i18n)['zh-CN']).fields)[key]);
  const t = d.type;
  const type: BuilderFieldType = t === 'boolean' ? 'yes-no' : t === 'string' ? (Array.isArray(d.enum) ? 'choice' : 'text') : t === 'integer' ? 'integer' : 'number';
  const values = strings(d.enum);
  const en = strings(ui['ui:enumNames']);
  const zhNames = strings(zh.enumNames);
  const exMin = num(d.exclusiveMinimum);
  const exMax = num(d.exclusiveMaximum);
  return {
    ...newField(key, type),
    title: { en: str(d.title), zh: str(zh.title) },
    description: { en: str(d.description), zh: str(zh.description) },
    unit: str(d['x-unit']),
    minimum: exMin ?? num(d.minimum),
    minimumExclusive: exMin !== null,
    maximum: exMax ?? num(d.maximum),
    maximumExclusive: exMax !== null,
    multipleOf: num(d.multipleOf),
    decimals: num(d['x-decimals']),
    minLength: num(d.minLength),
    maxLength: num(d.maxLength),
    multiline: ui['ui:widget'] === 'textarea',
    mustBeYes: d.const === true,
    choices: values.map((value, i) => ({ value, en: en[i] ?? '', zh: zhNames[i] ?? '' })),
    required,
    default: scalar(d.default),
    roles: (Array.isArray(obj(form.fieldRoles)[key]) ? (obj(form.fieldRoles)[key] as unknown[]) : []).filter((r): r is Role => Role.safeParse(r).success),
    showWhen,
  };
}

/** The model of a definition, or why the builder cannot show it exactly (see the header). */
export function formToBuilder(definition: unknown): BuilderModel | Unsupported {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) return { unsupported: { path: '', reason: 'not-a-form' } };
  const form = withDefaults(definition as Obj);
  const schema = obj(form.schema);
  const rootRequired = strings(schema.required);
  const fields: BuilderField[] = Object.entries(obj(schema.properties)).map(([k, d]) => readField(k, obj(d), form, null, rootRequired.includes(k)));
  for (const c of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const cond = Object.entries(obj(obj(obj(c).if).properties))[0];
    const then = obj(obj(c).then);
    const req = strings(then.required);
    // One value (`const`) or a list (`enum`, FR-118); anything else is no condition the builder knows (the comparison below names it).
    const test = obj(cond?.[1]);
    const one = scalar(test.const);
    const values = one !== null ? [one] : Array.isArray(test.enum) && test.enum.every((v) => scalar(v) !== null) ? (test.enum as FormScalar[]) : null;
    for (const [k, d] of Object.entries(obj(then.properties))) fields.push(readField(k, obj(d), form, cond && values !== null ? { field: cond[0], values: [...values] } : null, req.includes(k)));
  }
  // The builder's keys are valid and unique (a field defined twice is a reason, not a model).
  const seen = new Set<string>();
  for (const f of fields) {
    if (!FIELD_NAME.test(f.key) || seen.has(f.key)) return { unsupported: { path: `schema.properties.${f.key}`, reason: 'differs' } };
    seen.add(f.key);
  }
  const uiOrder = obj(form.uiSchema)['ui:order'];
  let order: BuilderModel['order'] = 'none';
  if (Array.isArray(uiOrder)) {
    order = uiOrder.includes('*') ? 'rest' : 'all';
    const at = (k: string) => {
      const i = uiOrder.indexOf(k);
      return i === -1 ? uiOrder.length : i;
    };
    fields.sort((a, b) => at(a.key) - at(b.key)); // stable: unlisted fields keep their place, after the listed ones
  }
  const model: BuilderModel = {
    title: { en: str(schema.title), zh: str(obj(obj(form.i18n)['zh-CN']).title) },
    description: str(schema.description),
    dialect: (scalar(schema.$schema) as BuilderModel['dialect']) ?? null,
    order,
    fields,
    calculations: (Array.isArray(form.calculations) ? form.calculations : []).map((c) => ({ field: str(obj(c).field), expression: str(obj(c).expression) })),
    signatures: (Array.isArray(form.signatures) ? form.signatures : []).filter((s): s is Meaning => FormSignatureMeaning.safeParse(s).success),
  };
  const path = firstDifference(builderToForm(model), form);
  return path === null ? model : { unsupported: { path, reason: 'differs' } };
}

/** Where two JSON values first differ (`schema.properties.a.title`), or null when deep-equal; an absent key equals undefined. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (Object.is(a, b)) return null;
  const at = path || '(form)';
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return at;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return at;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], path ? `${path}.${i}` : String(i));
      if (d !== null) return d;
    }
    return null;
  }
  const ao = a as Obj;
  const bo = b as Obj;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    const d = firstDifference(ao[k], bo[k], path ? `${path}.${k}` : k);
    if (d !== null) return d;
  }
  return null;
}

// ------------------------------------------------------------------ edits (each returns a new model)

export const isUnsupported = (x: BuilderModel | Unsupported): x is Unsupported => 'unsupported' in x;

/**
 * Why a key cannot be given to field `index` (null: it can): not a field name, another field's,
 * or read by a calculation that names no field of that name (renaming into it would make that
 * expression read this field, and renaming back would not give the form as it was).
 */
export function keyProblem(m: BuilderModel, index: number, key: string): 'invalid' | 'taken' | 'used' | null {
  if (!FIELD_NAME.test(key)) return 'invalid';
  if (m.fields.some((f, i) => i !== index && f.key === key)) return 'taken';
  if (key === m.fields[index]?.key) return null;
  return m.calculations.some((c) => readsName(c.expression, key)) ? 'used' : null;
}

/** Whether an expression names `key` as a field (as the renaming reads it, so also in text that does not parse yet). */
const readsName = (expression: string, key: string): boolean => renameFieldInExpression(expression, key, `${key}_`) !== expression;

/** A fresh key `field<n>`. */
export function freshKey(m: BuilderModel): string {
  for (let n = 1; ; n++) if (!m.fields.some((f) => f.key === `field${n}`)) return `field${n}`;
}

const explicit = (m: BuilderModel): BuilderModel['order'] => (m.order === 'none' ? 'all' : m.order);

export function addField(m: BuilderModel, type: BuilderFieldType = 'number'): BuilderModel {
  return { ...m, order: explicit(m), fields: [...m.fields, newField(freshKey(m), type)] };
}

/** Removes a field and what names it: its calculations, the conditions on it. */
export function removeField(m: BuilderModel, key: string): BuilderModel {
  return {
    ...m,
    order: explicit(m),
    fields: m.fields.filter((f) => f.key !== key).map((f) => (f.showWhen?.field === key ? { ...f, showWhen: null } : f)),
    calculations: m.calculations.filter((c) => c.field !== key),
  };
}

/** Moves the field at `from` to `to`; the order becomes explicit (every field in `ui:order`). */
export function moveField(m: BuilderModel, from: number, to: number): BuilderModel {
  if (from === to || from < 0 || to < 0 || from >= m.fields.length || to >= m.fields.length) return m;
  const fields = [...m.fields];
  const [f] = fields.splice(from, 1);
  fields.splice(to, 0, f!);
  return { ...m, order: 'all', fields };
}

/**
 * Changes field `index`; a new key is carried into everything that names the old one: the
 * conditions on it, the calculations of it and the expressions that read it (FR-118).
 */
export function updateField(m: BuilderModel, index: number, patch: Partial<BuilderField>): BuilderModel {
  const old = m.fields[index];
  if (!old) return m;
  const next = { ...old, ...patch };
  const renamed = next.key !== old.key;
  if (!renamed) return { ...m, fields: m.fields.map((f, i) => (i === index ? next : f)) };
  return {
    ...m,
    fields: m.fields.map((f, i) => (i === index ? next : f.showWhen?.field === old.key ? { ...f, showWhen: { ...f.showWhen, field: next.key } } : f)),
    calculations: m.calculations.map((c) => ({ field: c.field === old.key ? next.key : c.field, expression: renameFieldInExpression(c.expression, old.key, next.key) })),
  };
}

/**
 * A calculation's expression as the station will read it: parses, and names only number fields
 * of the form. Why it does not parse is the parser's code and values (worded in the reader's
 * language by the builder) and its English words.
 */
export function expressionCheck(m: BuilderModel, expression: string): { ok: true; uses: string[] } | { ok: false; reason: string; code: ExpressionReasonCode; params: ExpressionReasonParams } | { ok: false; unknown: string[] } {
  const p = parseExpression(expression);
  if (!p.ok) return { ok: false, reason: p.reason, code: p.code, params: p.params };
  const uses = fieldsOf(p.expr);
  const numbers = new Set(m.fields.filter((f) => isNumeric(f.type) && f.showWhen === null).map((f) => f.key));
  const unknown = uses.filter((u) => !numbers.has(u));
  return unknown.length > 0 ? { ok: false, unknown } : { ok: true, uses };
}

/** The model field a reason speaks of, from its path in the definition (zod issue) or its `field`; null: the form itself. */
export function fieldOfPath(m: BuilderModel, path: readonly (string | number)[]): string | null {
  const p = path.map(String);
  const keys = new Set(m.fields.map((f) => f.key));
  const cand =
    p[0] === 'schema' && p[1] === 'properties'
      ? p[2]
      : p[0] === 'schema' && p[1] === 'allOf'
        ? p[3] === 'then' && p[4] === 'properties'
          ? p[5]
          : p[3] === 'if'
            ? m.fields.find((f) => f.showWhen !== null && Object.is(f.showWhen.field, p[5]))?.key ?? p[5]
            : undefined
        : p[0] === 'calculations'
          ? m.calculations[Number(p[1])]?.field
          : p[0] === 'fieldRoles' || p[0] === 'uiSchema'
            ? p[1]
            : p[0] === 'i18n' && p[2] === 'fields'
              ? p[3]
              : undefined;
  return cand !== undefined && keys.has(cand) ? cand : null;
}
