/**
 * The equipment-signal API (issue 13 items 3 and 4): OEE of a line in a shift, the automatic
 * logbook of an equipment, and the ingest's refusals counted by typed reason. Read-only.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryInteger } from '../../src-shared/api/query-number.ts';
import { EquipmentId, OeeLineReportSchema, StateLogbookEntrySchema } from '../../src-shared/equipment/oee-contract.ts';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import type { HubServices } from '../http/hub-services.ts';
import { roleGuard, sendResult } from '../http/route-helpers.ts';
import { route } from '../http/zod-schema.ts';
import { ok } from '../../src-shared/result.ts';
import { OeeService } from './oee-service.ts';
import { EquipmentSignalService } from './signals-service.ts';

const OeeQuery = z.object({ line: z.string().min(1).max(64), shift: z.string().min(1).max(40), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
const LogbookQuery = z.object({ equipment: EquipmentId, limit: queryInteger(1, 1000).optional() });
const RefusalCount = z.object({ code: z.string(), reason: z.string().nullable(), count: z.number() });

const StateLogbookEntryListSchema = z.array(StateLogbookEntrySchema);
const RefusalCountList = z.array(RefusalCount);

export function registerEquipmentSignalRoutes(app: FastifyInstance, s: HubServices, signals = new EquipmentSignalService(s.ctx), oee = new OeeService(s.ctx, signals, s.ctx.oeeCalendar ?? null)): void {
  const viewers = roleGuard(s, 'qa', 'qp', 'operator', 'inspector', 'admin');
  const base = `${API_PREFIX}/equipment-signals`;
  app.get(`${base}/oee`, { ...route({ tags: ['equipment'], summary: 'OEE of a line in a shift (date: the local date the shift starts), with its losses; a running shift up to now', querystring: OeeQuery, response: OeeLineReportSchema, security: 'bearer' }), preHandler: viewers }, async (req, reply) => {
    const q = req.query as z.infer<typeof OeeQuery>;
    return sendResult(reply, await oee.lineShift(q.line, q.shift, q.date));
  });
  app.get(`${base}/logbook`, { ...route({ tags: ['equipment'], summary: "An equipment's automatic logbook entries from its signals (state changes, counter resets and rollovers), newest first", querystring: LogbookQuery, response: StateLogbookEntryListSchema, security: 'bearer' }), preHandler: viewers }, async (req, reply) => {
    const q = req.query as z.infer<typeof LogbookQuery>;
    return sendResult(reply, ok(await signals.logbook(q.equipment, q.limit)));
  });
  app.get(`${base}/refusals`, { ...route({ tags: ['equipment'], summary: 'Refused equipment signals, counted by typed reason', response: RefusalCountList, security: 'bearer' }), preHandler: viewers }, async (_req, reply) => reply.send(await signals.refusals()));
}
