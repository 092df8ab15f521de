/**
 * Merkle inclusion proofs per RFC 9162 §2.1.3: PATH(m, D[n]) proves that leaf m is the m-th
 * leaf of the tree whose head a station signed (a checkpoint). The evidence packet carries one
 * per ledger entry, so a single entry is proven part of the signed history without the rest of
 * the ledger (src-core/archive). Same hashing as merkle-tree.ts (leaf 0x00, node 0x01).
 */
import { leafHash, nodeHash } from './merkle-tree.ts';

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A prover over one tree: the perfect subtrees are hashed once (O(n)), after which each proof
 * costs O(log² n) at most — a packet proves dozens of entries of a ledger of millions.
 */
export function inclusionProver(leaves: readonly Uint8Array[]): (index: number) => Buffer[] {
  const n = leaves.length;
  // levels[j][i]: the perfect subtree of 2^j leaves starting at leaf i·2^j.
  const levels: Buffer[][] = [leaves.map((l) => leafHash(l))];
  while (levels[levels.length - 1]!.length > 1) {
    const below = levels[levels.length - 1]!;
    const up: Buffer[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) up.push(nodeHash(below[i]!, below[i + 1]!));
    levels.push(up);
  }
  const range = (lo: number, hi: number): Buffer => {
    const size = hi - lo;
    if ((size & (size - 1)) === 0) {
      const j = Math.log2(size);
      if (lo % size === 0) return levels[j]![lo / size]!;
    }
    const k = largestPowerOfTwoBelow(size);
    return nodeHash(range(lo, lo + k), range(lo + k, hi));
  };
  return (index: number) => {
    if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`inclusion proof needs 0 <= index < n (index=${index}, n=${n})`);
    const path: Buffer[] = [];
    let lo = 0;
    let hi = n;
    // Walk down from the root; siblings are collected root-first, then reversed (leaf first).
    while (hi - lo > 1) {
      const k = largestPowerOfTwoBelow(hi - lo);
      if (index < lo + k) {
        path.push(range(lo + k, hi));
        hi = lo + k;
      } else {
        path.push(range(lo, lo + k));
        lo = lo + k;
      }
    }
    return path.reverse();
  };
}

/** PATH(index, D[0:n]) of RFC 9162 §2.1.3.1, for 0 <= index < n; siblings from leaf to root. */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new RangeError(`inclusion proof needs 0 <= index < n (index=${index}, n=${leaves.length})`);
  return inclusionProver(leaves)(index);
}

/** Verifies an inclusion proof (RFC 9162 §2.1.3.2) of `leaf` at `index` in a tree of `size` with `root`. */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      r = nodeHash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn !== 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>>= 1;
    sn >>>= 1;
  }
  return sn === 0 && Buffer.compare(Buffer.from(r), Buffer.from(root)) === 0;
}
