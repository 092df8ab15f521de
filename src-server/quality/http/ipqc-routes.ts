/** IPQC at the hub (issue 12 item 2): OOS/OOT alerts from the stations and a batch's IPQC results. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../src-shared/sync/sync-protocol.ts';
import { Code } from '../../../src-shared/master-data/common.ts';
import { BatchIpqcSchema, HubIpqcAlertSchema, IpqcAlertQuerySchema } from '../../../src-shared/quality/ipqc-contract.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { roleGuard } from '../../http/route-helpers.ts';
import { route } from '../../http/zod-schema.ts';
import type { HubIpqcService } from '../ipqc/ipqc-service.ts';

const BatchParams = z.object({ batch: Code });

const HubIpqcAlertListSchema = z.array(HubIpqcAlertSchema);

export function registerIpqcRoutes(app: FastifyInstance, s: HubServices, ipqc: HubIpqcService): void {
  const readers = roleGuard(s, 'qa', 'qp', 'operator', 'inspector');
  app.get(`${API_PREFIX}/quality/ipqc/alerts`, { ...route({ tags: ['quality'], summary: 'OOS/OOT alerts raised by stations, newest first, with the deviation record following each up', querystring: IpqcAlertQuerySchema, response: HubIpqcAlertListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const q = req.query as z.infer<typeof IpqcAlertQuerySchema>;
    return reply.send(await ipqc.alerts({ open: q.open === 'true', batchNumber: q.batch }));
  });
  app.get(`${API_PREFIX}/quality/batches/:batch/ipqc`, { ...route({ tags: ['quality'], summary: "A batch's IPQC results and their OOS/OOT alerts (the QP's one-stop review)", params: BatchParams, response: BatchIpqcSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    reply.send(await ipqc.batch((req.params as z.infer<typeof BatchParams>).batch)),
  );
}
