/**
 * Master data maintenance (stewards) and the LIMS/ERP entry point for a lot's QC status.
 * Stations read master data only through the signed sync feed (sync-routes.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, MasterDataDeleteBodySchema, MasterDataObjectSchema, MasterDataPutBodySchema, QcStatusBodySchema } from '../../../src-shared/sync/sync-protocol.ts';
import type { HubServices } from '../hub-services.ts';
import { roleGuard, sendResult } from '../route-helpers.ts';
import { route } from '../zod-schema.ts';

const KindParams = z.object({ kind: z.string().min(1).max(40) });
const ObjectParams = z.object({ kind: z.string().min(1).max(40), key: z.string().min(1).max(200) });
const LotParams = z.object({ lotId: z.string().min(1).max(64) });
type Obj = z.infer<typeof ObjectParams>;

const MasterDataObjectListSchema = z.array(MasterDataObjectSchema);

export function registerMasterDataRoutes(app: FastifyInstance, s: HubServices): void {
  const readers = roleGuard(s, 'master-data', 'admin', 'lims');
  const stewards = roleGuard(s, 'master-data');
  const qc = roleGuard(s, 'lims', 'master-data');
  const base = `${API_PREFIX}/master-data`;

  app.get(`${base}/:kind`, { ...route({ tags: ['master data'], summary: 'Current objects of a kind', params: KindParams, response: MasterDataObjectListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    reply.send(await s.masterData.list((req.params as z.infer<typeof KindParams>).kind)),
  );
  app.get(`${base}/:kind/:key`, { ...route({ tags: ['master data'], summary: 'One object, current version', params: ObjectParams, response: MasterDataObjectSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const p = req.params as Obj;
    return sendResult(reply, await s.masterData.get(p.kind, p.key));
  });
  app.put(
    `${base}/:kind/:key`,
    { ...route({ tags: ['master data'], summary: 'Create or change an object (a new version, fed to every station)', params: ObjectParams, body: MasterDataPutBodySchema, response: MasterDataObjectSchema, security: 'bearer' }), preHandler: stewards },
    async (req, reply) => {
      const p = req.params as Obj;
      const b = req.body as z.infer<typeof MasterDataPutBodySchema>;
      return sendResult(reply, await s.masterData.put(req.principal!, p.kind, p.key, { data: b.data, expectedVersion: b.expectedVersion, reason: b.reason }));
    },
  );
  app.delete(
    `${base}/:kind/:key`,
    { ...route({ tags: ['master data'], summary: 'Withdraw an object (a new version with no data)', params: ObjectParams, body: MasterDataDeleteBodySchema, response: MasterDataObjectSchema, security: 'bearer' }), preHandler: stewards },
    async (req, reply) => {
      const p = req.params as Obj;
      const b = req.body as z.infer<typeof MasterDataDeleteBodySchema>;
      return sendResult(reply, await s.masterData.put(req.principal!, p.kind, p.key, { data: null, expectedVersion: b.expectedVersion, reason: b.reason }));
    },
  );
  app.put(
    `${API_PREFIX}/lots/:lotId/qc-status`,
    { ...route({ tags: ['master data', 'LIMS/ERP'], summary: "Set a lot's QC status, and after a retest its expiry or retest date (LIMS/ERP)", params: LotParams, body: QcStatusBodySchema, response: MasterDataObjectSchema, security: 'bearer' }), preHandler: qc },
    async (req, reply) => {
      const b = req.body as z.infer<typeof QcStatusBodySchema>;
      return sendResult(reply, await s.masterData.setQcStatus(req.principal!, (req.params as z.infer<typeof LotParams>).lotId, b));
    },
  );
}
