/**
 * Checking a form's values against its schema (the subset of form-schema.ts), without eval, so
 * the same code runs at the station, at the hub and in both browsers under their CSP. Limits
 * are compared as exact decimals (a typed 25.1 against a maximum of 25.1 is within: JSON Schema
 * `maximum` is inclusive). The station also runs ajv over the same values (decide-form.ts);
 * the property test holds the two to the same verdicts.
 */
import { conditionValues, type FormCondition, type FormDefinition, type FormFieldSchema, type FormJsonSchema, type FormScalar } from './form-schema.ts';
import { FormDecimal } from './form-expression.ts';

export type FormValues = Record<string, FormScalar>;
export type LimitKeyword = 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum' | 'multipleOf' | 'minLength' | 'maxLength';
export const LIMIT_KEYWORDS: readonly string[] = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength'];

export interface FieldProblem {
  field: string;
  keyword: LimitKeyword | 'type' | 'required' | 'enum' | 'const';
  /** The limit, the allowed values or the type the value failed. */
  limit: unknown;
  message: string;
}

const words: Record<LimitKeyword, string> = {
  minimum: 'is below its minimum',
  maximum: 'is above its maximum',
  exclusiveMinimum: 'must be above',
  exclusiveMaximum: 'must be below',
  multipleOf: 'must be a multiple of',
  minLength: 'is shorter than',
  maxLength: 'is longer than',
};

/** Does a condition's `if` hold for these values (JSON Schema semantics: an absent property passes unless required)? */
export function conditionHolds(c: FormCondition, values: Readonly<Record<string, unknown>>): boolean {
  for (const f of c.if.required ?? []) if (values[f] === undefined) return false;
  return Object.entries(c.if.properties).every(([f, test]) => values[f] === undefined || conditionValues(test).includes(values[f] as FormScalar));
}

/** Every field and where it is defined: the root, or a branch of a condition. */
export function allFields(schema: FormJsonSchema): Map<string, { def: FormFieldSchema; condition: number | null; branch: 'then' | 'else' | null }> {
  const out = new Map<string, { def: FormFieldSchema; condition: number | null; branch: 'then' | 'else' | null }>();
  for (const [name, def] of Object.entries(schema.properties)) out.set(name, { def, condition: null, branch: null });
  (schema.allOf ?? []).forEach((c, i) => {
    for (const branch of ['then', 'else'] as const) {
      for (const [name, def] of Object.entries(c[branch]?.properties ?? {})) if (!out.has(name)) out.set(name, { def, condition: i, branch });
    }
  });
  return out;
}

/** The fields that apply to these values: the root's, and those of each branch taken. */
export function activeFields(schema: FormJsonSchema, values: Readonly<Record<string, unknown>>): Map<string, FormFieldSchema> {
  const out = new Map<string, FormFieldSchema>(Object.entries(schema.properties));
  for (const c of schema.allOf ?? []) {
    const branch = conditionHolds(c, values) ? c.then : c.else;
    for (const [name, def] of Object.entries(branch?.properties ?? {})) if (!out.has(name)) out.set(name, def);
  }
  return out;
}

/** The fields required for these values: the root's, and those of each branch taken. */
export function requiredFields(schema: FormJsonSchema, values: Readonly<Record<string, unknown>>): string[] {
  const out = new Set(schema.required ?? []);
  for (const c of schema.allOf ?? []) for (const f of (conditionHolds(c, values) ? c.then : c.else)?.required ?? []) out.add(f);
  return [...out];
}

/** Problems of one value against its field (absent values are the `required` check's concern). */
export function checkField(name: string, def: FormFieldSchema, v: unknown): FieldProblem[] {
  const typeOk = def.type === 'boolean' ? typeof v === 'boolean' : def.type === 'string' ? typeof v === 'string' : typeof v === 'number' && Number.isFinite(v) && (def.type === 'number' || Number.isInteger(v));
  if (!typeOk) return [{ field: name, keyword: 'type', limit: def.type, message: `${name} must be ${def.type === 'integer' ? 'a whole number' : `a ${def.type}`}` }];
  const out: FieldProblem[] = [];
  if (def.const !== undefined && v !== def.const) out.push({ field: name, keyword: 'const', limit: def.const, message: `${name} must be ${String(def.const)}` });
  if (def.enum && !def.enum.includes(v as FormScalar)) out.push({ field: name, keyword: 'enum', limit: def.enum, message: `${name} must be one of ${def.enum.map(String).join(', ')}` });
  const unit = def['x-unit'] ? ` ${def['x-unit']}` : '';
  const lim = (keyword: LimitKeyword, bad: boolean, limitValue: number) => {
    if (bad) out.push({ field: name, keyword, limit: limitValue, message: `${name} ${String(v)}${unit} ${words[keyword]} ${limitValue}${unit}` });
  };
  if (typeof v === 'number') {
    const d = new FormDecimal(String(v));
    if (def.minimum !== undefined) lim('minimum', d.lessThan(String(def.minimum)), def.minimum);
    if (def.maximum !== undefined) lim('maximum', d.greaterThan(String(def.maximum)), def.maximum);
    if (def.exclusiveMinimum !== undefined) lim('exclusiveMinimum', d.lessThanOrEqualTo(String(def.exclusiveMinimum)), def.exclusiveMinimum);
    if (def.exclusiveMaximum !== undefined) lim('exclusiveMaximum', d.greaterThanOrEqualTo(String(def.exclusiveMaximum)), def.exclusiveMaximum);
    if (def.multipleOf !== undefined) lim('multipleOf', !d.mod(String(def.multipleOf)).isZero(), def.multipleOf);
  }
  if (typeof v === 'string') {
    // JSON Schema counts code points (ajv's `unicode` length), not UTF-16 units.
    const length = [...v].length;
    if (def.minLength !== undefined) lim('minLength', length < def.minLength, def.minLength);
    if (def.maxLength !== undefined) lim('maxLength', length > def.maxLength, def.maxLength);
  }
  return out;
}

/** Every problem of a complete set of values (entered and calculated) against the schema. */
export function checkFormValues(schema: FormJsonSchema, values: Readonly<Record<string, unknown>>): FieldProblem[] {
  const out: FieldProblem[] = [];
  const active = activeFields(schema, values);
  for (const f of requiredFields(schema, values)) if (values[f] === undefined) out.push({ field: f, keyword: 'required', limit: null, message: `${f} is required` });
  for (const [name, def] of active) if (values[name] !== undefined) out.push(...checkField(name, def, values[name]));
  return out;
}

/** The field's label in a language: the i18n map's, else the schema's title, else its name. */
export function fieldTitle(form: FormDefinition, name: string, locale: string): string {
  const def = allFields(form.schema).get(name)?.def;
  const zh = locale === 'zh-CN' ? form.i18n['zh-CN']?.fields[name]?.title : undefined;
  return zh ?? def?.title ?? name;
}
