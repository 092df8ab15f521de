/** Trace, recall list and batch output lots (issue 7 item 1). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryInteger } from '../../../src-shared/api/query-number.ts';
import { API_PREFIX } from '../../../src-shared/sync/sync-protocol.ts';
import { OutputLotBodySchema, RecallListSchema, TraceQuerySchema, TraceResultSchema } from '../../../src-shared/quality/genealogy-contract.ts';
import { Code } from '../../../src-shared/master-data/common.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { roleGuard, sendResult } from '../../http/route-helpers.ts';
import { route } from '../../http/zod-schema.ts';
import type { QualityServices } from '../quality-services.ts';
import { recordOutputLot } from '../genealogy/output-lots.ts';
import { recallCsv, recallFileName, recallJson } from '../../../src-shared/quality/recall-export.ts';
import { audit } from '../../admin/hub-audit.ts';
import { acceptsGzip } from '../../http/accept-encoding.ts';

const LotParams = z.object({ lotId: z.string().min(1).max(200) });
const BatchParams = z.object({ batch: Code });
const RecallQuery = z.object({ maxDepth: queryInteger(1, 500).optional() });
const RecallExportQuery = RecallQuery.extend({ format: z.enum(['csv', 'json']) });

export function registerGenealogyRoutes(app: FastifyInstance, s: HubServices, q: QualityServices): void {
  const readers = roleGuard(s, 'qa', 'qp', 'operator', 'inspector');
  const erp = roleGuard(s, 'master-data', 'lims');
  const base = `${API_PREFIX}/genealogy`;
  app.get(`${base}/trace`, { ...route({ tags: ['genealogy'], summary: 'Forward or backward trace from a lot, container, dispensed container or batch, with the path of each hit', querystring: TraceQuerySchema, response: TraceResultSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    // The answer's JSON as built or kept (TraceService.traceReply), sent as it is: a kept answer
    // is gzip'd, and goes as those bytes to a client that accepts gzip (browsers, fetch), gunzipped
    // to one that does not. The answer depends on Accept-Encoding, so caches must key on it (Vary).
    const answer = await q.traces.traceReply(req.query as z.infer<typeof TraceQuerySchema>, acceptsGzip(req.headers['accept-encoding']));
    if (!answer.ok) return sendResult(reply, answer);
    reply.code(200).type('application/json; charset=utf-8').header('vary', 'accept-encoding');
    if (answer.value.gzip) reply.header('content-encoding', 'gzip');
    return reply.serializer((d: unknown) => d as string).send(answer.value.body);
  });
  app.get(`${base}/recall/:lotId`, { ...route({ tags: ['genealogy'], summary: 'Every batch and lot downstream of a lot (recall list)', params: LotParams, querystring: RecallQuery, response: RecallListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await q.traces.recall((req.params as z.infer<typeof LotParams>).lotId, (req.query as z.infer<typeof RecallQuery>).maxDepth)),
  );
  app.get(`${base}/recall/:lotId/export`, { ...route({ tags: ['genealogy'], summary: 'The recall list of a lot as a CSV or JSON file (audited)', params: LotParams, querystring: RecallExportQuery, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const { lotId } = req.params as z.infer<typeof LotParams>;
    const { format, maxDepth } = req.query as z.infer<typeof RecallExportQuery>;
    const recall = await q.traces.recall(lotId, maxDepth);
    if (!recall.ok) return sendResult(reply, recall);
    const now = s.ctx.clock.now();
    // Who took a copy of a recall list, and of what, belongs in the audit trail (D25-01).
    await audit(s.ctx.db, now, { actor: req.principal!.username, action: 'genealogy.recall_exported', subject: lotId, details: { format, batches: recall.value.batches.length, lots: recall.value.lots.length } });
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${recallFileName(lotId, now, format)}"`)
      .serializer((d: unknown) => d as string)
      .send(format === 'csv' ? recallCsv(recall.value) : recallJson(recall.value));
  });
  app.post(`${base}/batches/:batch/output-lots`, { ...route({ tags: ['genealogy', 'LIMS/ERP'], summary: 'Record a lot the batch produced (ERP goods receipt from production)', params: BatchParams, body: OutputLotBodySchema, security: 'bearer' }), preHandler: erp }, async (req, reply) => {
    // The batch may have arrived a moment ago: bring the batch list up to date first.
    await q.projector.catchUp();
    return sendResult(reply, await recordOutputLot(s.ctx, req.principal!, (req.params as z.infer<typeof BatchParams>).batch, req.body as z.infer<typeof OutputLotBodySchema>), 201);
  });
}
