/**
 * Cheap scrypt cost for tests only (~1 ms instead of ~400 ms per hash), so auth and signature
 * tests stay fast. Production code never imports this: DEFAULT_SCRYPT_PARAMS in
 * src-core/auth/scrypt-kdf.ts is the only production cost.
 */
import type { ScryptParams } from '../../src-core/auth/scrypt-kdf.ts';

export const TEST_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });

/**
 * Cheaper still (N=16, 1/64 of the above) for tests that sign in loops: the engine property test
 * (thousands of signatures), the OQ's temporary station (a whole order, signed, per run). A
 * signature derives scrypt twice (password check, key unwrap); the checks are the same code at
 * any cost, each hash and wrapped key carrying its own parameters.
 */
export const LOOP_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 4, r: 8, p: 1 });
