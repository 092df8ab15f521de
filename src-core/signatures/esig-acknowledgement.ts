/**
 * The e-signature acknowledgement (21 CFR 11.100(c), 11.10(j); COMPLIANCE.md P11-13): before a
 * person's first signature, they sign, with their own key, that their electronic signature is the
 * legally binding equivalent of their handwritten one. The signed bytes are the RFC 8785 canonical
 * JSON of { purpose, stationId, userId, statementSha256, signedAt, tzOffset }: a purpose of its
 * own, so these bytes can never pass for a record signature, and the statement by its hash, so
 * both language versions shown to the user are covered.
 */
import { createHash, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.ts';

export const ESIG_ACK_PURPOSE = 'batchline.esig-acknowledgement.v1';

/** The statement, word for word, in both languages the station speaks. */
export const ESIG_STATEMENT = {
  en: 'I accept that my electronic signature is the legally binding equivalent of my handwritten signature.',
  zh: '本人确认：本人的电子签名与本人的手写签名具有同等法律效力。',
} as const;

export function statementSha256(en: string = ESIG_STATEMENT.en, zh: string = ESIG_STATEMENT.zh): string {
  return createHash('sha256').update(canonicalJson({ en, zh })).digest('hex');
}

export interface EsigAckFields {
  stationId: string;
  userId: string;
  statementSha256: string;
  signedAt: string;
  tzOffset: string;
}

function bytes(f: EsigAckFields): Buffer {
  return Buffer.from(canonicalJson({ purpose: ESIG_ACK_PURPOSE, stationId: f.stationId, userId: f.userId, statementSha256: f.statementSha256, signedAt: f.signedAt, tzOffset: f.tzOffset }), 'utf8');
}

export function signAcknowledgement(privateKey: KeyObject, fields: EsigAckFields): string {
  return sign('sha256', bytes(fields), privateKey).toString('base64');
}

export function verifyAcknowledgement(certOrKeyPem: string, fields: EsigAckFields, signatureB64: string): boolean {
  try {
    const key = certOrKeyPem.includes('CERTIFICATE') ? new X509Certificate(certOrKeyPem).publicKey : certOrKeyPem;
    return verify('sha256', bytes(fields), key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

