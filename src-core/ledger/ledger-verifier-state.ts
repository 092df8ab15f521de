/**
 * The ledger verifier as a resumable state machine: feed it entries and checkpoints in order,
 * stop at any point, persist `snapshot()` (JSON), and resume later from exactly there. The
 * offline `batchline verify` (ledger-verifier.ts) runs it over a whole ledger in one go; the
 * hub runs it page by page as a station pushes, keeping the snapshot beside the station's
 * acknowledged head, so it never re-reads history it has already verified.
 *
 * What is carried between pages, and why it suffices: the next sequence number and previous
 * hash (chain), the RFC 9162 tree builder's perfect-subtree hashes (O(log n); the root at
 * any later size follows from them and the new leaves alone, which is what makes a new
 * checkpoint consistent with every one accepted before it), the certificates issued so far
 * with the CA each was checked against (signatures and checkpoints name them by fingerprint),
 * the CAs trusted for new certificates, and the accepted checkpoint roots with the hub
 * certificate (a `sync.countersigned` receipt must name one of those roots and verify with it). Hashes of older entries, which a signature may
 * target, are asked for through `hashAt` (the hub reads them from its database).
 *
 * The snapshot's size is bounded (issue 16: it was rewritten as jsonb on every page and had
 * grown to 57 KB after 5,000 entries, most of it certificate PEMs, the rest checkpoint roots
 * growing with every checkpoint): it names each recorded certificate by fingerprint with its
 * kind, subject and the index of the CA it was checked against (~130 bytes; the PEM is in the
 * ledger's own certificate.issued entry), and keeps the roots of the last KEPT_ROOTS
 * checkpoints only (what the next page's receipt names: the hub countersigns the latest). A
 * resumed state reads the others through its `lookups` (VerifierLookups: the hub reads them
 * from the ledger entries and checkpoints it stores beside the snapshot), so it refuses exactly
 * what a state that kept everything refuses. Snapshots of version 1 (PEMs and every root
 * inline) still resume.
 *
 * Trust: without a pinned anchor the CA in the genesis entry is trusted (as before), and a
 * `sync.enrolled` entry adds the hub CA it names, whose certificates then verify too. With a
 * pinned anchor only that CA is trusted: enrolment to another hub CA leaves that hub's
 * certificates unverifiable (CERTIFICATE_INVALID), as the pin demands.
 */
import type { Checkpoint, LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { GENESIS_PREV_HASH } from '../../src-shared/ledger/ledger-entry.ts';
import { payloadSchemaOf } from '../../src-shared/ledger/entry-types.ts';
import { acceptor } from '../../src-shared/zod-fast-accept.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { InvariantViolation } from '../../src-shared/result.ts';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import { entryHash } from './entry-hash.ts';
import { TreeHeadBuilder, type TreeHeadState } from './merkle-tree.ts';
import { verifyCheckpointSignature } from './checkpoint.ts';
import { createCertificateCache, inspectCertificate, verifyCertificateChain, type CertificateCache } from '../pki/certificate-check.ts';
import { verifyRecordSignature } from '../signatures/record-signature.ts';
import { readRevocationList } from '../pki/revocation-list.ts';
import { verifyCountersignature } from '../sync/countersignature.ts';

export interface VerifyFailure {
  seq: number | null;
  code: ErrorCode;
  reason: string;
  /** Every entry concerned, where there are several (time going backwards). */
  entries?: number[];
}

export interface KnownCert {
  kind: string;
  subjectId: string;
  certPem: string;
  /** The CA this certificate was verified against when it was recorded. */
  caPem: string;
}

/** A recorded certificate as a snapshot names it: its PEM is in the ledger (certificate.issued). */
export interface CertRef {
  kind: string;
  subjectId: string;
  /** Index in `caPems` of the CA this certificate was verified against when it was recorded. */
  ca: number;
}

/** Roots of the most recent checkpoints a snapshot keeps; older ones are read through lookups. */
export const KEPT_ROOTS = 4;

/**
 * Where a resumed state reads what its snapshot names but does not hold: synchronous, so a
 * caller reads ahead what a page needs (LedgerVerifierState.needs).
 */
export interface VerifierLookups {
  /** The PEM of a certificate this ledger recorded (certificate.issued), by fingerprint. */
  certPem?: (fingerprint: string) => string | undefined;
  /** The root of a checkpoint of this ledger accepted before, by tree size. */
  checkpointRoot?: (treeSize: number) => string | undefined;
}

/** Everything needed to continue verifying after entry `size`; JSON-safe, of bounded size. */
export interface VerifierSnapshot {
  v: 2;
  stationId: string | null;
  size: number;
  headHash: string;
  tree: TreeHeadState;
  pinnedCaPem: string | null;
  /** CAs trusted for newly recorded certificates, oldest first. */
  caPems: string[];
  certs: Record<string, CertRef>;
  signatures: number;
  checkpoints: number;
  lastCheckpoint: { treeSize: number; rootHash: string } | null;
  /**
   * Roots of the last KEPT_ROOTS accepted checkpoints by tree size (what a hub countersignature
   * must name); older ones through VerifierLookups.checkpointRoot.
   */
  checkpointRoots: Record<string, string>;
  /** The hub certificate named at enrolment: countersignatures must verify with it. */
  hubCertPem: string | null;
  /**
   * Certificate serials the CA's recorded revocation lists name, with the earliest revocation
   * time (ISO). Absent in snapshots made before revocation lists (issue 10 item 7).
   */
  revoked?: Record<string, string>;
}

/** A snapshot as version 1 stored it (every certificate's PEM and CA, every root): still resumed. */
export interface VerifierSnapshotV1 extends Omit<VerifierSnapshot, 'v' | 'certs' | 'checkpointRoots' | 'hubCertPem'> {
  v: 1;
  certs: Record<string, KnownCert>;
  checkpointRoots?: Record<string, string>;
  hubCertPem?: string | null;
}

/** A failure; a function of the module, not a closure made for every entry appended. */
function fail(seq: number | null, code: ErrorCode, reason: string): VerifyFailure {
  return { seq, code, reason };
}

/** Looks up the hash of an earlier entry (a signature's target). */
export type HashLookup = (seq: number) => string | undefined;

/** Options of a state. */
export interface VerifierOptions {
  cache?: CertificateCache;
  lookups?: VerifierLookups;
}

export class LedgerVerifierState {
  private tree: TreeHeadBuilder;
  private s: VerifierSnapshot;
  /** PEMs of the recorded certificates this state holds (all it recorded itself; read through lookups after a resume). */
  private readonly pems = new Map<string, string>();

  /**
   * `cache`: parsed certificates and chain checks, which depend on the PEMs alone; the hub
   * passes one cache to every page of every push, so a signer's certificate is parsed and its
   * chain checked once, not once per page (a fresh state per page resumes from the snapshot).
   */
  private constructor(
    snapshot: VerifierSnapshot,
    private readonly cache: CertificateCache = createCertificateCache(),
    private readonly lookups: VerifierLookups = {},
  ) {
    this.s = structuredClone(snapshot);
    this.tree = TreeHeadBuilder.fromState(snapshot.tree);
  }

  static fresh(options: VerifierOptions & { trustAnchorPem?: string } = {}): LedgerVerifierState {
    const pinned = options.trustAnchorPem ?? null;
    return new LedgerVerifierState(
      {
        v: 2,
        stationId: null,
        size: 0,
        headHash: GENESIS_PREV_HASH,
        tree: { size: 0, stack: [] },
        pinnedCaPem: pinned,
        caPems: pinned ? [pinned] : [],
        certs: {},
        signatures: 0,
        checkpoints: 0,
        lastCheckpoint: null,
        checkpointRoots: {},
        hubCertPem: null,
      },
      options.cache,
    );
  }

  static resume(snapshot: VerifierSnapshot | VerifierSnapshotV1, options: VerifierOptions = {}): LedgerVerifierState {
    if (snapshot.v === 2) return new LedgerVerifierState(snapshot, options.cache, options.lookups);
    // Version 1: the PEMs it holds are kept in memory, its certificates named by reference.
    const certs: Record<string, CertRef> = {};
    for (const [fingerprint, c] of Object.entries(snapshot.certs)) {
      const ca = snapshot.caPems.indexOf(c.caPem);
      if (ca < 0) throw new InvariantViolation(`verifier snapshot: certificate ${fingerprint} was checked against a CA the ledger never trusted`);
      certs[fingerprint] = { kind: c.kind, subjectId: c.subjectId, ca };
    }
    const state = new LedgerVerifierState(
      { ...snapshot, v: 2, certs, checkpointRoots: snapshot.checkpointRoots ?? {}, hubCertPem: snapshot.hubCertPem ?? null },
      options.cache,
      options.lookups,
    );
    for (const [fingerprint, c] of Object.entries(snapshot.certs)) state.pems.set(fingerprint, c.certPem);
    return state;
  }

  /**
   * The state to persist. Of bounded size: certificates by reference, the last KEPT_ROOTS checkpoint roots.
   */
  snapshot(): VerifierSnapshot {
    const kept = Object.keys(this.s.checkpointRoots)
      .map(Number)
      .sort((a, b) => b - a)
      .slice(0, KEPT_ROOTS);
    const checkpointRoots: Record<string, string> = {};
    for (const size of kept.reverse()) checkpointRoots[String(size)] = this.s.checkpointRoots[String(size)]!;
    return structuredClone({ ...this.s, checkpointRoots, tree: this.tree.toState() });
  }

  /**
   * What verifying these entries and checkpoints next will read through the lookups: PEMs of
   * certificates the state knows only by reference (signers, checkpoint signers), and roots of
   * checkpoints at or below the current size that receipts name and the state does not hold.
   * A caller reads them ahead (the hub: two reads at most, usually none).
   */
  needs(entries: readonly LedgerEntry[], checkpoints: readonly Checkpoint[]): { certs: string[]; roots: number[] } {
    const certs = new Set<string>();
    const roots = new Set<number>();
    const want = (fingerprint: unknown) => {
      if (typeof fingerprint === 'string' && this.s.certs[fingerprint] !== undefined && !this.pems.has(fingerprint)) certs.add(fingerprint);
    };
    for (const e of entries) {
      if (e.type === 'signature.applied') want(e.payload.certFingerprint);
      const size = e.payload.treeSize;
      if (e.type === 'sync.countersigned' && typeof size === 'number' && size <= this.s.size && this.s.checkpointRoots[String(size)] === undefined) roots.add(size);
    }
    for (const c of checkpoints) want(c.certFingerprint);
    return { certs: [...certs], roots: [...roots] };
  }

  get size(): number {
    return this.s.size;
  }
  get headHash(): string {
    return this.s.headHash;
  }
  get stationId(): string | null {
    return this.s.stationId;
  }
  get signatures(): number {
    return this.s.signatures;
  }
  get checkpointCount(): number {
    return this.s.checkpoints;
  }
  get certificateCount(): number {
    return Object.keys(this.s.certs).length;
  }
  get lastCheckpoint(): { treeSize: number; rootHash: string } | null {
    return this.s.lastCheckpoint;
  }
  knownCert(fingerprint: string): KnownCert | undefined {
    return this.cert(fingerprint);
  }

  /**
   * A recorded certificate with its PEM and CA; its PEM from the lookups when the state holds
   * only its reference (a caller that did not read it ahead is a bug, not a refusal).
   */
  private cert(fingerprint: string): KnownCert | undefined {
    const ref = this.s.certs[fingerprint];
    if (ref === undefined) return undefined;
    let certPem = this.pems.get(fingerprint);
    if (certPem === undefined) {
      certPem = this.lookups.certPem?.(fingerprint);
      if (certPem === undefined) throw new InvariantViolation(`verifier state: the PEM of recorded certificate ${fingerprint} was not read ahead`);
      this.pems.set(fingerprint, certPem);
    }
    return { kind: ref.kind, subjectId: ref.subjectId, certPem, caPem: this.s.caPems[ref.ca]! };
  }
  /** Root of the tree over all entries verified so far (lowercase hex). */
  root(): string {
    return this.tree.root().toString('hex');
  }

  /**
   * Verifies the next entry and, if it holds, takes it into the state. On failure the state is
   * unchanged, so a caller may report and stop, or resume from an earlier snapshot.
   */
  append(entry: LedgerEntry, hashAt: HashLookup): VerifyFailure | null {
    const seq = entry.seq;
    const expected = this.s.size + 1;
    if (seq !== expected) {
      return seq > expected
        ? fail(expected, 'SEQ_GAP', `entry ${expected} is missing (next present is ${seq}): entries were deleted`)
        : fail(seq, 'SEQ_GAP', `entry ${seq} appears after ${expected - 1}: entries are out of order or duplicated`);
    }
    if (entry.prevHash !== this.s.headHash) return fail(seq, 'CHAIN_BROKEN', `prevHash does not match the hash of entry ${seq - 1}`);
    const recomputed = entryHash(entry);
    if (recomputed !== entry.hash) return fail(seq, 'HASH_MISMATCH', `stored hash ${entry.hash.slice(0, 12)}… but content hashes to ${recomputed.slice(0, 12)}…: the entry was changed`);
    const schema = payloadSchemaOf(entry.type);
    if (!schema) return fail(seq, 'ENTRY_TYPE_UNKNOWN', `unknown entry type "${entry.type}"`);
    // The verdict only: a payload the compiled acceptor passes is one zod accepts, without zod's
    // copy of it (zod-fast-accept.ts); any other is parsed, and refused in zod's words.
    if (!acceptor(schema)?.(entry.payload)) {
      const parsed = schema.safeParse(entry.payload);
      if (!parsed.success) return fail(seq, 'ENTRY_PAYLOAD_INVALID', `payload of ${entry.type} is invalid: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    const p = entry.payload as Record<string, unknown>;

    let stationId = this.s.stationId;
    let genesisCa: string | null = null;
    if (seq === 1) {
      if (entry.type !== 'station.initialised') return fail(1, 'CHAIN_BROKEN', 'entry 1 must be station.initialised');
      stationId = entry.stationId;
      if (this.s.pinnedCaPem === null) genesisCa = p.caCertPem as string;
    } else if (entry.stationId !== stationId) {
      return fail(seq, 'CHAIN_BROKEN', `entry belongs to station ${entry.stationId}, ledger to ${stationId}`);
    }
    const caPems = genesisCa ? [...this.s.caPems, genesisCa] : this.s.caPems;

    let newCert: [string, KnownCert] | null = null;
    if (entry.type === 'certificate.issued') {
      const checked = this.checkIssued(p.certPem as string, caPems, new Date(entry.time));
      if (!checked.ok) return fail(seq, 'CERTIFICATE_INVALID', checked.message);
      if (checked.fingerprint !== p.fingerprint) return fail(seq, 'CERTIFICATE_INVALID', 'recorded fingerprint does not match the certificate');
      newCert = [p.fingerprint as string, { kind: p.kind as string, subjectId: p.subjectId as string, certPem: p.certPem as string, caPem: checked.caPem }];
    }

    let enrolledCa: string | null = null;
    if (entry.type === 'sync.enrolled') {
      const hubCa = p.hubCaCertPem as string;
      const hubCert = verifyCertificateChain(p.hubCertPem as string, hubCa, new Date(entry.time), { cache: this.cache });
      if (!hubCert.ok) return fail(seq, 'CERTIFICATE_INVALID', `hub certificate: ${hubCert.error.message}`);
      // A pin means "this CA and no other": an enrolment elsewhere adds nothing.
      if (this.s.pinnedCaPem === null && !caPems.includes(hubCa)) enrolledCa = hubCa;
    }

    if (entry.type === 'signature.applied') {
      const problem = this.checkSignature(entry, p, hashAt);
      if (problem) return fail(seq, problem.code, problem.reason);
    }

    let revocations: { serialNumber: string; revokedAt: string }[] | null = null;
    if (entry.type === 'certificate.revocations_received') {
      const checked = this.checkRevocationList(p, caPems);
      if (typeof checked === 'string') return fail(seq, 'CERTIFICATE_INVALID', checked);
      revocations = checked;
    }

    if (entry.type === 'sync.countersigned') {
      // The hub's receipt must name a tree head this ledger signed, and be the hub's signature.
      if (this.checkpointRoot(p.treeSize as number) !== p.rootHash) return fail(seq, 'CHECKPOINT_INVALID', `countersignature of a tree head of ${String(p.treeSize)} entries this ledger never signed`);
      // The hub certificate's key as the cache parsed it (once per run), not from its PEM per receipt.
      const hubCert = this.s.hubCertPem === null ? null : inspectCertificate(this.s.hubCertPem, this.cache);
      const head = { stationId: entry.stationId, treeSize: p.treeSize as number, rootHash: p.rootHash as string, acceptedAt: p.acceptedAt as string };
      if (!hubCert?.ok || !verifyCountersignature(hubCert.value.publicKey, head, p.signature as string)) return fail(seq, 'SIGNATURE_INVALID', 'countersignature does not verify with the hub certificate named at enrolment');
    }

    // Every check passed: commit the entry to the state.
    this.s.stationId = stationId;
    this.s.caPems = enrolledCa ? [...caPems, enrolledCa] : caPems;
    if (entry.type === 'sync.enrolled') this.s.hubCertPem = p.hubCertPem as string;
    if (newCert) {
      this.s.certs[newCert[0]] = { kind: newCert[1].kind, subjectId: newCert[1].subjectId, ca: this.s.caPems.indexOf(newCert[1].caPem) };
      this.pems.set(newCert[0], newCert[1].certPem);
    }
    if (revocations) {
      const map = (this.s.revoked ??= {});
      for (const r of revocations) if (map[r.serialNumber] === undefined || r.revokedAt < map[r.serialNumber]!) map[r.serialNumber] = r.revokedAt;
    }
    if (entry.type === 'signature.applied') this.s.signatures++;
    this.tree.append(Buffer.from(entry.hash, 'hex'));
    this.s.headHash = entry.hash;
    this.s.size = seq;
    return null;
  }

  /** The root of the checkpoint at `treeSize` this state verified, if it did. */
  checkpointRoot(treeSize: number): string | undefined {
    return this.s.checkpointRoots[String(treeSize)] ?? (treeSize <= this.s.size ? this.lookups.checkpointRoot?.(treeSize) : undefined);
  }

  /**
   * Verifies a station checkpoint over exactly the entries verified so far. Returns the reason
   * it fails (the caller reports it as CHECKPOINT_INVALID), or null.
   */
  checkpoint(c: Checkpoint): string | null {
    if (c.treeSize !== this.s.size) return `checkpoint at size ${c.treeSize} checked against ${this.s.size} entries`;
    if (c.stationId !== this.s.stationId) return `checkpoint ${c.treeSize} is for station ${c.stationId}`;
    if (c.rootHash !== this.root()) return `signed tree head at ${c.treeSize} entries does not match the ledger: history was rewritten`;
    const cert = this.cert(c.certFingerprint);
    if (!cert || cert.kind !== 'station') return `checkpoint ${c.treeSize} is signed by an unknown station certificate`;
    const valid = verifyCertificateChain(cert.certPem, cert.caPem, new Date(c.signedAt), { cache: this.cache });
    if (!valid.ok) return `checkpoint ${c.treeSize} signing certificate at signing time: ${valid.error.message}`;
    // The public key parsed once per certificate by the cache, not from the PEM per checkpoint.
    if (!verifyCheckpointSignature(c, valid.value.publicKey)) return `checkpoint ${c.treeSize} signature does not verify`;
    this.s.checkpoints++;
    this.s.lastCheckpoint = { treeSize: c.treeSize, rootHash: c.rootHash };
    this.s.checkpointRoots[String(c.treeSize)] = c.rootHash;
    return null;
  }

  /** When the recorded revocation lists say the certificate with this serial was revoked (ISO), if they do. */
  revokedAt(serialNumber: string): string | undefined {
    return this.s.revoked?.[serialNumber];
  }

  /**
   * A recorded revocation list must be signed by a CA this ledger trusts (the hub CA after
   * enrolment, or the pinned anchor) and the entry must say exactly what the list says.
   */
  private checkRevocationList(p: Record<string, unknown>, caPems: string[]): { serialNumber: string; revokedAt: string }[] | string {
    let why = 'no CA is trusted yet';
    for (let i = caPems.length - 1; i >= 0; i--) {
      const list = readRevocationList(p.crlPem as string, caPems[i]!);
      if (!list.ok) {
        if (i === caPems.length - 1) why = list.error.message;
        continue;
      }
      const l = list.value;
      const listed = l.revoked.map((r) => `${r.serialNumber}@${r.revokedAt.toISOString()}`).sort().join(',');
      const recorded = ((p.revoked as { serialNumber: string; revokedAt: string }[]) ?? []).map((r) => `${r.serialNumber}@${r.revokedAt}`).sort().join(',');
      if (l.fingerprint !== p.fingerprint || l.number !== p.crlNumber || listed !== recorded) return 'the entry does not say what its revocation list says';
      return l.revoked.map((r) => ({ serialNumber: r.serialNumber, revokedAt: r.revokedAt.toISOString() }));
    }
    return `revocation list: ${why}`;
  }

  private checkIssued(certPem: string, caPems: string[], at: Date): { ok: true; fingerprint: string; caPem: string } | { ok: false; message: string } {
    let message = 'no CA is trusted yet';
    // Newest CA first: after enrolment certificates come from the hub.
    for (let i = caPems.length - 1; i >= 0; i--) {
      const caPem = caPems[i]!;
      const checked = verifyCertificateChain(certPem, caPem, at, { cache: this.cache });
      if (checked.ok) return { ok: true, fingerprint: checked.value.fingerprint, caPem };
      if (i === caPems.length - 1) message = checked.error.message;
    }
    return { ok: false, message };
  }

  private checkSignature(entry: LedgerEntry, p: Record<string, unknown>, hashAt: HashLookup): { code: ErrorCode; reason: string } | null {
    const targetSeq = p.targetSeq as number;
    const targetHash = targetSeq < entry.seq ? hashAt(targetSeq) : undefined;
    if (targetHash === undefined) {
      return { code: 'SIGNATURE_TARGET_MISMATCH', reason: `signature names entry ${targetSeq}, which does not precede it` };
    }
    if (targetHash !== p.targetHash) {
      return { code: 'SIGNATURE_TARGET_MISMATCH', reason: `signature is bound to a different record than entry ${targetSeq}` };
    }
    const cert = this.cert(p.certFingerprint as string);
    if (!cert || cert.kind !== 'user-signing') return { code: 'SIGNATURE_INVALID', reason: 'signature names a certificate never issued in this ledger' };
    if (cert.subjectId !== p.signerId || entry.actor !== p.signerId) {
      return { code: 'SIGNATURE_INVALID', reason: `certificate belongs to ${cert.subjectId}, signature claims ${String(p.signerId)}` };
    }
    const chain = verifyCertificateChain(cert.certPem, cert.caPem, new Date(p.signedAt as string), { cache: this.cache });
    if (!chain.ok) return { code: 'CERTIFICATE_INVALID', reason: `signer certificate at signing time: ${chain.error.message}` };
    // The manifested name (11.50(a)(1)) is shown with the record; unless it is signed, hold it
    // to the name the CA certified, so it cannot be edited into someone else's.
    if (p.printedName !== chain.value.subjectCommonName) {
      return { code: 'SIGNATURE_INVALID', reason: `manifested name "${String(p.printedName)}" is not the certificate's "${chain.value.subjectCommonName}"` };
    }
    const fields = {
      stationId: entry.stationId,
      targetSeq,
      targetHash: p.targetHash as string,
      meaning: p.meaning as SignatureMeaning,
      signerId: p.signerId as string,
      signedAt: p.signedAt as string,
    };
    const valid = verifyRecordSignature(chain.value.publicKey, fields, p.signature as string);
    return valid ? null : { code: 'SIGNATURE_INVALID', reason: 'signature does not verify with the signer certificate' };
  }
}
