/**
 * Incoming inspection and finished-product results over HTTP (issue 12 items 1 and 4). Bearer
 * sessions with roles, as every hub API: the ERP (lims role) posts goods receipts, as JSON or as
 * B2MML XML; the LIMS (lims role) posts results; QC (qa) also enters results and signs
 * dispositions; samplers (qa, operator) record samples. Every input is parsed by its zod schema;
 * a refusal is `{ error: { code, message, details } }` and stores nothing.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../src-shared/sync/sync-protocol.ts';
import { Code } from '../../../src-shared/master-data/common.ts';
import {
  GoodsReceiptSchema,
  PutSpecificationSchema,
  ReceiptViewSchema,
  RecordSampleSchema,
  ResultsBodySchema,
  RetestSignedSchema,
  SamplingTaskState,
  SamplingTaskViewSchema,
  SignDispositionSchema,
  SignRetestSchema,
  SpecificationViewSchema,
  type GoodsReceipt,
  type PutSpecification,
  type RecordSample,
  type ResultsBody,
  type SignDisposition,
  type SignRetest,
} from '../../../src-shared/quality/iqc-contract.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { roleGuard, sendError, sendResult } from '../../http/route-helpers.ts';
import { route } from '../../http/zod-schema.ts';
import type { QualityServices } from '../quality-services.ts';
import { parseB2mmlReceipt } from './receipt-b2mml.ts';

const MaterialParams = z.object({ material: Code });
const TaskParams = z.object({ id: z.string().regex(/^IQC-[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/) });
const TaskQuery = z.object({ state: SamplingTaskState.optional() });
const LotParams = z.object({ lotId: Code });
const B2MML_LIMIT = 2 * 1024 * 1024;

const ReceiptViewListSchema = z.array(ReceiptViewSchema);
const SamplingTaskViewListSchema = z.array(SamplingTaskViewSchema);

export function registerIqcRoutes(app: FastifyInstance, s: HubServices, q: QualityServices): void {
  const iqc = q.iqc;
  const readers = roleGuard(s, 'qa', 'qp', 'operator', 'inspector', 'lims', 'master-data');
  const receivers = roleGuard(s, 'lims', 'master-data', 'qa');
  const base = `${API_PREFIX}/quality`;

  app.get(`${base}/specifications`, { ...route({ tags: ['quality', 'IQC'], summary: 'Specifications in force, one per material or product', security: 'bearer' }), preHandler: readers }, async (_req, reply) => reply.send(await iqc.specs.list()));
  app.get(`${base}/specifications/:material`, { ...route({ tags: ['quality', 'IQC'], summary: 'The specification in force of a material or product', params: MaterialParams, response: SpecificationViewSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await iqc.specs.get((req.params as z.infer<typeof MaterialParams>).material)),
  );
  app.post(`${base}/specifications`, { ...route({ tags: ['quality', 'IQC'], summary: 'QA puts a new specification version in force, under an approved change control naming spec/<material>', body: PutSpecificationSchema, security: 'bearer' }), preHandler: roleGuard(s, 'qa') }, async (req, reply) =>
    sendResult(reply, await iqc.specs.put(req.principal!, req.body as PutSpecification), 201),
  );

  app.get(`${base}/iqc/receipts`, { ...route({ tags: ['quality', 'IQC'], summary: 'Goods receipts, newest first, with their sampling tasks', response: ReceiptViewListSchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) => reply.send(await iqc.receipts.list()));
  app.post(`${base}/iqc/receipts`, { ...route({ tags: ['quality', 'IQC', 'LIMS/ERP'], summary: 'A goods receipt: lots and containers into quarantine, one sampling task per lot (idempotent by receipt id)', body: GoodsReceiptSchema, security: 'bearer' }), preHandler: receivers }, async (req, reply) =>
    sendResult(reply, await iqc.receipts.receive(req.principal!, req.body as GoodsReceipt, 'entry'), 201),
  );
  // The ERP's B2MML document as sent (application/xml), parsed here, in its own scope.
  void app.register(async (xml) => {
    xml.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: B2MML_LIMIT }, (_req, body, done) => done(null, body));
    xml.post(`${base}/iqc/receipts/b2mml`, { ...route({ tags: ['quality', 'IQC', 'LIMS/ERP'], summary: 'A goods receipt as B2MML MaterialInformation (application/xml)', security: 'bearer' }), preHandler: receivers }, async (req, reply) => {
      if (typeof req.body !== 'string') return sendError(reply, 'INPUT_MEDIA_TYPE', 'send the B2MML document as application/xml');
      const parsed = parseB2mmlReceipt(req.body);
      if (!parsed.ok) return sendResult(reply, parsed);
      return sendResult(reply, await iqc.receipts.receive(req.principal!, parsed.value, 'b2mml'), 201);
    });
  });

  app.get(`${base}/iqc/tasks`, { ...route({ tags: ['quality', 'IQC'], summary: 'Sampling tasks, newest first (?state=open|sampled|disposed)', querystring: TaskQuery, response: SamplingTaskViewListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    reply.send(await iqc.dispositions.list((req.query as z.infer<typeof TaskQuery>).state)),
  );
  app.get(`${base}/iqc/tasks/:id`, { ...route({ tags: ['quality', 'IQC'], summary: 'A sampling task: plan, samples, results against the specification, disposition (verified now)', params: TaskParams, response: SamplingTaskViewSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await iqc.dispositions.get((req.params as z.infer<typeof TaskParams>).id)),
  );
  app.get(`${base}/iqc/tasks/:id/labels`, { ...route({ tags: ['quality', 'IQC'], summary: 'ZPL labels (GS1 DataMatrix) for the sample containers of a task', params: TaskParams, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const zpl = await iqc.labels((req.params as z.infer<typeof TaskParams>).id);
    if (!zpl.ok) return sendResult(reply, zpl);
    return reply.type('text/plain; charset=utf-8').send(zpl.value);
  });
  app.post(`${base}/iqc/tasks/:id/samples`, { ...route({ tags: ['quality', 'IQC'], summary: "A planned container sampled: the quantity taken comes off the container's stock", params: TaskParams, body: RecordSampleSchema, security: 'bearer' }), preHandler: roleGuard(s, 'qa', 'operator') }, async (req, reply) =>
    sendResult(reply, await iqc.receipts.recordSample(req.principal!, (req.params as z.infer<typeof TaskParams>).id, req.body as RecordSample), 201),
  );
  app.post(`${base}/lots/:lotId/retest`, { ...route({ tags: ['quality', 'IQC'], summary: "QC signs a lot's retest result: a new retest or expiry date (the status is kept); the results are named, and the signer entered none of them", params: LotParams, body: SignRetestSchema, response: RetestSignedSchema, security: 'bearer' }), preHandler: roleGuard(s, 'qa') }, async (req, reply) =>
    sendResult(reply, await iqc.dispositions.signRetest(req.principal!, (req.params as z.infer<typeof LotParams>).lotId, req.body as SignRetest), 201),
  );
  app.post(`${base}/iqc/tasks/:id/disposition`, { ...route({ tags: ['quality', 'IQC'], summary: 'QC signs the disposition the results imply; an OOS result opens an OOS record', params: TaskParams, body: SignDispositionSchema, security: 'bearer' }), preHandler: roleGuard(s, 'qa') }, async (req, reply) =>
    sendResult(reply, await iqc.dispositions.sign(req.principal!, (req.params as z.infer<typeof TaskParams>).id, req.body as SignDisposition), 201),
  );

  app.post(`${base}/results`, { ...route({ tags: ['quality', 'IQC', 'LIMS/ERP'], summary: 'Test results of incoming or output lots, with the CoA reference; idempotent by result id, all or nothing', body: ResultsBodySchema, security: 'bearer' }), preHandler: roleGuard(s, 'lims', 'qa') }, async (req, reply) =>
    sendResult(reply, await iqc.results.submit(req.principal!, (req.body as ResultsBody).results)),
  );
  app.get(`${base}/results/:lotId`, { ...route({ tags: ['quality', 'IQC'], summary: 'The results of a lot with their verdicts', params: LotParams, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    reply.send(await iqc.results.forLot((req.params as z.infer<typeof LotParams>).lotId)),
  );
}
