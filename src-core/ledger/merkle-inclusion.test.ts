import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { inclusionProof, inclusionProver, verifyInclusion } from './merkle-inclusion.ts';
import { consistencyProof } from './merkle-tree.ts';
import { treeHead } from './merkle-tree.ts';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => createHash('sha256').update(`leaf ${i}`).digest());

describe('RFC 9162 inclusion proofs', () => {
  it('every leaf of trees of 1..40 leaves is proven against the tree head, and nowhere else', () => {
    for (let n = 1; n <= 40; n++) {
      const ls = leaves(n);
      const root = treeHead(ls).root;
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(ls, i);
        expect(verifyInclusion(ls[i]!, i, n, proof, root)).toBe(true);
        // the wrong index, a changed leaf or a changed sibling fails
        if (n > 1) expect(verifyInclusion(ls[i]!, (i + 1) % n, n, proof, root)).toBe(false);
        const changed = Buffer.from(ls[i]!);
        changed[0]! ^= 1;
        expect(verifyInclusion(changed, i, n, proof, root)).toBe(false);
        if (proof.length > 0) {
          const bad = proof.map((p) => Buffer.from(p));
          bad[0]![5]! ^= 1;
          expect(verifyInclusion(ls[i]!, i, n, bad, root)).toBe(false);
        }
      }
    }
  });

  it('refuses indexes outside the tree', () => {
    const ls = leaves(5);
    expect(() => inclusionProof(ls, 5)).toThrow(RangeError);
    expect(verifyInclusion(ls[0]!, 5, 5, [], treeHead(ls).root)).toBe(false);
  });

  it('a prover over a large tree proves any leaf quickly, against the same root the tree head gives', () => {
    const ls = leaves(5000);
    const root = treeHead(ls).root;
    const prove = inclusionProver(ls);
    const started = performance.now();
    for (const i of [0, 1, 2047, 2048, 4095, 4096, 4999]) expect(verifyInclusion(ls[i]!, i, 5000, prove(i), root)).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
    expect(consistencyProof(ls, 4096).length).toBeGreaterThan(0); // same tree shape as the consistency proofs
  });
});
