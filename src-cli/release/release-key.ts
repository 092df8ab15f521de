/**
 * The release signing key (COMPLIANCE A11-04: "release artefacts signed and signature verified
 * in a separate job"). Ed25519 by default, RSA-3072 (PSS, SHA-256) for a site whose tools want
 * RSA, both from node:crypto. The private key is stored as encrypted PKCS#8 PEM (PBES2: PBKDF2
 * with HMAC-SHA-256, AES-256-CBC), which OpenSSL reads (`openssl pkey -in key.pem`), under a
 * passphrase that comes from a file or the environment, never from the command line (shell
 * history, `ps`). The public key is SPKI PEM; its fingerprint is the SHA-256 of its DER, which
 * verify prints and the release notes quote.
 *
 * FR-127: node:crypto's key export encrypts with OpenSSL's default PBKDF2 count, 2048, and cannot
 * be told another; a stolen key file would then cost an attacker 2048 HMACs per passphrase guess.
 * The key is encrypted here instead: the PBES2 structure (RFC 8018 §6.2, the same one OpenSSL
 * writes) put together with node-forge's ASN.1, with PBKDF2 and AES from node:crypto, at
 * RELEASE_KEY_PBKDF2_ITERATIONS (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256). Keys made before
 * (2048) still open — OpenSSL reads any count — and `release sign` says they should be re-encrypted.
 */
import { createPublicKey, generateKeyPairSync, createPrivateKey, sign, verify, createHash, constants, createCipheriv, pbkdf2Sync, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { existsSync, readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { CliIo } from '../cli-io.ts';

export type ReleaseKeyType = 'ed25519' | 'rsa';
export type ReleaseAlgorithm = 'ed25519' | 'rsa-pss-sha256';
export const RELEASE_KEY_TYPES: readonly ReleaseKeyType[] = ['ed25519', 'rsa'];
export const PASSPHRASE_VARIABLE = 'BATCHLINE_RELEASE_PASSPHRASE';
export const MIN_PASSPHRASE_LENGTH = 12;
/** FR-127: PBKDF2-HMAC-SHA-256 iterations of a release key made now (node:crypto's export: 2048). */
export const RELEASE_KEY_PBKDF2_ITERATIONS = 600_000;

export interface GeneratedReleaseKey {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly fingerprint: string;
}

export function generateReleaseKey(type: ReleaseKeyType, passphrase: string, iterations: number = RELEASE_KEY_PBKDF2_ITERATIONS): GeneratedReleaseKey {
  const pair = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: 3072 });
  const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKeyPem: encryptPkcs8(pair.privateKey, passphrase, iterations), publicKeyPem, fingerprint: keyFingerprint(pair.publicKey) };
}

/** Encrypted PKCS#8 PEM (EncryptedPrivateKeyInfo, PBES2: PBKDF2-HMAC-SHA-256 at `iterations`, AES-256-CBC). */
export function encryptPkcs8(key: KeyObject, passphrase: string, iterations: number): string {
  const { asn1, pki } = forge;
  const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
  const oid = (name: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(pki.oids[name]!).getBytes());
  const octets = (b: Buffer) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, b.toString('binary'));
  const integer = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', pbkdf2Sync(passphrase, salt, iterations, 32, 'sha256'), iv);
  const encrypted = Buffer.concat([cipher.update(key.export({ type: 'pkcs8', format: 'der' })), cipher.final()]);
  const info = seq([
    seq([
      oid('pkcs5PBES2'),
      seq([
        seq([oid('pkcs5PBKDF2'), seq([octets(salt), integer(iterations), integer(32), seq([oid('hmacWithSHA256'), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')])])]),
        seq([oid('aes256-CBC'), octets(iv)]),
      ]),
    ]),
    octets(encrypted),
  ]);
  return pki.encryptedPrivateKeyToPem(info);
}

/** The PBKDF2 count an encrypted PKCS#8 PEM states (null: not PBES2 with PBKDF2, or unreadable). */
export function pbkdf2Iterations(pem: string): number | null {
  try {
    const info = forge.pki.encryptedPrivateKeyFromPem(pem);
    const [algorithm] = info.value as forge.asn1.Asn1[];
    const [scheme, params] = algorithm!.value as forge.asn1.Asn1[];
    if (forge.asn1.derToOid(scheme!.value as string) !== forge.pki.oids.pkcs5PBES2) return null;
    const [kdf] = params!.value as forge.asn1.Asn1[];
    const [kdfOid, kdfParams] = kdf!.value as forge.asn1.Asn1[];
    if (forge.asn1.derToOid(kdfOid!.value as string) !== forge.pki.oids.pkcs5PBKDF2) return null;
    const count = (kdfParams!.value as forge.asn1.Asn1[])[1]!;
    return forge.asn1.derToInteger(count.value as string);
  } catch {
    return null;
  }
}

/** Opens the encrypted private key; an unencrypted one is refused (it should never exist). */
export function openReleaseKey(pem: string, passphrase: string): Result<KeyObject> {
  if (!pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) return err('RELEASE_KEY_INVALID', 'the release key is not an encrypted PKCS#8 key (BEGIN ENCRYPTED PRIVATE KEY): make one with `batchline release keygen`');
  try {
    const key = createPrivateKey({ key: pem, format: 'pem', passphrase });
    if (algorithmOf(key) === null) return err('RELEASE_KEY_INVALID', `a ${key.asymmetricKeyType ?? 'unknown'} key cannot sign releases (Ed25519 or RSA)`);
    return ok(key);
  } catch {
    return err('RELEASE_KEY_INVALID', 'the release key cannot be opened with this passphrase');
  }
}

/** The trusted public key (SPKI PEM). A private key given where the public key belongs is refused. */
export function readPublicKey(path: string): Result<KeyObject> {
  if (!existsSync(path)) return err('INPUT_INVALID', `no public key at ${path}`);
  const pem = readFileSync(path, 'utf8');
  if (/PRIVATE KEY-----/.test(pem)) return err('INPUT_INVALID', `${path} holds a private key: give the public key (.pub.pem); the private key never leaves the signing job`);
  try {
    const key = createPublicKey(pem);
    if (algorithmOf(key) === null) return err('INPUT_INVALID', `${path}: a ${key.asymmetricKeyType ?? 'unknown'} key is not a release key (Ed25519 or RSA)`);
    return ok(key);
  } catch (e) {
    return err('INPUT_INVALID', `${path} is not a public key (SPKI PEM): ${(e as Error).message}`);
  }
}

export function keyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function algorithmOf(key: KeyObject): ReleaseAlgorithm | null {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'rsa') return 'rsa-pss-sha256';
  return null;
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } as const;

export function signBytes(key: KeyObject, data: Buffer): Buffer {
  return algorithmOf(key) === 'ed25519' ? sign(null, data, key) : sign('sha256', data, { key, ...PSS });
}

export function verifyBytes(key: KeyObject, algorithm: ReleaseAlgorithm, data: Buffer, signature: Buffer): boolean {
  if (algorithmOf(key) !== algorithm) return false;
  try {
    return algorithm === 'ed25519' ? verify(null, data, key, signature) : verify('sha256', data, { key, ...PSS }, signature);
  } catch {
    return false;
  }
}

/**
 * The passphrase: the first line of --passphrase-file, else BATCHLINE_RELEASE_PASSPHRASE. There
 * is deliberately no option that takes the passphrase itself.
 */
export function releasePassphrase(io: CliIo, file: string | undefined): Result<string> {
  if (file !== undefined) {
    if (!existsSync(file)) return err('INPUT_INVALID', `no passphrase file at ${file}`);
    const first = readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
    if (first === '') return err('INPUT_INVALID', `the passphrase file ${file} is empty`);
    return ok(first);
  }
  const fromEnv = io.env[PASSPHRASE_VARIABLE];
  if (fromEnv === undefined || fromEnv === '') return err('INPUT_INVALID', `give the key's passphrase with --passphrase-file FILE or ${PASSPHRASE_VARIABLE}`);
  return ok(fromEnv);
}
