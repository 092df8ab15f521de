/**
 * Each signer's own key pair, and its protection at rest (21 CFR 11.200(a)(2)-(3): a signature
 * can be used only by its owner; 11.300: the password controls it and changes with it).
 *
 * Keys are RSA-2048: node-forge, which builds our X.509 certificates and CSRs, only handles RSA
 * keys, and RSASSA-PKCS1-v1_5/SHA-256 signatures verify everywhere an auditor might check them
 * (OpenSSL, Java, .NET) without extra libraries.
 *
 * The private key is never stored in clear. WrappedKey is AES-256-GCM over the PKCS#8 DER with a
 * key from scrypt(password, salt); GCM's tag makes a wrong password fail closed (a wrong key
 * cannot decrypt to some other valid-looking key). The header fields are bound as additional
 * authenticated data, so editing N/r/p/salt in the database is detected like a wrong password.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from '../../src-shared/result.ts';
import {
  DEFAULT_SCRYPT_PARAMS,
  SCRYPT_SALT_BYTES,
  deriveScryptKey,
  scryptParamsProblem,
  type ScryptParams,
} from '../auth/scrypt-kdf.ts';

export type { ScryptParams } from '../auth/scrypt-kdf.ts';

export const SIGNING_KEY_BITS = 2048;
const AES_KEY_BYTES = 32;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const AAD_TAG = 'batchline.wrapped-key.v1';

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');

/** The stored form of a wrapped private key (JSON-safe; strings are base64). */
export const WrappedKeySchema = z.strictObject({
  v: z.literal(1),
  kdf: z.literal('scrypt'),
  N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  salt: base64,
  iv: base64,
  tag: base64,
  ciphertext: base64,
});
export type WrappedKey = z.infer<typeof WrappedKeySchema>;

export interface SigningKeyPair {
  /** SPKI PEM ("-----BEGIN PUBLIC KEY-----"). */
  readonly publicKeyPem: string;
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), unencrypted: wrap it before it touches a disk. */
  readonly privateKeyPem: string;
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: SIGNING_KEY_BITS,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

export function wrapPrivateKey(
  privateKeyPem: string,
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): WrappedKey {
  return wrapPrivateKeys([privateKeyPem], password, params)[0];
}

/**
 * Several keys under one secret (a station's site CA and station key, the hub's CA and signing
 * key) with ONE scrypt derivation: the same salt and AES key, a fresh IV per key (two GCM
 * messages under one key with random 96-bit IVs are safe). The stored form is the same as
 * `wrapPrivateKey`'s, and `unwrapPrivateKeys` opens them with one derivation again.
 */
export function wrapPrivateKeys<T extends string[]>(privateKeyPems: [...T], password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): { [K in keyof T]: WrappedKey } {
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const header = { v: 1 as const, kdf: 'scrypt' as const, N: params.N, r: params.r, p: params.p, salt: salt.toString('base64') };
  const key = deriveScryptKey(password, salt, AES_KEY_BYTES, params);
  return privateKeyPems.map((pem) => {
    const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
    const iv = randomBytes(GCM_IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
    cipher.setAAD(headerAad(header));
    const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
    return { ...header, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
  }) as { [K in keyof T]: WrappedKey };
}

/**
 * The signer's private key, if `password` is theirs. `wrapped` may come straight from the
 * database as parsed JSON: a malformed value is INPUT_INVALID; a wrong password (or any edited
 * byte) is SIGNATURE_PASSWORD_INVALID, which the caller counts toward lockout (11.300(d)).
 */
export function unwrapPrivateKey(wrapped: unknown, password: string): Result<KeyObject> {
  return unwrapPrivateKeys([wrapped], password)[0];
}

/** Each key opened on its own terms, with one scrypt derivation per distinct salt and parameters. */
export function unwrapPrivateKeys<T extends unknown[]>(wrapped: [...T], password: string): { [K in keyof T]: Result<KeyObject> } {
  const derived = new Map<string, Buffer>();
  return wrapped.map((one) => {
    const parsed = WrappedKeySchema.safeParse(one);
    if (!parsed.success) {
      return err('INPUT_INVALID', 'wrapped private key is malformed', { issues: parsed.error.issues.map((i) => i.message) });
    }
    const w = parsed.data;
    const params: ScryptParams = { N: w.N, r: w.r, p: w.p };
    const problem = scryptParamsProblem(params);
    if (problem !== null) return err('INPUT_INVALID', `wrapped private key has unusable scrypt parameters: ${problem}`);
    const salt = Buffer.from(w.salt, 'base64');
    const iv = Buffer.from(w.iv, 'base64');
    const tag = Buffer.from(w.tag, 'base64');
    if (salt.length < SCRYPT_SALT_BYTES || iv.length !== GCM_IV_BYTES || tag.length !== GCM_TAG_BYTES) {
      return err('INPUT_INVALID', 'wrapped private key has a salt, iv or tag of the wrong length');
    }
    const memo = `${w.N}/${w.r}/${w.p}/${w.salt}`;
    const key = derived.get(memo) ?? deriveScryptKey(password, salt, AES_KEY_BYTES, params);
    derived.set(memo, key);
    let der: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
      decipher.setAAD(headerAad(w));
      decipher.setAuthTag(tag);
      der = Buffer.concat([decipher.update(Buffer.from(w.ciphertext, 'base64')), decipher.final()]);
    } catch {
      // GCM authentication failed: wrong password, or the stored bytes were altered.
      return err('SIGNATURE_PASSWORD_INVALID', 'password does not unlock the signing key');
    }
    try {
      return ok(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
    } catch {
      // Authenticated but not a key: only possible if it was wrapped from garbage, i.e. a bug.
      return err('INPUT_INVALID', 'wrapped private key decrypts to something that is not a PKCS#8 key');
    }
  }) as { [K in keyof T]: Result<KeyObject> };
}

/** Password change (11.300(b)): same key pair, re-encrypted under the new password. */
export function rewrapPrivateKey(
  wrapped: unknown,
  oldPassword: string,
  newPassword: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Result<WrappedKey> {
  const key = unwrapPrivateKey(wrapped, oldPassword);
  if (!key.ok) return key;
  const pem = key.value.export({ type: 'pkcs8', format: 'pem' }).toString();
  return ok(wrapPrivateKey(pem, newPassword, params));
}

function headerAad(h: { v: number; kdf: string; N: number; r: number; p: number; salt: string }): Buffer {
  return Buffer.from(`${AAD_TAG}|${h.v}|${h.kdf}|${h.N}|${h.r}|${h.p}|${h.salt}`, 'utf8');
}
