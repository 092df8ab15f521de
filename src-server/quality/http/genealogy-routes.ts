/** Trace, recall list and batch output lots (issue 7 item 1). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../src-shared/sync/sync-protocol.ts';
import { OutputLotBodySchema, RecallListSchema, TraceQuerySchema, TraceResultSchema } from '../../../src-shared/quality/genealogy-contract.ts';
import { Code } from '../../../src-shared/master-data/common.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { roleGuard, sendResult } from '../../http/route-helpers.ts';
import { route } from '../../http/zod-schema.ts';
import type { QualityServices } from '../quality-services.ts';
import { recordOutputLot } from '../genealogy/output-lots.ts';

const LotParams = z.object({ lotId: z.string().min(1).max(200) });
const BatchParams = z.object({ batch: Code });
const RecallQuery = z.object({ maxDepth: z.coerce.number().int().min(1).max(500).optional() });

export function registerGenealogyRoutes(app: FastifyInstance, s: HubServices, q: QualityServices): void {
  const readers = roleGuard(s, 'qa', 'qp', 'operator');
  const erp = roleGuard(s, 'master-data', 'lims');
  const base = `${API_PREFIX}/genealogy`;
  app.get(`${base}/trace`, { ...route({ tags: ['genealogy'], summary: 'Forward or backward trace from a lot, container, dispensed container or batch, with the path of each hit', querystring: TraceQuerySchema, response: TraceResultSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await q.traces.trace(req.query as z.infer<typeof TraceQuerySchema>)),
  );
  app.get(`${base}/recall/:lotId`, { ...route({ tags: ['genealogy'], summary: 'Every batch and lot downstream of a lot (recall list)', params: LotParams, querystring: RecallQuery, response: RecallListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await q.traces.recall((req.params as z.infer<typeof LotParams>).lotId, (req.query as z.infer<typeof RecallQuery>).maxDepth)),
  );
  app.post(`${base}/batches/:batch/output-lots`, { ...route({ tags: ['genealogy', 'LIMS/ERP'], summary: 'Record a lot the batch produced (ERP goods receipt from production)', params: BatchParams, body: OutputLotBodySchema, security: 'bearer' }), preHandler: erp }, async (req, reply) => {
    // The batch may have arrived a moment ago: bring the batch list up to date first.
    await q.projector.catchUp();
    return sendResult(reply, await recordOutputLot(s.ctx, req.principal!, (req.params as z.infer<typeof BatchParams>).batch, req.body as z.infer<typeof OutputLotBodySchema>), 201);
  });
}
