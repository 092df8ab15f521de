/**
 * Report templates (issue 14 item 6): list, save (always a new version), read, diff, sign a flow
 * transition, the flow (read, its versions; change = a signed new version), and a preview of a batch-record
 * template as the PDF of a sample record, in the reader's language.
 */
import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import { FLOW_SAVING_ROLES, FLOW_SIGNING_ROLES, FlowHistorySchema, FlowViewSchema, PutFlowSchema, type PutFlow } from '../../src-shared/recipe/recipe-version-contract.ts';
import {
  SaveTemplateVersionSchema,
  TemplateDiffSchema,
  TemplateListItemSchema,
  TemplatePreviewSchema,
  TemplateTransitionRequestSchema,
  TemplateVersionSummarySchema,
  TemplateVersionViewSchema,
  type TemplateTransitionRequest,
} from '../../src-shared/reports/report-template-contract.ts';
import { BatchRecordTemplateSchema, TemplateCode, templateProblems } from '../../src-shared/reports/report-template.ts';
import { batchRecordPdf } from '../../src-core/record/batch-record-pdf.ts';
import { sampleBatchRecord } from '../../src-core/record/sample-batch-record.ts';
import { pickReportFont } from '../../src-core/report/pdf-font.ts';
import { localOffset } from '../../src-shared/time/zoned-time.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import type { HubServices } from '../http/hub-services.ts';
import { historyReaders, roleGuard, sendError, sendResult } from '../http/route-helpers.ts';
import { route } from '../http/zod-schema.ts';
import { ReportTemplateService } from './report-template-service.ts';

const Number_ = z.string().regex(/^[1-9]\d{0,8}$/, 'a version number');
const CodeParams = z.object({ code: TemplateCode });
const VersionParams = z.object({ code: TemplateCode, version: Number_ });
const DiffQuery = z.object({ from: Number_, to: Number_ });
type VersionP = z.infer<typeof VersionParams>;

const TemplateListItemListSchema = z.array(TemplateListItemSchema);
const TemplateVersionSummaryListSchema = z.array(TemplateVersionSummarySchema);

export function registerReportTemplateRoutes(app: FastifyInstance, s: HubServices, templates = new ReportTemplateService(s.ctx)): void {
  const readers = historyReaders(s, 'master-data');
  const authors = roleGuard(s, ...FLOW_SAVING_ROLES.template);
  const signers = roleGuard(s, ...FLOW_SIGNING_ROLES.template);
  const base = `${API_PREFIX}/report-templates`;
  const font = pickReportFont(process.env.BATCHLINE_CJK_FONT, existsSync, readFileSync);

  app.get(base, { ...route({ tags: ['report templates'], summary: 'Each report template with its newest and its effective version', response: TemplateListItemListSchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) =>
    reply.send(await templates.list()),
  );
  app.get(`${base}/flow`, { ...route({ tags: ['report templates'], summary: 'The approval flow template versions move through', response: FlowViewSchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) =>
    reply.send(await templates.flow()),
  );
  app.get(`${base}/flow/history`, { ...route({ tags: ['report templates'], summary: 'Every version of the template approval flow, oldest first: its definition, who signed the change, when, and why', response: FlowHistorySchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) =>
    reply.send(await templates.flowHistory()),
  );
  app.put(`${base}/flow`, { ...route({ tags: ['report templates'], summary: 'A new version of the template approval flow: an e-signature by QA (password) with a reason', body: PutFlowSchema, response: FlowViewSchema, security: 'bearer' }), preHandler: roleGuard(s, 'qa') }, async (req, reply) =>
    sendResult(reply, await templates.putFlow(req.principal!, req.body as PutFlow), 201),
  );
  app.get(`${base}/:code/versions`, { ...route({ tags: ['report templates'], summary: "A template's versions, oldest first, each with its state", params: CodeParams, response: TemplateVersionSummaryListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    reply.send(await templates.versions((req.params as z.infer<typeof CodeParams>).code)),
  );
  app.post(`${base}/:code/versions`, { ...route({ tags: ['report templates'], summary: 'Save the template: always a new version (draft)', params: CodeParams, body: SaveTemplateVersionSchema, response: TemplateVersionViewSchema, security: 'bearer' }), preHandler: authors }, async (req, reply) => {
    const b = req.body as z.output<typeof SaveTemplateVersionSchema>;
    return sendResult(reply, await templates.save(req.principal!, (req.params as z.infer<typeof CodeParams>).code, b), 201);
  });
  app.get(`${base}/:code/versions/:version`, { ...route({ tags: ['report templates'], summary: 'One version: content, hash, state, every signature (verified now), what can be signed next', params: VersionParams, response: TemplateVersionViewSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const p = req.params as VersionP;
    return sendResult(reply, await templates.get(p.code, Number(p.version)));
  });
  app.put(`${base}/:code/versions/:version`, { ...route({ tags: ['report templates'], summary: 'Refused, always: a stored version never changes (TEMPLATE_VERSION_IMMUTABLE)', params: VersionParams, body: SaveTemplateVersionSchema, security: 'bearer' }), preHandler: authors }, async (req, reply) => {
    const p = req.params as VersionP;
    return sendResult(reply, await templates.refuseEdit(req.principal!, p.code, Number(p.version)));
  });
  app.get(`${base}/:code/diff`, { ...route({ tags: ['report templates'], summary: 'What changed between two versions, in sentences (en, zh-CN)', params: CodeParams, querystring: DiffQuery, response: TemplateDiffSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const q = req.query as z.infer<typeof DiffQuery>;
    return sendResult(reply, await templates.diff((req.params as z.infer<typeof CodeParams>).code, Number(q.from), Number(q.to)));
  });
  app.post(`${base}/:code/versions/:version/transitions`, { ...route({ tags: ['report templates'], summary: 'Sign a transition of the approval flow (re-authentication; the role the flow names)', params: VersionParams, body: TemplateTransitionRequestSchema, response: TemplateVersionViewSchema, security: 'bearer' }), preHandler: signers }, async (req, reply) => {
    const p = req.params as VersionP;
    return sendResult(reply, await templates.transition(req.principal!, p.code, Number(p.version), req.body as TemplateTransitionRequest), 201);
  });
  app.post(`${base}/batch-record/preview`, { ...route({ tags: ['report templates'], summary: 'The PDF of a sample batch record laid out by a batch-record template (saved or not)', body: TemplatePreviewSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const b = req.body as z.output<typeof TemplatePreviewSchema>;
    const parsed = BatchRecordTemplateSchema.safeParse(b.content);
    const problems = parsed.success ? templateProblems('batch-record', parsed.data) : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
    if (!parsed.success || problems.length > 0) return sendError(reply, 'TEMPLATE_INVALID', `the batch-record template does not hold together: ${problems.join('; ')}`, { problems });
    const now = s.ctx.clock.now();
    const pdf = await batchRecordPdf(sampleBatchRecord(), {
      locale: b.lang,
      font,
      printedBy: req.principal!.username,
      printedAt: now,
      printedAtOffset: localOffset(now),
      softwareVersion: SOFTWARE_VERSION,
      template: { ref: { templateCode: 'batch-record', version: 0, contentHash: '0'.repeat(64) }, content: parsed.data },
    });
    return reply.code(200).header('content-type', 'application/pdf').header('content-disposition', `inline; filename="template-preview-${b.lang}.pdf"`).send(pdf);
  });
}
