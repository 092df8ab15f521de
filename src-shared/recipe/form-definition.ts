/**
 * Whether a form definition holds together (issue 14 item 2; FR-97), checked wherever a recipe
 * is parsed (the `form` step's zod refinement), without eval: every reason in words, each with
 * a stable kind. The last check builds an example submission (the witness) and runs it through
 * the very code the station runs: a form that parses can be filled and recorded, and one that
 * cannot is refused here, with why (the property test: form-definition.property.test.ts).
 */
import { err, ok, type Result } from '../result.ts';
import { evaluateExpression, fieldsOf, FormDecimal, parseExpression, type Expr } from './form-expression.ts';
import { conditionValues, FormDefinitionShape, type FormDefinition, type FormFieldSchema, type FormScalar } from './form-schema.ts';
import { activeFields, allFields, checkField, checkFormValues, LIMIT_KEYWORDS, type FieldProblem, type FormValues } from './form-values.ts';

export type FormProblemKind =
  | 'field-unknown'
  | 'field-defined-twice'
  | 'limits-contradict'
  | 'value-type'
  | 'unit-misplaced'
  | 'condition-invalid'
  | 'calculation-target'
  | 'expression-invalid'
  | 'calculation-unknown-field'
  | 'calculation-cycle'
  | 'role-field'
  | 'label-field'
  | 'unsatisfiable';

export interface FormProblem {
  kind: FormProblemKind;
  field: string | null;
  message: string;
}

const typeFits = (def: FormFieldSchema, v: FormScalar) => checkField('_', { type: def.type }, v).length === 0;

function fieldProblems(name: string, def: FormFieldSchema): FormProblem[] {
  const out: FormProblem[] = [];
  const p = (kind: FormProblemKind, message: string) => out.push({ kind, field: name, message: `field "${name}": ${message}` });
  const numeric = def.type === 'number' || def.type === 'integer';
  for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'] as const) if (def[k] !== undefined && !numeric) p('value-type', `${k} applies to numbers, not to a ${def.type}`);
  for (const k of ['minLength', 'maxLength'] as const) if (def[k] !== undefined && def.type !== 'string') p('value-type', `${k} applies to text, not to a ${def.type}`);
  if (def['x-unit'] !== undefined && !numeric) p('unit-misplaced', `a unit belongs to a number, not to a ${def.type}`);
  const lo = [def.minimum, def.exclusiveMinimum].filter((x): x is number => x !== undefined);
  const hi = [def.maximum, def.exclusiveMaximum].filter((x): x is number => x !== undefined);
  for (const a of lo) for (const b of hi) if (a > b || (a === b && (def.exclusiveMinimum === a || def.exclusiveMaximum === b))) p('limits-contradict', `its lower limit ${a} is not below its upper limit ${b}`);
  if (def.minLength !== undefined && def.maxLength !== undefined && def.minLength > def.maxLength) p('limits-contradict', `minLength ${def.minLength} is above maxLength ${def.maxLength}`);
  for (const v of def.enum ?? []) if (!typeFits(def, v)) p('value-type', `allowed value ${JSON.stringify(v)} is not a ${def.type}`);
  if (def.enum && new Set(def.enum).size !== def.enum.length) p('value-type', 'an allowed value is listed twice (JSON Schema enum items are unique)');
  if (def.const !== undefined && !typeFits(def, def.const)) p('value-type', `fixed value ${JSON.stringify(def.const)} is not a ${def.type}`);
  if (def.default !== undefined) {
    const bad = checkField(name, def, def.default);
    if (bad.length > 0) p('value-type', `its default ${JSON.stringify(def.default)} is not a valid value (${bad[0]!.message})`);
  }
  return out;
}

/** Every reason this form cannot be used as written; empty when it can. */
export function formDefinitionProblems(form: FormDefinition): FormProblem[] {
  const out: FormProblem[] = [];
  const schema = form.schema;
  const fields = allFields(schema);
  const root = new Set(Object.keys(schema.properties));
  // A field is defined once: in the root or in one branch.
  const seen = new Set(root);
  (schema.allOf ?? []).forEach((c, i) => {
    for (const branch of ['then', 'else'] as const) {
      for (const name of Object.keys(c[branch]?.properties ?? {})) {
        if (seen.has(name)) out.push({ kind: 'field-defined-twice', field: name, message: `field "${name}" is defined twice (condition ${i + 1}, ${branch})` });
        seen.add(name);
      }
    }
  });
  for (const [name, { def }] of fields) out.push(...fieldProblems(name, def));
  for (const f of schema.required ?? []) if (!fields.has(f)) out.push({ kind: 'field-unknown', field: f, message: `required field "${f}" is not a field of the form` });
  const calcTargets = new Set(form.calculations.map((c) => c.field));
  (schema.allOf ?? []).forEach((c, i) => {
    for (const [f, test] of Object.entries(c.if.properties)) {
      const def = schema.properties[f];
      const values = conditionValues(test);
      const bad = values.find((k) => def !== undefined && !typeFits(def, k));
      if (!def) out.push({ kind: 'condition-invalid', field: f, message: `condition ${i + 1} tests "${f}", which is not a field of the form's top level` });
      else if (calcTargets.has(f)) out.push({ kind: 'condition-invalid', field: f, message: `condition ${i + 1} tests "${f}", a calculated field` });
      else if (bad !== undefined) out.push({ kind: 'condition-invalid', field: f, message: `condition ${i + 1} compares "${f}" (a ${def.type}) with ${JSON.stringify(bad)}` });
      else if (new Set(values).size !== values.length) out.push({ kind: 'condition-invalid', field: f, message: `condition ${i + 1} lists a value of "${f}" twice` });
    }
    for (const f of c.if.required ?? []) if (!root.has(f)) out.push({ kind: 'condition-invalid', field: f, message: `condition ${i + 1} requires "${f}", which is not a field of the form's top level` });
    for (const branch of ['then', 'else'] as const) for (const f of c[branch]?.required ?? []) if (!fields.has(f)) out.push({ kind: 'field-unknown', field: f, message: `condition ${i + 1} (${branch}) requires "${f}", which is not a field of the form` });
  });
  out.push(...calculationProblems(form, calcTargets));
  for (const [f] of Object.entries(form.fieldRoles)) {
    if (!fields.has(f)) out.push({ kind: 'role-field', field: f, message: `roles are given for "${f}", which is not a field of the form` });
    else if (calcTargets.has(f)) out.push({ kind: 'role-field', field: f, message: `roles are given for "${f}", a calculated field nobody fills` });
  }
  const zh = form.i18n['zh-CN']?.fields ?? {};
  for (const [f, text] of Object.entries(zh)) {
    const def = fields.get(f)?.def;
    if (!def) out.push({ kind: 'label-field', field: f, message: `a zh-CN label is given for "${f}", which is not a field of the form` });
    else if (text.enumNames && text.enumNames.length !== (def.enum?.length ?? -1)) out.push({ kind: 'label-field', field: f, message: `field "${f}": ${text.enumNames.length} zh-CN names for ${def.enum?.length ?? 0} allowed values` });
  }
  for (const k of Object.keys(form.uiSchema)) if (!k.startsWith('ui:') && !fields.has(k)) out.push({ kind: 'label-field', field: k, message: `the UI schema lays out "${k}", which is not a field of the form` });
  if (new Set(form.signatures).size !== form.signatures.length) out.push({ kind: 'condition-invalid', field: null, message: 'a signature meaning is required twice' });
  if (out.length > 0) return out;
  // Only a form that holds together gets the satisfiability check: its reasons would be noise.
  const w = witness(form);
  const run = submitForm(form, w, null);
  if (run.ok && run.open.length > 0) out.push({ kind: 'unsatisfiable', field: run.open[0]!, message: `no complete submission satisfies the form: the example ${JSON.stringify(w)} leaves ${run.open.join(', ')} empty` });
  if (!run.ok) out.push({ kind: 'unsatisfiable', field: run.field, message: `no complete submission satisfies the form: the example ${JSON.stringify(w)} fails (${run.message})` });
  return out;
}

/** Calculations: the target is a read-only number field, the expression parses, names known number fields, no cycle. */
function calculationProblems(form: FormDefinition, targets: Set<string>): FormProblem[] {
  const out: FormProblem[] = [];
  const root = form.schema.properties;
  const deps = new Map<string, string[]>();
  const once = new Set<string>();
  for (const c of form.calculations) {
    const def = root[c.field];
    if (once.has(c.field)) out.push({ kind: 'calculation-target', field: c.field, message: `field "${c.field}" is calculated twice` });
    once.add(c.field);
    if (!def) out.push({ kind: 'calculation-target', field: c.field, message: `calculated field "${c.field}" is not a field of the form's top level` });
    else if (def.type !== 'number' && def.type !== 'integer') out.push({ kind: 'calculation-target', field: c.field, message: `calculated field "${c.field}" must be a number, not a ${def.type}` });
    else if (def.readOnly !== true) out.push({ kind: 'calculation-target', field: c.field, message: `calculated field "${c.field}" must be read-only ("readOnly": true): nobody types it` });
    const parsed = parseExpression(c.expression);
    if (!parsed.ok) {
      out.push({ kind: 'expression-invalid', field: c.field, message: `the calculation of "${c.field}" does not compile: ${parsed.reason}` });
      continue;
    }
    const used = fieldsOf(parsed.expr);
    deps.set(c.field, used.filter((f) => targets.has(f)));
    for (const f of used) {
      const d = root[f];
      if (!d) out.push({ kind: 'calculation-unknown-field', field: c.field, message: `the calculation of "${c.field}" uses "${f}", which is not a field of the form's top level` });
      else if (d.type !== 'number' && d.type !== 'integer') out.push({ kind: 'calculation-unknown-field', field: c.field, message: `the calculation of "${c.field}" uses "${f}", a ${d.type}, not a number` });
    }
  }
  const cycle = findCycle(deps);
  if (cycle) out.push({ kind: 'calculation-cycle', field: cycle[0]!, message: `the calculations go round in a circle: ${cycle.join(' → ')}` });
  return out;
}

function findCycle(deps: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'open');
    path.push(n);
    for (const m of deps.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    path.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of deps.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

/** Calculations in an order where each comes after those it reads (definitions are acyclic). */
export function calculationOrder(form: FormDefinition): { field: string; expr: Expr; decimals: number | undefined }[] {
  const parsed = form.calculations.map((c) => {
    const p = parseExpression(c.expression);
    return { field: c.field, expr: p.ok ? p.expr : null, decimals: form.schema.properties[c.field]?.['x-decimals'] };
  });
  const targets = new Set(parsed.map((c) => c.field));
  const done = new Set<string>();
  const out: { field: string; expr: Expr; decimals: number | undefined }[] = [];
  while (out.length < parsed.length) {
    const next = parsed.find((c) => !done.has(c.field) && c.expr !== null && fieldsOf(c.expr).every((f) => !targets.has(f) || done.has(f)));
    if (!next) break;
    done.add(next.field);
    out.push(next as { field: string; expr: Expr; decimals: number | undefined });
  }
  return out;
}

export type FormRefusal = {
  ok: false;
  code: 'FORM_VALUES_INVALID' | 'FORM_VALUE_OUT_OF_LIMITS' | 'FORM_FIELD_ROLE_FORBIDDEN' | 'FORM_CALCULATION_FAILED' | 'FORM_FIELD_ALREADY_RECORDED' | 'FORM_FIELD_NOT_RECORDED' | 'FORM_FIELD_CALCULATED' | 'FORM_CORRECTION_UNCHANGED';
  field: string | null;
  message: string;
  details: Record<string, unknown>;
};
/**
 * `values` and `calculated`: what this submission adds (entered values; calculations whose inputs
 * became all present with it). `open`: required fields (entered or calculated) still empty
 * because only other roles may fill them (FR-105); empty when the form is complete.
 */
export type FormOutcome = { ok: true; values: FormValues; calculated: Record<string, string>; open: string[] } | FormRefusal;

/** What earlier parts of a form filled by more than one person recorded (FR-105). */
export interface FormSoFar {
  values: FormValues;
  calculated: Record<string, string>;
}

/**
 * A submission as the station takes it: every value names a field that applies, no value is
 * given for a calculated field, each field is filled by a role allowed for it (`roles` null:
 * not checked), calculations run in exact decimals, then every value (entered and calculated)
 * is held to the schema. A refusal names the field, and the limit where one was passed.
 *
 * A form filled by more than one person (FR-105): `prior` is what earlier submissions recorded;
 * a field they recorded is never given again (FORM_FIELD_ALREADY_RECORDED), and every check runs
 * over the union. A required field reserved by `fieldRoles` to roles the submitter does not hold
 * (with `roles` null: any reserved field) may stay empty: it is returned in `open`, as is a
 * required calculation one of whose inputs is still to come. Everything the submitter may fill
 * is held to the schema as before, so a one-person submission is decided exactly as it was.
 */
export function submitForm(form: FormDefinition, given: Readonly<Record<string, FormScalar | null>>, roles: readonly string[] | null, prior: FormSoFar | null = null): FormOutcome {
  const refuse = (code: FormRefusal['code'], field: string | null, message: string, details: Record<string, unknown> = {}): FormRefusal => ({ ok: false, code, field, message, details: { field, ...details } });
  const values: FormValues = {};
  for (const [k, v] of Object.entries(given)) if (v !== null) values[k] = v;
  const before = prior?.values ?? {};
  for (const f of Object.keys(values)) if (before[f] !== undefined) return refuse('FORM_FIELD_ALREADY_RECORDED', f, `"${f}" was recorded earlier in this form; a recorded value is not overwritten`);
  if (prior !== null && Object.keys(values).length === 0) return refuse('FORM_VALUES_INVALID', null, 'no value given: fill a field still open');
  const merged: FormValues = { ...before, ...values };
  const fields = allFields(form.schema);
  const targets = new Set(form.calculations.map((c) => c.field));
  const active = activeFields(form.schema, merged);
  for (const f of Object.keys(values)) {
    if (!fields.has(f)) return refuse('FORM_VALUES_INVALID', f, `"${f}" is not a field of this form`);
    if (targets.has(f)) return refuse('FORM_VALUES_INVALID', f, `"${f}" is calculated by the station, not entered`);
    if (!active.has(f)) return refuse('FORM_VALUES_INVALID', f, `"${f}" does not apply to the values given (its condition does not hold)`);
    const allowed = form.fieldRoles[f];
    if (roles !== null && allowed && !allowed.some((r) => roles.includes(r))) return refuse('FORM_FIELD_ROLE_FORBIDDEN', f, `only ${allowed.join(' or ')} may fill "${f}"`, { roles: allowed });
  }
  // A value recorded earlier keeps applying: a later value may not switch its condition off.
  for (const f of Object.keys(before)) if (!active.has(f)) return refuse('FORM_VALUES_INVALID', f, `"${f}" was recorded earlier and would no longer apply with the values given`);
  // Fields only others may fill: reserved to roles the submitter lacks, not yet filled.
  const othersFill = (f: string) => {
    const allowed = form.fieldRoles[f];
    return allowed !== undefined && merged[f] === undefined && !targets.has(f) && (roles === null || !allowed.some((r) => roles.includes(r)));
  };
  // Entered values first, so a typed value outside its limits is named before any calculation reads it.
  const entered = checkFormValues(form.schema, merged).filter((p) => !(p.keyword === 'required' && (targets.has(p.field) || othersFill(p.field))));
  if (entered.length > 0) return refusal(entered, merged, {});
  const calculated: Record<string, string> = {};
  const numbers: Record<string, InstanceType<typeof FormDecimal>> = {};
  const waiting = new Set<string>();
  for (const [k, v] of Object.entries(merged)) if (typeof v === 'number') numbers[k] = new FormDecimal(String(v));
  for (const c of calculationOrder(form)) {
    const inputs = fieldsOf(c.expr);
    if (!inputs.every((f) => numbers[f] !== undefined)) {
      // An input left empty: no value, the schema says whether one was needed; one still to come from another person keeps it open.
      if (inputs.some((f) => othersFill(f) || waiting.has(f))) waiting.add(c.field);
      continue;
    }
    const r = evaluateExpression(c.expr, numbers);
    if (!r.ok) return refuse('FORM_CALCULATION_FAILED', c.field, `the calculation of "${c.field}" failed: ${r.reason}`, { reason: r.reason });
    const v = c.decimals === undefined ? r.value : r.value.toDecimalPlaces(c.decimals, FormDecimal.ROUND_HALF_UP);
    numbers[c.field] = v;
    calculated[c.field] = c.decimals === undefined ? v.toFixed() : v.toFixed(c.decimals);
  }
  const all: Record<string, unknown> = { ...merged };
  for (const [k, v] of Object.entries(calculated)) all[k] = Number(v);
  const open: string[] = [];
  const problems = checkFormValues(form.schema, all)
    .filter((p) => {
      const pending = p.keyword === 'required' && (othersFill(p.field) || waiting.has(p.field));
      if (pending) open.push(p.field);
      return !pending;
    })
    .map((p) => (targets.has(p.field) && p.keyword !== 'required' ? { ...p, message: `${p.message} (calculated)` } : p));
  if (problems.length > 0) return refusal(problems, merged, calculated);
  const added: Record<string, string> = {};
  for (const [k, v] of Object.entries(calculated)) if (prior?.calculated[k] === undefined) added[k] = v;
  return { ok: true, values, calculated: added, open };

  function refusal(problems: FieldProblem[], entered: FormValues, calc: Record<string, string>): FormRefusal {
    const first = problems.find((p) => LIMIT_KEYWORDS.includes(p.keyword)) ?? problems[0]!;
    const limitProblem = LIMIT_KEYWORDS.includes(first.keyword);
    return refuse(limitProblem ? 'FORM_VALUE_OUT_OF_LIMITS' : 'FORM_VALUES_INVALID', first.field, first.message, {
      keyword: first.keyword,
      limit: first.limit,
      value: targets.has(first.field) ? (calc[first.field] ?? null) : (entered[first.field] ?? null),
      unit: fields.get(first.field)?.def['x-unit'] ?? null,
      problems: problems.map((p) => ({ field: p.field, keyword: p.keyword, message: p.message })),
    });
  }
}

/** A correction of one recorded value (FR-116): the calculations it changes, each with the value it replaces. */
export type FormCorrectionOutcome = { ok: true; calculated: { field: string; oldValue: string | null; newValue: string }[] } | FormRefusal;

/**
 * Whether `field` of a recorded form can be corrected at all, whoever asks (FR-116): a calculated
 * field never is — the station recalculates it from its inputs, which are corrected instead
 * (FORM_FIELD_CALCULATED) —, and a field that holds no entered value has nothing to correct
 * (FORM_FIELD_NOT_RECORDED: empty, still open, or not a field of the form). Decided before who
 * may correct, so the refusal names what is wrong with the field, not with the person.
 */
export function uncorrectableField(form: FormDefinition, values: Readonly<Record<string, unknown>>, field: string): FormRefusal | null {
  const refuse = (code: 'FORM_FIELD_CALCULATED' | 'FORM_FIELD_NOT_RECORDED', message: string): FormRefusal => ({ ok: false, code, field, message, details: { field } });
  if (form.calculations.some((c) => c.field === field)) return refuse('FORM_FIELD_CALCULATED', `"${field}" is calculated by the station: correct the values it is calculated from`);
  if (values[field] === undefined) return refuse('FORM_FIELD_NOT_RECORDED', form.schema.properties[field] ? `"${field}" has no recorded value to correct` : `"${field}" is not a field of this form`);
  return null;
}

/**
 * A correction of one recorded form value (FR-116; docs/forms.md "Corrections"): the field must
 * hold an entered value (`uncorrectableField`: FORM_FIELD_CALCULATED, FORM_FIELD_NOT_RECORDED),
 * the new value must differ (FORM_CORRECTION_UNCHANGED), and the corrected
 * form is decided exactly as a submission of it would be: the value's type and limits, every
 * recorded field still applying, the calculations recomputed in exact decimals and held to
 * their limits. `open` are the fields still to be filled by others: a correction may not open
 * more. Who may correct is the caller's rule (roles, the form's state).
 */
export function correctFormValue(form: FormDefinition, sofar: FormSoFar, field: string, value: FormScalar, open: readonly string[]): FormCorrectionOutcome {
  const refuse = (code: FormRefusal['code'], message: string, details: Record<string, unknown> = {}): FormRefusal => ({ ok: false, code, field, message, details: { field, ...details } });
  const not = uncorrectableField(form, sofar.values, field);
  if (not) return not;
  const old = sofar.values[field];
  if (old === value) return refuse('FORM_CORRECTION_UNCHANGED', `"${field}" already holds ${String(value)}`, { value });
  const { [field]: _replaced, ...others } = sofar.values;
  const r = submitForm(form, { [field]: value }, null, { values: others, calculated: {} });
  if (!r.ok) return r;
  const opened = r.open.filter((f) => !open.includes(f));
  if (opened.length > 0) return refuse('FORM_VALUES_INVALID', `with ${String(value)}, "${opened.join('", "')}" would have to be filled: a correction changes a recorded value, it opens no field`, { open: opened });
  const calculated = Object.entries(r.calculated)
    .filter(([k, v]) => sofar.calculated[k] !== v)
    .map(([k, v]) => ({ field: k, oldValue: sofar.calculated[k] ?? null, newValue: v }));
  return { ok: true, calculated };
}

/** An example submission: each applicable, entered field gets a value inside its limits. */
export function witness(form: FormDefinition): FormValues {
  const targets = new Set(form.calculations.map((c) => c.field));
  const values: FormValues = {};
  for (const [name, def] of Object.entries(form.schema.properties)) if (!targets.has(name)) values[name] = exampleValue(def);
  for (const [name, def] of activeFields(form.schema, values)) if (values[name] === undefined && !targets.has(name)) values[name] = exampleValue(def);
  return values;
}

function exampleValue(def: FormFieldSchema): FormScalar {
  if (def.const !== undefined) return def.const;
  if (def.enum) return def.enum.find((v) => checkField('_', { ...def, enum: undefined }, v).length === 0) ?? def.enum[0]!;
  if (def.default !== undefined) return def.default;
  if (def.type === 'boolean') return true;
  if (def.type === 'string') return 'x'.repeat(Math.min(Math.max(def.minLength ?? 1, 1), def.maxLength ?? 1_000));
  return exampleNumber(def);
}

/** Middle of the limits (or next to the one limit), on the field's grid (integer, multipleOf). */
function exampleNumber(def: FormFieldSchema): number {
  const D = FormDecimal;
  const lo = def.exclusiveMinimum !== undefined && (def.minimum === undefined || def.exclusiveMinimum >= def.minimum) ? { v: new D(String(def.exclusiveMinimum)), strict: true } : def.minimum !== undefined ? { v: new D(String(def.minimum)), strict: false } : null;
  const hi = def.exclusiveMaximum !== undefined && (def.maximum === undefined || def.exclusiveMaximum <= def.maximum) ? { v: new D(String(def.exclusiveMaximum)), strict: true } : def.maximum !== undefined ? { v: new D(String(def.maximum)), strict: false } : null;
  let x = lo && hi ? lo.v.plus(hi.v).dividedBy(2) : lo ? lo.v.plus(1) : hi ? hi.v.minus(1) : new D(0);
  const step = def.multipleOf !== undefined ? new D(String(def.multipleOf)) : null;
  const grid = def.type === 'integer' ? (step ? lcmDecimal(step, new D(1)) : new D(1)) : step;
  if (grid) {
    x = x.dividedBy(grid).toDecimalPlaces(0, D.ROUND_HALF_UP).times(grid);
    const within = (y: InstanceType<typeof D>) => (!lo || (lo.strict ? y.greaterThan(lo.v) : y.greaterThanOrEqualTo(lo.v))) && (!hi || (hi.strict ? y.lessThan(hi.v) : y.lessThanOrEqualTo(hi.v)));
    if (!within(x) && lo) x = lo.v.dividedBy(grid).toDecimalPlaces(0, D.ROUND_CEIL).times(grid).plus(lo.strict && lo.v.mod(grid).isZero() ? grid : 0);
  }
  return Number(x.toFixed());
}

/** Least common multiple of a positive decimal and 1 (a whole multiple of `step`). */
function lcmDecimal(step: InstanceType<typeof FormDecimal>, one: InstanceType<typeof FormDecimal>): InstanceType<typeof FormDecimal> {
  for (let k = 1; k <= 1000; k += 1) if (step.times(k).mod(one).isZero()) return step.times(k);
  return step.times(1000).ceil();
}

/** The zod schema of a form definition: shape, then every problem above as an issue with its reason. */
export const FormDefinitionSchema = FormDefinitionShape.superRefine((form, ctx) => {
  for (const p of formDefinitionProblems(form)) ctx.addIssue({ code: 'custom', message: p.message, params: { kind: p.kind, field: p.field } });
});

/**
 * A form definition from anywhere (the designer's API, a test), checked: the form, or
 * FORM_DEFINITION_INVALID with every problem as `{ path, kind, field, message }`.
 */
export function checkFormDefinition(x: unknown): Result<FormDefinition> {
  const r = FormDefinitionSchema.safeParse(x);
  if (r.success) return ok(r.data);
  const problems = r.error.issues.map((i) => {
    const params = (i as { params?: { kind?: string; field?: string | null } }).params;
    const path = i.path.map(String).join('.');
    return { path, kind: params?.kind ?? 'shape', field: params?.field ?? null, message: params?.kind ? i.message : `${path || 'form'}: ${i.message}` };
  });
  return err('FORM_DEFINITION_INVALID', problems.map((p) => p.message).join('; '), { problems });
}
