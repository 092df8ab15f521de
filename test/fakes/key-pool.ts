/**
 * Pre-generated RSA-2048 pairs (test/fixtures/keys, test-only) handed out in order; each
 * test station gets its own pool instance, so keys are distinct within a station.
 */
import { readFileSync } from 'node:fs';
import type { KeySource } from '../../src-core/pki/key-source.ts';
import type { SigningKeyPair } from '../../src-core/pki/signing-keys.ts';

// BATCHLINE_KEY_POOL lets a bundled child process (crash test) find the file from elsewhere.
const poolFile = process.env.BATCHLINE_KEY_POOL ?? new URL('../fixtures/keys/rsa-2048-pool.json', import.meta.url);
const pairs = (JSON.parse(readFileSync(poolFile, 'utf8')) as { pairs: SigningKeyPair[] }).pairs;

const caFile = process.env.BATCHLINE_KEY_POOL ? process.env.BATCHLINE_KEY_POOL.replace('rsa-2048-pool.json', 'rsa-3072-ca.json') : new URL('../fixtures/keys/rsa-3072-ca.json', import.meta.url);
const caPair = JSON.parse(readFileSync(caFile, 'utf8')) as SigningKeyPair;

/** Every test station's CA uses the same fixture key; its certificate (name, serial) still differs. */
export function keyPool(offset = 0): KeySource {
  let i = offset;
  return { next: () => pairs[i++ % pairs.length]!, nextCa: () => caPair };
}
