/** One API per dashboard figure (issue 15 item 4; FR-56): the numbers the console draws. */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../../src-shared/sync/sync-protocol.ts';
import { OeeSchema, ProductionDashboardSchema, QualityAgeingSchema, ReviewQueueSchema, RightFirstTimeSchema, SyncHealthSchema } from '../../../src-shared/quality/dashboard-contract.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { roleGuard } from '../../http/route-helpers.ts';
import { route } from '../../http/zod-schema.ts';
import type { QualityServices } from '../quality-services.ts';
import type { HubDirectory } from '../hub-directory.ts';
import { productionFigure } from './production-figure.ts';
import { reviewQueueFigure, rightFirstTimeFigure } from './review-figures.ts';
import { qualityAgeingFigure } from './quality-ageing-figure.ts';
import { syncHealthFigure } from './sync-health-figure.ts';
import { OeeService } from '../../equipment-signals/oee-service.ts';
import { EquipmentSignalService } from '../../equipment-signals/signals-service.ts';

export function registerDashboardRoutes(app: FastifyInstance, s: HubServices, q: QualityServices, dir: HubDirectory): void {
  const viewers = roleGuard(s, 'qa', 'qp', 'operator', 'inspector', 'admin');
  const base = `${API_PREFIX}/quality/dashboard`;
  const figure = (path: string, summary: string, response: Parameters<typeof route>[0]['response'], load: () => Promise<unknown>) =>
    app.get(`${base}/${path}`, { ...route({ tags: ['dashboard'], summary, response, security: 'bearer' }), preHandler: viewers }, async (_req, reply) => reply.send(await load()));
  figure('production', 'Production progress by line (station) and order: steps done of the plan', ProductionDashboardSchema, () => productionFigure(s.ctx));
  figure('review-queue', 'Batches waiting for QA review and for QP release, with their age', ReviewQueueSchema, () => reviewQueueFigure(s.ctx, q));
  figure('quality-ageing', 'Open deviation records and CAPA actions by age and class', QualityAgeingSchema, () => qualityAgeingFigure(s.ctx));
  figure('sync-health', 'Sync health per station', SyncHealthSchema, () => syncHealthFigure(s.ctx, dir));
  const oee = new OeeService(s.ctx, new EquipmentSignalService(s.ctx), s.ctx.oeeCalendar ?? null);
  figure('oee', "OEE per line in the shift now running (else the last one); not available without the hub's shift calendar", OeeSchema, () => oee.dashboard());
  figure('right-first-time', 'Right-first-time rate of completed batches, overall and per product', RightFirstTimeSchema, () => rightFirstTimeFigure(s.ctx, q));
}
