/**
 * A step form as data (issue 14 item 2): a JSON Schema (draft-07 subset, also valid 2020-12)
 * for the values, an rjsf UI schema for their layout, calculations, field-level roles,
 * conditional fields, the signatures that complete it and its labels in other languages.
 *
 * The subset, chosen so that every form a designer can write is checked for satisfiability at
 * parse (form-definition.ts) and validated identically by ajv at the station and by the
 * eval-free checker (form-values.ts) in the browser, under the UIs' CSP:
 * - root: `{ type: 'object', properties, required?, allOf? }`;
 * - a field: `type` number | integer | string | boolean; `title`, `description`; limits
 *   `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`; `minLength`,
 *   `maxLength`; `enum` or `const`; `default`; `readOnly`; `x-unit` (the unit shown and
 *   recorded with the value: "kg", "°C", "min"); `x-decimals` (a calculated value's rounding);
 * - conditional fields: `allOf: [{ if: { properties: { f: { const } } }, then: { properties?,
 *   required? }, else?: … }]` — what @rjsf/core shows and hides (fields defined in then/else
 *   appear only while their condition holds); `{ enum: [v1, v2…] }` in place of `{ const }`
 *   holds while f is one of the values (FR-118; plain JSON Schema, so ajv at the station reads it
 *   as the browser's checker does);
 * - no `pattern`, `format`, `$ref` or nested objects: refused with a reason, not ignored.
 *
 * Labels: the schema's `title`s are English (the record's language); `i18n['zh-CN']` gives each
 * field's title, description and enum names in Chinese (an i18n map beside the schema, so the
 * schema stays plain JSON Schema that any tool reads).
 */
import { z } from 'zod';
import { Role } from '../ledger/entry-types/users.ts';

export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const FormFieldName = z.string().regex(FIELD_NAME, 'a field name: a letter or "_", then letters, digits or "_" (at most 64)');
export const FormScalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);
export type FormScalar = z.infer<typeof FormScalar>;
const limit = z.number().finite();

export const FormFieldSchema = z
  .object({
    type: z.enum(['number', 'integer', 'string', 'boolean']),
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(1000).optional(),
    minimum: limit.optional(),
    maximum: limit.optional(),
    exclusiveMinimum: limit.optional(),
    exclusiveMaximum: limit.optional(),
    multipleOf: z.number().finite().positive().optional(),
    minLength: z.number().int().min(0).max(2000).optional(),
    maxLength: z.number().int().min(0).max(2000).optional(),
    enum: z.array(FormScalar).min(1).max(100).optional(),
    const: FormScalar.optional(),
    default: FormScalar.optional(),
    readOnly: z.boolean().optional(),
    'x-unit': z.string().trim().min(1).max(20).optional(),
    'x-decimals': z.number().int().min(0).max(12).optional(),
  })
  .strict();
export type FormFieldSchema = z.infer<typeof FormFieldSchema>;

const Properties = z.record(FormFieldName, FormFieldSchema).refine((p) => Object.keys(p).length <= 100, 'at most 100 fields');
const Branch = z.object({ properties: Properties.optional(), required: z.array(FormFieldName).max(100).optional() }).strict();

/** What a condition asks of a field: one value, or one of a list (FR-118). */
export const ConditionTest = z.union([z.object({ const: FormScalar }).strict(), z.object({ enum: z.array(FormScalar).min(1).max(100) }).strict()]);
export type ConditionTest = z.infer<typeof ConditionTest>;
/** The values a condition's test accepts. */
export const conditionValues = (t: ConditionTest): FormScalar[] => ('const' in t ? [t.const] : t.enum);

export const FormCondition = z
  .object({
    if: z
      .object({
        properties: z.record(FormFieldName, ConditionTest).refine((p) => Object.keys(p).length > 0, 'a condition names at least one field'),
        required: z.array(FormFieldName).max(100).optional(),
      })
      .strict(),
    then: Branch.optional(),
    else: Branch.optional(),
  })
  .strict();
export type FormCondition = z.infer<typeof FormCondition>;

export const FormJsonSchema = z
  .object({
    $schema: z.enum(['http://json-schema.org/draft-07/schema#', 'https://json-schema.org/draft/2020-12/schema']).optional(),
    type: z.literal('object'),
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    properties: Properties.refine((p) => Object.keys(p).length > 0, 'a form has at least one field'),
    required: z.array(FormFieldName).max(100).optional(),
    allOf: z.array(FormCondition).max(50).optional(),
  })
  .strict();
export type FormJsonSchema = z.infer<typeof FormJsonSchema>;

export const FormCalculation = z.object({ field: FormFieldName, expression: z.string().trim().min(1).max(500) }).strict();
export type FormCalculation = z.infer<typeof FormCalculation>;

/** Meanings a form may require; performed first, by whoever recorded the values. */
export const FormSignatureMeaning = z.enum(['performed', 'verified', 'witnessed', 'approved']);

const FieldText = z.object({ title: z.string().trim().min(1).max(200).optional(), description: z.string().max(1000).optional(), enumNames: z.array(z.string().max(200)).max(100).optional() }).strict();
export const FormI18n = z.object({ 'zh-CN': z.object({ title: z.string().trim().min(1).max(200).optional(), fields: z.record(FormFieldName, FieldText).default({}) }).strict().optional() }).strict();
export type FormI18n = z.infer<typeof FormI18n>;

const JsonValue: z.ZodType<unknown> = z.lazy(() => z.union([z.string().max(2000), z.number().finite(), z.boolean(), z.null(), z.array(JsonValue).max(200), z.record(z.string().max(100), JsonValue)]));

export const FormDefinitionShape = z
  .object({
    schema: FormJsonSchema,
    /** @rjsf/core UI schema (`ui:order`, `ui:widget`, `ui:help`, …): layout only, never values. */
    uiSchema: z.record(z.string().max(100), JsonValue).default({}),
    calculations: z.array(FormCalculation).max(50).default([]),
    /** Only a person holding one of these roles may fill that field; others see it read-only. */
    fieldRoles: z.record(FormFieldName, z.array(Role).min(1).max(5)).default({}),
    /** The signatures that complete the form, in this order; `performed` by who recorded it. */
    signatures: z.array(FormSignatureMeaning).max(4).default(['performed']),
    i18n: FormI18n.default({}),
  })
  .strict();
export type FormDefinition = z.infer<typeof FormDefinitionShape>;
export type FormDefinitionInput = z.input<typeof FormDefinitionShape>;
