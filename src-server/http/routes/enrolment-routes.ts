/**
 * Station enrolment: the only station calls that are not signed (the station has no certificate
 * yet). A request needs a one-time code from IT and is throttled per source address.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, EnrolmentRequestBodySchema, EnrolmentStatusSchema, type EnrolmentRequestBody } from '../../../src-shared/sync/sync-protocol.ts';
import type { HubServices } from '../hub-services.ts';
import { sendResult } from '../route-helpers.ts';
import { route } from '../zod-schema.ts';

const RequestIdParams = z.object({ requestId: z.string().min(1).max(100) });

export function registerEnrolmentRoutes(app: FastifyInstance, s: HubServices): void {
  app.post(
    `${API_PREFIX}/enrolments`,
    route({ tags: ['enrolment'], summary: 'A station asks to be enrolled (CSR + genesis entry + one-time code from IT); an admin must approve', body: EnrolmentRequestBodySchema, response: EnrolmentStatusSchema }),
    async (req, reply) => sendResult(reply, await s.enrolment.request(req.body as EnrolmentRequestBody, req.ip), 201),
  );
  app.get(
    `${API_PREFIX}/enrolments/:requestId`,
    route({ tags: ['enrolment'], summary: 'Status of an enrolment request; the certificate once approved', params: RequestIdParams, response: EnrolmentStatusSchema }),
    async (req, reply) => sendResult(reply, await s.enrolment.status((req.params as z.infer<typeof RequestIdParams>).requestId)),
  );
}
