/**
 * The hub's own checks on top of the ledger verifier, one refusal each: a different genesis,
 * an enrolment to another CA or request, a certificate recorded for the wrong subject, and a
 * signature made after the hub revoked the signer's certificate.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { createCertificateCache, inspectCertificate } from '../../src-core/pki/certificate-check.ts';
import { issueCertificate, randomSerial } from '../../src-core/pki/site-ca.ts';
import { unwrap } from '../../src-shared/result.ts';
import { keyPool } from '../../test/fakes/key-pool.ts';
import { TEST_CAS } from '../../test/hub/support/test-hub.ts';
import { intakePolicyProblem, type IntakeFacts } from './intake-policy.ts';

const [ca, otherCa] = TEST_CAS as [{ certPem: string; keyPem: string }, { certPem: string; keyPem: string }];
const now = new Date('2026-03-02T01:00:00.000Z');
const issue = (kind: 'station' | 'user-signing', id: string) =>
  issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subjectPublicKeyPem: keyPool(5).next().publicKeyPem, subject: kind === 'station' ? { commonName: id, stationId: id } : { commonName: id, userId: id }, kind, serial: randomSerial(), validDays: 30, now });

const facts: IntakeFacts = {
  stationId: 'ST-1',
  genesisHash: 'a'.repeat(64),
  enrolmentRequestId: 'ENR-1',
  hubCaFingerprint: unwrap(inspectCertificate(ca.certPem)).fingerprint,
  cache: createCertificateCache(),
};

function entry(seq: number, type: string, payload: Record<string, unknown>, hash = 'b'.repeat(64)): LedgerEntry {
  return { seq, stationId: 'ST-1', time: now.toISOString(), tzOffset: '+08:00', type, actor: null, batchRef: null, payload, prevHash: '0'.repeat(64), hash };
}

describe('intake policy', () => {
  it('entry 1 must be the genesis trusted at enrolment', () => {
    expect(intakePolicyProblem(entry(1, 'station.initialised', {}, 'a'.repeat(64)), facts)).toBeNull();
    expect(intakePolicyProblem(entry(1, 'station.initialised', {}), facts)?.code).toBe('SYNC_GENESIS_MISMATCH');
  });

  it('a training station\'s ledger is never taken as GMP data, even under the enrolled genesis', () => {
    expect(intakePolicyProblem(entry(1, 'station.initialised', { mode: 'production' }, 'a'.repeat(64)), facts)).toBeNull();
    expect(intakePolicyProblem(entry(1, 'station.initialised', { mode: 'training' }, 'a'.repeat(64)), facts)?.code).toBe('SYNC_TRAINING_LEDGER');
  });

  it('an enrolment must name this hub CA and the approved request', () => {
    expect(intakePolicyProblem(entry(5, 'sync.enrolled', { hubCaCertPem: ca.certPem, requestId: 'ENR-1' }), facts)).toBeNull();
    expect(intakePolicyProblem(entry(5, 'sync.enrolled', { hubCaCertPem: otherCa.certPem, requestId: 'ENR-1' }), facts)?.reason).toMatch(/another CA/);
    expect(intakePolicyProblem(entry(5, 'sync.enrolled', { hubCaCertPem: ca.certPem, requestId: 'ENR-2' }), facts)?.reason).toMatch(/ENR-2/);
  });

  it('a certificate is recorded only for the subject it names', () => {
    expect(intakePolicyProblem(entry(6, 'certificate.issued', { kind: 'station', subjectId: 'ST-1', certPem: issue('station', 'ST-1') }), facts)).toBeNull();
    expect(intakePolicyProblem(entry(6, 'certificate.issued', { kind: 'station', subjectId: 'ST-2', certPem: issue('station', 'ST-2') }), facts)?.code).toBe('CERTIFICATE_INVALID');
    expect(intakePolicyProblem(entry(6, 'certificate.issued', { kind: 'user-signing', subjectId: 'user-1', certPem: issue('user-signing', 'user-2') }), facts)?.code).toBe('CERTIFICATE_INVALID');
  });

  it('P11-30 a signature is never refused at intake for revocation: review flags it instead (nothing lost)', () => {
    const sig = (signedAt: string) => entry(9, 'signature.applied', { certFingerprint: 'f'.repeat(64), signedAt });
    expect(intakePolicyProblem(sig('2026-03-02T00:30:00.000Z'), facts)).toBeNull();
  });
});
