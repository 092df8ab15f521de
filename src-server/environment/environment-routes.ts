/**
 * The environment API (issue 13 item 1): excursions for the console (list, acknowledge by the
 * signed-in person with a comment), refusal counts of the ingest, and the rooms' state for
 * stations over the signed sync channel, so a station that cannot reach the broker still blocks.
 * A room's limits are changed by QA or a master-data steward with an e-signature and a reason
 * (room-limits-service.ts, FR-110), and its history of versions read back.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AcknowledgeExcursionSchema, ChangeRoomLimitsSchema, ExcursionSchema, RoomChangeSchema, RoomOverviewSchema, RoomStatesSchema, type AcknowledgeExcursion, type ChangeRoomLimits } from '../../src-shared/environment/environment-contract.ts';
import { RoomId } from '../../src-shared/environment/environment-reading.ts';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import { ok } from '../../src-shared/result.ts';
import type { HubServices } from '../http/hub-services.ts';
import { historyReaders, roleGuard, sendResult, stationGuard } from '../http/route-helpers.ts';
import { route } from '../http/zod-schema.ts';
import { EnvironmentService } from './environment-service.ts';
import { RoomLimitsService } from './room-limits-service.ts';

const ListQuery = z.object({ open: z.enum(['true', 'false']).optional(), room: RoomId.optional() });
const AckBody = AcknowledgeExcursionSchema.extend({ excursionId: z.string().min(1).max(200) });
const RoomsQuery = z.object({ rooms: z.string().max(2000) });
const RoomParams = z.object({ roomId: RoomId });
const RefusalCount = z.object({ code: z.string(), reason: z.string().nullable(), count: z.number() });

const ExcursionListSchema = z.array(ExcursionSchema);
const RoomOverviewListSchema = z.array(RoomOverviewSchema);
const RoomChangeListSchema = z.array(RoomChangeSchema);
const RefusalCountList = z.array(RefusalCount);

export function registerEnvironmentRoutes(app: FastifyInstance, s: HubServices, env = new EnvironmentService(s.ctx)): void {
  const people = roleGuard(s, 'qa', 'qp', 'operator');
  const base = `${API_PREFIX}/environment`;
  app.get(`${base}/excursions`, { ...route({ tags: ['environment'], summary: 'Excursions, newest first (open=true: not ended)', querystring: ListQuery, response: ExcursionListSchema, security: 'bearer' }), preHandler: people }, async (req, reply) => {
    const q = req.query as z.infer<typeof ListQuery>;
    return reply.send(await env.list({ open: q.open === 'true', ...(q.room ? { room: q.room } : {}) }));
  });
  app.post(`${base}/excursions/acknowledge`, { ...route({ tags: ['environment'], summary: 'Acknowledge an excursion by the signed-in person, with a comment (audited)', body: AckBody, response: ExcursionSchema, security: 'bearer' }), preHandler: people }, async (req, reply) => {
    const b = req.body as AcknowledgeExcursion & { excursionId: string };
    return sendResult(reply, await env.acknowledge(req.principal!, b.excursionId, b.comment));
  });
  app.get(`${base}/rooms`, { ...route({ tags: ['environment'], summary: 'Every room with its limits per quantity and its state now (the console rooms screen)', response: RoomOverviewListSchema, security: 'bearer' }), preHandler: people }, async (_req, reply) => reply.send(await env.roomOverview()));
  const limits = new RoomLimitsService(s.ctx, s.masterData);
  const changers = roleGuard(s, 'qa', 'master-data');
  app.post(`${base}/rooms/:roomId/limits`, { ...route({ tags: ['environment'], summary: "Change a room's limits: a signed new version of the room's master data with a reason (audited, served to stations)", params: RoomParams, body: ChangeRoomLimitsSchema, response: RoomChangeSchema, security: 'bearer' }), preHandler: changers }, async (req, reply) =>
    sendResult(reply, await limits.change(req.principal!, (req.params as z.infer<typeof RoomParams>).roomId, req.body as ChangeRoomLimits)),
  );
  // FR-128: a room's signed versions are read by QA, QPs and the inspector, and by the stewards who sign them.
  const historians = historyReaders(s, 'operator', 'master-data');
  app.get(`${base}/rooms/:roomId/changes`, { ...route({ tags: ['environment'], summary: "A room's versions, newest first: who changed it when, why, the limits, and the signature", params: RoomParams, response: RoomChangeListSchema, security: 'bearer' }), preHandler: historians }, async (req, reply) =>
    sendResult(reply, await limits.history((req.params as z.infer<typeof RoomParams>).roomId)),
  );
  app.get(`${base}/refusals`, { ...route({ tags: ['environment'], summary: 'Refused payloads of the ingest, counted by typed reason', response: RefusalCountList, security: 'bearer' }), preHandler: people }, async (_req, reply) => reply.send(await env.refusals()));
  app.get(`${API_PREFIX}/sync/environment`, { ...route({ tags: ['sync'], summary: "The rooms' environmental state now (level, last value, open excursion) for the calling station", querystring: RoomsQuery, response: RoomStatesSchema, security: 'station' }), preHandler: stationGuard(s) }, async (req, reply) => {
    const rooms = (req.query as z.infer<typeof RoomsQuery>).rooms.split(',').filter((r) => RoomId.safeParse(r).success).slice(0, 50);
    return sendResult(reply, ok({ servedAt: s.ctx.clock.now().toISOString(), states: await env.roomStates(rooms) }));
  });
}
