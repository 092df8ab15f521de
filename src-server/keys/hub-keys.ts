/**
 * The hub's two keys: the site CA (issues station and user-signing certificates) and the hub
 * signing key (countersigns accepted checkpoints, signs answers to stations), whose certificate
 * the CA issues. The CA key only signs certificates, as its keyUsage says (RFC 5280 §4.2.1.3).
 *
 * Both live in the database, wrapped (scrypt + AES-256-GCM, signing-keys.ts) with the hub
 * secret, which is NOT in the database (BATCHLINE_HUB_SECRET, or a 0600 file in the PGlite data
 * folder): a copy of the database alone cannot issue a certificate. Every hub process on the
 * database uses the same keys; the first to start creates them under an advisory lock.
 *
 * The hub certificate has the station profile (digitalSignature, clientAuth) with station id
 * HUB_SUBJECT_ID; enrolment refuses that id for stations, so no station can hold it.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createSiteCa, issueCertificate, randomSerial } from '../../src-core/pki/site-ca.ts';
import { inspectCertificate } from '../../src-core/pki/certificate-check.ts';
import { unwrapPrivateKeys, wrapPrivateKeys, type ScryptParams } from '../../src-core/pki/signing-keys.ts';
import type { KeySource } from '../../src-core/pki/key-source.ts';
import { err, ok, unwrap, type Result } from '../../src-shared/result.ts';
import { hubKeys, issuedCertificates } from '../db/schema.ts';
import type { HubOrm } from '../db/open-hub-db.ts';

export const HUB_SUBJECT_ID = 'HUB';
const KEY_CREATION_LOCK = 0x62_6c_6b_65_79; // "blkey"

export interface HubKeys {
  caCertPem: string;
  caKeyPem: string;
  caFingerprint: string;
  hubCertPem: string;
  hubCertFingerprint: string;
  hubKey: KeyObject;
}

export interface HubKeyOptions {
  secret: string;
  site: string;
  now: Date;
  keys: KeySource;
  scrypt?: ScryptParams;
  /** A CA made elsewhere (tests, or an offline root ceremony); used only when none exists yet. */
  initialCa?: { certPem: string; keyPem: string };
}

export async function loadOrCreateHubKeys(db: HubOrm, options: HubKeyOptions): Promise<Result<HubKeys>> {
  let rows = await db.select().from(hubKeys);
  if (rows.length < 2) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${KEY_CREATION_LOCK})`);
      const existing = await tx.select({ name: hubKeys.name }).from(hubKeys);
      if (existing.length >= 2) return;
      const ca = options.initialCa ?? createSiteCa({ commonName: `${options.site} Batchline site CA`, organisation: options.site, validDays: 15 * 365, now: options.now });
      const hubPair = options.keys.next();
      const hubCertPem = issueCertificate({
        caCertPem: ca.certPem,
        caKeyPem: ca.keyPem,
        subjectPublicKeyPem: hubPair.publicKeyPem,
        subject: { commonName: `${options.site} Batchline hub`, stationId: HUB_SUBJECT_ID },
        kind: 'station',
        serial: randomSerial(),
        validDays: 5 * 365,
        // Backdated like station certificates (enrolment-service.ts), for stations whose
        // clocks run a little behind.
        now: new Date(options.now.getTime() - 60 * 60_000),
      });
      const info = unwrap(inspectCertificate(hubCertPem));
      // One scrypt derivation for both keys, and one again at every start (unwrapPrivateKeys).
      const [caWrapped, hubWrapped] = wrapPrivateKeys([ca.keyPem, hubPair.privateKeyPem], options.secret, options.scrypt);
      await tx.insert(hubKeys).values([
        { name: 'site-ca', wrapped: caWrapped, certPem: ca.certPem, createdAt: options.now },
        { name: 'hub-signing', wrapped: hubWrapped, certPem: hubCertPem, createdAt: options.now },
      ]);
      await tx.insert(issuedCertificates).values({
        fingerprint: info.fingerprint,
        serialNumber: info.serialNumber,
        kind: 'hub',
        subjectId: HUB_SUBJECT_ID,
        certPem: hubCertPem,
        notBefore: info.notBefore,
        notAfter: info.notAfter,
        issuedAt: options.now,
        issuedBy: 'hub',
      });
    });
    rows = await db.select().from(hubKeys);
  }
  const ca = rows.find((r) => r.name === 'site-ca');
  const hub = rows.find((r) => r.name === 'hub-signing');
  if (!ca || !hub) return err('NOT_FOUND', 'the hub keystore is incomplete');
  const [caKey, hubKey] = unwrapPrivateKeys([ca.wrapped, hub.wrapped], options.secret);
  if (!caKey.ok || !hubKey.ok) return err('HUB_SECRET_INVALID', 'the hub secret does not open the keys in this database (BATCHLINE_HUB_SECRET differs from the one they were made with)');
  return ok({
    caCertPem: ca.certPem,
    caKeyPem: caKey.value.export({ type: 'pkcs8', format: 'pem' }).toString(),
    caFingerprint: certFingerprint(ca.certPem),
    hubCertPem: hub.certPem,
    hubCertFingerprint: certFingerprint(hub.certPem),
    hubKey: createPrivateKey(hubKey.value.export({ type: 'pkcs8', format: 'pem' })),
  });
}

export function certFingerprint(pem: string): string {
  return unwrap(inspectCertificate(pem)).fingerprint;
}
