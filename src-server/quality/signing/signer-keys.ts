/**
 * The signing key of a QA or QP at the hub (21 CFR 11.100, 11.200(a)): an RSA key pair of
 * their own, its private half wrapped with their password (signing-keys.ts: scrypt +
 * AES-256-GCM), its certificate issued by the hub CA and listed in issued_certificates like
 * every other certificate the CA issues.
 *
 * The key is made at the signer's first signature, when the hub has just checked their
 * password: the password never has to be stored or sent anywhere else to wrap it. A key about
 * to expire, or one that no longer opens with the account's current password, is replaced the
 * same way and the old certificate revoked. A certificate REVOKED (by IT, a lost key, a person
 * who left) is never silently replaced (issue 10 item 7): signing is refused with
 * SIGNER_CERTIFICATE_REVOKED until an administrator asks for a re-issue and QA approves it
 * (signer-reissue.ts). A password reset drops the key with the certificate (account-admin.ts),
 * and the holder's identity is verified again by a second person before the next key is made.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { issueCertificate, randomSerial } from '../../../src-core/pki/site-ca.ts';
import { inspectCertificate, type CertificateCache, type CertificateInfo } from '../../../src-core/pki/certificate-check.ts';
import { unwrapPrivateKey, wrapPrivateKey } from '../../../src-core/pki/signing-keys.ts';
import { issuedCertificates } from '../../db/schema.ts';
import type { HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import { audit } from '../../admin/hub-audit.ts';
import { qualitySigningKeys } from '../db/quality-schema.ts';
import { spendReissue } from './signer-reissue.ts';

export const SIGNER_CERT_DAYS = 3 * 365;
const RENEW_BEFORE_MS = 24 * 3_600_000;
/** Revocations the hub makes itself when it replaces a key: these do not need a re-issue. */
const RENEWAL_REASONS = ['renewed before expiry', 'superseded: the account password changed'] as const;

export interface SignerKey {
  privateKey: KeyObject;
  certPem: string;
  fingerprint: string;
}

export interface Signer {
  userId: string;
  username: string;
  printedName: string;
}

/** The signer's key, opened with the password the caller has already verified for the account. */
export async function signerKey(tx: HubTx, ctx: HubContext, signer: Signer, password: string): Promise<Result<SignerKey>> {
  const now = ctx.clock.now();
  // Two first signatures of one person at once (two hub processes) must not both issue a key.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.signer:${signer.userId}`}))`);
  const [row] = await tx.select().from(qualitySigningKeys).where(eq(qualitySigningKeys.userId, signer.userId)).for('update');
  if (row) {
    const [cert] = await tx.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, row.certFingerprint));
    const usable = cert && !cert.revokedAt && cert.notAfter.getTime() - now.getTime() > RENEW_BEFORE_MS;
    const key = unwrapPrivateKey(row.wrapped, password);
    if (usable && key.ok) return ok({ privateKey: key.value, certPem: cert.certPem, fingerprint: cert.fingerprint });
    if (cert?.revokedAt && !RENEWAL_REASONS.some((r) => cert.revocationReason?.startsWith(r)) && !(await spendReissue(tx, signer.userId, now))) {
      await audit(tx, now, { actor: signer.username, action: 'certificate.reissue_refused', subject: signer.userId, ok: false, details: { fingerprint: cert.fingerprint, revokedAt: cert.revokedAt.toISOString() } });
      return err('SIGNER_CERTIFICATE_REVOKED', `the signing certificate of ${signer.username} was revoked at ${cert.revokedAt.toISOString()}; an administrator must ask for a re-issue and QA approve it`);
    }
    if (cert && !cert.revokedAt) {
      const reason = key.ok ? RENEWAL_REASONS[0] : RENEWAL_REASONS[1];
      await tx.update(issuedCertificates).set({ revokedAt: now, revocationReason: reason }).where(and(eq(issuedCertificates.fingerprint, cert.fingerprint), isNull(issuedCertificates.revokedAt)));
    }
  }
  return issue(tx, ctx, signer, password, now, row !== undefined);
}

/**
 * A user-signing certificate from the hub CA for a public key, recorded in issued_certificates
 * in the caller's transaction: the hub's own signer keys (below) and a station signer's key
 * certified again by the hub (station-signer-certs.ts) are issued alike.
 */
export async function issueUserSigningCertificate(
  tx: HubTx,
  ctx: HubContext,
  o: { subjectPublicKeyPem: string; commonName: string; userId: string; subjectId: string; validFrom: Date; issuedAt: Date; issuedBy: string; cache?: CertificateCache },
): Promise<Result<{ certPem: string; info: CertificateInfo }>> {
  const certPem = issueCertificate({
    caCertPem: ctx.keys.caCertPem,
    caKeyPem: ctx.keys.caKeyPem,
    subjectPublicKeyPem: o.subjectPublicKeyPem,
    subject: { commonName: o.commonName, userId: o.userId },
    kind: 'user-signing',
    serial: randomSerial(),
    validDays: SIGNER_CERT_DAYS,
    now: o.validFrom,
  });
  const info = inspectCertificate(certPem, o.cache);
  if (!info.ok) return err('CERTIFICATE_INVALID', `the hub CA issued an unreadable certificate: ${info.error.message}`);
  await tx.insert(issuedCertificates).values({
    fingerprint: info.value.fingerprint,
    serialNumber: info.value.serialNumber,
    kind: 'user-signing',
    subjectId: o.subjectId,
    certPem,
    notBefore: info.value.notBefore,
    notAfter: info.value.notAfter,
    issuedAt: o.issuedAt,
    issuedBy: o.issuedBy,
  });
  return ok({ certPem, info: info.value });
}

async function issue(tx: HubTx, ctx: HubContext, signer: Signer, password: string, now: Date, replace: boolean): Promise<Result<SignerKey>> {
  const pair = ctx.keySource.next();
  const issued = await issueUserSigningCertificate(tx, ctx, { subjectPublicKeyPem: pair.publicKeyPem, commonName: signer.printedName, userId: signer.userId, subjectId: signer.userId, validFrom: now, issuedAt: now, issuedBy: 'hub' });
  if (!issued.ok) return issued;
  const { certPem, info } = issued.value;
  const values = { userId: signer.userId, wrapped: wrapPrivateKey(pair.privateKeyPem, password, ctx.scrypt), certFingerprint: info.fingerprint, createdAt: now };
  if (replace) await tx.update(qualitySigningKeys).set(values).where(eq(qualitySigningKeys.userId, signer.userId));
  else await tx.insert(qualitySigningKeys).values(values);
  await audit(tx, now, { actor: signer.username, action: 'certificate.issued', subject: signer.userId, details: { kind: 'user-signing', fingerprint: info.fingerprint, notAfter: info.notAfter.toISOString() } });
  return ok({ privateKey: createPrivateKey(pair.privateKeyPem), certPem, fingerprint: info.fingerprint });
}
