/**
 * The release signing key (COMPLIANCE A11-04: "release artefacts signed and signature verified
 * in a separate job"). Ed25519 by default, RSA-3072 (PSS, SHA-256) for a site whose tools want
 * RSA, both from node:crypto. The private key is stored as encrypted PKCS#8 PEM (PBES2, AES-256),
 * which OpenSSL reads (`openssl pkey -in key.pem`), under a passphrase that comes from a file or
 * the environment, never from the command line (shell history, `ps`). The public key is SPKI PEM;
 * its fingerprint is the SHA-256 of its DER, which verify prints and the release notes quote.
 */
import { createPublicKey, generateKeyPairSync, createPrivateKey, sign, verify, createHash, constants, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { CliIo } from '../cli-io.ts';

export type ReleaseKeyType = 'ed25519' | 'rsa';
export type ReleaseAlgorithm = 'ed25519' | 'rsa-pss-sha256';
export const RELEASE_KEY_TYPES: readonly ReleaseKeyType[] = ['ed25519', 'rsa'];
export const PASSPHRASE_VARIABLE = 'BATCHLINE_RELEASE_PASSPHRASE';
/** PBES2 in Node's PKCS#8 uses OpenSSL's default PBKDF2 count: the passphrase carries the strength. */
export const MIN_PASSPHRASE_LENGTH = 12;

export interface GeneratedReleaseKey {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly fingerprint: string;
}

export function generateReleaseKey(type: ReleaseKeyType, passphrase: string): GeneratedReleaseKey {
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase } as const;
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const pair = type === 'ed25519' ? generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding }) : generateKeyPairSync('rsa', { modulusLength: 3072, publicKeyEncoding, privateKeyEncoding });
  return { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey, fingerprint: keyFingerprint(createPublicKey(pair.publicKey)) };
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
