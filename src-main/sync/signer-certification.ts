/**
 * Station users certified by the hub CA (issue 10 item 7; architecture.md, PKI). Offline, a new
 * signer's key is certified by the station's local CA so the account works at once; at every
 * sync round the station asks the hub CA to certify each active signer's key that the hub CA
 * has not certified yet (all of them in one signed request, FR-120; one by one at an older hub),
 * checks the answer (chains to the hub CA pinned at enrolment, the same
 * user, the same name, exactly the same public key) and records it as `certificate.issued`.
 * From then on that signer's signatures name the hub-issued certificate. The key never leaves
 * the station, and nothing here runs on the signing path.
 */
import { err, ok, type Result } from '../../src-shared/result.ts';
import { ErrorCode } from '../../src-shared/errors.ts';
import { MAX_CERTIFY_SIGNERS } from '../../src-shared/sync/sync-protocol.ts';
import { createCertificateCache, inspectCertificate, verifyCertificateChain, type CertificateCache } from '../../src-core/pki/certificate-check.ts';
import { certificatePayload } from '../core/station/site-ca-access.ts';
import type { Station } from '../compose.ts';
import type { HubClient } from './hub-client.ts';

interface Row {
  user_id: string;
  fingerprint: string;
  cert_pem: string;
}

/** How many signers the hub CA certified in this round. */
export async function certifySigners(station: Station, client: HubClient, hubCaCertPem: string): Promise<Result<number>> {
  const now = station.clock.now();
  const rows = station.db.sqlite
    .prepare("select u.user_id, c.fingerprint, c.cert_pem from users u join certificates c on c.fingerprint = u.signing_cert_fingerprint where c.revoked_at is null and u.status <> 'disabled' order by u.user_id")
    .all() as Row[];
  // One cache for the round: the hub CA and each signer's certificate are parsed once, not at
  // every check (a PEM parse costs about as much as the RSA check itself).
  const cache = createCertificateCache();
  const wanted = rows.filter((row) => !verifyCertificateChain(row.cert_pem, hubCaCertPem, now, { kind: 'user-signing', cache }).ok);
  let certified = 0;
  const take = (row: Row, answer: Result<{ certPem: string }>): Result<void> => {
    if (!answer.ok) {
      // Not pushed yet, or revoked meanwhile (the revocation list will say so): next round.
      if (answer.error.code === 'NOT_FOUND' || answer.error.code === 'SIGNER_CERTIFICATE_REVOKED') return ok(undefined);
      return answer;
    }
    const recorded = record(station, row, answer.value.certPem, hubCaCertPem, now, cache);
    if (!recorded.ok) return recorded;
    if (recorded.value) certified++;
    return ok(undefined);
  };
  // All of them in one signed request per MAX_CERTIFY_SIGNERS (FR-120); one by one at a hub
  // that does not know that request.
  for (let i = 0; i < wanted.length; i += MAX_CERTIFY_SIGNERS) {
    const chunk = wanted.slice(i, i + MAX_CERTIFY_SIGNERS);
    const answer = await client.certifySigners(chunk.map((r) => r.fingerprint));
    if (!answer.ok) {
      // An older hub: its unsigned 404 (hub-client.ts, certifySigners).
      if (answer.error.code === 'HUB_RESPONSE_INVALID' && answer.error.details?.authenticated === false && answer.error.details.httpStatus === 404) {
        for (const row of wanted.slice(i)) {
          const taken = take(row, await client.certifySigner(row.fingerprint));
          if (!taken.ok) return taken;
        }
        break;
      }
      return answer;
    }
    const byFingerprint = new Map(answer.value.signers.map((a) => [a.certFingerprint, a]));
    if (byFingerprint.size !== answer.value.signers.length || answer.value.signers.length !== chunk.length || chunk.some((r) => !byFingerprint.has(r.fingerprint))) {
      return err('HUB_RESPONSE_INVALID', `the hub answered for other signers than the ${chunk.length} this station asked it to certify`);
    }
    for (const row of chunk) {
      const a = byFingerprint.get(row.fingerprint)!;
      const code = 'error' in a ? ErrorCode.safeParse(a.error.code) : null;
      const taken = take(row, 'error' in a ? err(code?.success ? code.data : 'HUB_ERROR', a.error.message) : ok({ certPem: a.certPem }));
      if (!taken.ok) return taken;
    }
  }
  return ok(certified);
}

/**
 * Checks the hub's certificate for a signer (chains to the hub CA pinned at enrolment, the same
 * user, the same name, exactly the same public key) and records it; false when the signer was
 * re-issued meanwhile (nothing recorded).
 */
function record(station: Station, row: Row, certPem: string, hubCaCertPem: string, now: Date, cache: CertificateCache): Result<boolean> {
  const chain = verifyCertificateChain(certPem, hubCaCertPem, now, { kind: 'user-signing', cache });
  if (!chain.ok) return err('CERTIFICATE_INVALID', `the hub's certificate for ${row.user_id}: ${chain.error.message}`);
  const local = inspectCertificate(row.cert_pem, cache);
  if (!local.ok || chain.value.userId !== row.user_id || chain.value.subjectCommonName !== local.value.subjectCommonName || !chain.value.publicKey.equals(local.value.publicKey)) {
    return err('CERTIFICATE_INVALID', `the hub's certificate for ${row.user_id} does not certify that signer's key and name`);
  }
  // The signer may have been re-issued while we waited for the hub: only replace what we asked about.
  const current = station.users.byId(row.user_id);
  if (current?.signingCertFingerprint !== row.fingerprint) return ok(false);
  const appended = station.ledger.append([{ type: 'certificate.issued', actor: null, payload: certificatePayload('user-signing', row.user_id, certPem, cache) }]);
  return appended.ok ? ok(true) : appended;
}
