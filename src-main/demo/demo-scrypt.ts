/**
 * scrypt cost for the demo database (`batchline demo`), a training database by definition
 * (ARCHITECTURE.md, "Trust rules": demo accounts exist only in training).
 *
 * Why a lower cost is right here and nowhere else: scrypt's cost slows down guessing a
 * password from its stored hash. The demo password is published in the README, so there is
 * nothing to guess, and at the production cost (N=2^15, r=8, p=3, ~0.4 s per hash) the demo's
 * logins, signatures and key wraps took most of its minute. Hashes and wrapped keys record
 * their own parameters, so the record shows which cost each demo account has; real accounts,
 * including any later made on the demo database, get DEFAULT_SCRYPT_PARAMS (compose.ts).
 */
import type { ScryptParams } from '../../src-core/auth/scrypt-kdf.ts';

export const DEMO_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });
