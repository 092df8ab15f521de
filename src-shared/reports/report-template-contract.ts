/**
 * Report template versions at the hub as the API sees them (issue 14 item 6): the same shapes as
 * recipe versions (recipe-version-contract.ts), the same approval flow interpreter, the same
 * signature views.
 */
import { z } from 'zod';
import { RecipeSignatureViewSchema, RecipeTransitionRequestSchema, RecipeVersionState } from '../recipe/recipe-version-contract.ts';
import { SignatureMeaning } from '../signature-meaning.ts';
import { TemplateCode } from './report-template.ts';

export const TemplateVersionSummarySchema = z.object({
  templateCode: TemplateCode,
  version: z.number().int(),
  state: RecipeVersionState,
  contentHash: z.string(),
  basedOn: z.number().int().nullable(),
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** The version of the template approval flow the version was saved under, and moves through (stored with it since the table began, migration 0034). */
  flowVersion: z.number().int(),
});
export type TemplateVersionSummary = z.infer<typeof TemplateVersionSummarySchema>;

export const TemplateVersionViewSchema = TemplateVersionSummarySchema.extend({
  content: z.record(z.string(), z.unknown()),
  flow: z.object({ flowCode: z.string(), version: z.number().int() }),
  signatures: z.array(RecipeSignatureViewSchema),
  next: z.array(z.object({ transition: z.string(), to: RecipeVersionState, meaning: SignatureMeaning, rolesNeeded: z.array(z.array(z.string())), signedBy: z.array(z.string()) })),
});
export type TemplateVersionView = z.infer<typeof TemplateVersionViewSchema>;

/** Each template and where it stands: its newest version and its effective one. */
export const TemplateListItemSchema = z.object({ templateCode: TemplateCode, latest: TemplateVersionSummarySchema.nullable(), effective: TemplateVersionSummarySchema.nullable() });
export type TemplateListItem = z.infer<typeof TemplateListItemSchema>;

export const SaveTemplateVersionSchema = z.object({
  content: z.record(z.string(), z.unknown()),
  basedOn: z.number().int().positive().nullable().default(null),
  note: z.string().trim().max(2000).default(''),
});
export type SaveTemplateVersion = z.input<typeof SaveTemplateVersionSchema>;

export const TemplateTransitionRequestSchema = RecipeTransitionRequestSchema;
export type TemplateTransitionRequest = z.infer<typeof TemplateTransitionRequestSchema>;

export const TemplateDiffSchema = z.object({
  templateCode: TemplateCode,
  from: z.number().int(),
  to: z.number().int(),
  sentences: z.object({ en: z.array(z.string()), 'zh-CN': z.array(z.string()) }),
});
export type TemplateDiff = z.infer<typeof TemplateDiffSchema>;

/** A preview of a batch-record template (saved or not) over a sample record. */
export const TemplatePreviewSchema = z.object({ content: z.record(z.string(), z.unknown()), lang: z.enum(['en', 'zh-CN']).default('en') });
export type TemplatePreview = z.input<typeof TemplatePreviewSchema>;
