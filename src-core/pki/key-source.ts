/**
 * Where new signing key pairs come from. Production generates a fresh RSA-2048 pair each time;
 * tests inject a pool of pre-generated pairs (test/fakes/key-pool.ts) because RSA key
 * generation costs ~0.25 s here and every test station needs a handful.
 */
import { generateSigningKeyPair, type SigningKeyPair } from './signing-keys.ts';

export interface KeySource {
  next(): SigningKeyPair;
  /** A site-CA pair (RSA-3072); absent means the CA generates its own. */
  nextCa?(): SigningKeyPair;
}

export const freshKeys: KeySource = { next: generateSigningKeyPair };
