/**
 * The station's use of its site CA: issue a user-signing certificate for a new key, and
 * describe it as a `certificate.issued` payload. On an enrolled station the hub's CA issues
 * certificates and they arrive by sync; a standalone (demo) station holds a local CA.
 */
import { issueCertificate, randomSerial } from '../../../src-core/pki/site-ca.ts';
import { inspectCertificate, type CertificateCache } from '../../../src-core/pki/certificate-check.ts';
import { unwrap } from '../../../src-shared/result.ts';

export interface SiteCaAccess {
  caCertPem: string;
  issue(kind: 'user-signing' | 'station', subjectId: string, commonName: string, publicKeyPem: string, now: Date): CertificateIssuedPayload;
}

export interface CertificateIssuedPayload extends Record<string, unknown> {
  kind: 'user-signing' | 'station';
  subjectId: string;
  fingerprint: string;
  serialNumber: string;
  certPem: string;
  notBefore: string;
  notAfter: string;
}

export function localSiteCa(caCertPem: string, caKeyPem: string, validDays = { 'user-signing': 3 * 365, station: 5 * 365 }): SiteCaAccess {
  return {
    caCertPem,
    issue(kind, subjectId, commonName, publicKeyPem, now) {
      const certPem = issueCertificate({
        caCertPem,
        caKeyPem,
        subjectPublicKeyPem: publicKeyPem,
        subject: kind === 'user-signing' ? { commonName, userId: subjectId } : { commonName, stationId: subjectId },
        kind,
        serial: randomSerial(),
        validDays: validDays[kind],
        now,
      });
      return certificatePayload(kind, subjectId, certPem);
    },
  };
}

export function certificatePayload(kind: 'user-signing' | 'station', subjectId: string, certPem: string, cache?: CertificateCache): CertificateIssuedPayload {
  const info = unwrap(inspectCertificate(certPem, cache));
  return {
    kind,
    subjectId,
    fingerprint: info.fingerprint,
    serialNumber: info.serialNumber,
    certPem,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
  };
}
