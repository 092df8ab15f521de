import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSiteCa, issueCertificate, randomSerial } from '../../../src-core/pki/site-ca.ts';
import { fixedClock } from '../../../src-core/clock.ts';
import { RevocationWatch } from './revocation-watch.ts';

const now = new Date('2026-03-02T08:00:00.000Z');
const localCa = createSiteCa({ commonName: 'Station CA', organisation: 'Werk Basel', validDays: 3650, now });
const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const ownCert = issueCertificate({ caCertPem: localCa.certPem, caKeyPem: localCa.keyPem, subjectPublicKeyPem: publicKey, subject: { commonName: 'op.li', userId: 'u-1' }, kind: 'user-signing', serial: randomSerial(), validDays: 365, now });

/** A watch whose newest verified list is 200 h old (past the 168 h default), over a certificate table the test fills. */
function watch(table: Map<string, string>): RevocationWatch {
  return new RevocationWatch({
    clock: fixedClock(now),
    listTime: () => new Date(now.getTime() - 200 * 3_600_000).toISOString(),
    certificatePem: (fp) => table.get(fp) ?? null,
    localCaCertPem: localCa.certPem,
    maxAgeHours: () => undefined,
    alarms: () => null,
  });
}

describe('revocation watch: which certificates depend on the hub\'s revocation list', () => {
  it('P11-30 FR-102 a certificate the station does not hold is judged as the hub\'s (refused while the list is stale), and judged by its issuer once it is there', () => {
    const table = new Map<string, string>();
    const w = watch(table);
    const first = w.current('fp-unknown');
    expect(first.ok ? 'ok' : first.error.code).toBe('REVOCATION_LIST_STALE');
    // Asked again: still refused (nothing remembered that would let it through later).
    const again = w.current('fp-unknown');
    expect(again.ok ? 'ok' : again.error.code).toBe('REVOCATION_LIST_STALE');
    // The certificate arrives and is this station's own: it signs, list or not.
    table.set('fp-unknown', ownCert);
    expect(w.current('fp-unknown').ok).toBe(true);
  });

  it('P11-30 FR-102 the station\'s own certificates sign with a stale list; an unreadable certificate is the hub\'s', () => {
    const table = new Map([['own', ownCert], ['garbage', '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n']]);
    const w = watch(table);
    expect(w.current('own').ok).toBe(true);
    const r = w.current('garbage');
    expect(r.ok ? 'ok' : r.error.code).toBe('REVOCATION_LIST_STALE');
  });
});
