/**
 * A recorded form as batch-record lines (issue 14 item 2): every field of the form that applied
 * to the values, in the UI schema's order, with its value and unit; a calculated field with its
 * expression, computed in the entry that completed its inputs; an entered one with who entered
 * it and when: the recording entry's actor and time. A form filled by more than one person
 * (FR-105) is several `form.part_recorded` entries; each field names the part that recorded it.
 * Empty optional fields are listed as empty, so the record shows what was asked.
 */
import type { FormFieldRecord, FormRecord, Person } from '../../src-shared/orders/batch-record.ts';
import type { FormDefinition } from '../../src-shared/recipe/form-schema.ts';
import { activeFields } from '../../src-shared/recipe/form-values.ts';

/** One entry that recorded (part of) a form: its values, its calculations, who and when. */
export interface FormEntry {
  seq: number;
  time: string;
  tzOffset: string;
  by: Person | null;
  values: Record<string, unknown>;
  calculated: Record<string, string>;
}

/** The form as recorded by `parts` (one `step.recorded` entry, or the parts in ledger order); `seq` is the form's record. */
export function formRecord(form: FormDefinition, seq: number, parts: readonly FormEntry[]): FormRecord {
  const values: Record<string, unknown> = {};
  const calculated: Record<string, string> = {};
  const source = new Map<string, FormEntry>();
  for (const part of parts) {
    for (const [k, v] of Object.entries(part.values)) if (!source.has(k)) (values[k] = v), source.set(k, part);
    for (const [k, v] of Object.entries(part.calculated)) if (!source.has(k)) (calculated[k] = v), source.set(k, part);
  }
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
    const from = value !== null ? source.get(field) : undefined;
    return {
      field,
      title: def.title ?? field,
      titleZh: zh?.fields[field]?.title ?? null,
      value,
      unit: def['x-unit'] ?? null,
      calculation: calcOf.get(field) ?? null,
      filledBy: !isCalc && from ? from.by : null,
      filledIn: from ? { seq: from.seq, time: from.time, tzOffset: from.tzOffset } : null,
    };
  });
  return { seq, title: form.schema.title ?? '', titleZh: zh?.title ?? null, fields };
}
