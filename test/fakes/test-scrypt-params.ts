/**
 * Cheap scrypt cost for tests only (~1 ms instead of ~400 ms per hash), so auth and signature
 * tests stay fast. Production code never imports this: DEFAULT_SCRYPT_PARAMS in
 * src-core/auth/scrypt-kdf.ts is the only production cost.
 */
import type { ScryptParams } from '../../src-core/auth/scrypt-kdf.ts';

export const TEST_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });
