/**
 * What a QA or QP signature made at the hub signs (21 CFR 11.50, 11.70; EU GMP Annex 16 for
 * the QP's certification). Same construction as the station's record signature
 * (src-core/signatures/record-signature.ts): RSASSA-PKCS1-v1_5 / SHA-256 by the signer's
 * own key over the RFC 8785 canonical JSON of
 *
 *   { purpose: "batchline.hub-signature.v1",      domain separation from station signatures
 *     subjectKind, batchNumber, subjectKey,         what is signed: a batch record, or one
 *     subjectHash,                                  deviation of it, and its content hash
 *     meaning, signerId, username, printedName,     what, who (11.50(a))
 *     signedAt, tzOffset, comment }                 when, and the signer's own words
 *
 * For a batch the subject hash is the batch record hash (batch-record-hash.ts), which covers
 * every entry of the batch. A release signature copied to another batch, or kept after the
 * record changed, therefore fails verification or no longer matches the record: it cannot
 * be transferred (11.70, COMPLIANCE.md P11-18).
 */
import { X509Certificate, sign, verify, type KeyObject } from 'node:crypto';
import { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import { InvariantViolation } from '../../../src-shared/result.ts';
import { HUB_SIGNATURE_PURPOSE, HUB_SUBJECT_KINDS, hubSignatureBytes, type HubSubjectKind } from '../../../src-core/archive/hub-signature-bytes.ts';

export { HUB_SIGNATURE_PURPOSE };
export const HUB_SIGNATURE_ALGORITHM = 'RSASSA-PKCS1-v1_5-SHA256';

export interface HubSignatureFields {
  /** A batch record, one station deviation of it, a step of a hub deviation record or change (issue 12), an IQC disposition. */
  subjectKind: HubSubjectKind;
  /** The batch; for a deviation record, the record's id (its own scope, never a batch's). */
  batchNumber: string;
  /** The batch number, `<station>#<seq>` of the deviation entry, or `<record id>/<step>`. */
  subjectKey: string;
  subjectHash: string;
  meaning: SignatureMeaning;
  signerId: string;
  username: string;
  printedName: string;
  signedAt: string;
  tzOffset: string;
  comment: string | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function hubSignatureFieldsProblem(f: HubSignatureFields): string | null {
  if (!(HUB_SUBJECT_KINDS as readonly string[]).includes(f.subjectKind)) return `subjectKind must be ${HUB_SUBJECT_KINDS.slice(0, -1).join(', ')} or ${HUB_SUBJECT_KINDS.at(-1)!}`;
  for (const k of ['batchNumber', 'subjectKey', 'signerId', 'username', 'printedName'] as const) {
    if (typeof f[k] !== 'string' || f[k] === '') return `${k} must be a non-empty string`;
  }
  if (f.subjectKind === 'batch' && f.subjectKey !== f.batchNumber) return 'a batch signature names its batch as subject';
  if (!HEX64.test(f.subjectHash)) return 'subjectHash must be 64 lowercase hex digits';
  if (!SignatureMeaning.safeParse(f.meaning).success) return `meaning "${String(f.meaning)}" is not a signature meaning`;
  if (!ISO_UTC.test(f.signedAt) || Number.isNaN(Date.parse(f.signedAt))) return 'signedAt must be a UTC time with milliseconds';
  if (!OFFSET.test(f.tzOffset)) return 'tzOffset must look like +01:00';
  if (f.comment !== null && typeof f.comment !== 'string') return 'comment must be a string or null';
  return null;
}

export function hubSignedBytes(f: HubSignatureFields): Buffer {
  const problem = hubSignatureFieldsProblem(f);
  if (problem) throw new InvariantViolation(`hub signature fields: ${problem}`);
  // The same bytes the evidence packet's offline verifier rebuilds: one definition, in the core.
  return hubSignatureBytes(f);
}

export function signHubFields(privateKey: KeyObject, f: HubSignatureFields): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') throw new InvariantViolation('hub signatures need the signer\'s RSA private key');
  return sign('sha256', hubSignedBytes(f), privateKey).toString('base64');
}

/** True only if `signatureB64` is the certificate's key's signature over exactly these fields. */
export function verifyHubSignature(certPem: string, f: HubSignatureFields, signatureB64: string): boolean {
  if (hubSignatureFieldsProblem(f) !== null) return false;
  if (typeof signatureB64 !== 'string' || !BASE64.test(signatureB64)) return false;
  const bytes = Buffer.from(signatureB64, 'base64');
  if (bytes.toString('base64') !== signatureB64) return false;
  try {
    const key = new X509Certificate(certPem).publicKey;
    if (key.asymmetricKeyType !== 'rsa') return false;
    return verify('sha256', hubSignedBytes(f), key, bytes);
  } catch {
    return false;
  }
}
