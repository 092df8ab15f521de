/** Deviation records, change controls and SPC limits at the hub (issue 12 items 3, 5 and 6). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../src-shared/sync/sync-protocol.ts';
import { DeviationRecordViewSchema, DeviationStepSchema, DeviationSummarySchema, RaiseDeviationSchema, type DeviationStep, type RaiseDeviation } from '../../../src-shared/quality/deviation-contract.ts';
import { Code } from '../../../src-shared/master-data/common.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { historyReaders, roleGuard, sendResult } from '../../http/route-helpers.ts';
import { route } from '../../http/zod-schema.ts';
import type { QualityServices } from '../quality-services.ts';
import { EvaluateSchema, EvaluationSchema, FreezeLimitsSchema, SpcLimitsViewSchema, type Evaluate, type FreezeLimits } from '../../../src-shared/quality/spc-contract.ts';
import { evaluationCsv } from '../spc/spc-service.ts';
import { ChangeStepSchema, ChangeViewSchema, RequestChangeSchema, type ChangeStep, type RequestChange } from '../../../src-shared/quality/change-contract.ts';

const IdParams = z.object({ id: z.string().regex(/^DEV-\d{4}-\d{4,}$/) });
const ChangeParams = z.object({ id: z.string().regex(/^CC-\d{4}-\d{4,}$/) });
const ChangeSummary = z.object({ id: z.string(), title: z.string(), state: z.string(), requestedAt: z.string() });
const ListQuery = z.object({ open: z.enum(['true', 'false']).optional(), batch: Code.optional() });
const SpcParams = z.object({ product: Code, check: Code });
const EvalQuery = z.object({ format: z.enum(['json', 'csv']).optional() });

const DeviationSummaryListSchema = z.array(DeviationSummarySchema);
const ChangeSummaryList = z.array(ChangeSummary);

export function registerDeviationRoutes(app: FastifyInstance, s: HubServices, q: QualityServices): void {
  const people = roleGuard(s, 'qa', 'qp', 'operator');
  // FR-128: deviation records, change controls and frozen SPC limits (each step signed) are read by QA, QPs and the inspector too.
  const readers = historyReaders(s, 'operator');
  const base = `${API_PREFIX}/quality/deviations`;
  app.get(base, { ...route({ tags: ['quality'], summary: 'Deviation records, newest first, with their overdue flags', querystring: ListQuery, response: DeviationSummaryListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const query = req.query as z.infer<typeof ListQuery>;
    return reply.send(await q.deviations.list({ open: query.open === 'true', batchNumber: query.batch }));
  });
  app.get(`${base}/:id`, { ...route({ tags: ['quality'], summary: 'A deviation record: its steps and signatures (verified now), CAPA actions, due dates', params: IdParams, response: DeviationRecordViewSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await q.deviations.get((req.params as z.infer<typeof IdParams>).id)),
  );
  app.post(base, { ...route({ tags: ['quality'], summary: 'Raise a deviation record (signed "performed"), optionally following up a station deviation', body: RaiseDeviationSchema, response: DeviationRecordViewSchema, security: 'bearer' }), preHandler: people }, async (req, reply) =>
    sendResult(reply, await q.deviations.raise(req.principal!, req.body as RaiseDeviation), 201),
  );
  app.post(`${base}/:id/steps`, { ...route({ tags: ['quality'], summary: 'The next signed step of a deviation: classify, investigate, assess-impact, plan-capa, complete-action, check-effectiveness, close', params: IdParams, body: DeviationStepSchema, response: DeviationRecordViewSchema, security: 'bearer' }), preHandler: people }, async (req, reply) =>
    sendResult(reply, await q.deviations.step(req.principal!, (req.params as z.infer<typeof IdParams>).id, req.body as DeviationStep), 201),
  );
  const changes = `${API_PREFIX}/quality/changes`;
  const changers = roleGuard(s, 'qa', 'qp', 'operator', 'master-data');
  const changeReaders = historyReaders(s, 'operator', 'master-data');
  app.get(changes, { ...route({ tags: ['quality'], summary: 'Change controls, newest first', response: ChangeSummaryList, security: 'bearer' }), preHandler: changeReaders }, async (_req, reply) => reply.send(await q.changes.list()));
  app.get(`${changes}/:id`, { ...route({ tags: ['quality'], summary: 'A change control: what it changes, approvals, tasks, every signed step (verified now)', params: ChangeParams, response: ChangeViewSchema, security: 'bearer' }), preHandler: changeReaders }, async (req, reply) =>
    sendResult(reply, await q.changes.get((req.params as z.infer<typeof ChangeParams>).id)),
  );
  app.post(changes, { ...route({ tags: ['quality'], summary: 'Request a change (signed "performed"), naming the recipe, specification or setting versions it changes', body: RequestChangeSchema, response: ChangeViewSchema, security: 'bearer' }), preHandler: changers }, async (req, reply) =>
    sendResult(reply, await q.changes.request(req.principal!, req.body as RequestChange), 201),
  );
  app.post(`${changes}/:id/steps`, { ...route({ tags: ['quality'], summary: 'The next signed step of a change: assess-impact, approve, plan-implementation, complete-task, check-effectiveness, close', params: ChangeParams, body: ChangeStepSchema, response: ChangeViewSchema, security: 'bearer' }), preHandler: changers }, async (req, reply) =>
    sendResult(reply, await q.changes.step(req.principal!, (req.params as z.infer<typeof ChangeParams>).id, req.body as ChangeStep), 201),
  );
  const spc = `${API_PREFIX}/quality/spc`;
  app.get(`${spc}/limits/:product/:check`, { ...route({ tags: ['quality'], summary: 'The frozen SPC limits of a product and check (latest version)', params: SpcParams, response: SpcLimitsViewSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const p = req.params as z.infer<typeof SpcParams>;
    return sendResult(reply, await q.spc.current(p.product, p.check));
  });
  app.post(`${spc}/limits`, { ...route({ tags: ['quality'], summary: 'QA freezes SPC limits from a reference period, under an approved change control naming spc/<product>/<check>', body: FreezeLimitsSchema, response: SpcLimitsViewSchema, security: 'bearer' }), preHandler: roleGuard(s, 'qa') }, async (req, reply) =>
    sendResult(reply, await q.spc.freeze(req.principal!, req.body as FreezeLimits), 201),
  );
  app.post(`${spc}/evaluate`, { ...route({ tags: ['quality'], summary: 'New data against the frozen limits: points, run-rule violations; ?format=csv for CSV', querystring: EvalQuery, body: EvaluateSchema, security: 'bearer' }), preHandler: people }, async (req, reply) => {
    const r = await q.spc.evaluate(req.body as Evaluate);
    if (r.ok && (req.query as z.infer<typeof EvalQuery>).format === 'csv') return reply.type('text/csv; charset=utf-8').send(evaluationCsv(r.value));
    return sendResult(reply, r.ok ? { ok: true as const, value: EvaluationSchema.parse(r.value) } : r);
  });
}
