/** Hub administration: login, enrolment decisions, station health and decisions, accounts. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryInteger } from '../../../src-shared/api/query-number.ts';
import {
  API_PREFIX,
  ApproveBodySchema,
  DecisionBodySchema,
  EnrolmentStatusSchema,
  EnrolmentSummarySchema,
  ForkSchema,
  HubRole,
  LoginBodySchema,
  LoginResultSchema,
  NewHubUserBodySchema,
  RefusalSchema,
  StationSummarySchema,
} from '../../../src-shared/sync/sync-protocol.ts';
import { ok } from '../../../src-shared/result.ts';
import {
  AcceptIdentityBodySchema,
  AccountReasonBodySchema,
  AccountViewSchema,
  EnrolmentCodeBodySchema,
  EnrolmentCodeSchema,
  HubMfaConfirmBodySchema,
  HubMfaStartSchema,
  HubMfaStatusSchema,
  IdentityIncidentSchema,
  PasswordResetResultSchema,
  SignerReissueSchema,
  VerifyIdentityBodySchema,
} from '../../../src-shared/quality/hub-admin-contract.ts';
import { issueEnrolmentCode } from '../../enrolment/enrolment-codes.ts';
import { SignerReissues } from '../../quality/signing/signer-reissue.ts';
import { HubMfa } from '../../admin/hub-mfa.ts';
import type { HubServices } from '../hub-services.ts';
import { historyReaders, roleGuard, sendResult } from '../route-helpers.ts';
import { route } from '../zod-schema.ts';

const IdParams = z.object({ id: z.string().min(1).max(100) });
const ReissueParams = z.object({ id: queryInteger(1) });
const StatusQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() });
type Id = z.infer<typeof IdParams>;

const IdentityIncidentListSchema = z.array(IdentityIncidentSchema);
const EnrolmentSummaryListSchema = z.array(EnrolmentSummarySchema);
const StationSummaryListSchema = z.array(StationSummarySchema);
const ForkListSchema = z.array(ForkSchema);
const RefusalListSchema = z.array(RefusalSchema);
const SignerReissueListSchema = z.array(SignerReissueSchema);

export function registerAdminRoutes(app: FastifyInstance, s: HubServices): void {
  const admin = roleGuard(s, 'admin');
  const verifiers = roleGuard(s, 'admin', 'qa');
  // FR-128: the signed identity-incident acceptances and certificate re-issues are read by QA, QPs and the inspector too.
  const trustReaders = historyReaders(s, 'admin');
  const base = `${API_PREFIX}/admin`;

  app.post(`${API_PREFIX}/auth/login`, route({ tags: ['admin'], summary: 'Log in; returns a bearer token', body: LoginBodySchema, response: LoginResultSchema }), async (req, reply) => {
    const { username, password } = req.body as z.infer<typeof LoginBodySchema>;
    const r = await s.auth.login(username, password, req.ip);
    return sendResult(reply, r.ok ? ok({ token: r.value.token, expiresAt: r.value.expiresAt.toISOString(), roles: r.value.roles }) : r);
  });

  // D25-03 / FR-101: every hub user enrols their own second factor at signing.
  const anyone = roleGuard(s, ...HubRole.options);
  const mfa = new HubMfa(s.ctx);
  app.get(`${API_PREFIX}/me/mfa`, { ...route({ tags: ['admin'], summary: 'Whether I enrolled a second factor, and whether my e-signatures need a one-time code', response: HubMfaStatusSchema, security: 'bearer' }), preHandler: anyone }, async (req, reply) =>
    reply.send(await mfa.status(req.principal!)),
  );
  app.post(`${API_PREFIX}/me/mfa/start`, { ...route({ tags: ['admin'], summary: 'A fresh TOTP secret to enrol (shown once, nothing stored yet)', response: HubMfaStartSchema, security: 'bearer' }), preHandler: anyone }, async (req, reply) =>
    reply.send(await mfa.start(req.principal!)),
  );
  app.post(
    `${API_PREFIX}/me/mfa/confirm`,
    { ...route({ tags: ['admin'], summary: 'Enrol the secret with a current code and the password (and, when one is enrolled, a code of the current factor in x-batchline-otp)', body: HubMfaConfirmBodySchema, response: HubMfaStatusSchema, security: 'bearer' }), preHandler: anyone },
    async (req, reply) => sendResult(reply, await mfa.confirm(req.principal!, req.body as z.infer<typeof HubMfaConfirmBodySchema>), 201),
  );

  app.post(
    `${base}/enrolment-codes`,
    { ...route({ tags: ['admin'], summary: 'Issue a one-time enrolment code for one station (shown once)', body: EnrolmentCodeBodySchema, response: EnrolmentCodeSchema, security: 'bearer' }), preHandler: admin },
    async (req, reply) => sendResult(reply, await issueEnrolmentCode(s.ctx, req.principal!, (req.body as z.infer<typeof EnrolmentCodeBodySchema> | undefined)?.validHours ?? 24), 201),
  );
  app.get(
    `${base}/identity-incidents`,
    { ...route({ tags: ['admin'], summary: 'Identity incidents: a fresh ledger offered under a known station id, refused', response: IdentityIncidentListSchema, security: 'bearer' }), preHandler: trustReaders },
    async (_req, reply) => reply.send(await s.enrolment.incidents()),
  );
  app.post(
    `${base}/identity-incidents/:id/accept`,
    {
      ...route({
        tags: ['admin'],
        summary: "Accept a re-created station's new identity in one's own role (an administrator AND a QA person, two people); then it enrols and syncs under its own identity epoch",
        params: ReissueParams,
        body: AcceptIdentityBodySchema,
        response: IdentityIncidentSchema,
        security: 'bearer',
      }),
      preHandler: verifiers,
    },
    async (req, reply) => sendResult(reply, await s.enrolment.acceptIncident(req.principal!, (req.params as z.infer<typeof ReissueParams>).id, req.body as z.infer<typeof AcceptIdentityBodySchema>)),
  );
  app.get(`${base}/enrolments`, { ...route({ tags: ['admin'], summary: 'Enrolment requests', querystring: StatusQuery, response: EnrolmentSummaryListSchema, security: 'bearer' }), preHandler: admin }, async (req, reply) =>
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

  app.get(`${base}/stations`, { ...route({ tags: ['admin'], summary: 'Stations and their sync health', response: StationSummaryListSchema, security: 'bearer' }), preHandler: admin }, async (_req, reply) =>
    reply.send(await s.stations.list()),
  );
  app.get(`${base}/stations/:id/forks`, { ...route({ tags: ['admin'], summary: "A station's forks", params: IdParams, response: ForkListSchema, security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    reply.send(await s.stations.forks((req.params as Id).id)),
  );
  app.get(`${base}/stations/:id/refusals`, { ...route({ tags: ['admin'], summary: "A station's refused pushes", params: IdParams, response: RefusalListSchema, security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    reply.send(await s.stations.refusals((req.params as Id).id)),
  );
  for (const action of ['revoke', 'quarantine', 'reinstate'] as const) {
    app.post(
      `${base}/stations/:id/${action}`,
      { ...route({ tags: ['admin'], summary: `${action[0]!.toUpperCase()}${action.slice(1)} a station, with a reason`, params: IdParams, body: DecisionBodySchema, response: StationSummarySchema, security: 'bearer' }), preHandler: admin },
      async (req, reply) => sendResult(reply, await s.stations[action](req.principal!, (req.params as Id).id, (req.body as z.infer<typeof DecisionBodySchema>).reason)),
    );
  }

  app.post(
    `${base}/users`,
    { ...route({ tags: ['admin'], summary: 'Create a hub account; it stays pending until a second person verifies its holder', body: NewHubUserBodySchema, security: 'bearer' }), preHandler: admin },
    async (req, reply) => sendResult(reply, await s.auth.createUser(req.principal!, req.body as z.infer<typeof NewHubUserBodySchema>), 201),
  );
  app.post(
    `${base}/users/:id/verify-identity`,
    {
      ...route({ tags: ['admin'], summary: "A second person verifies a pending account's holder, who sets their own password", params: IdParams, body: VerifyIdentityBodySchema, response: AccountViewSchema, security: 'bearer' }),
      preHandler: verifiers,
    },
    async (req, reply) => sendResult(reply, await s.accounts.verifyIdentity(req.principal!, (req.params as Id).id, req.body as z.infer<typeof VerifyIdentityBodySchema>)),
  );
  app.post(
    `${base}/users/:id/reset-password`,
    { ...route({ tags: ['admin'], summary: 'Reset a password: a one-time password, the account pending re-verification, its signing certificate revoked', params: IdParams, body: AccountReasonBodySchema, response: PasswordResetResultSchema, security: 'bearer' }), preHandler: admin },
    async (req, reply) => sendResult(reply, await s.accounts.resetPassword(req.principal!, (req.params as Id).id, (req.body as z.infer<typeof AccountReasonBodySchema>).reason)),
  );
  const reissues = new SignerReissues(s.ctx);
  const qa = roleGuard(s, 'qa');
  app.get(`${base}/signer-reissues`, { ...route({ tags: ['admin'], summary: 'Re-issues of revoked signing certificates', response: SignerReissueListSchema, security: 'bearer' }), preHandler: trustReaders }, async (_req, reply) =>
    reply.send(await reissues.list()),
  );
  app.post(
    `${base}/users/:id/reissue-signing-certificate`,
    { ...route({ tags: ['admin'], summary: "Ask for a revoked signer's certificate to be re-issued (QA approves)", params: IdParams, body: AccountReasonBodySchema, response: SignerReissueSchema, security: 'bearer' }), preHandler: admin },
    async (req, reply) => sendResult(reply, await reissues.request(req.principal!, (req.params as Id).id, (req.body as z.infer<typeof AccountReasonBodySchema>).reason), 201),
  );
  app.post(
    `${base}/signer-reissues/:id/approve`,
    { ...route({ tags: ['admin'], summary: 'QA approves a re-issue; the next signature makes one new key', params: ReissueParams, response: SignerReissueSchema, security: 'bearer' }), preHandler: qa },
    async (req, reply) => sendResult(reply, await reissues.approve(req.principal!, (req.params as z.infer<typeof ReissueParams>).id)),
  );
  for (const action of ['disable', 'enable', 'unlock'] as const) {
    app.post(
      `${base}/users/:id/${action}`,
      { ...route({ tags: ['admin'], summary: `${action[0]!.toUpperCase()}${action.slice(1)} a hub account, with a reason`, params: IdParams, body: AccountReasonBodySchema, response: AccountViewSchema, security: 'bearer' }), preHandler: admin },
      async (req, reply) => sendResult(reply, await s.accounts[action](req.principal!, (req.params as Id).id, (req.body as z.infer<typeof AccountReasonBodySchema>).reason)),
    );
  }
}
