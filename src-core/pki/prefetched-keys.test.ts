import { describe, expect, it } from 'vitest';
import { createPublicKey } from 'node:crypto';
import { prefetchKeys } from './prefetched-keys.ts';

const bits = (pem: string) => createPublicKey(pem).asymmetricKeyDetails?.modulusLength;

describe('prefetched keys', () => {
  it('hand out distinct production-size pairs (RSA-3072 CA, RSA-2048 signers), each once, then generate on demand', async () => {
    const keys = await prefetchKeys(1, { ca: true });
    const ca = keys.nextCa!();
    const signers = [keys.next(), keys.next()];
    expect(bits(ca.publicKeyPem)).toBe(3072);
    expect(signers.map((p) => bits(p.publicKeyPem))).toEqual([2048, 2048]);
    expect(new Set(signers.map((p) => p.publicKeyPem)).size).toBe(2);
    expect(keys.nextCa!().publicKeyPem).not.toBe(ca.publicKeyPem);
  });
});
