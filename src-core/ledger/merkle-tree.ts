/**
 * Merkle tree hashing per RFC 9162 (Certificate Transparency 2.0) §2.1: leaf hash
 * SHA-256(0x00 || leaf), interior SHA-256(0x01 || left || right), the left subtree always the
 * largest power of two smaller than n. Leaves are ledger entry hashes (32 bytes each).
 *
 * The station signs tree heads (checkpoints); the hub keeps the last head it accepted and asks
 * for a consistency proof (§2.1.4) to the new one, so a history rewritten with every entry hash
 * recomputed no longer matches what was already signed.
 */
import { createHash, hash } from 'node:crypto';

// Hashing is what opening and verifying a ledger spend their time on: one-shot hashes of a
// prefix byte and the 32-byte children copied into a reused buffer, instead of a Hash object
// and three updates per node (issue 16, item 3). JavaScript is single-threaded, so one
// scratch buffer each is safe; the digest returned is always a new buffer.
const LEAF_32 = Buffer.alloc(33, 0);
const NODE_32 = Buffer.alloc(65, 1);

// The digest comes back as a 'binary' (latin1) string, one char per byte, and is copied into a Buffer from
// the pool: crypto.hash's 'buffer' output makes a Buffer with a backing store of its own per
// call, ~1 µs against ~0.5 µs (Node 20), and memory the collector tracks apart (session 13).
function sha256(data: Uint8Array): Buffer {
  return Buffer.from(hash('sha256', data, 'binary'), 'latin1');
}

export function leafHash(leaf: Uint8Array): Buffer {
  if (leaf.length !== 32) return sha256(Buffer.concat([Buffer.from([0]), leaf]));
  LEAF_32.set(leaf, 1);
  return sha256(LEAF_32);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== 32 || right.length !== 32) return sha256(Buffer.concat([Buffer.from([1]), left, right]));
  NODE_32.set(left, 1);
  NODE_32.set(right, 33);
  return sha256(NODE_32);
}

/** MTH({}) = SHA-256 of the empty string (§2.1.1). */
export const EMPTY_TREE_HASH = createHash('sha256').digest();

/**
 * Tree head of leaves [0, n) in one pass and O(log n) memory: keep perfect subtrees on a stack,
 * merging equal sizes; the RFC's right-leaning shape is then the right fold of the stack.
 */
export function treeHead(leaves: Iterable<Uint8Array>): { size: number; root: Buffer } {
  const builder = new TreeHeadBuilder();
  for (const leaf of leaves) builder.append(leaf);
  return { size: builder.size, root: builder.root() };
}

/** JSON-safe form of a TreeHeadBuilder (hashes as lowercase hex). */
export interface TreeHeadState {
  size: number;
  stack: { size: number; hash: string }[];
}

/** Incremental tree head: append leaves one by one, read the root at any size. */
export class TreeHeadBuilder {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  /**
   * The left siblings from the last leaf up to the top of the last perfect subtree (bottom
   * first): exactly the subtrees merged by the last append. Null when unknown (a builder
   * restored from a state that did not carry it, before its next append).
   */
  private lastPath: Buffer[] | null = [];
  size = 0;

  append(leaf: Uint8Array): void {
    let node = { size: 1, hash: leafHash(leaf) };
    const path: Buffer[] = [];
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      path.push(left.hash);
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.lastPath = path;
    this.size += 1;
  }

  /**
   * The audit path of the last leaf inside the last perfect subtree (hex, bottom first), null
   * when unknown. Saved with the state, it lets a reader check in O(log n) that a stored leaf is
   * the one the signed root covers (see `isLastLeafOf`), without re-hashing every leaf.
   */
  lastLeafPath(): string[] | null {
    return this.lastPath && this.size > 0 ? this.lastPath.map((h) => h.toString('hex')) : null;
  }

  /** The whole state (perfect-subtree hashes, O(log n)), so a verifier can stop and resume. */
  toState(): TreeHeadState {
    return { size: this.size, stack: this.stack.map((n) => ({ size: n.size, hash: n.hash.toString('hex') })) };
  }

  static fromState(state: TreeHeadState): TreeHeadBuilder {
    const builder = new TreeHeadBuilder();
    builder.lastPath = state.size === 0 ? [] : null;
    let total = 0;
    for (const n of state.stack) {
      builder.stack.push({ size: n.size, hash: Buffer.from(n.hash, 'hex') });
      total += n.size;
    }
    if (total !== state.size) throw new RangeError(`tree state of size ${state.size} holds subtrees of ${total} leaves`);
    builder.size = state.size;
    return builder;
  }

  clone(): TreeHeadBuilder {
    const copy = new TreeHeadBuilder();
    copy.stack.push(...this.stack);
    copy.lastPath = this.lastPath;
    copy.size = this.size;
    return copy;
  }

  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_TREE_HASH;
    let acc = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = nodeHash(this.stack[i]!.hash, acc);
    return acc;
  }
}

/**
 * Whether `leaf` is the last leaf of the tree whose perfect-subtree stack is `state.stack` and
 * whose last leaf's audit path (bottom first, as `lastLeafPath` returns it) is `path`: the leaf
 * hash climbed along the path must give the last subtree's hash, which the caller has already
 * bound to a signed root (`root()` of the same state). O(log n), no other leaf read.
 */
export function isLastLeafOf(state: TreeHeadState, path: readonly string[], leaf: Uint8Array): boolean {
  const last = state.stack.at(-1);
  if (!last || 2 ** path.length !== last.size) return false;
  let acc = leafHash(leaf);
  for (const sibling of path) acc = nodeHash(Buffer.from(sibling, 'hex'), acc);
  return acc.toString('hex') === last.hash;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function rangeHead(leaves: readonly Uint8Array[], lo: number, hi: number): Buffer {
  return treeHead(leaves.slice(lo, hi)).root;
}

/** Consistency proof PROOF(m, D[n]) of RFC 9162 §2.1.4.1, for 0 < m <= n. */
export function consistencyProof(leaves: readonly Uint8Array[], m: number): Buffer[] {
  const n = leaves.length;
  if (m <= 0 || m > n) throw new RangeError(`consistency proof needs 0 < m <= n (m=${m}, n=${n})`);
  const proof: Buffer[] = [];
  const sub = (m: number, lo: number, hi: number, complete: boolean): void => {
    const size = hi - lo;
    if (m === size) {
      if (!complete) proof.push(rangeHead(leaves, lo, hi));
      return;
    }
    const k = largestPowerOfTwoBelow(size);
    if (m <= k) {
      sub(m, lo, lo + k, complete);
      proof.push(rangeHead(leaves, lo + k, hi));
    } else {
      sub(m - k, lo + k, hi, false);
      proof.push(rangeHead(leaves, lo, lo + k));
    }
  };
  sub(m, 0, n, true);
  return proof;
}

/** Verifies a consistency proof between two tree heads (RFC 9162 §2.1.4.2). */
export function verifyConsistency(
  first: { size: number; root: Uint8Array },
  second: { size: number; root: Uint8Array },
  proof: readonly Uint8Array[],
): boolean {
  if (first.size > second.size || first.size < 0) return false;
  if (first.size === second.size) return proof.length === 0 && equal(first.root, second.root);
  if (first.size === 0) return proof.length === 0;
  const path = [...proof];
  if (isPowerOfTwo(first.size)) path.unshift(first.root);
  if (path.length === 0) return false;
  let fn = first.size - 1;
  let sn = second.size - 1;
  while (fn & 1) {
    fn >>>= 1;
    sn >>>= 1;
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn !== 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>>= 1;
    sn >>>= 1;
  }
  return equal(fr, first.root) && equal(sr, second.root) && sn === 0;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}
