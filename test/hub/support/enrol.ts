/** Enrols a test station at a test hub the way IT does it: request, approve, complete. */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { expect } from 'vitest';
import { unwrap } from '../../../src-shared/result.ts';
import type { Station } from '../../../src-main/compose.ts';
import { HubClient, type StationCredentials } from '../../../src-main/sync/hub-client.ts';
import { readKey } from '../../../src-main/db/keystore-repo.ts';
import { readSyncRecord } from '../../../src-main/sync/sync-record.ts';
import { unwrapPrivateKey } from '../../../src-core/pki/signing-keys.ts';
import { httpTransport, type HubTransport } from '../../../src-main/sync/hub-transport.ts';
import { completeEnrolment, requestEnrolment } from '../../../src-main/sync/station-enrolment.ts';
import { SyncService, type SyncServiceDeps } from '../../../src-main/sync/sync-service.ts';
import { keyPool } from '../../fakes/key-pool.ts';
import type { KeySource } from '../../../src-core/pki/key-source.ts';
import { TEST_SECRET } from '../../fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../../fakes/test-scrypt-params.ts';
import { startTestHub, type TestHub } from './test-hub.ts';
import { asc, eq } from 'drizzle-orm';
import { ledgerEntries } from '../../../src-server/db/schema.ts';

let keyOffset = 100;

/**
 * The next pool key that none of the station's own keystore keys is: the pool holds 24 pairs and
 * this counter lives as long as the worker (isolate: false), so after 20-odd enrolments it came
 * round to the station's own local key, and a test signing with that key "as a forger" signed
 * with the enrolled one (P11-15 failed once in a full run, never alone).
 */
function enrolmentKeys(station: Station): KeySource {
  const own = new Set(
    (station.db.sqlite.prepare('select cert_pem from keystore where cert_pem is not null').all() as { cert_pem: string }[]).map((r) =>
      new X509Certificate(r.cert_pem).publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    ),
  );
  for (let tries = 0; tries < 24; tries++) {
    const pool = keyPool(keyOffset++);
    const first = pool.next();
    if (!own.has(createPublicKey(first.publicKeyPem).export({ type: 'spki', format: 'der' }).toString('base64'))) return keyPool(keyOffset - 1);
  }
  throw new Error('every pool key is one of the station\'s own');
}

export async function enrolStation(station: Station, hub: TestHub, transport: HubTransport = httpTransport(hub.url)): Promise<string> {
  const client = new HubClient(transport, station.clock, null);
  const code = await hub.api<{ code: string }>('POST', '/api/v1/admin/enrolment-codes', { validHours: 4 });
  expect(code.status, JSON.stringify(code.body)).toBe(201);
  const requested = unwrap(await requestEnrolment(station, client, { stationSecret: TEST_SECRET, keys: enrolmentKeys(station), scrypt: TEST_SCRYPT_PARAMS, enrolmentCode: code.body.code }));
  const approved = await hub.api('POST', `/api/v1/admin/enrolments/${requested.requestId}/approve`, { reason: 'line 1 commissioning' });
  expect(approved.status).toBe(200);
  unwrap(await completeEnrolment(station, client, { stationSecret: TEST_SECRET }));
  return requested.requestId;
}

export function syncService(station: Station, transport: HubTransport, extra: Partial<SyncServiceDeps> = {}): SyncService {
  return new SyncService({ station, stationSecret: TEST_SECRET, transport, pageSize: 50, ...extra });
}

/** An enrolled test station's own request credentials (its key, its certificate or `fingerprint`, the hub certificate it trusts). */
export function credentials(station: Station, fingerprint?: string): StationCredentials {
  const key = unwrap(unwrapPrivateKey(readKey(station.db.sqlite, 'station')!.wrapped, TEST_SECRET));
  const f = (station.db.sqlite.prepare('select station_cert_fingerprint as f from station').get() as { f: string }).f;
  return { stationId: station.stationId, certFingerprint: fingerprint ?? f, privateKey: key, hubCertPem: readSyncRecord(station.ledger).enrolled?.hubCertPem ?? '' };
}

/**
 * A production test station's ledger as a new PGlite hub stores it after enrolment and two sync
 * rounds: each entry's seq, type and hash (the hub's intake checks every type and payload against
 * the shared schemas, so a type it does not know is refused there). The hub is closed after.
 */
export async function storedAtHub(station: Station): Promise<{ seq: number; type: string; hash: string }[]> {
  const hub = await startTestHub({ backend: 'pglite', clock: station.clock });
  try {
    const transport = httpTransport(hub.url);
    await enrolStation(station, hub, transport);
    const sync = syncService(station, transport);
    unwrap(await sync.runOnce());
    unwrap(await sync.runOnce());
    return await hub.hub.db.orm.select({ seq: ledgerEntries.seq, type: ledgerEntries.type, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.stationId, station.stationId)).orderBy(asc(ledgerEntries.seq));
  } finally {
    await hub.close();
  }
}
