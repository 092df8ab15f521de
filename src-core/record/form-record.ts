/**
 * A recorded form as batch-record lines (issue 14 item 2): every field of the form that applied
 * to the values, in the UI schema's order, with its value and unit; a calculated field with its
 * expression, computed in the entry that completed its inputs; an entered one with who entered
 * it and when: the recording entry's actor and time. A form filled by more than one person
 * (FR-105) is several `form.part_recorded` entries; each field names the part that recorded it.
 * Empty optional fields are listed as empty, so the record shows what was asked.
 */
import type { FormFieldRecord, FormRecord, FormValueCorrection, Person } from '../../src-shared/orders/batch-record.ts';
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

/** A signed correction of a form value (FR-116) as the record shows it: the entry, the field, its recomputed calculations. */
export interface FormCorrectionEntry {
  seq: number;
  time: string;
  tzOffset: string;
  by: Person | null;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  calculated: { field: string; oldValue: string | null; newValue: string }[];
  reason: string;
}

const scalar = (v: unknown): string | number | boolean | null => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null);

/**
 * The form as corrected (FR-116): each corrected field shows its current value and every
 * correction with the value it replaced, who, when and why; a calculation recomputed by a
 * correction lists it too (`through` the field corrected). `filledBy`/`filledIn` stay the
 * original's, so the record shows both the original and the correction.
 */
export function withCorrections(record: FormRecord, corrections: readonly FormCorrectionEntry[]): FormRecord {
  if (corrections.length === 0) return record;
  const fields = record.fields.map((f) => ({ ...f }));
  const mark = (name: string, c: FormCorrectionEntry, oldValue: unknown, newValue: unknown, through: string | null) => {
    const f = fields.find((x) => x.field === name);
    const v = scalar(newValue);
    if (!f || v === null) return;
    const entry: FormValueCorrection = { seq: c.seq, oldValue: scalar(oldValue), newValue: v, by: c.by, time: c.time, tzOffset: c.tzOffset, reason: c.reason, through };
    f.value = v;
    f.corrections = [...(f.corrections ?? []), entry];
  };
  for (const c of corrections) {
    mark(c.field, c, c.oldValue, c.newValue, null);
    for (const x of c.calculated) mark(x.field, c, x.oldValue, x.newValue, c.field);
  }
  return { ...record, fields };
}
