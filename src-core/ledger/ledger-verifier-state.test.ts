/**
 * The resumable verifier must reach exactly the verdict of the one-pass verifier, whatever the
 * page boundaries and however often its state goes through JSON (the hub stores it between
 * pushes). Fixture: a real test station with signed and co-signed comments and checkpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Checkpoint, LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { keyPool } from '../../test/fakes/key-pool.ts';
import { makeTestStation, type TestStation } from '../../test/fakes/test-station.ts';
import { stationActivity } from '../../test/hub/support/station-activity.ts';
import { entryHash } from './entry-hash.ts';
import { treeHead } from './merkle-tree.ts';
import { verifyLedger, type VerifyResult } from './ledger-verifier.ts';
import { KEPT_ROOTS, LedgerVerifierState, type VerifierLookups, type VerifierSnapshot, type VerifierSnapshotV1, type VerifyFailure } from './ledger-verifier-state.ts';
import { createCertificateCache } from '../pki/certificate-check.ts';
import { InvariantViolation } from '../../src-shared/result.ts';

let t: TestStation;
let entries: LedgerEntry[];
let checkpoints: Checkpoint[];

beforeAll(() => {
  t = makeTestStation({ config: { checkpointEvery: 10 } });
  stationActivity(t).record(60);
  entries = [...t.ledger.iterate()];
  checkpoints = t.ledger.checkpoints();
});
afterAll(() => t.cleanup());

/**
 * What a resumed state reads through its lookups, as the hub reads it from what it stores: the
 * PEM of a certificate from the ledger's certificate.issued entry, the root of a checkpoint
 * accepted before.
 */
function lookupsOf(all: readonly LedgerEntry[], cps: readonly Checkpoint[]): VerifierLookups {
  return {
    certPem: (fp) => all.find((e) => e.type === 'certificate.issued' && e.payload.fingerprint === fp)?.payload.certPem as string | undefined,
    checkpointRoot: (size) => cps.find((c) => c.treeSize === size)?.rootHash,
  };
}

const cache = createCertificateCache();

/**
 * Verifies in pages cut at `cuts`, round-tripping the state through JSON between pages; with
 * `shared`, as the hub intake does: every page's state through the one certificate cache the
 * hub keeps for all pushes. The success result is built from the last snapshot the
 * paged states themselves made (never from another verifier), and its tree must be the tree
 * over exactly the entries given.
 */
function verifyInPages(all: LedgerEntry[], cps: Checkpoint[], cuts: number[], { shared = false } = {}): VerifyResult {
  let snapshot: VerifierSnapshot = LedgerVerifierState.fresh().snapshot();
  const hashes = new Map<number, string>();
  const bounds = [...new Set([0, ...cuts.filter((c) => c > 0 && c < all.length), all.length])].sort((a, b) => a - b);
  for (let i = 0; i + 1 < bounds.length; i++) {
    const state = LedgerVerifierState.resume(JSON.parse(JSON.stringify(snapshot)) as VerifierSnapshot, { lookups: lookupsOf(all, cps), ...(shared ? { cache } : {}) });
    const refused = (failure: VerifyFailure): VerifyResult => ({ ok: false, error: failure });
    const page = all.slice(bounds[i], bounds[i + 1]);
    for (const entry of page) {
      const problem = state.append(entry, (seq) => hashes.get(seq));
      if (problem) return refused(problem);
      hashes.set(entry.seq, entry.hash);
      for (const c of cps.filter((c) => c.treeSize === state.size)) {
        const reason = state.checkpoint(c);
        if (reason) return refused({ seq: entry.seq, code: 'CHECKPOINT_INVALID', reason });
      }
    }
    snapshot = state.snapshot();
  }
  const done = LedgerVerifierState.resume(JSON.parse(JSON.stringify(snapshot)) as VerifierSnapshot);
  expect(done.root()).toBe(treeHead(all.map((e) => Buffer.from(e.hash, 'hex'))).root.toString('hex'));
  return {
    ok: true,
    value: { entries: done.size, signatures: done.signatures, checkpoints: done.checkpointCount, certificates: done.certificateCount, headHash: done.headHash, trustAnchor: 'genesis', mode: 'production', checkpointEvery: 10 },
  };
}

const cutsArb = fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 12 });

describe('LedgerVerifierState', () => {
  it('the fixture ledger verifies in one pass, with signatures and checkpoints', () => {
    const r = verifyLedger({ entries, checkpoints });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.signatures).toBeGreaterThan(10);
      expect(r.value.checkpoints).toBeGreaterThan(3);
    }
  });

  it('paged verification through JSON agrees with the one-pass verdict for any page cuts', async () => {
    const whole = verifyLedger({ entries, checkpoints });
    await fc.assert(
      fc.asyncProperty(cutsArb, async (cuts) => {
        const paged = verifyInPages(entries, checkpoints, cuts);
        expect(paged).toEqual(whole);
      }),
      { numRuns: 40 },
    );
  });

  it('names the same first bad entry as the one-pass verifier, whatever the cuts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 3, max: entries.length }), cutsArb, async (badSeq, cuts) => {
        const tampered = entries.map((e) => (e.seq === badSeq ? { ...e, payload: { ...e.payload, forged: true } } : e));
        const whole = verifyLedger({ entries: tampered, checkpoints });
        const paged = verifyInPages(tampered, checkpoints, cuts);
        expect(whole.ok).toBe(false);
        expect(paged).toEqual(whole);
      }),
      { numRuns: 40 },
    );
  });

  it('catches a history rewritten with recomputed hashes at the next checkpoint, after a resume', async () => {
    // A victim no signature depends on before the next checkpoint (re-signing would need the
    // users' keys): only the station-signed tree head can then tell.
    const checkpointAfter = (seq: number) => checkpoints.find((c) => c.treeSize >= seq);
    const victim = entries.find((v) => {
      const cp = checkpointAfter(v.seq);
      return v.seq > 20 && v.type === 'comment.recorded' && cp !== undefined &&
        entries.every((e) => e.type !== 'signature.applied' || e.seq <= v.seq || e.seq > cp.treeSize || (e.payload.targetSeq as number) < v.seq);
    })!;
    expect(victim).toBeDefined();
    const rewritten: LedgerEntry[] = [entries[0]!];
    for (const e of entries.slice(1)) {
      const changed = e.seq === victim.seq ? { ...e, payload: { text: 'rewritten' } } : e;
      const chained = { ...changed, prevHash: rewritten.at(-1)!.hash };
      rewritten.push({ ...chained, hash: entryHash(chained) });
    }
    const nextCheckpoint = checkpointAfter(victim.seq)!;
    const paged = verifyInPages(rewritten, checkpoints, [victim.seq - 1]);
    expect(!paged.ok && paged.error).toMatchObject({ seq: nextCheckpoint.treeSize, code: 'CHECKPOINT_INVALID' });
  });

  it('P11-18 the snapshot is of bounded size: certificates by fingerprint without their PEMs, the roots of the last KEPT_ROOTS checkpoints only', () => {
    const state = LedgerVerifierState.fresh();
    for (const e of entries) {
      expect(state.append(e, (seq) => entries[seq - 1]?.hash)).toBeNull();
      for (const c of checkpoints.filter((c) => c.treeSize === state.size)) expect(state.checkpoint(c)).toBeNull();
    }
    const snapshot = state.snapshot();
    expect(Object.keys(snapshot.certs)).toHaveLength(state.certificateCount);
    expect(state.certificateCount).toBeGreaterThan(1);
    // The only PEMs left are the trusted CAs (and the hub certificate once enrolled).
    const pems = JSON.stringify(snapshot).match(/BEGIN CERTIFICATE/g) ?? [];
    expect(pems).toHaveLength(snapshot.caPems.length + (snapshot.hubCertPem ? 1 : 0) + (snapshot.pinnedCaPem ? 1 : 0));
    expect(checkpoints.length).toBeGreaterThan(KEPT_ROOTS);
    const last = checkpoints.slice(-KEPT_ROOTS);
    expect(snapshot.checkpointRoots).toEqual(Object.fromEntries(last.map((c) => [String(c.treeSize), c.rootHash])));
    // A resumed state that was not given a PEM it needs is a caller's bug, never a verdict.
    const resumed = LedgerVerifierState.resume(snapshot);
    expect(() => resumed.knownCert(Object.keys(snapshot.certs)[0]!)).toThrow(InvariantViolation);
  });

  it('P11-18 a version-1 snapshot (every PEM and root inline) still resumes: the one-pass verdict, and the same first refusal of a forged e-signature', () => {
    const cut = 30;
    const v1Of = (all: LedgerEntry[]): VerifierSnapshotV1 => {
      const state = LedgerVerifierState.fresh();
      for (const e of all.slice(0, cut)) {
        expect(state.append(e, (seq) => all[seq - 1]?.hash)).toBeNull();
        for (const c of checkpoints.filter((c) => c.treeSize === state.size)) expect(state.checkpoint(c)).toBeNull();
      }
      const v2 = state.snapshot();
      const certs = Object.fromEntries(Object.keys(v2.certs).map((fp) => [fp, state.knownCert(fp)!]));
      const checkpointRoots = Object.fromEntries(checkpoints.filter((c) => c.treeSize <= cut).map((c) => [String(c.treeSize), c.rootHash]));
      return JSON.parse(JSON.stringify({ ...v2, v: 1, certs, checkpointRoots })) as VerifierSnapshotV1;
    };
    const rest = (all: LedgerEntry[]): VerifyResult | null => {
      // no lookups: a version-1 snapshot holds everything it names
      const state = LedgerVerifierState.resume(v1Of(all));
      for (const e of all.slice(cut)) {
        const problem = state.append(e, (seq) => all[seq - 1]?.hash);
        if (problem) return { ok: false, error: problem };
        for (const c of checkpoints.filter((c) => c.treeSize === state.size)) {
          const reason = state.checkpoint(c);
          if (reason) return { ok: false, error: { seq: e.seq, code: 'CHECKPOINT_INVALID', reason } };
        }
      }
      expect(state.snapshot().v).toBe(2);
      return null;
    };
    expect(rest(entries)).toBeNull();
    const victim = entries.find((e) => e.seq > cut && e.type === 'signature.applied')!;
    const forgedLedger: LedgerEntry[] = [];
    for (const e of entries) {
      let changed: LedgerEntry = e;
      if (e.seq === victim.seq) {
        const sig = Buffer.from(e.payload.signature as string, 'base64');
        sig[sig.length >> 1]! ^= 0x01;
        changed = { ...e, payload: { ...e.payload, signature: sig.toString('base64') } };
      }
      if (e.seq > 1) changed = { ...changed, prevHash: forgedLedger.at(-1)!.hash };
      forgedLedger.push(changed === e ? e : { ...changed, hash: entryHash(changed) });
    }
    const whole = verifyLedger({ entries: forgedLedger, checkpoints });
    expect(!whole.ok && whole.error).toMatchObject({ seq: victim.seq, code: 'SIGNATURE_INVALID' });
    const resumed = rest(forgedLedger);
    expect(resumed && !resumed.ok && resumed.error).toMatchObject({ seq: victim.seq, code: 'SIGNATURE_INVALID' });
  });

  it('refuses a checkpoint that is not over exactly the verified entries', () => {
    const state = LedgerVerifierState.fresh();
    for (const e of entries.slice(0, 5)) expect(state.append(e, () => undefined)).toBeNull();
    expect(state.checkpoint({ ...checkpoints[0]!, treeSize: 4 })).toMatch(/checked against 5 entries/);
  });

  it('a pinned anchor other than the genesis CA refuses the first certificate', () => {
    // a freshly generated CA key: the test key pool would hand every test station the same one
    const other = makeTestStation({ withUsers: false, config: { keys: { next: keyPool(3).next } } });
    try {
      const otherCa = [...other.ledger.iterate()][0]!.payload.caCertPem as string;
      const r = verifyLedger({ entries, checkpoints, trustAnchorPem: otherCa });
      expect(!r.ok && r.error).toMatchObject({ seq: 2, code: 'CERTIFICATE_INVALID' });
    } finally {
      other.cleanup();
    }
  });
});

describe('entry types named like object properties', () => {
  it('P11-02 an entry whose type is constructor, toString or __proto__ (hash recomputed) is refused as an unknown type, not a crash', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const forged = { ...entries[0]!, type } as LedgerEntry;
      const entry = { ...forged, hash: entryHash(forged) };
      const problem = LedgerVerifierState.fresh().append(entry, () => undefined);
      expect(problem, type).toMatchObject({ code: 'ENTRY_TYPE_UNKNOWN' });
    }
  });
});

/**
 * The hub's intake verifies page by page through one certificate cache for every push: it must
 * name exactly the first bad entry the one-pass verifier names, through a cache warm with the
 * very signers (a cache hit must never vouch for a signature).
 */
describe('e-signatures through the shared certificate cache (the hub intake)', () => {
  const verifyShared = (all: LedgerEntry[], cps: Checkpoint[], cuts: number[]) => verifyInPages(all, cps, cuts, { shared: true });

  /** The ledger with one byte of entry `seq`'s e-signature changed, every hash after it recomputed. */
  function forged(seq: number): LedgerEntry[] {
    const out: LedgerEntry[] = [];
    for (const e of entries) {
      let changed: LedgerEntry = e;
      if (e.seq === seq) {
        const sig = Buffer.from(e.payload.signature as string, 'base64');
        sig[sig.length >> 1]! ^= 0x01;
        changed = { ...e, payload: { ...e.payload, signature: sig.toString('base64') } };
      }
      if (e.seq > 1) changed = { ...changed, prevHash: out.at(-1)!.hash };
      out.push(changed === e ? e : { ...changed, hash: entryHash(changed) });
    }
    return out;
  }

  it('P11-18 the paged verdict of an untampered ledger is the one-pass verdict, the certificate cache warm or cold', () => {
    const whole = verifyLedger({ entries, checkpoints });
    expect(verifyShared(entries, checkpoints, [17, 33])).toEqual(whole);
    expect(verifyShared(entries, checkpoints, [5])).toEqual(whole);
  });

  it('P11-18 a changed byte in any e-signature is refused after its signer was cached, naming the first bad entry as the one-pass verifier does, whatever fails after it', async () => {
    const signatures = entries.filter((e) => e.type === 'signature.applied').map((e) => e.seq);
    expect(signatures.length).toBeGreaterThan(10);
    verifyShared(entries, checkpoints, []); // every signer's certificate in the cache
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...signatures), cutsArb, async (seq, cuts) => {
        const tampered = forged(seq);
        const whole = verifyLedger({ entries: tampered, checkpoints });
        expect(!whole.ok && whole.error).toMatchObject({ seq, code: 'SIGNATURE_INVALID' });
        expect(verifyShared(tampered, checkpoints, cuts)).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });
});
