/**
 * Enrolment as the station sees it (issue #6 item 2). `requestEnrolment` makes a new key pair,
 * sends a CSR with the station's genesis entry, keeps the key wrapped as `station-pending`
 * and records `sync.enrolment_requested`. `completeEnrolment` asks for the decision; once
 * approved it checks the certificate (issued by the hub CA seen at request time, for this
 * station, certifying exactly the pending key) and, in ONE ledger append, records
 * `sync.enrolled` + `certificate.issued` and makes the pending key the station key. From then
 * on checkpoints are signed with the hub-issued certificate and the verifier trusts the hub
 * CA as well as the local one of the genesis.
 *
 * Trust in the hub CA is on first use: `batchline enrol` prints its fingerprint for IT to
 * compare with the hub's (`/health`), or IT pins it in advance with `--ca-fingerprint`.
 */
import { err, ok, unwrap, type Result } from '../../src-shared/result.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { Station } from '../compose.ts';
import { rsaSigner } from '../../src-core/ledger/checkpoint.ts';
import { createCsr } from '../../src-core/pki/site-ca.ts';
import { inspectCertificate, verifyCertificateChain } from '../../src-core/pki/certificate-check.ts';
import { unwrapPrivateKey, wrapPrivateKey, type ScryptParams } from '../../src-core/pki/signing-keys.ts';
import type { KeySource } from '../../src-core/pki/key-source.ts';
import { publicKeyFingerprint } from '../../src-core/sync/key-fingerprint.ts';
import { certificatePayload } from '../core/station/site-ca-access.ts';
import { promotePendingStationKey, readPendingStationKey, writePendingStationKey } from '../db/enrolment-keys.ts';
import type { DbWriteTx } from '../db/ledger-store.ts';
import type { HubClient } from './hub-client.ts';
import { readSyncRecord } from './sync-record.ts';

export interface EnrolmentRequested {
  requestId: string;
  caFingerprint: string;
  alreadyRequested: boolean;
}

export async function requestEnrolment(
  station: Station,
  client: HubClient,
  options: { stationSecret: string; keys: KeySource; scrypt?: ScryptParams; expectedCaFingerprint?: string; /** One-time code from IT at the hub. */ enrolmentCode?: string },
): Promise<Result<EnrolmentRequested>> {
  const record = readSyncRecord(station.ledger);
  if (record.enrolled) return err('STATION_ALREADY_ENROLLED', `this station is enrolled at ${record.enrolled.hubUrl} (request ${record.enrolled.requestId})`);
  if (record.requested) return ok({ requestId: record.requested.requestId, caFingerprint: record.requested.hubCaFingerprint, alreadyRequested: true });
  const identity = station.db.sqlite.prepare('select name, site from station where id = 1').get() as { name: string; site: string } | undefined;
  const genesis = station.ledger.bySeq(1);
  if (!identity || !genesis) return err('NOT_FOUND', 'the station has no genesis entry');
  const pair = options.keys.next();
  const csrPem = createCsr({ privateKeyPem: pair.privateKeyPem, publicKeyPem: pair.publicKeyPem, subject: { commonName: identity.name.slice(0, 64), stationId: station.stationId, organisation: identity.site.slice(0, 64) } });
  const answer = await client.requestEnrolment({ stationId: station.stationId, stationName: identity.name, site: identity.site, csrPem, genesis, ...(options.enrolmentCode ? { enrolmentCode: options.enrolmentCode } : {}) });
  if (!answer.ok) return answer;
  if (options.expectedCaFingerprint && answer.value.caFingerprint !== options.expectedCaFingerprint.toLowerCase()) {
    return err('CERTIFICATE_INVALID', `the hub's CA fingerprint ${answer.value.caFingerprint} is not the expected ${options.expectedCaFingerprint}`);
  }
  const wrapped = wrapPrivateKey(pair.privateKeyPem, options.stationSecret, options.scrypt);
  const appended = station.ledger.append(
    [
      {
        type: 'sync.enrolment_requested',
        actor: null,
        payload: { requestId: answer.value.requestId, hubUrl: client.hubUrl, publicKeyFingerprint: publicKeyFingerprint(pair.publicKeyPem), hubCaFingerprint: answer.value.caFingerprint },
      },
    ],
    (tx) => writePendingStationKey(tx as DbWriteTx, wrapped),
  );
  if (!appended.ok) return appended;
  return ok({ requestId: answer.value.requestId, caFingerprint: answer.value.caFingerprint, alreadyRequested: false });
}

/** Ok(entries recorded) once approved; ENROLMENT_PENDING / ENROLMENT_REJECTED otherwise. */
export async function completeEnrolment(station: Station, client: HubClient, options: { stationSecret: string }): Promise<Result<LedgerEntry[]>> {
  const record = readSyncRecord(station.ledger);
  if (record.enrolled) return ok([]);
  if (!record.requested) return err('STATION_NOT_ENROLLED', 'this station has not asked a hub for enrolment (batchline enrol)');
  const requested = record.requested;
  const status = await client.enrolmentStatus(requested.requestId);
  if (!status.ok) return status;
  const s = status.value;
  if (s.status === 'pending') return err('ENROLMENT_PENDING', `enrolment request ${requested.requestId} waits for approval at the hub`, { requestId: requested.requestId });
  if (s.status === 'rejected') return err('ENROLMENT_REJECTED', `enrolment request ${requested.requestId} was rejected: ${s.reason ?? 'no reason given'}`);
  if (!s.certPem || !s.hubCertPem) return err('HUB_RESPONSE_INVALID', 'the hub approved the request but sent no certificate');

  // Check everything before changing anything: the CA is the one seen at request time, the
  // certificates chain to it, and ours certifies exactly our pending key for this station.
  const now = station.clock.now();
  const ca = inspectCertificate(s.caCertPem);
  if (!ca.ok || ca.value.fingerprint !== requested.hubCaFingerprint) return err('CERTIFICATE_INVALID', 'the hub now presents another CA than when enrolment was requested');
  const cert = verifyCertificateChain(s.certPem, s.caCertPem, now, { kind: 'station' });
  if (!cert.ok) return cert;
  if (cert.value.stationId !== station.stationId) return err('CERTIFICATE_INVALID', `the certificate is for station ${String(cert.value.stationId)}`);
  const hubCert = verifyCertificateChain(s.hubCertPem, s.caCertPem, now, { kind: 'station' });
  if (!hubCert.ok) return err('CERTIFICATE_INVALID', `hub certificate: ${hubCert.error.message}`);
  const pending = readPendingStationKey(station.db.sqlite);
  if (!pending) return err('NOT_FOUND', 'the key this station asked to have certified is missing from its keystore');
  const key = unwrapPrivateKey(pending.wrapped, options.stationSecret);
  if (!key.ok) return err('SIGNATURE_PASSWORD_INVALID', 'the station secret does not open the pending station key');
  if (publicKeyFingerprint(cert.value.publicKey) !== requested.publicKeyFingerprint || publicKeyFingerprint(key.value) !== requested.publicKeyFingerprint) {
    return err('CERTIFICATE_INVALID', 'the certificate does not certify the key this station asked for');
  }
  const certPayload = certificatePayload('station', station.stationId, s.certPem);
  const appended = station.ledger.append(
    [
      {
        type: 'sync.enrolled',
        actor: null,
        payload: { requestId: requested.requestId, hubUrl: requested.hubUrl, hubCaCertPem: s.caCertPem, hubCertPem: s.hubCertPem, stationCertFingerprint: certPayload.fingerprint },
      },
      { type: 'certificate.issued', actor: null, payload: certPayload },
    ],
    (tx) => promotePendingStationKey(tx as DbWriteTx, s.certPem!),
  );
  if (!appended.ok) return appended;
  station.ledger.setSigner(rsaSigner(station.stationId, unwrap(inspectCertificate(s.certPem)).fingerprint, key.value));
  return appended;
}
