/** The signed-in person, accounts, certificates, station health and the audit trail. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, HubRole } from '../../../src-shared/sync/sync-protocol.ts';
import { AuditExportQuerySchema, AuditQuerySchema, AuditRowSchema, CertificateViewSchema, HubUserViewSchema, RevokeBodySchema, StationHealthSchema } from '../../../src-shared/quality/hub-admin-contract.ts';
import { Sha256Hex } from '../../../src-shared/ledger/ledger-entry.ts';
import { Code } from '../../../src-shared/master-data/common.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { historyReaders, roleGuard, sendError, sendResult } from '../../http/route-helpers.ts';
import { route } from '../../http/zod-schema.ts';
import type { QualityServices } from '../quality-services.ts';
import type { HubDirectory } from '../hub-directory.ts';

const FingerprintParams = z.object({ fingerprint: Sha256Hex });
const BatchAuditParams = z.object({ batch: Code });
const BatchAuditQuery = z.object({ format: z.enum(['json', 'csv', 'pdf']).default('json'), lang: z.enum(['en', 'zh-CN']).default('en') });

const HubUserViewListSchema = z.array(HubUserViewSchema);
const CertificateViewListSchema = z.array(CertificateViewSchema);
const StationHealthListSchema = z.array(StationHealthSchema);
const AuditRowListSchema = z.array(AuditRowSchema);

export function registerHubConsoleRoutes(app: FastifyInstance, s: HubServices, q: QualityServices, dir: HubDirectory): void {
  const anyone = roleGuard(s, ...HubRole.options);
  const admin = roleGuard(s, 'admin');
  const oversight = historyReaders(s, 'admin');
  const base = `${API_PREFIX}/quality`;
  app.get(`${base}/me`, { ...route({ tags: ['console'], summary: 'The signed-in account', response: HubUserViewSchema, security: 'bearer' }), preHandler: anyone }, async (req, reply) => {
    const me = await dir.me(req.principal!);
    return me ? reply.send(me) : sendError(reply, 'AUTH_SESSION_INVALID', 'the account no longer exists');
  });
  app.get(`${base}/users`, { ...route({ tags: ['console'], summary: 'Hub accounts and their roles', response: HubUserViewListSchema, security: 'bearer' }), preHandler: admin }, async (_req, reply) => reply.send(await dir.users()));
  app.get(`${base}/certificates`, { ...route({ tags: ['console'], summary: 'Certificates the hub CA issued', response: CertificateViewListSchema, security: 'bearer' }), preHandler: oversight }, async (_req, reply) =>
    reply.send(await dir.certificates()),
  );
  app.post(`${base}/certificates/:fingerprint/revoke`, { ...route({ tags: ['console'], summary: 'Revoke a user-signing certificate, with a reason', params: FingerprintParams, body: RevokeBodySchema, response: CertificateViewSchema, security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    sendResult(reply, await dir.revokeCertificate(req.principal!, (req.params as z.infer<typeof FingerprintParams>).fingerprint, (req.body as z.infer<typeof RevokeBodySchema>).reason)),
  );
  app.get(`${base}/stations`, { ...route({ tags: ['console'], summary: 'Stations, sync health and projection lag', response: StationHealthListSchema, security: 'bearer' }), preHandler: oversight }, async (_req, reply) =>
    reply.send(await dir.stationHealth()),
  );
  app.get(`${API_PREFIX}/audit`, { ...route({ tags: ['audit'], summary: 'The hub audit trail, newest first (keyset paging with `before`)', querystring: AuditQuerySchema, response: AuditRowListSchema, security: 'bearer' }), preHandler: oversight }, async (req, reply) =>
    reply.send(await q.auditTrail.query(req.query as z.infer<typeof AuditQuerySchema>)),
  );
  app.get(`${API_PREFIX}/audit/batch/:batch`, { ...route({ tags: ['audit'], summary: 'Every change to a batch: its station entries and the hub\'s actions on it, in words (JSON), or as CSV or PDF (exports are audited)', params: BatchAuditParams, querystring: BatchAuditQuery, security: 'bearer' }), preHandler: oversight }, async (req, reply) => {
    const { format, lang } = req.query as z.infer<typeof BatchAuditQuery>;
    const out = await q.prints.batchAudit(req.principal!, (req.params as z.infer<typeof BatchAuditParams>).batch, lang, format);
    if (!out.ok) return sendResult(reply, out);
    if (format === 'json') return reply.header('x-batchline-content-hash', out.value.hash).send({ contentHash: out.value.hash, rows: out.value.rows });
    return reply
      .type(out.value.contentType)
      .header('content-disposition', `attachment; filename="${out.value.fileName}"`)
      .header('x-batchline-content-hash', out.value.hash)
      .serializer((d: unknown) => d as string)
      .send(out.value.body);
  });
  app.get(`${API_PREFIX}/audit/export`, { ...route({ tags: ['audit'], summary: 'Export the hub audit trail as CSV or JSON (the export is audited)', querystring: AuditExportQuerySchema, security: 'bearer' }), preHandler: oversight }, async (req, reply) => {
    const { format, ...filter } = req.query as z.infer<typeof AuditExportQuerySchema>;
    const out = await q.auditTrail.export(req.principal!, filter, format);
    return reply
      .type(out.contentType)
      .header('content-disposition', `attachment; filename="${out.fileName}"`)
      .serializer((d: unknown) => d as string)
      .send(out.body);
  });
}
