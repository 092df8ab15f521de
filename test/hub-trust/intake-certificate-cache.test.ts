/**
 * The hub's one certificate cache (issue 16 item 3): station authentication, intake and the
 * hub CA's certification of station signers share parsed certificates and chain verdicts, so
 * a signer's certificate is read once per hub process. What the cache holds depends on the
 * certificate's bytes alone; it must never vouch for an entry or a signer:
 *   - a forged signature by a signer whose certificate the cache already holds (verified on the
 *     same page and on earlier ones) is refused, and the page with it;
 *   - a signer's certificate revoked at the hub after it was cached is not certified again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { entryHash } from '../../src-core/ledger/entry-hash.ts';
import { issuedCertificates, ledgerEntries, stations } from '../../src-server/db/schema.ts';
import { certifyStationSigner } from '../../src-server/quality/signing/station-signer-certs.ts';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { stationActivity } from '../hub/support/station-activity.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';

describe('the hub certificate cache', () => {
  let hub: TestHub;
  let t: TestStation;

  beforeAll(async () => {
    t = makeTestStation({ config: { checkpointEvery: 10 } });
    hub = await startTestHub({ backend: 'pglite', clock: t.clock });
    const transport = httpTransport(hub.url);
    await enrolStation(t, hub, transport);
    stationActivity(t).record(40);
    // One round: every signer's certificate is verified at intake, certified by the hub CA and
    // pushed back, all through the shared cache.
    const round = await syncService(t, transport).runOnce();
    expect(round.ok).toBe(true);
  });
  afterAll(async () => {
    await hub?.close();
    t?.cleanup();
  });

  const ackSeq = async () => (await hub.hub.db.orm.select({ ackSeq: stations.ackSeq }).from(stations).where(eq(stations.stationId, t.stationId)))[0]!.ackSeq;

  it('P11-02 a forged signature by a signer the cache already vouched for on the same page is refused, and the page with it', async () => {
    const from = (await ackSeq()) + 1;
    stationActivity(t).record(40);
    const page = [...t.ledger.iterate()].filter((e) => e.seq >= from);
    const signatures = page.filter((e) => e.type === 'signature.applied');
    // The second signature on the page by a certificate that signed earlier on it (and in the first round).
    const victim = signatures.find((s, i) => signatures.slice(0, i).some((e) => e.payload.certFingerprint === s.payload.certFingerprint))!;
    expect(victim).toBeDefined();
    const other = signatures.find((s) => s.payload.signature !== victim.payload.signature)!;
    // The forger re-chains every hash after the change: only the signature itself can tell.
    const forged: LedgerEntry[] = [];
    for (const e of page) {
      const changed = e.seq === victim.seq ? { ...e, payload: { ...e.payload, signature: other.payload.signature } } : e;
      const chained = { ...changed, prevHash: forged.at(-1)?.hash ?? e.prevHash };
      forged.push({ ...chained, hash: entryHash(chained) });
    }
    const checkpoints = t.ledger.checkpoints().filter((c) => c.treeSize >= from && c.treeSize < victim.seq);
    const before = await ackSeq();
    const refused = await hub.hub.services.intake.push(t.stationId, { entries: forged, checkpoints, atHead: true });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'SIGNATURE_INVALID', details: { seq: victim.seq } });
    expect(await ackSeq()).toBe(before);
    // The true page is accepted: the refusal left nothing behind in the cache or the state.
    const accepted = await hub.hub.services.intake.push(t.stationId, { entries: page, checkpoints: t.ledger.checkpoints().filter((c) => c.treeSize >= from), atHead: true });
    expect(accepted.ok && accepted.value.ackSeq).toBe(page.at(-1)!.seq);
    // Stored as sent: every row read back hashes to its entry's hash (one JSON parameter per page).
    const rows = await hub.hub.db.orm.select().from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId)).orderBy(asc(ledgerEntries.seq));
    expect(rows).toHaveLength(page.at(-1)!.seq);
    for (const r of rows) {
      const entry = { seq: r.seq, stationId: t.stationId, time: r.time, tzOffset: r.tzOffset, type: r.type, actor: r.actor, batchRef: r.batchRef, payload: r.payload as Record<string, unknown>, prevHash: r.prevHash };
      expect(entryHash(entry)).toBe(r.hash);
    }
  });

  it('P11-30 a station signer revoked at the hub after the cache holds the certificate is not certified again', async () => {
    const local = (await hub.hub.db.orm.select().from(issuedCertificates).where(eq(issuedCertificates.issuedBy, `station:${t.stationId}`)))[0]!;
    const cache = hub.hub.services.certCache;
    expect(cache.parsed.has(local.certPem)).toBe(true);
    const again = await certifyStationSigner(hub.hub.services.ctx, t.stationId, local.fingerprint, cache);
    expect(again.ok).toBe(true);
    expect((await hub.api('POST', `/api/v1/quality/certificates/${local.fingerprint}/revoke`, { reason: 'key copied to a USB stick' })).status).toBe(200);
    const refused = await certifyStationSigner(hub.hub.services.ctx, t.stationId, local.fingerprint, cache);
    expect(!refused.ok && refused.error.code).toBe('SIGNER_CERTIFICATE_REVOKED');
    expect(cache.parsed.has(local.certPem)).toBe(true);
  });
});
