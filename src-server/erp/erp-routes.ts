/**
 * The ERP out API (issue 15 item 5). QA, administrators and the ERP's own account (role `lims`,
 * the LIMS/ERP system role) read an order's messages and their documents; an administrator queues
 * a failed message again, with a reason (audited); "run" raises and delivers now. The endpoint is
 * hub configuration: BATCHLINE_ERP_URL and, optionally, BATCHLINE_ERP_TOKEN (a bearer token).
 * With an endpoint the hub runs a pass every BATCHLINE_ERP_INTERVAL_MS (default 10 s; 0 turns the
 * timer off); without one the documents are still built, validated and offered here.
 */
import { repeatPass } from '../http/background-pass.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ERP_PREFIX, ErpMessageViewSchema, ErpRequeueBodySchema, ErpRunResultSchema } from '../../src-shared/erp/erp-contract.ts';
import type { HubServices } from '../http/hub-services.ts';
import { historyReaders, roleGuard, sendError, sendResult } from '../http/route-helpers.ts';
import { route } from '../http/zod-schema.ts';
import { ErpService, type ErpEndpoint } from './erp-service.ts';

const BatchParams = z.object({ batchNumber: z.string().min(1).max(200) });
const MessageParams = z.object({ messageId: z.string().min(1).max(200) });

export function erpEndpointFromEnv(env: NodeJS.ProcessEnv): ErpEndpoint | null {
  const url = env.BATCHLINE_ERP_URL?.trim();
  if (!url) return null;
  return { url, token: env.BATCHLINE_ERP_TOKEN?.trim() || null };
}

const ErpMessageViewListSchema = z.array(ErpMessageViewSchema);

export function registerErpRoutes(app: FastifyInstance, s: HubServices, env: NodeJS.ProcessEnv = process.env): ErpService {
  const endpoint = erpEndpointFromEnv(env);
  const erp = new ErpService(s.ctx, { endpoint });
  const admin = roleGuard(s, 'admin');
  // FR-128: an order's ERP messages (with their signed requeues) are read by QA, QPs and the inspector too.
  const readers = historyReaders(s, 'admin', 'lims');
  const p = ERP_PREFIX;

  app.get(`${p}/orders/:batchNumber/messages`, { ...route({ tags: ['erp'], summary: 'The B2MML messages of an order (consumption, performance) and their delivery', params: BatchParams, response: ErpMessageViewListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    await erp.raise();
    return reply.send(await erp.messages((req.params as z.infer<typeof BatchParams>).batchNumber));
  });
  app.get(`${p}/messages/:messageId`, { ...route({ tags: ['erp'], summary: 'One ERP message: status, attempts, outcome', params: MessageParams, response: ErpMessageViewSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const r = await erp.message((req.params as z.infer<typeof MessageParams>).messageId);
    return sendResult(reply, r.ok ? { ok: true, value: r.value.view } : r);
  });
  app.get(`${p}/messages/:messageId/document`, { ...route({ tags: ['erp'], summary: 'The B2MML document of one ERP message, as validated and sent (application/xml)', params: MessageParams, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const r = await erp.message((req.params as z.infer<typeof MessageParams>).messageId);
    if (!r.ok) return sendError(reply, r.error.code, r.error.message, r.error.details);
    return reply.type('application/xml; charset=utf-8').header('idempotency-key', r.value.view.messageId).send(r.value.document);
  });
  app.post(`${p}/messages/:messageId/requeue`, { ...route({ tags: ['erp'], summary: 'Queue a failed ERP message again, same id and document: an e-signature with a reason (password, one-time code when required), audited', params: MessageParams, body: ErpRequeueBodySchema, response: ErpMessageViewSchema, security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    sendResult(reply, await erp.requeue(req.principal!, (req.params as z.infer<typeof MessageParams>).messageId, (req.body as z.infer<typeof ErpRequeueBodySchema>).reason, (req.body as z.infer<typeof ErpRequeueBodySchema>).password)),
  );
  app.post(`${p}/run`, { ...route({ tags: ['erp'], summary: 'Raise and deliver ERP messages now (one pass)', response: ErpRunResultSchema, security: 'bearer' }), preHandler: admin }, async (_req, reply) => reply.send(await erp.runOnce()));

  if (endpoint) repeatPass(app, Number(env.BATCHLINE_ERP_INTERVAL_MS ?? 10_000), () => erp.runOnce(), 'ERP out pass');
  return erp;
}
