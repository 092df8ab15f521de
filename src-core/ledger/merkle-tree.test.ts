import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { consistencyProof, EMPTY_TREE_HASH, isLastLeafOf, leafHash, nodeHash, treeHead, TreeHeadBuilder, verifyConsistency } from './merkle-tree.ts';

/** RFC 9162 §2.1.1 MTH, written as the recursive definition, as the reference. */
function referenceHead(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leafHash(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceHead(leaves.slice(0, k)), referenceHead(leaves.slice(k)));
}

const leaves = (n: number) => Array.from({ length: n }, (_, i) => createHash('sha256').update(`entry ${i}`).digest());

describe('RFC 9162 Merkle tree head', () => {
  it('matches the recursive definition for every size up to 130', () => {
    for (let n = 0; n <= 130; n++) expect(treeHead(leaves(n)).root.equals(referenceHead(leaves(n)))).toBe(true);
  });

  it('the saved last-leaf path binds exactly the last leaf to the state, for every size up to 130, also after a restore', () => {
    const all = leaves(131);
    const b = new TreeHeadBuilder();
    for (let n = 1; n <= 130; n++) {
      b.append(all[n - 1]!);
      const state = b.toState();
      const path = b.lastLeafPath()!;
      expect(isLastLeafOf(state, path, all[n - 1]!)).toBe(true);
      expect(isLastLeafOf(state, path, all[130]!)).toBe(false);
      if (n > 1) expect(isLastLeafOf(state, path, all[n - 2]!)).toBe(false);
      // A restored builder does not know the path until its next append, which needs no more.
      const restored = TreeHeadBuilder.fromState(state);
      expect(restored.lastLeafPath()).toBeNull();
      restored.append(all[130]!);
      expect(isLastLeafOf(restored.toState(), restored.lastLeafPath()!, all[130]!)).toBe(true);
    }
  });

  it('the empty tree is SHA-256 of the empty string', () => {
    expect(EMPTY_TREE_HASH.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('a cloned builder continues independently', () => {
    const b = new TreeHeadBuilder();
    leaves(5).forEach((l) => b.append(l));
    const c = b.clone();
    c.append(leaves(6)[5]!);
    expect(b.size).toBe(5);
    expect(b.root().equals(treeHead(leaves(5)).root)).toBe(true);
    expect(c.root().equals(treeHead(leaves(6)).root)).toBe(true);
  });
});

describe('RFC 9162 consistency proofs', () => {
  it('verify between every pair of sizes up to 40', () => {
    const all = leaves(40);
    for (let n = 1; n <= 40; n++) {
      const second = treeHead(all.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const first = treeHead(all.slice(0, m));
        const proof = consistencyProof(all.slice(0, n), m);
        expect(verifyConsistency(first, second, proof)).toBe(true);
      }
    }
  });

  it('fail for a rewritten old history, a changed proof node, or swapped heads (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.nat(), fc.nat(), (n, a, b) => {
        const all = leaves(n);
        const m = 1 + (a % (n - 1));
        const second = treeHead(all);
        const proof = consistencyProof(all, m);
        const forged = [...all];
        forged[b % m] = createHash('sha256').update('forged').digest();
        const rewrittenFirst = treeHead(forged.slice(0, m));
        expect(verifyConsistency(rewrittenFirst, second, proof)).toBe(false);
        if (proof.length > 0) {
          const bad = proof.map((p) => Buffer.from(p));
          bad[b % bad.length]![0]! ^= 1;
          expect(verifyConsistency(treeHead(all.slice(0, m)), second, bad)).toBe(false);
        }
        expect(verifyConsistency(second, treeHead(all.slice(0, m)), proof)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('RFC 9162 leaf and node hashes', () => {
  it('are SHA-256(0x00 || leaf) and SHA-256(0x01 || left || right) for entry-hash-sized and other inputs', () => {
    const ref = (prefix: number, ...parts: Uint8Array[]) => createHash('sha256').update(Buffer.from([prefix])).update(Buffer.concat(parts)).digest();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (any, a, b) => {
        expect(leafHash(any).equals(ref(0, any))).toBe(true);
        expect(leafHash(a).equals(ref(0, a))).toBe(true);
        expect(nodeHash(a, b).equals(ref(1, a, b))).toBe(true);
        expect(nodeHash(any, b).equals(ref(1, any, b))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
