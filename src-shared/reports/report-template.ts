/**
 * Report templates (issue 14 item 6): the layout of the printed batch record and of the
 * dispensed-container label, designed in the hub console and versioned like recipes (every save
 * a version, draft → reviewed → approved → effective through the approval flow, an effective
 * version never changes, a successor under change control).
 *
 * A template shapes layout, never content: the batch record's sections that 21 CFR 11.10(b)
 * and Annex 11 §8.1 need for a complete copy (steps, deviations, changes, signatures, …) and the
 * label fields EU GMP Ch. 5 / issue 3 item 8 require cannot be left out, only ordered; the page
 * footer always keeps the batch, "page n of m", who printed it and the record hash, and names
 * the template version. `templateProblems` says why a template does not hold together.
 */
import { z } from 'zod';

export const REPORT_TEMPLATE_CODES = ['batch-record', 'container-label'] as const;
export const TemplateCode = z.enum(REPORT_TEMPLATE_CODES);
export type TemplateCode = z.infer<typeof TemplateCode>;

export const BATCH_RECORD_SECTIONS = ['order', 'steps', 'deviations', 'ipqc', 'labels', 'environment', 'refusals', 'comments', 'changeHistory', 'signatures', 'hubSignatures', 'masterDataUsed', 'completed'] as const;
export type BatchRecordSection = (typeof BATCH_RECORD_SECTIONS)[number];
/** The sections a template may leave out; every other one is part of a complete copy. */
export const OPTIONAL_SECTIONS: readonly BatchRecordSection[] = ['comments', 'masterDataUsed'];

export const HEADER_FIELDS = ['batch', 'status', 'product', 'recipe', 'recipeHash', 'batchSize', 'ledgerEntries', 'recordHash', 'printedBy', 'printedAt', 'site'] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];
/** Who printed the copy, when, of which record and recipe: always on the first page. */
export const REQUIRED_HEADER_FIELDS: readonly HeaderField[] = ['batch', 'recipe', 'recipeHash', 'recordHash', 'printedBy', 'printedAt'];

export const LABEL_FIELDS = ['title', 'material.code', 'material.name', 'lot', 'batch', 'net', 'tare', 'gross', 'expiry', 'holdUntil', 'dispensedBy', 'verifiedBy', 'dispensedAt', 'hri'] as const;
export type LabelField = (typeof LABEL_FIELDS)[number];
export const REQUIRED_LABEL_FIELDS: readonly LabelField[] = ['title', 'material.code', 'material.name', 'lot', 'batch', 'net', 'dispensedBy', 'dispensedAt'];

export const FONT_SIZES = ['small', 'medium', 'large'] as const;
export type FontSize = (typeof FONT_SIZES)[number];
/** Character height of each size class in millimetres (ZPL font 0 is scalable). */
export const FONT_SIZE_MM: Record<FontSize, number> = { small: 2.8, medium: 3.5, large: 5 };

/**
 * DataMatrix module size in printer dots: at least 3 (0.375 mm at 203 dpi, what handheld scanners
 * read), at most 8 (a 26 × 26 symbol then takes 26 mm, the most a 100 mm label leaves beside the text).
 */
export const BARCODE_MODULE_DOTS = { min: 3, max: 8 } as const;

const Printable = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\x00-\x1f\x7f]/.test(s), 'must not contain control characters');
const Texts = (min: number, max: number) => z.object({ en: Printable(max).pipe(z.string().min(min)), 'zh-CN': Printable(max).pipe(z.string().min(min)) });

export const BatchRecordTemplateSchema = z.object({
  title: Texts(1, 80),
  /** The site name printed in the header when the header lists `site`. */
  siteName: Printable(80).nullable().default(null),
  headerFields: z.array(z.enum(HEADER_FIELDS)).min(1).max(HEADER_FIELDS.length),
  sections: z.array(z.enum(BATCH_RECORD_SECTIONS)).min(1).max(BATCH_RECORD_SECTIONS.length),
  /** Text added to every page footer (the mandatory facts stay). */
  footer: Texts(0, 160),
});
export type BatchRecordTemplate = z.infer<typeof BatchRecordTemplateSchema>;

export const LabelTemplateSchema = z.object({
  fields: z.array(z.object({ field: z.enum(LABEL_FIELDS), size: z.enum(FONT_SIZES) })).min(1).max(LABEL_FIELDS.length),
  barcodeModuleDots: z.number().int().min(BARCODE_MODULE_DOTS.min).max(BARCODE_MODULE_DOTS.max),
});
export type LabelTemplate = z.infer<typeof LabelTemplateSchema>;

export type TemplateContent<C extends TemplateCode = TemplateCode> = C extends 'batch-record' ? BatchRecordTemplate : LabelTemplate;

export const TEMPLATE_SCHEMAS = { 'batch-record': BatchRecordTemplateSchema, 'container-label': LabelTemplateSchema } as const;

/** The layout the code printed before templates existed: what a hub without a template prints. */
export const DEFAULT_BATCH_RECORD_TEMPLATE: BatchRecordTemplate = {
  title: { en: 'Executed batch record', 'zh-CN': '批生产记录（执行）' },
  siteName: null,
  headerFields: ['batch', 'status', 'product', 'recipe', 'recipeHash', 'batchSize', 'ledgerEntries', 'recordHash', 'printedBy', 'printedAt'],
  sections: ['order', 'steps', 'deviations', 'ipqc', 'labels', 'environment', 'refusals', 'comments', 'changeHistory', 'signatures', 'hubSignatures', 'masterDataUsed', 'completed'],
  footer: { en: '', 'zh-CN': '' },
};

export const DEFAULT_LABEL_TEMPLATE: LabelTemplate = {
  fields: [
    { field: 'title', size: 'medium' },
    { field: 'material.code', size: 'large' },
    { field: 'material.name', size: 'medium' },
    { field: 'lot', size: 'medium' },
    { field: 'batch', size: 'medium' },
    { field: 'net', size: 'medium' },
    { field: 'tare', size: 'medium' },
    { field: 'gross', size: 'medium' },
    { field: 'expiry', size: 'medium' },
    { field: 'holdUntil', size: 'medium' },
    { field: 'dispensedBy', size: 'small' },
    { field: 'verifiedBy', size: 'small' },
    { field: 'dispensedAt', size: 'small' },
    { field: 'hri', size: 'small' },
  ],
  barcodeModuleDots: 4,
};

export const DEFAULT_TEMPLATES: { [C in TemplateCode]: TemplateContent<C> } = { 'batch-record': DEFAULT_BATCH_RECORD_TEMPLATE, 'container-label': DEFAULT_LABEL_TEMPLATE };

const twice = <T>(xs: readonly T[]) => [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];

/** Why a template does not hold together; empty when it does. */
export function templateProblems(code: TemplateCode, content: TemplateContent): string[] {
  const problems: string[] = [];
  if (code === 'batch-record') {
    const t = content as BatchRecordTemplate;
    for (const s of twice(t.sections)) problems.push(`section "${s}" appears twice`);
    for (const s of BATCH_RECORD_SECTIONS) if (!OPTIONAL_SECTIONS.includes(s) && !t.sections.includes(s)) problems.push(`section "${s}" is part of a complete copy of the record and cannot be left out`);
    for (const f of twice(t.headerFields)) problems.push(`header field "${f}" appears twice`);
    for (const f of REQUIRED_HEADER_FIELDS) if (!t.headerFields.includes(f)) problems.push(`header field "${f}" cannot be left out`);
    if (t.headerFields.includes('site') && !t.siteName) problems.push('the header shows the site but the template names none');
  } else {
    const t = content as LabelTemplate;
    const fields = t.fields.map((f) => f.field);
    for (const f of twice(fields)) problems.push(`label field "${f}" appears twice`);
    for (const f of REQUIRED_LABEL_FIELDS) if (!fields.includes(f)) problems.push(`label field "${f}" is required on a dispensed-container label`);
  }
  return problems;
}

/** What a station receives as master data `label-template` (key = template code). */
export const LabelTemplateMasterSchema = z.object({
  templateCode: z.literal('container-label'),
  version: z.number().int().positive(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  content: LabelTemplateSchema,
});
export type LabelTemplateMaster = z.infer<typeof LabelTemplateMasterSchema>;

/** The template a document was shaped by, as the document names it. */
export const TemplateRefSchema = z.object({ templateCode: TemplateCode, version: z.number().int().nonnegative(), contentHash: z.string().regex(/^[0-9a-f]{64}$/) });
export type TemplateRef = z.infer<typeof TemplateRefSchema>;
