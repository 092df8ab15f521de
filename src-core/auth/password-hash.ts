/**
 * Login password hashes (21 CFR 11.300(a): no two people share an id/password pair, and the
 * stored form reveals neither). Format, self-describing so that the cost can be raised later
 * without locking anyone out:
 *
 *     scrypt$N$r$p$<salt, base64>$<hash, base64>
 *
 * e.g. `scrypt$32768$8$3$q1v…==$Zx9…=` — 16-byte random salt, 32-byte derived key. Cost and its
 * measured time: see scrypt-kdf.ts. `verifyPassword` uses the parameters stored in the hash, so
 * old hashes keep working after DEFAULT_SCRYPT_PARAMS changes; `needsRehash` tells the user
 * service to store a fresh hash at the next successful login.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_SCRYPT_PARAMS,
  SCRYPT_SALT_BYTES,
  deriveScryptKey,
  scryptParamsProblem,
  type ScryptParams,
} from './scrypt-kdf.ts';

export type { ScryptParams } from './scrypt-kdf.ts';
export { DEFAULT_SCRYPT_PARAMS } from './scrypt-kdf.ts';

const HASH_BYTES = 32;
const SCHEME = 'scrypt';

export interface ParsedPasswordHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

export function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): string {
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const hash = deriveScryptKey(password, salt, HASH_BYTES, params);
  return [SCHEME, params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * Constant-time comparison of the derived key. A malformed or out-of-bounds stored value
 * verifies nothing (false) rather than throwing: the caller treats it like a wrong password and
 * the account needs an admin reset, which is the safe outcome for a corrupted credential.
 */
export function verifyPassword(password: string, stored: string): boolean {
  const parsed = parsePasswordHash(stored);
  if (parsed === null) return false;
  const candidate = deriveScryptKey(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash uses other parameters than `params` (or cannot be read at all). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parsePasswordHash(stored);
  if (parsed === null) return true;
  return parsed.params.N !== params.N || parsed.params.r !== params.r || parsed.params.p !== params.p;
}

const DECIMAL = /^[1-9][0-9]{0,9}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function parsePasswordHash(stored: string): ParsedPasswordHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== SCHEME) return null;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  if (!DECIMAL.test(n) || !DECIMAL.test(r) || !DECIMAL.test(p)) return null;
  const params: ScryptParams = { N: Number(n), r: Number(r), p: Number(p) };
  if (scryptParamsProblem(params) !== null) return null;
  if (!BASE64.test(saltB64) || !BASE64.test(hashB64)) return null;
  const salt = Buffer.from(saltB64, 'base64');
  const hash = Buffer.from(hashB64, 'base64');
  if (salt.length < SCRYPT_SALT_BYTES || hash.length < 16 || hash.length > 64) return null;
  return { params, salt, hash };
}
