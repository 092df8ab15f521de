/**
 * The cryptographic core of a Part 11 electronic signature: what exactly a signer's key signs.
 *
 * 21 CFR 11.70 requires signatures to be linked to their records so they cannot be excised,
 * copied or transferred; 11.50 requires the manifestation (printed name, date/time, meaning) to
 * be part of the signed record. So the signed bytes are the RFC 8785 canonical JSON of
 *
 *   { purpose: "batchline.record-signature.v1",   domain separation: these bytes can never
 *                                                  be mistaken for a checkpoint or a CSR
 *     stationId, targetSeq, targetHash,            which record, in which ledger (11.70)
 *     meaning, signerId, signedAt,                 what, who, when (11.50(a))
 *     printedName?, username?, tzOffset? }         the manifestation as shown (11.50(b)),
 *                                                  each signed when the caller gives it
 *
 * signed with RSASSA-PKCS1-v1_5 / SHA-256 (RFC 8017 §8.2) by the signer's own key. Copying a
 * signature to another entry changes targetSeq/targetHash; editing the meaning, signer or time
 * changes the bytes; all make verification fail. The version in `purpose` is the version of
 * this layout: a change of fields is a new purpose string, never an edit of v1.
 */
import { X509Certificate, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import { InvariantViolation } from '../../src-shared/result.ts';
import { canonicalJson } from '../ledger/canonical-json.ts';

export const RECORD_SIGNATURE_PURPOSE = 'batchline.record-signature.v1';

export interface RecordSignatureFields {
  readonly stationId: string;
  /** Sequence number of the signed entry in the station's ledger. */
  readonly targetSeq: number;
  /** The signed entry's hash (lowercase hex SHA-256). */
  readonly targetHash: string;
  readonly meaning: SignatureMeaning;
  /** Batchline user id of the signer (the UID of their certificate). */
  readonly signerId: string;
  /** ISO 8601 with zone, from the station's trusted clock (Annex 11 §14), e.g. 2025-03-01T13:02:11.000Z. */
  readonly signedAt: string;
  /**
   * Manifestation snapshot (11.50): printed name, username and the station's UTC offset at
   * signing ("+01:00"). Each is optional for the caller; when present it is signed, so the
   * name shown with the record cannot be edited afterwards without breaking the signature
   * (P11-17), and removing it breaks the signature too.
   */
  readonly printedName?: string;
  readonly username?: string;
  readonly tzOffset?: string;
}

const HASH_HEX = /^[0-9a-f]{64}$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const TZ_OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;
/** The enum's values: a lookup per signature, not a zod parse (the hub checks every signature of a page). */
const MEANINGS: ReadonlySet<unknown> = new Set(SignatureMeaning.options);

/** Why the fields cannot be signed, or null. */
export function recordSignatureFieldsProblem(fields: RecordSignatureFields): string | null {
  if (typeof fields.stationId !== 'string' || fields.stationId === '') return 'stationId must be a non-empty string';
  if (!Number.isSafeInteger(fields.targetSeq) || fields.targetSeq < 0) return 'targetSeq must be a non-negative integer';
  if (typeof fields.targetHash !== 'string' || !HASH_HEX.test(fields.targetHash)) return 'targetHash must be 64 lowercase hex digits';
  if (!MEANINGS.has(fields.meaning)) return `meaning "${String(fields.meaning)}" is not a signature meaning`;
  if (typeof fields.signerId !== 'string' || fields.signerId === '') return 'signerId must be a non-empty string';
  if (typeof fields.signedAt !== 'string' || !ISO_WITH_ZONE.test(fields.signedAt) || Number.isNaN(Date.parse(fields.signedAt))) {
    return 'signedAt must be an ISO 8601 date-time with a zone';
  }
  for (const key of ['printedName', 'username'] as const) {
    const v = fields[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) return `${key}, when given, must be a non-empty string`;
  }
  if (fields.tzOffset !== undefined && (typeof fields.tzOffset !== 'string' || !TZ_OFFSET.test(fields.tzOffset))) {
    return 'tzOffset, when given, must look like +01:00 or -05:30';
  }
  return null;
}

/** The exact bytes a record signature covers. Invalid fields are a bug in the caller. */
export function signedBytes(fields: RecordSignatureFields): Buffer {
  const problem = recordSignatureFieldsProblem(fields);
  if (problem !== null) throw new InvariantViolation(`record signature fields: ${problem}`);
  return checkedBytes(fields);
}

/** signedBytes once the fields are checked (verifyRecordSignature checks them first). */
function checkedBytes(fields: RecordSignatureFields): Buffer {
  return Buffer.from(canonicalJson(signedObject(fields)), 'utf8');
}

/** Signs with the signer's (unwrapped) private key; returns base64. */
export function signRecord(privateKey: KeyObject, fields: RecordSignatureFields): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new InvariantViolation('record signatures need the signer\'s RSA private key');
  }
  return sign('sha256', signedBytes(fields), privateKey).toString('base64');
}

/**
 * The checks made before the RSA operation: well-formed fields, a usable public key, strict
 * base64. Null when any fails (the verdict is then simply `false`).
 */
function verifyInput(signer: string | KeyObject, fields: RecordSignatureFields, signatureB64: string): { key: KeyObject; signature: Buffer; bytes: Buffer } | null {
  if (recordSignatureFieldsProblem(fields) !== null) return null;
  const key = publicKeyOf(signer);
  if (key === null) return null;
  const signature = strictBase64(signatureB64);
  if (signature === null) return null;
  try {
    return { key, signature, bytes: checkedBytes(fields) };
  } catch {
    return null;
  }
}

/**
 * True only if `signatureB64` is the signer's RSA signature over exactly these fields. `signer`
 * is the signer's certificate PEM (or public key PEM, or a KeyObject from certificate-check).
 * Whether that certificate is valid and belongs to `fields.signerId` is verifyCertificateChain's
 * and the caller's check. Fields read from a tampered database may be anything, so every bad
 * input is simply `false`.
 */
export function verifyRecordSignature(signer: string | KeyObject, fields: RecordSignatureFields, signatureB64: string): boolean {
  const input = verifyInput(signer, fields, signatureB64);
  if (input === null) return false;
  try {
    return verify('sha256', input.bytes, input.key, input.signature);
  } catch {
    return false;
  }
}

function signedObject(fields: RecordSignatureFields): Record<string, string | number> {
  const o: Record<string, string | number> = {
    purpose: RECORD_SIGNATURE_PURPOSE,
    stationId: fields.stationId,
    targetSeq: fields.targetSeq,
    targetHash: fields.targetHash,
    meaning: fields.meaning,
    signerId: fields.signerId,
    signedAt: fields.signedAt,
  };
  if (fields.printedName !== undefined) o.printedName = fields.printedName;
  if (fields.username !== undefined) o.username = fields.username;
  if (fields.tzOffset !== undefined) o.tzOffset = fields.tzOffset;
  return o;
}

/**
 * Public KeyObjects already found usable (RSA, at least 2,048 bits). The hub checks every
 * e-signature of a page with its signer's key as the certificate cache parsed it, once per
 * certificate: `asymmetricKeyDetails` builds a new object from the native key at each read
 * (~10 µs, a tenth of an RSA-2048 check). A KeyObject's key never changes.
 */
const usableKeys = new WeakSet<KeyObject>();

function publicKeyOf(signer: string | KeyObject): KeyObject | null {
  if (typeof signer !== 'string' && usableKeys.has(signer)) return signer;
  let key: KeyObject;
  try {
    if (typeof signer !== 'string') key = signer.type === 'private' ? createPublicKey(signer) : signer;
    else if (signer.includes('BEGIN CERTIFICATE')) key = new X509Certificate(signer).publicKey;
    else key = createPublicKey(signer);
  } catch {
    return null;
  }
  // Only RSA: an EC or Ed25519 key must not be accepted under an RSA signature scheme.
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return null;
  if (key === signer) usableKeys.add(key);
  return key;
}

/** Decodes only canonical base64, so no two stored strings verify as the same signature. */
function strictBase64(b64: string): Buffer | null {
  if (typeof b64 !== 'string' || !BASE64.test(b64) || b64.length % 4 !== 0) return null;
  const bytes = Buffer.from(b64, 'base64');
  return bytes.toString('base64') === b64 ? bytes : null;
}
