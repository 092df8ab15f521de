/**
 * SHA-256 over a public key's SubjectPublicKeyInfo DER, lowercase hex: how an enrolment
 * request names the key it wants certified, so station and hub can both check that the
 * certificate that comes back certifies exactly that key.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

export function publicKeyFingerprint(key: string | KeyObject): string {
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}
