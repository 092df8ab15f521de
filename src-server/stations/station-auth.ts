/**
 * Authenticates a signed station request (the scheme and why it is as strong as mutual TLS:
 * src-core/sync/request-signature.ts). Order matters: the signature is checked before
 * anything about the station is revealed (revoked, quarantined) and before a nonce is stored,
 * so an unauthenticated caller learns nothing and cannot fill the nonce table.
 */
import { lt, sql, type SQL } from 'drizzle-orm';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { inspectCertificate, type CertificateCache } from '../../src-core/pki/certificate-check.ts';
import { REQUEST_WINDOW_MS, SYNC_HEADERS, sha256Hex, verifyRequestSignature } from '../../src-core/sync/request-signature.ts';
import { issuedCertificates, requestNonces, stations } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import { preparedRows } from '../db/prepared-statement.ts';
import { wireStationId } from '../../src-shared/sync/ledger-key.ts';

export interface SignedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  rawBody: Buffer | undefined;
  headers: Record<string, string | string[] | undefined>;
  /**
   * Called once the station's signature has verified, before the checks that may still refuse
   * the request (revoked, quarantined, clock skew, replay): such a refusal goes to the
   * authenticated station and is signed, so it can believe e.g. the hub's time.
   */
  onSignatureVerified?: (nonce: string) => void;
}

export interface AuthenticatedStation {
  /**
   * The hub-side ledger key this request belongs to: the station id, or `<id>~<epoch>` for a
   * re-created station whose new identity IT and QA accepted (src-shared/sync/ledger-key.ts).
   * Decided here, from the certificate the hub issued, and nowhere else.
   */
  stationId: string;
  certFingerprint: string;
  nonce: string;
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The two statements every station request runs, as named prepared statements of the
 * connection (prepared-statement.ts): parsed and planned once per connection on PostgreSQL, and
 * on PGlite too, where drizzle's `.prepare(name)` is not a named statement and planned the
 * certificate join again on every request (~31 ms of PGlite CPU per sync round of 5,000 entries;
 * issue 16). Parameters as text (preparedRows sends no dates); timestamps come back as the
 * driver's text, read as drizzle reads them.
 */
type CertificateRow = { subject_id: string; cert_pem: string; revoked: boolean; not_after: string | Date; status: (typeof stations.$inferSelect)['status'] | null; current_cert: string | null };

export function certificateSql(fingerprint: string): SQL {
  return sql`select c.subject_id, c.cert_pem, c.revoked_at is not null as revoked, c.not_after, s.status, s.cert_fingerprint as current_cert
    from ${issuedCertificates} c left join ${stations} s on s.station_id = c.subject_id
    where c.fingerprint = ${fingerprint} and c.kind = 'station'`;
}

export function nonceSql(stationId: string, nonce: string, expiresAt: Date): SQL {
  return sql`insert into ${requestNonces} (station_id, nonce, expires_at) values (${stationId}, ${nonce}, ${expiresAt.toISOString()}::timestamptz)
    on conflict do nothing returning nonce`;
}

export async function authenticateStation(ctx: HubContext, cache: CertificateCache, req: SignedRequest): Promise<Result<AuthenticatedStation>> {
  const h = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : undefined;
  };
  const stationId = h(SYNC_HEADERS.station);
  const fingerprint = h(SYNC_HEADERS.cert);
  const time = h(SYNC_HEADERS.time);
  const nonce = h(SYNC_HEADERS.nonce);
  const signature = h(SYNC_HEADERS.signature);
  if (!stationId || !fingerprint || !time || !nonce || !signature) {
    return err('REQUEST_UNSIGNED', `station requests must carry ${Object.values(SYNC_HEADERS).slice(0, 5).join(', ')}`);
  }
  if (!NONCE.test(nonce) || !/^[0-9a-f]{64}$/.test(fingerprint)) return err('REQUEST_SIGNATURE_INVALID', 'malformed nonce or certificate fingerprint');

  const [found] = await preparedRows<CertificateRow>(ctx.db, certificateSql(fingerprint));
  const row = found && { subjectId: found.subject_id, certPem: found.cert_pem, revoked: found.revoked, notAfter: new Date(found.not_after), status: found.status, currentCert: found.current_cert };
  if (!row || wireStationId(row.subjectId) !== stationId || row.status === null) {
    return err('STATION_NOT_ENROLLED', `station ${stationId} is not enrolled at this hub with that certificate`);
  }
  const cert = inspectCertificate(row.certPem, cache);
  if (!cert.ok) return cert;
  const parts = { method: req.method, path: req.url, bodySha256: sha256Hex(req.rawBody ?? Buffer.alloc(0)), time, nonce, stationId, certFingerprint: fingerprint };
  if (!verifyRequestSignature(cert.value.publicKey, parts, signature)) {
    return err('REQUEST_SIGNATURE_INVALID', 'the request signature does not verify with the station certificate');
  }
  req.onSignatureVerified?.(nonce);

  const now = ctx.clock.now();
  if (row.revoked || row.status === 'revoked') return err('STATION_REVOKED', `station ${stationId} has been revoked at the hub`);
  if (row.currentCert !== fingerprint) return err('STATION_REVOKED', 'this station certificate has been superseded');
  if (row.status === 'quarantined') return err('STATION_QUARANTINED', `station ${stationId} is quarantined; IT must resolve it at the hub`);
  if (row.notAfter < now) return err('CERTIFICATE_INVALID', `the station certificate expired at ${row.notAfter.toISOString()}; re-enrol the station`);

  const sent = Date.parse(time);
  if (!Number.isFinite(sent) || Math.abs(sent - now.getTime()) > REQUEST_WINDOW_MS) {
    return err('REQUEST_CLOCK_SKEW', `request time ${time} is more than ${REQUEST_WINDOW_MS / 60_000} minutes from the hub's ${now.toISOString()}: check the station clock`, {
      hubTime: now.toISOString(),
    });
  }
  const stored = await preparedRows<{ nonce: string }>(ctx.db, nonceSql(row.subjectId, nonce, new Date(sent + REQUEST_WINDOW_MS)));
  if (stored.length === 0) return err('REQUEST_REPLAYED', 'this request was received before (same nonce): refused as a replay');
  // Expired nonces are refused by the time check alone; sweep them now and then.
  if (Math.random() < 0.02) await ctx.db.delete(requestNonces).where(lt(requestNonces.expiresAt, now));
  return ok({ stationId: row.subjectId, certFingerprint: fingerprint, nonce });
}

