/**
 * Verifies a stored hub signature the way an auditor would, trusting nothing but the hub CA
 * certificate: the signer's certificate chains to the CA and was valid when signing, names the
 * signer, was not revoked before the signature, and its key signed exactly the row's fields.
 */
import { verifyCertificateChain, type CertificateCache } from '../../../src-core/pki/certificate-check.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import type { qualitySignatures } from '../db/quality-schema.ts';
import { verifyHubSignature, type HubSignatureFields } from './hub-signature.ts';

export type StoredSignature = typeof qualitySignatures.$inferSelect;

export interface SignerCertificate {
  certPem: string;
  revokedAt: Date | null;
}

export function fieldsOf(row: StoredSignature): HubSignatureFields {
  return {
    subjectKind: row.subjectKind,
    batchNumber: row.batchNumber,
    subjectKey: row.subjectKey,
    subjectHash: row.subjectHash,
    meaning: row.meaning as SignatureMeaning,
    signerId: row.signerId,
    username: row.username,
    printedName: row.printedName,
    signedAt: row.signedAt,
    tzOffset: row.tzOffset,
    comment: row.comment,
  };
}

/** null when the signature is valid, else why not. */
export function signatureProblem(row: StoredSignature, cert: SignerCertificate | undefined, caCertPem: string, cache: CertificateCache): string | null {
  if (!cert) return 'the signing certificate is unknown to the hub';
  const at = new Date(row.signedAt);
  if (Number.isNaN(at.getTime())) return 'the signing time is not a time';
  const chain = verifyCertificateChain(cert.certPem, caCertPem, at, { cache, kind: 'user-signing' });
  if (!chain.ok) return `certificate: ${chain.error.message}`;
  if (chain.value.userId !== row.signerId) return `the certificate belongs to ${chain.value.userId ?? 'nobody'}, not to the signer ${row.signerId}`;
  if (cert.revokedAt && cert.revokedAt <= at) return `the certificate was revoked at ${cert.revokedAt.toISOString()}, before the signature`;
  if (!verifyHubSignature(cert.certPem, fieldsOf(row), row.signature)) return 'the signature does not match the signed content (altered, or copied from another record)';
  return null;
}
