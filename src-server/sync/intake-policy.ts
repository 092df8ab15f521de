/**
 * What the hub checks on top of the ledger verifier, because only the hub knows it:
 *   - entry 1 is the genesis trusted at enrolment (not some other history started under the
 *     same station id);
 *   - `sync.enrolled` names this hub's CA and this station's approved request (a station
 *     cannot enrol itself to a CA of its own making);
 *   - a recorded certificate names the subject it is recorded for (a station cannot record
 *     another station's or user's certificate as its own);
 *   - (not here: a signature made with a certificate the hub had already revoked is ACCEPTED,
 *     issue 10 item 7. Refusing it would refuse the whole page and stall everything the
 *     station recorded after it; instead review by exception flags it as critical and raises
 *     a hub deviation that QA must close before the batch can be released.)
 *   - the ledger is not a training station's (its genesis says so): training entries, demo
 *     accounts and simulated weighings are never GMP data at the hub (issue 10 item 1).
 */
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { VerifyFailure } from '../../src-core/ledger/ledger-verifier-state.ts';
import { inspectCertificate, type CertificateCache } from '../../src-core/pki/certificate-check.ts';

export interface IntakeFacts {
  stationId: string;
  genesisHash: string;
  enrolmentRequestId: string;
  hubCaFingerprint: string;
  cache: CertificateCache;
}

function fail(seq: number, code: VerifyFailure['code'], reason: string): VerifyFailure {
  return { seq, code, reason };
}

export function intakePolicyProblem(entry: LedgerEntry, facts: IntakeFacts): VerifyFailure | null {
  const p = entry.payload;
  if (entry.seq === 1 && p.mode === 'training') {
    return fail(entry.seq, 'SYNC_TRAINING_LEDGER', 'this is a training station\'s ledger: the hub accepts no training entries as GMP data');
  }
  if (entry.seq === 1 && entry.hash !== facts.genesisHash) {
    return fail(entry.seq, 'SYNC_GENESIS_MISMATCH', 'entry 1 is not the genesis this station was enrolled with: a different history');
  }
  if (entry.type === 'sync.enrolled') {
    const ca = inspectCertificate(p.hubCaCertPem as string, facts.cache);
    if (!ca.ok || ca.value.fingerprint !== facts.hubCaFingerprint) return fail(entry.seq, 'CERTIFICATE_INVALID', 'the station records an enrolment to another CA than this hub\'s');
    if (p.requestId !== facts.enrolmentRequestId) return fail(entry.seq, 'CERTIFICATE_INVALID', `the station records enrolment request ${String(p.requestId)}, the hub approved ${facts.enrolmentRequestId}`);
  }
  if (entry.type === 'certificate.issued') {
    const cert = inspectCertificate(p.certPem as string, facts.cache);
    if (!cert.ok) return fail(entry.seq, 'CERTIFICATE_INVALID', cert.error.message);
    const subject = p.kind === 'station' ? cert.value.stationId : cert.value.userId;
    if (subject !== p.subjectId || (p.kind === 'station' && subject !== facts.stationId)) {
      return fail(entry.seq, 'CERTIFICATE_INVALID', `the certificate names ${String(subject)}, the entry records it for ${String(p.subjectId)}`);
    }
  }
  return null;
}
