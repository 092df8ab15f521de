/**
 * scrypt (RFC 7914) as the one password-based KDF of Batchline: it hashes login passwords
 * (password-hash.ts) and derives the key that wraps each signer's private key at rest
 * (pki/signing-keys.ts), so one cost setting governs both.
 *
 * Default cost: N=2^15, r=8, p=3 (32 MiB, 16-byte salt). The OWASP Password Storage Cheat Sheet
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html, "scrypt")
 * asks for at least N=2^17, r=8, p=1 and lists N=2^15, r=8, p=3 as an equivalent setting; we take
 * the latter because it needs a quarter of the memory (32 MiB instead of 128 MiB), which matters
 * on the hub where many logins run at once. Measured on the 2-core AMD EPYC build machine
 * (Node 20): ~410 ms per hash at the default; N=2^15,p=1 was ~150 ms, N=2^17,p=1 ~570 ms.
 * A login costs one scrypt, a signature two (password check + key unwrap), so ~0.8 s per
 * signature at the default — acceptable for a deliberate act, too slow for a hot loop (the ledger
 * never runs scrypt per entry).
 *
 * Stored hashes and wrapped keys carry their own parameters; the bounds below keep a tampered
 * record from making us allocate gigabytes (a cheap denial of service otherwise).
 */
import { scryptSync } from 'node:crypto';
import { InvariantViolation } from '../../src-shared/result.ts';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  /** Block size (r=8 means 1 KiB blocks). */
  readonly r: number;
  /** Parallelisation; node runs the p lanes one after another, so time grows linearly. */
  readonly p: number;
}

export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 3 });

/** Salt length for every scrypt use (OWASP / NIST SP 800-63B §5.1.1.2 ask for >= 32 bits). */
export const SCRYPT_SALT_BYTES = 16;

const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;

/** Memory scrypt needs: 128·N·r for V plus 128·r·p for B (RFC 7914 §6), with headroom. */
export function scryptMaxmem(params: ScryptParams): number {
  return 128 * params.r * (params.N + params.p) + 1024 * 1024;
}

/** Why these parameters are unacceptable, or null when they are within bounds. */
export function scryptParamsProblem(params: ScryptParams): string | null {
  const { N, r, p } = params;
  if (!Number.isSafeInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) {
    return `N must be a power of two in [2, 2^20], got ${String(N)}`;
  }
  if (!Number.isSafeInteger(r) || r < 1 || r > MAX_R) return `r must be in [1, ${MAX_R}], got ${String(r)}`;
  if (!Number.isSafeInteger(p) || p < 1 || p > MAX_P) return `p must be in [1, ${MAX_P}], got ${String(p)}`;
  if (128 * N * r > MAX_MEMORY_BYTES) return `N·r needs more than ${MAX_MEMORY_BYTES} bytes`;
  return null;
}

/**
 * Passwords are compared after Unicode NFKC normalisation (NIST SP 800-63B §5.1.1.2), so "é"
 * typed as one code point or as e + combining accent is the same password on every keyboard.
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

/** scrypt(NFKC(password), salt). Parameters must already be within bounds (a bug otherwise). */
export function deriveScryptKey(password: string, salt: Uint8Array, keyLength: number, params: ScryptParams): Buffer {
  const problem = scryptParamsProblem(params);
  if (problem !== null) throw new InvariantViolation(`scrypt parameters out of bounds: ${problem}`);
  return scryptSync(Buffer.from(normalisePassword(password), 'utf8'), salt, keyLength, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: scryptMaxmem(params),
  });
}
