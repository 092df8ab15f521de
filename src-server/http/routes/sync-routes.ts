/** Station sync: state, push (up), master-data feed and revocation list (down). Every call is a signed station request. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { API_PREFIX, CertifiedSignerSchema, CertifiedSignersSchema, CertifySignerBodySchema, CertifySignersBodySchema, type CertifySignersBody, FeedQuerySchema, MasterDataObjectsQuerySchema, HashesQuerySchema, HashesResultSchema, MasterDataFeedSchema, PushBodySchema, PushResultSchema, RevocationListBodySchema, SyncStateSchema, type CertifySignerBody, type PushBody } from '../../../src-shared/sync/sync-protocol.ts';
import { ok } from '../../../src-shared/result.ts';
import { stations } from '../../db/schema.ts';
import type { HubServices } from '../hub-services.ts';
import { sendResult, stationGuard } from '../route-helpers.ts';
import { currentRevocationList } from '../../quality/signing/revocation-list-service.ts';
import { certifyStationSigner, certifyStationSigners } from '../../quality/signing/station-signer-certs.ts';
import { route } from '../zod-schema.ts';
import { EquipmentLogbookProjector } from '../../equipment/equipment-logbook-projector.ts';

export function registerSyncRoutes(app: FastifyInstance, s: HubServices): void {
  const equipmentProjector = new EquipmentLogbookProjector(s.ctx, s.masterData);
  const guard = stationGuard(s);
  app.get(
    `${API_PREFIX}/sync/state`,
    { ...route({ tags: ['sync'], summary: "The hub's acknowledged head and latest countersignature for the calling station", response: SyncStateSchema, security: 'station' }), preHandler: guard },
    async (req, reply) => sendResult(reply, await s.intake.state(req.station!.stationId)),
  );
  app.get(
    `${API_PREFIX}/sync/hashes`,
    { ...route({ tags: ['sync'], summary: "The hub's hashes of some of the calling station's acknowledged entries (to find where two histories first differ)", querystring: HashesQuerySchema, response: HashesResultSchema, security: 'station' }), preHandler: guard },
    async (req, reply) => sendResult(reply, await s.intake.hashes(req.station!.stationId, (req.query as z.infer<typeof HashesQuerySchema>).seqs)),
  );
  app.post(
    `${API_PREFIX}/sync/push`,
    { ...route({ tags: ['sync'], summary: 'Push a page of ledger entries with checkpoints; verified, stored and acknowledged atomically', body: PushBodySchema, response: PushResultSchema, security: 'station' }), preHandler: guard },
    async (req, reply) => {
      const result = await s.intake.push(req.station!.stationId, req.body as PushBody);
      if (!result.ok) req.log.warn({ station: req.station!.stationId, code: result.error.code, details: result.error.details }, 'push refused');
      // Right after the accepted push commits (FR-86): a use or cleaning it carried is the
      // equipment's status before the push answers, not one master-data pull later (a page with
      // no equipment entry moves nothing). The push stands if this fails: the feed and the
      // readers catch up again.
      else if (result.value.accepted > 0) {
        try {
          await equipmentProjector.afterPush(req.station!.stationId, (req.body as PushBody).entries);
        } catch (e) {
          req.log.warn({ station: req.station!.stationId, err: e }, 'equipment projection after push failed; caught up at the next pull');
        }
      }
      return sendResult(reply, result);
    },
  );
  app.get(
    `${API_PREFIX}/sync/master-data`,
    { ...route({ tags: ['sync'], summary: 'Master-data changes after a cursor, oldest first', querystring: FeedQuerySchema, response: MasterDataFeedSchema, security: 'station' }), preHandler: guard },
    async (req, reply) => {
      const q = req.query as z.infer<typeof FeedQuerySchema>;
      // Equipment used or cleaned at any station changes its master data first (issue 13 item 3).
      await equipmentProjector.catchUp();
      const feed = await s.masterData.feed(q.after ?? null, q.limit ?? 500);
      // Asking for changes after X means everything up to X is applied: IT sees who lags.
      await s.ctx.db.update(stations).set({ lastPullAt: s.ctx.clock.now(), masterDataCursor: q.after ?? null }).where(eq(stations.stationId, req.station!.stationId));
      s.metrics.pulled(req.station!.stationId, feed.changes.length);
      return sendResult(reply, ok(feed));
    },
  );
  app.get(
    `${API_PREFIX}/sync/master-data/objects`,
    { ...route({ tags: ['sync'], summary: 'The current version of named objects (a station asking again for recipes it refused before an upgrade)', querystring: MasterDataObjectsQuerySchema, response: MasterDataFeedSchema, security: 'station' }), preHandler: guard },
    async (req, reply) => {
      const q = req.query as z.infer<typeof MasterDataObjectsQuerySchema>;
      return sendResult(reply, ok(await s.masterData.objects(q.kind, q.keys.split(',').slice(0, 100))));
    },
  );
  app.get(
    `${API_PREFIX}/sync/revocations`,
    { ...route({ tags: ['sync'], summary: "The hub CA's revocation list of user-signing certificates (X.509 v2 CRL, PEM)", response: RevocationListBodySchema, security: 'station' }), preHandler: guard },
    async (_req, reply) => sendResult(reply, ok({ crlPem: await currentRevocationList(s.ctx) })),
  );
  app.post(
    `${API_PREFIX}/sync/signer-certificates`,
    { ...route({ tags: ['sync'], summary: "The hub CA certifies the key of a station user that the station's local CA certified", body: CertifySignerBodySchema, response: CertifiedSignerSchema, security: 'station' }), preHandler: guard },
    async (req, reply) => sendResult(reply, await certifyStationSigner(s.ctx, req.station!.stationId, (req.body as CertifySignerBody).certFingerprint, s.certCache)),
  );
  app.post(
    `${API_PREFIX}/sync/signer-certificates/batch`,
    {
      ...route({ tags: ['sync'], summary: "The hub CA certifies several station users' keys in one request (FR-120): each checked as one by one, each answered with its certificate or its own refusal", body: CertifySignersBodySchema, response: CertifiedSignersSchema, security: 'station' }),
      preHandler: guard,
    },
    async (req, reply) => {
      const results = await certifyStationSigners(s.ctx, req.station!.stationId, (req.body as CertifySignersBody).certFingerprints, s.certCache);
      if (!results.ok) return sendResult(reply, results);
      const signers = results.value.map(({ certFingerprint, result }) => (result.ok ? { certFingerprint, certPem: result.value.certPem } : { certFingerprint, error: { code: result.error.code, message: result.error.message } }));
      return sendResult(reply, ok({ signers }));
    },
  );
}
