import { describe, expect, it } from 'vitest';
import { prefetchKeys, type KeyGenerators } from './prefetched-keys.ts';
import type { SigningKeyPair } from './signing-keys.ts';

/** Records what was generated how; each pair names its own origin. */
function fakeGenerators(log: string[]): KeyGenerators {
  let n = 0;
  const pair = (how: string, bits: number): SigningKeyPair => {
    log.push(`${how} ${bits}`);
    return { publicKeyPem: `${how}-${bits}-${++n}`, privateKeyPem: `private-${n}` };
  };
  return { async: (bits) => Promise.resolve(pair('async', bits)), sync: (bits) => pair('sync', bits) };
}

describe('prefetched keys', () => {
  it('generates the CA (3072-bit) and signing (2048-bit) pairs up front, hands each out once, then generates on demand', async () => {
    const log: string[] = [];
    const keys = await prefetchKeys(2, { ca: true, generators: fakeGenerators(log) });
    expect(log).toEqual(['async 3072', 'async 2048', 'async 2048']);
    expect(keys.nextCa!().publicKeyPem).toBe('async-3072-1');
    expect([keys.next(), keys.next(), keys.next()].map((p) => p.publicKeyPem)).toEqual(['async-2048-2', 'async-2048-3', 'sync-2048-4']);
    expect(keys.nextCa!().publicKeyPem).toBe('sync-3072-5');
  });

  it('without a CA pair requested, the key source has no CA of its own (the site CA generates one)', async () => {
    const keys = await prefetchKeys(1, { generators: fakeGenerators([]) });
    expect(keys.nextCa).toBeUndefined();
  });
});
