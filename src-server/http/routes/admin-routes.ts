/** Hub administration: login, enrolment decisions, station health and decisions, accounts. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  API_PREFIX,
  ApproveBodySchema,
  DecisionBodySchema,
  EnrolmentStatusSchema,
  EnrolmentSummarySchema,
  ForkSchema,
  LoginBodySchema,
  LoginResultSchema,
  NewHubUserBodySchema,
  RefusalSchema,
  StationSummarySchema,
} from '../../../src-shared/sync/sync-protocol.ts';
import { ok } from '../../../src-shared/result.ts';
import type { HubServices } from '../hub-services.ts';
import { roleGuard, sendResult } from '../route-helpers.ts';
import { route } from '../zod-schema.ts';

const IdParams = z.object({ id: z.string().min(1).max(100) });
const StatusQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() });
type Id = z.infer<typeof IdParams>;

export function registerAdminRoutes(app: FastifyInstance, s: HubServices): void {
  const admin = roleGuard(s, 'admin');
  const base = `${API_PREFIX}/admin`;

  app.post(`${API_PREFIX}/auth/login`, route({ tags: ['admin'], summary: 'Log in; returns a bearer token', body: LoginBodySchema, response: LoginResultSchema }), async (req, reply) => {
    const { username, password } = req.body as z.infer<typeof LoginBodySchema>;
    const r = await s.auth.login(username, password);
    return sendResult(reply, r.ok ? ok({ token: r.value.token, expiresAt: r.value.expiresAt.toISOString(), roles: r.value.roles }) : r);
  });

  app.get(`${base}/enrolments`, { ...route({ tags: ['admin'], summary: 'Enrolment requests', querystring: StatusQuery, response: z.array(EnrolmentSummarySchema), security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    reply.send(await s.enrolment.list((req.query as z.infer<typeof StatusQuery>).status)),
  );
  app.post(
    `${base}/enrolments/:id/approve`,
    { ...route({ tags: ['admin'], summary: 'Approve: the hub CA issues the station certificate', params: IdParams, body: ApproveBodySchema, response: EnrolmentStatusSchema, security: 'bearer' }), preHandler: admin },
    async (req, reply) => sendResult(reply, await s.enrolment.approve(req.principal!, (req.params as Id).id, (req.body as z.infer<typeof ApproveBodySchema> | undefined)?.reason)),
  );
  app.post(
    `${base}/enrolments/:id/reject`,
    { ...route({ tags: ['admin'], summary: 'Reject an enrolment request, with a reason', params: IdParams, body: DecisionBodySchema, response: EnrolmentStatusSchema, security: 'bearer' }), preHandler: admin },
    async (req, reply) => sendResult(reply, await s.enrolment.reject(req.principal!, (req.params as Id).id, (req.body as z.infer<typeof DecisionBodySchema>).reason)),
  );

  app.get(`${base}/stations`, { ...route({ tags: ['admin'], summary: 'Stations and their sync health', response: z.array(StationSummarySchema), security: 'bearer' }), preHandler: admin }, async (_req, reply) =>
    reply.send(await s.stations.list()),
  );
  app.get(`${base}/stations/:id/forks`, { ...route({ tags: ['admin'], summary: "A station's forks", params: IdParams, response: z.array(ForkSchema), security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    reply.send(await s.stations.forks((req.params as Id).id)),
  );
  app.get(`${base}/stations/:id/refusals`, { ...route({ tags: ['admin'], summary: "A station's refused pushes", params: IdParams, response: z.array(RefusalSchema), security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    reply.send(await s.stations.refusals((req.params as Id).id)),
  );
  for (const action of ['revoke', 'quarantine', 'reinstate'] as const) {
    app.post(
      `${base}/stations/:id/${action}`,
      { ...route({ tags: ['admin'], summary: `${action[0]!.toUpperCase()}${action.slice(1)} a station, with a reason`, params: IdParams, body: DecisionBodySchema, response: StationSummarySchema, security: 'bearer' }), preHandler: admin },
      async (req, reply) => sendResult(reply, await s.stations[action](req.principal!, (req.params as Id).id, (req.body as z.infer<typeof DecisionBodySchema>).reason)),
    );
  }

  app.post(`${base}/users`, { ...route({ tags: ['admin'], summary: 'Create a hub account (admin, master-data steward, LIMS/ERP system)', body: NewHubUserBodySchema, security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    sendResult(reply, await s.auth.createUser(req.principal!, req.body as z.infer<typeof NewHubUserBodySchema>), 201),
  );
}
