/**
 * The alarm API (issue 13 item 5): the stations' alarms for the console, newest first
 * (`open=true`: nobody has acknowledged them), and the acknowledgement by the signed-in person
 * with a comment (audited; refusals too).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AcknowledgeHubAlarmSchema, AlarmAcknowledgementsQuerySchema, type AlarmAcknowledgementsQuery, AlarmAcknowledgementsSchema, AlarmListQuerySchema, HubAlarmSchema, type AcknowledgeHubAlarm } from '../../src-shared/alarm/alarm-contract.ts';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import type { HubServices } from '../http/hub-services.ts';
import { roleGuard, sendResult, stationGuard } from '../http/route-helpers.ts';
import { route } from '../http/zod-schema.ts';
import { HubAlarmService } from './alarm-service.ts';

const HubAlarmListSchema = z.array(HubAlarmSchema);

export function registerAlarmRoutes(app: FastifyInstance, s: HubServices, service = new HubAlarmService(s.ctx)): void {
  const readers = roleGuard(s, 'qa', 'qp', 'operator', 'inspector');
  const acknowledgers = roleGuard(s, 'qa', 'qp', 'operator');
  const base = `${API_PREFIX}/alarms`;
  app.get(base, { ...route({ tags: ['alarms'], summary: "The stations' alarms, newest first (open=true: not yet acknowledged)", querystring: AlarmListQuerySchema, response: HubAlarmListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const q = req.query as z.infer<typeof AlarmListQuerySchema>;
    return reply.send(await service.list({ open: q.open === 'true', stationId: q.station }));
  });
  app.post(`${base}/acknowledge`, { ...route({ tags: ['alarms'], summary: 'Acknowledge an alarm by the signed-in person, with a comment (audited)', body: AcknowledgeHubAlarmSchema, response: HubAlarmSchema, security: 'bearer' }), preHandler: acknowledgers }, async (req, reply) => {
    const b = req.body as AcknowledgeHubAlarm;
    return sendResult(reply, await service.acknowledge(req.principal!, b.stationId, b.alarmId, b.comment));
  });
  app.post(
    `${API_PREFIX}/sync/alarm-acknowledgements`,
    { ...route({ tags: ['sync'], summary: "The console's acknowledgements of the calling station's alarms after its cursor, a page at a time (FR-109), or of the alarms it names (issue 13 gap 2)", body: AlarmAcknowledgementsQuerySchema, response: AlarmAcknowledgementsSchema, security: 'station' }), preHandler: stationGuard(s) },
    async (req, reply) => {
      const q = req.body as AlarmAcknowledgementsQuery;
      if ('alarmIds' in q) return reply.send({ acknowledgements: await service.hubAcknowledgements(req.station!.stationId, q.alarmIds) });
      return reply.send(await service.hubAcknowledgementsAfter(req.station!.stationId, q.after, q.limit));
    },
  );
}
