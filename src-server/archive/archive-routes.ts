/**
 * The archive API (issue 11: P11-04, P11-07, A11-27, DI-09, D25-11). Reading, searching and
 * exporting are open to QA, QPs and the read-only inspector; a retention change is QA's; a
 * purge is asked by an administrator and approved by QA. There is deliberately no route that
 * removes, or purges, an audit trail (hub or ledger) on its own.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryInteger } from '../../src-shared/api/query-number.ts';
import {
  ARCHIVE_PREFIX,
  ArchiveSearchQuerySchema,
  ArchiveSearchResultSchema,
  ArchivedPacketSchema,
  EntryTraceSchema,
  PurgeApproveBodySchema,
  PurgeRequestBodySchema,
  PurgeRequestViewSchema,
  RetentionPolicySchema,
  SetRetentionBodySchema,
} from '../../src-shared/archive/archive-contract.ts';
import { Code } from '../../src-shared/master-data/common.ts';
import type { HubServices } from '../http/hub-services.ts';
import { historyReaders, roleGuard, sendResult } from '../http/route-helpers.ts';
import { route } from '../http/zod-schema.ts';
import type { ArchiveService } from './archive-service.ts';

const BatchParams = z.object({ batch: Code });
const PacketQuery = z.object({ station: z.string().min(1).max(64).optional(), lang: z.enum(['en', 'zh-CN']).optional() });
const IdParams = z.object({ id: queryInteger(1) });
const TraceQuery = z.object({ station: z.string().min(1).max(64), seq: queryInteger(1) });
const RecordTypeParams = z.object({ recordType: z.string().min(1).max(64) });
const PurgeParams = z.object({ id: z.string().min(1).max(100) });
const PacketListQuery = z.object({ batch: Code.optional() });

const ArchivedPacketListSchema = z.array(ArchivedPacketSchema);
const RetentionPolicyListSchema = z.array(RetentionPolicySchema);
const PurgeRequestViewListSchema = z.array(PurgeRequestViewSchema);

export function registerArchiveRoutes(app: FastifyInstance, s: HubServices, archive: ArchiveService): void {
  const readers = historyReaders(s);
  const anyone = historyReaders(s, 'admin');
  const qa = roleGuard(s, 'qa');
  const admin = roleGuard(s, 'admin');
  const base = ARCHIVE_PREFIX;

  app.get(`${base}/search`, { ...route({ tags: ['archive'], summary: 'Search the record for inspection: by batch, lot, material, user, date range (DI-09)', querystring: ArchiveSearchQuerySchema, response: ArchiveSearchResultSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    reply.send(await archive.search(req.query as z.infer<typeof ArchiveSearchQuerySchema>)),
  );
  // GET, like the audit export: reading out a batch's evidence writes only the register of what was exported.
  app.get(`${base}/batches/:batch/packet`, { ...route({ tags: ['archive'], summary: 'The evidence packet of a batch (zip), sealed by the hub and kept in the archive register', params: BatchParams, querystring: PacketQuery, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const { batch } = req.params as z.infer<typeof BatchParams>;
    const q = req.query as z.infer<typeof PacketQuery>;
    const written = await archive.writePacket(req.principal!, batch, q.station, q.lang);
    if (!written.ok) return sendResult(reply, written);
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${batch}.zip"`)
      .header('x-batchline-packet-id', String(written.value.register.id))
      .header('x-batchline-packet-sha256', written.value.register.packetSha256)
      .send(Buffer.from(written.value.bytes));
  });
  app.get(`${base}/packets`, { ...route({ tags: ['archive'], summary: 'The archive register: every packet written, with its SHA-256 and location', querystring: PacketListQuery, response: ArchivedPacketListSchema, security: 'bearer' }), preHandler: anyone }, async (req, reply) =>
    reply.send(await archive.packets((req.query as { batch?: string }).batch)),
  );
  app.get(`${base}/packets/:id`, { ...route({ tags: ['archive'], summary: 'An archived packet read back, checked against its registered SHA-256', params: IdParams, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const bytes = await archive.readPacket((req.params as z.infer<typeof IdParams>).id);
    if (!bytes.ok) return sendResult(reply, bytes);
    return reply.type('application/zip').send(Buffer.from(bytes.value));
  });
  app.get(`${base}/trace`, { ...route({ tags: ['archive'], summary: 'One entry from station to archive: entry, sync receipt, review, release, archive, with hashes (D25-11)', querystring: TraceQuery, response: EntryTraceSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const { station, seq } = req.query as z.infer<typeof TraceQuery>;
    return sendResult(reply, await archive.trace(station, seq));
  });
  app.get(`${base}/retention`, { ...route({ tags: ['archive'], summary: 'Retention period per record type', response: RetentionPolicyListSchema, security: 'bearer' }), preHandler: anyone }, async (_req, reply) => reply.send(await archive.retention()));
  app.put(`${base}/retention/:recordType`, { ...route({ tags: ['archive'], summary: 'QA sets the retention period of a record type, with a reason (audited)', params: RecordTypeParams, body: SetRetentionBodySchema, response: RetentionPolicySchema, security: 'bearer' }), preHandler: qa }, async (req, reply) => {
    const b = req.body as z.infer<typeof SetRetentionBodySchema>;
    return sendResult(reply, await archive.setRetention(req.principal!, (req.params as z.infer<typeof RecordTypeParams>).recordType, b.retentionDays, b.reason));
  });
  app.get(`${base}/purges`, { ...route({ tags: ['archive'], summary: 'Purge requests and purge records', response: PurgeRequestViewListSchema, security: 'bearer' }), preHandler: anyone }, async (_req, reply) => reply.send(await archive.purges()));
  app.post(`${base}/purges`, { ...route({ tags: ['archive'], summary: 'Ask to purge a batch record after its retention period (password); refused and audited before', body: PurgeRequestBodySchema, response: PurgeRequestViewSchema, security: 'bearer' }), preHandler: admin }, async (req, reply) => {
    const b = req.body as z.infer<typeof PurgeRequestBodySchema>;
    return sendResult(reply, await archive.requestPurge(req.principal!, b.batchNumber, b.reason, b.password), 201);
  });
  app.post(`${base}/purges/:id/approve`, { ...route({ tags: ['archive'], summary: 'QA approves a purge with an e-signature; the record and its audit trail go together, tombstones stay', params: PurgeParams, body: PurgeApproveBodySchema, response: PurgeRequestViewSchema, security: 'bearer' }), preHandler: qa }, async (req, reply) => {
    return sendResult(reply, await archive.approvePurge(req.principal!, (req.params as z.infer<typeof PurgeParams>).id, (req.body as z.infer<typeof PurgeApproveBodySchema>).password));
  });
}
