/**
 * The hub's one certificate cache (issue 16 item 3): station authentication, intake and the
 * hub CA's certification of station signers share parsed certificates and chain verdicts, so
 * a signer's certificate is read once per hub process. What the cache holds depends on the
 * certificate's bytes alone; it must never vouch for an entry or a signer:
 *   - a forged signature by a signer whose certificate the cache already holds (verified on the
 *     same page and on earlier ones) is refused, and the page with it;
 *   - a signer's certificate revoked at the hub after it was cached is not certified again.
 * And the station's signers are certified in one signed request (FR-120), each checked by the hub
 * as one by one and refused on its own; at a hub without that request, one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { entryHash } from '../../src-core/ledger/entry-hash.ts';
import { issuedCertificates, ledgerEntries, stations } from '../../src-server/db/schema.ts';
import { certifyStationSigner, certifyStationSigners } from '../../src-server/quality/signing/station-signer-certs.ts';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import { ok } from '../../src-shared/result.ts';
import type { HubTransport } from '../../src-main/sync/hub-transport.ts';
import { HubClient } from '../../src-main/sync/hub-client.ts';
import { certifySigners } from '../../src-main/sync/signer-certification.ts';
import { readSyncRecord } from '../../src-main/sync/sync-record.ts';
import { currentRevocationList } from '../../src-server/quality/signing/revocation-list-service.ts';
import { readRevocationList } from '../../src-core/pki/revocation-list.ts';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { stationActivity } from '../hub/support/station-activity.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { credentials, enrolStation, syncService } from '../hub/support/enrol.ts';

const BATCH = `${API_PREFIX}/sync/signer-certificates/batch`;
const ONE = `${API_PREFIX}/sync/signer-certificates`;

/** The hub's transport, counting the requests by path; `oldHub`: the batch request answered 404 unsigned, as a hub before FR-120 does. */
function counting(inner: HubTransport, oldHub = false): HubTransport & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    baseUrl: inner.baseUrl,
    calls,
    request(req) {
      const path = req.path.split('?')[0]!;
      calls.set(path, (calls.get(path) ?? 0) + 1);
      if (oldHub && path === BATCH) return Promise.resolve(ok({ status: 404, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ error: { code: 'NOT_FOUND', message: `no route POST ${BATCH}` } })) }));
      return inner.request(req);
    },
  };
}

/** Every signer of the station is certified by the hub CA already: certifying them asks the hub nothing (the client has no credentials, so any request would fail). */
async function allCertified(t: TestStation, transport: HubTransport): Promise<void> {
  const enrolled = readSyncRecord(t.ledger).enrolled!;
  const r = await certifySigners(t, new HubClient(transport, t.clock, null), enrolled.hubCaCertPem);
  expect(r.ok && r.value).toBe(0);
}

describe('the hub certificate cache', () => {
  let hub: TestHub;
  let t: TestStation;
  let transport: ReturnType<typeof counting>;
  const signers = (s: TestStation) => (s.db.sqlite.prepare("select count(*) as n from users where signing_cert_fingerprint is not null and status <> 'disabled'").get() as { n: number }).n;

  beforeAll(async () => {
    t = makeTestStation({ config: { checkpointEvery: 10 } });
    hub = await startTestHub({ backend: 'pglite', clock: t.clock });
    transport = counting(httpTransport(hub.url));
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

  it('FR-120 one signed request certifies all of a station\'s new signers: none is asked one by one, and none is left to certify', async () => {
    expect(signers(t)).toBeGreaterThan(1);
    expect(transport.calls.get(BATCH)).toBe(1);
    expect(transport.calls.get(ONE)).toBeUndefined();
    await allCertified(t, transport);
  });

  it('FR-120 at an older hub (no such request: 404, unsigned) the station asks for each signer in its own signed request and certifies them all', async () => {
    const b = makeTestStation({ config: { checkpointEvery: 10, identity: { stationId: 'ST-OLD-HUB', name: 'Booth B', site: 'Test plant', timeZone: 'Asia/Shanghai' } } });
    try {
      const old = counting(httpTransport(hub.url), true);
      await enrolStation(b, hub, old);
      stationActivity(b).record(10);
      const round = await syncService(b, old).runOnce();
      expect(round.ok, JSON.stringify(!round.ok && round.error)).toBe(true);
      expect(old.calls.get(BATCH)).toBe(1);
      expect(old.calls.get(ONE)).toBe(signers(b));
      await allCertified(b, old);
    } finally {
      b.cleanup();
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

  it('FR-120 P11-30 asked together, each signer is checked on its own: the revoked one refused, one never recorded by this station not found, the others certified', async () => {
    const mine = await hub.hub.db.orm.select().from(issuedCertificates).where(eq(issuedCertificates.issuedBy, `station:${t.stationId}`));
    const revoked = mine.filter((c) => c.revokedAt !== null);
    const active = mine.filter((c) => c.revokedAt === null);
    expect(revoked.length).toBeGreaterThan(0);
    expect(active.length).toBeGreaterThan(0);
    const hubs = await hub.hub.db.orm.select().from(issuedCertificates).where(eq(issuedCertificates.issuedBy, `hub-for:${active[0]!.fingerprint}`));
    const unknown = 'f'.repeat(64);
    const answers = await certifyStationSigners(hub.hub.services.ctx, t.stationId, [revoked[0]!.fingerprint, unknown, active[0]!.fingerprint], hub.hub.services.certCache);
    expect(answers.ok && answers.value.map((a) => (a.result.ok ? 'ok' : a.result.error.code))).toEqual(['SIGNER_CERTIFICATE_REVOKED', 'NOT_FOUND', 'ok']);
    // The same certificate as one by one gives (asking twice returns the same one).
    expect(answers.ok && answers.value[2]!.result.ok && answers.value[2]!.result.value.certPem).toBe(hubs[0]!.certPem);
    // And over the signed batch request, as the station reads it: the same answer per signer.
    const client = new HubClient(httpTransport(hub.url), t.clock, credentials(t));
    const asked = await client.certifySigners([revoked[0]!.fingerprint, unknown, active[0]!.fingerprint]);
    expect(asked.ok && asked.value.signers.map((s) => ('error' in s ? s.error.code : s.certPem))).toEqual(['SIGNER_CERTIFICATE_REVOKED', 'NOT_FOUND', hubs[0]!.certPem]);
  });

  it('FR-120 a signer asked twice in one request is one rule: the function refuses the whole request as the route does (INPUT_INVALID), certifying no one', async () => {
    const mine = await hub.hub.db.orm.select().from(issuedCertificates).where(eq(issuedCertificates.issuedBy, `station:${t.stationId}`));
    const active = mine.find((c) => c.revokedAt === null)!;
    const unknown = 'e'.repeat(64);
    const issuedBefore = (await hub.hub.db.orm.select().from(issuedCertificates)).length;
    const direct = await certifyStationSigners(hub.hub.services.ctx, t.stationId, [active.fingerprint, unknown, active.fingerprint], hub.hub.services.certCache);
    expect(!direct.ok && direct.error.code).toBe('INPUT_INVALID');
    // The route's schema refuses the same body before anything else reads it, with the same code and words.
    const routed = await fetch(`${hub.url}${BATCH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ certFingerprints: [active.fingerprint, unknown, active.fingerprint] }) });
    expect(routed.status).toBe(400);
    const body = (await routed.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INPUT_INVALID');
    expect(!direct.ok && direct.error.message).toBe(body.error.message);
    expect((await hub.hub.db.orm.select().from(issuedCertificates)).length).toBe(issuedBefore);
  });

  it('P11-30 the signed revocation list is kept per revocation generation: the same list while nothing changes, a new one at the very next request after a revocation or a change to one', async () => {
    const ctx = hub.hub.services.ctx;
    const listed = (pem: string) => {
      const l = readRevocationList(pem, ctx.keys.caCertPem);
      expect(l.ok).toBe(true);
      return l.ok ? l.value.revoked.map((r) => `${r.serialNumber}:${r.reason ?? '-'}`).sort() : [];
    };
    const first = await currentRevocationList(ctx);
    // Nothing changed (and the test clock stands still): the list signed before, not a new signature.
    expect(await currentRevocationList(ctx)).toBe(first);
    const [active] = await hub.hub.db.orm.select().from(issuedCertificates).where(and(eq(issuedCertificates.issuedBy, `station:${t.stationId}`), isNull(issuedCertificates.revokedAt)));
    expect((await hub.api('POST', `/api/v1/quality/certificates/${active!.fingerprint}/revoke`, { reason: 'left the company' })).status).toBe(200);
    const second = await currentRevocationList(ctx);
    expect(second).not.toBe(first);
    expect(listed(second)).toContain(`${active!.serialNumber}:affiliationChanged`);
    // A change that keeps the number of revocations and the latest time (a reason corrected):
    // still a new generation, so never the stale list.
    await hub.hub.db.orm.update(issuedCertificates).set({ revocationReason: 'key stolen from the locker' }).where(eq(issuedCertificates.fingerprint, active!.fingerprint));
    const third = await currentRevocationList(ctx);
    expect(listed(third)).toContain(`${active!.serialNumber}:keyCompromise`);
    expect(await currentRevocationList(ctx)).toBe(third);
  });
});
