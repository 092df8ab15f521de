/** Health (for load balancers), Prometheus metrics, and the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { SOFTWARE_VERSION } from '../../../src-shared/version.ts';
import type { HubServices } from '../hub-services.ts';
import { sendError } from '../route-helpers.ts';

export function registerOpsRoutes(app: FastifyInstance, s: HubServices): void {
  app.get('/health', { schema: { tags: ['operations'], summary: 'Liveness and database reachability' } }, async (req, reply) => {
    try {
      await s.ctx.db.execute(sql`select 1`);
      return reply.send({ status: 'ok', version: SOFTWARE_VERSION, time: s.ctx.clock.now().toISOString(), caFingerprint: s.ctx.keys.caFingerprint });
    } catch (e) {
      req.log.error({ err: e }, 'health check: database unreachable');
      return sendError(reply, 'IO_ERROR', 'the hub database is unreachable', undefined, 503);
    }
  });
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics of this hub process' } }, async (_req, reply) => {
    const text = await s.metrics.registry.metrics();
    return reply.type(s.metrics.registry.contentType).serializer((d: unknown) => String(d)).send(text);
  });
  app.get('/openapi.json', { schema: { hide: true } }, async (_req, reply) => reply.send(app.swagger()));
}
