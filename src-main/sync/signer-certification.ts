/**
 * Station users certified by the hub CA (issue 10 item 7; architecture.md, PKI). Offline, a new
 * signer's key is certified by the station's local CA so the account works at once; at every
 * sync round the station asks the hub CA to certify each active signer's key that the hub CA
 * has not certified yet, checks the answer (chains to the hub CA pinned at enrolment, the same
 * user, the same name, exactly the same public key) and records it as `certificate.issued`.
 * From then on that signer's signatures name the hub-issued certificate. The key never leaves
 * the station, and nothing here runs on the signing path.
 */
import { err, ok, type Result } from '../../src-shared/result.ts';
import { createCertificateCache, inspectCertificate, verifyCertificateChain } from '../../src-core/pki/certificate-check.ts';
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
  let certified = 0;
  for (const row of rows) {
    if (verifyCertificateChain(row.cert_pem, hubCaCertPem, now, { kind: 'user-signing', cache }).ok) continue;
    const answer = await client.certifySigner(row.fingerprint);
    if (!answer.ok) {
      // Not pushed yet, or revoked meanwhile (the revocation list will say so): next round.
      if (answer.error.code === 'NOT_FOUND' || answer.error.code === 'SIGNER_CERTIFICATE_REVOKED') continue;
      return answer;
    }
    const certPem = answer.value.certPem;
    const chain = verifyCertificateChain(certPem, hubCaCertPem, now, { kind: 'user-signing', cache });
    if (!chain.ok) return err('CERTIFICATE_INVALID', `the hub's certificate for ${row.user_id}: ${chain.error.message}`);
    const local = inspectCertificate(row.cert_pem, cache);
    if (!local.ok || chain.value.userId !== row.user_id || chain.value.subjectCommonName !== local.value.subjectCommonName || !chain.value.publicKey.equals(local.value.publicKey)) {
      return err('CERTIFICATE_INVALID', `the hub's certificate for ${row.user_id} does not certify that signer's key and name`);
    }
    // The signer may have been re-issued while we waited for the hub: only replace what we asked about.
    const current = station.users.byId(row.user_id);
    if (current?.signingCertFingerprint !== row.fingerprint) continue;
    const appended = station.ledger.append([{ type: 'certificate.issued', actor: null, payload: certificatePayload('user-signing', row.user_id, certPem, cache) }]);
    if (!appended.ok) return appended;
    certified++;
  }
  return ok(certified);
}
