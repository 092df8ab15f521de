/**
 * A KeySource whose RSA pairs were generated ahead, all at once, on libuv's thread pool, so
 * they come from every core in parallel while the caller waits once (issue 16, item 2: a new
 * demo station makes a site CA and seven signing keys, which one after another were most of
 * its start). The keys are the production keys — RSA-3072 for the CA, RSA-2048 for signers,
 * from the same OpenSSL generator — only generated earlier; once the prefetched pairs are used
 * up, further keys are generated on demand as freshKeys does.
 */
import { generateKeyPair, generateKeyPairSync } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeySource } from './key-source.ts';
import { SIGNING_KEY_BITS, type SigningKeyPair } from './signing-keys.ts';
import { CA_KEY_BITS } from './site-ca.ts';

const generate = promisify(generateKeyPair);

async function rsaPair(bits: number): Promise<SigningKeyPair> {
  const { publicKey, privateKey } = await generate('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

export interface KeyGenerators {
  async(bits: number): Promise<SigningKeyPair>;
  sync(bits: number): SigningKeyPair;
}

const RSA: KeyGenerators = { async: rsaPair, sync: rsaPairSync };

export async function prefetchKeys(signingKeys: number, options: { ca?: boolean; generators?: KeyGenerators } = {}): Promise<KeySource> {
  const gen = options.generators ?? RSA;
  const [ca, ...pairs] = await Promise.all([options.ca ? gen.async(CA_KEY_BITS) : Promise.resolve(null), ...Array.from({ length: signingKeys }, () => gen.async(SIGNING_KEY_BITS))]);
  // Each prefetched pair is handed out once: a second CA must not reuse the first one's key.
  let caPair = ca;
  const source: KeySource = { next: () => pairs.shift() ?? gen.sync(SIGNING_KEY_BITS) };
  if (caPair) {
    source.nextCa = () => {
      const pair = caPair ?? gen.sync(CA_KEY_BITS);
      caPair = null;
      return pair;
    };
  }
  return source;
}

function rsaPairSync(bits: number): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}
