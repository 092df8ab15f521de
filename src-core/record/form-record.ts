/**
 * A recorded form as batch-record lines (issue 14 item 2): every field of the form that applied
 * to the values, in the UI schema's order, with its value and unit; a calculated field with its
 * expression; an entered one with who entered it (the recording entry's actor, who signs it
 * "performed"). Empty optional fields are listed as empty, so the record shows what was asked.
 */
import type { FormFieldRecord, FormRecord, Person } from '../../src-shared/orders/batch-record.ts';
import type { FormDefinition } from '../../src-shared/recipe/form-schema.ts';
import { activeFields } from '../../src-shared/recipe/form-values.ts';

export function formRecord(form: FormDefinition, seq: number, result: { values?: Record<string, unknown>; calculated?: Record<string, string> }, by: Person | null): FormRecord {
  const values = result.values ?? {};
  const calculated = result.calculated ?? {};
  const calcOf = new Map(form.calculations.map((c) => [c.field, c.expression]));
  const active = activeFields(form.schema, values);
  const order = Array.isArray(form.uiSchema['ui:order']) ? (form.uiSchema['ui:order'] as unknown[]).filter((x): x is string => typeof x === 'string' && active.has(x)) : [];
  const names = [...order, ...[...active.keys()].filter((f) => !order.includes(f))];
  const zh = form.i18n['zh-CN'];
  const fields: FormFieldRecord[] = names.map((field) => {
    const def = active.get(field)!;
    const isCalc = calcOf.has(field);
    const raw = isCalc ? calculated[field] : values[field];
    const value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : null;
    return {
      field,
      title: def.title ?? field,
      titleZh: zh?.fields[field]?.title ?? null,
      value,
      unit: def['x-unit'] ?? null,
      calculation: calcOf.get(field) ?? null,
      filledBy: !isCalc && value !== null ? by : null,
    };
  });
  return { seq, title: form.schema.title ?? '', titleZh: zh?.title ?? null, fields };
}
