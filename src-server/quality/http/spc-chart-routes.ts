/** SPC charts at the hub (issue 12 item 3; FR-54): data in, charts out as JSON or CSV. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../src-shared/sync/sync-protocol.ts';
import { RecordedSpcDataSchema, RecordSpcDataSchema, SpcChartParamsSchema, SpcChartQuerySchema, SpcChartViewSchema, SpcSeriesSchema, type RecordSpcData, type SpcChartQuery } from '../../../src-shared/quality/spc-chart-contract.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { roleGuard, sendResult } from '../../http/route-helpers.ts';
import { route } from '../../http/zod-schema.ts';
import type { QualityServices } from '../quality-services.ts';
import { chartCsv, SpcChartService } from '../spc/spc-chart-service.ts';
import { IpqcProjector } from '../ipqc/ipqc-projector.ts';

const SpcSeriesListSchema = z.array(SpcSeriesSchema);

export function registerSpcChartRoutes(app: FastifyInstance, s: HubServices, q: QualityServices): void {
  const ipqc = new IpqcProjector(s.ctx);
  const charts = new SpcChartService(s.ctx, q.spc, () => ipqc.catchUp());
  const readers = roleGuard(s, 'qa', 'qp', 'operator', 'inspector');
  const base = `${API_PREFIX}/quality/spc`;
  app.post(`${base}/data`, { ...route({ tags: ['quality'], summary: 'Record measured subgroups of a product\'s check (QA or a LIMS); append-only, audited', body: RecordSpcDataSchema, response: RecordedSpcDataSchema, security: 'bearer' }), preHandler: roleGuard(s, 'qa', 'lims') }, async (req, reply) =>
    sendResult(reply, await charts.record(req.principal!, req.body as RecordSpcData), 201),
  );
  app.get(`${base}/series`, { ...route({ tags: ['quality'], summary: 'Products and checks with SPC data, and their frozen chart if any', response: SpcSeriesListSchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) => reply.send(await charts.series()));
  app.get(`${base}/chart/:product/:check`, { ...route({ tags: ['quality'], summary: 'An X̄-R, X̄-S or I-MR chart of the recorded data: limits (frozen or trial), flagged points, capability with intervals; ?format=csv for CSV', params: SpcChartParamsSchema, querystring: SpcChartQuerySchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const p = req.params as z.infer<typeof SpcChartParamsSchema>;
    const query = req.query as SpcChartQuery;
    const r = await charts.chart(p.product, p.check, query);
    if (r.ok && query.format === 'csv') {
      const name = `spc-${p.product}-${p.check}-${query.chart}.csv`.replace(/[/]/g, '_');
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(chartCsv(r.value));
    }
    return sendResult(reply, r.ok ? { ok: true as const, value: SpcChartViewSchema.parse(r.value) } : r);
  });
}
