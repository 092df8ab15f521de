/** Batches, review by exception, deviation closure, QA review and QP decision (issue 7 item 2). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../src-shared/sync/sync-protocol.ts';
import { BatchListQuerySchema, BatchReviewSchema, BatchSummarySchema, CloseDeviationBodySchema, DecisionBodySchema, SignBodySchema } from '../../../src-shared/quality/review-contract.ts';
import { Code } from '../../../src-shared/master-data/common.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { roleGuard, sendResult } from '../../http/route-helpers.ts';
import { route } from '../../http/zod-schema.ts';
import type { QualityServices } from '../quality-services.ts';

const BatchParams = z.object({ batch: Code });
const PrintQuery = z.object({ lang: z.enum(['en', 'zh-CN']).default('en') });
const CloseBody = CloseDeviationBodySchema.extend({ stationId: z.string().min(1).max(64), seq: z.number().int().positive() });
const SignedSchema = z.object({ signatureId: z.number().int(), meaning: z.string(), subjectKey: z.string(), signedAt: z.string() });
type Batch = z.infer<typeof BatchParams>;

const BatchSummaryListSchema = z.array(BatchSummarySchema);

export function registerReviewRoutes(app: FastifyInstance, s: HubServices, q: QualityServices): void {
  const readers = roleGuard(s, 'qa', 'qp', 'operator', 'inspector');
  const qa = roleGuard(s, 'qa');
  const qp = roleGuard(s, 'qp');
  const base = `${API_PREFIX}/quality/batches`;
  app.get(base, { ...route({ tags: ['quality'], summary: 'Batches received from stations, with exceptions, review and decision', querystring: BatchListQuerySchema, response: BatchSummaryListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    reply.send(await q.reviews.list(req.query as z.infer<typeof BatchListQuerySchema>)),
  );
  app.get(`${base}/:batch`, { ...route({ tags: ['quality'], summary: 'A batch: its record, exceptions, deviations and signatures, verified now', params: BatchParams, response: BatchReviewSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await q.reviews.review((req.params as Batch).batch)),
  );
  app.get(`${base}/:batch/batch-record.pdf`, { ...route({ tags: ['quality'], summary: 'The executed batch record as PDF (en or zh-CN): page n of m, record hash and printed-by on every page; the print is audited', params: BatchParams, querystring: PrintQuery, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const printed = await q.prints.batchRecordPdf(req.principal!, (req.params as Batch).batch, (req.query as z.infer<typeof PrintQuery>).lang);
    if (!printed.ok) return sendResult(reply, printed);
    return reply.type(printed.value.contentType).header('content-disposition', `attachment; filename="${printed.value.fileName}"`).header('x-batchline-record-hash', printed.value.hash).send(printed.value.body);
  });
  app.post(`${base}/:batch/review`, { ...route({ tags: ['quality'], summary: 'QA signs the review by exception ("reviewed"), password at signing', params: BatchParams, body: SignBodySchema, response: SignedSchema, security: 'bearer' }), preHandler: qa }, async (req, reply) => {
    const b = req.body as z.infer<typeof SignBodySchema>;
    return sendResult(reply, await q.releases.signReview(req.principal!, (req.params as Batch).batch, b.password, b.comment), 201);
  });
  app.post(`${base}/:batch/deviations/close`, { ...route({ tags: ['quality'], summary: 'QA closes a deviation with a signed conclusion ("approved")', params: BatchParams, body: CloseBody, response: SignedSchema, security: 'bearer' }), preHandler: qa }, async (req, reply) => {
    const b = req.body as z.infer<typeof CloseBody>;
    return sendResult(reply, await q.releases.closeDeviation(req.principal!, (req.params as Batch).batch, { stationId: b.stationId, seq: b.seq }, b.password, b.conclusion), 201);
  });
  app.post(`${base}/:batch/decision`, { ...route({ tags: ['quality'], summary: 'The QP releases or rejects the batch, password at signing', params: BatchParams, body: DecisionBodySchema, response: SignedSchema, security: 'bearer' }), preHandler: qp }, async (req, reply) => {
    const b = req.body as z.infer<typeof DecisionBodySchema>;
    return sendResult(reply, await q.releases.decide(req.principal!, (req.params as Batch).batch, b.decision, b.password, b.comment), 201);
  });
}
