/**
 * The hub CA certifies station users (issue 10 item 7). A station certifies a new signer's key
 * with its own local CA at once, so accounts work offline; the hub registers that certificate
 * at intake (after the ledger verifier checked its chain) and, when the station next asks over
 * the authenticated sync channel, issues a hub-CA certificate for the SAME key and subject.
 * No private key leaves the station and the signer types nothing: the station vouches with
 * its own signed request, and the hub only certifies a key it already holds a verified
 * certificate for, issued in that station's ledger, not revoked.
 *
 * The two certificates of one key are linked by `issued_by` = `hub-for:<station cert fp>`,
 * so asking twice returns the same certificate, and revoking either revokes both
 * (HubDirectory.revokeCertificate).
 */
import { eq, inArray, or } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { inspectCertificate, type CertificateCache } from '../../../src-core/pki/certificate-check.ts';
import { issuedCertificates } from '../../db/schema.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubTx } from '../../db/open-hub-db.ts';
import { audit } from '../../admin/hub-audit.ts';
import { issueUserSigningCertificate } from './signer-keys.ts';
import { EACH_FINGERPRINT_ONCE, eachFingerprintOnce } from '../../../src-shared/sync/sync-protocol.ts';

const CLOCK_ALLOWANCE_MS = 3_600_000;

/**
 * `cache`: the hub's certificate cache (the one intake verifies with), so the station's
 * certificate, parsed when its entry arrived, is not parsed again, and the certificate issued
 * here is already parsed when the station records it and pushes it back.
 */
export async function certifyStationSigner(ctx: HubContext, stationId: string, fingerprint: string, cache?: CertificateCache): Promise<Result<{ certPem: string }>> {
  return ctx.db.transaction((tx) => certifyIn(tx, ctx, stationId, fingerprint, cache));
}

/**
 * Several signers in one signed request and one transaction (FR-120): each is checked and
 * certified exactly as by certifyStationSigner, in the order asked, and refused on its own with
 * the same codes; one signer's refusal certifies the others all the same. A fingerprint asked
 * twice refuses the whole request (INPUT_INVALID), as the route's schema does
 * (CertifySignersBodySchema): one rule, so there is no second answer for one signer to agree with.
 */
export async function certifyStationSigners(ctx: HubContext, stationId: string, fingerprints: readonly string[], cache?: CertificateCache): Promise<Result<{ certFingerprint: string; result: Result<{ certPem: string }> }[]>> {
  if (!eachFingerprintOnce(fingerprints)) return err('INPUT_INVALID', `certFingerprints: ${EACH_FINGERPRINT_ONCE}`);
  return ctx.db.transaction(async (tx) => {
    // One read for the whole request, not two per signer: each asked certificate and any
    // hub certificate already issued for its key (what certifyIn would read one by one).
    const rows = fingerprints.length === 0 ? [] : await tx.select().from(issuedCertificates).where(or(inArray(issuedCertificates.fingerprint, [...fingerprints]), inArray(issuedCertificates.issuedBy, fingerprints.map((fp) => `hub-for:${fp}`))));
    const local = new Map<string, CertRow>();
    const sibling = new Map<string, Pick<CertRow, 'certPem' | 'revokedAt'>>();
    for (const r of rows) {
      if (fingerprints.includes(r.fingerprint)) local.set(r.fingerprint, r);
      if (r.issuedBy.startsWith('hub-for:') && !sibling.has(r.issuedBy.slice('hub-for:'.length))) sibling.set(r.issuedBy.slice('hub-for:'.length), r);
    }
    const out: { certFingerprint: string; result: Result<{ certPem: string }> }[] = [];
    for (const fp of fingerprints) out.push({ certFingerprint: fp, result: await certifyIn(tx, ctx, stationId, fp, cache, { local: local.get(fp), sibling: sibling.get(fp) }) });
    return ok(out);
  });
}

type CertRow = typeof issuedCertificates.$inferSelect;

async function certifyIn(
  tx: HubTx,
  ctx: HubContext,
  stationId: string,
  fingerprint: string,
  cache: CertificateCache | undefined,
  known?: { local: CertRow | undefined; sibling: Pick<CertRow, 'certPem' | 'revokedAt'> | undefined },
): Promise<Result<{ certPem: string }>> {
  const [local] = known ? [known.local] : await tx.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, fingerprint));
  if (!local || local.kind !== 'user-signing' || local.issuedBy !== `station:${stationId}`) {
    return err('NOT_FOUND', `no user-signing certificate ${fingerprint.slice(0, 12)}… recorded by station ${stationId} has reached the hub (push first)`);
  }
  if (local.revokedAt) return err('SIGNER_CERTIFICATE_REVOKED', `the certificate was revoked at ${local.revokedAt.toISOString()}; it is not certified again`);
  const [sibling] = known ? [known.sibling] : await tx.select().from(issuedCertificates).where(eq(issuedCertificates.issuedBy, `hub-for:${fingerprint}`));
  if (sibling) return sibling.revokedAt ? err('SIGNER_CERTIFICATE_REVOKED', `the certificate was revoked at ${sibling.revokedAt.toISOString()}`) : ok({ certPem: sibling.certPem });
  const info = inspectCertificate(local.certPem, cache);
  if (!info.ok || info.value.userId === undefined) return err('CERTIFICATE_INVALID', 'the station certificate names no user');
  const now = ctx.clock.now();
  // Valid from an hour back: the station records and uses the certificate on ITS clock, which
  // may trail the hub's by the drift it is allowed; a certificate "not yet valid" there would
  // make the entry recording it, and every signature with it, fail verification.
  const validFrom = new Date(now.getTime() - CLOCK_ALLOWANCE_MS);
  const issuedCert = await issueUserSigningCertificate(tx, ctx, {
    subjectPublicKeyPem: info.value.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    commonName: info.value.subjectCommonName,
    userId: info.value.userId,
    subjectId: local.subjectId,
    validFrom,
    issuedAt: now,
    issuedBy: `hub-for:${fingerprint}`,
    cache,
  });
  if (!issuedCert.ok) return issuedCert;
  const { certPem, info: issued } = issuedCert.value;
  await audit(tx, now, { actor: `station:${stationId}`, action: 'certificate.issued', subject: local.subjectId, details: { kind: 'user-signing', fingerprint: issued.fingerprint, sameKeyAs: fingerprint, station: stationId } });
  return ok({ certPem });
}
