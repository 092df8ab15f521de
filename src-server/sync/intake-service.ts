/**
 * Sync up (issue #6 item 3): a station pushes pages of its ledger; the hub re-verifies every
 * entry (chain, hash, payload, certificates to the CA at their time, signatures to their
 * targets, checkpoints and their signatures) and stores and acknowledges the page in ONE
 * transaction, or refuses it whole.
 *
 * Concurrency and idempotency: the station's row is locked (SELECT … FOR UPDATE) for the
 * whole intake, so pushes of one station are serialised across every hub process; entries
 * at or below the acknowledged seq are compared with what is stored, never stored again, so
 * a repeated, duplicated or delayed page is answered with the same acknowledgement. The
 * (station_id, seq) primary key is the last line: a doubled row cannot exist.
 *
 * Consistency of checkpoints: the hub keeps the RFC 9162 tree state at its acknowledged head
 * (in the verifier snapshot) and extends it with the verified new leaves; a new signed tree
 * head is accepted only if it equals that root. This is the consistency check of §2.1.4 done
 * by a party that holds the leaves: the new head covers exactly the history already accepted,
 * plus the new entries. A station signing a different root for a size already accepted has
 * signed two histories: that is a fork.
 *
 * A fork (a different hash, or a different signed root, for something already acknowledged)
 * quarantines the station and is recorded for IT; any other failure refuses the page, records
 * the refusal with the first bad entry, and leaves the station free to push a correct page.
 */
import { wireStationId } from '../../src-shared/sync/ledger-key.ts';
import { and, between, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Checkpoint, LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { Countersignature, HashesResult, PushBody, PushResult, SyncState } from '../../src-shared/sync/sync-protocol.ts';
import { err, InvariantViolation, ok, type Result } from '../../src-shared/result.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { LedgerVerifierState, type VerifierSnapshot, type VerifierSnapshotV1, type VerifyFailure } from '../../src-core/ledger/ledger-verifier-state.ts';
import { createCertificateCache, type CertificateCache } from '../../src-core/pki/certificate-check.ts';
import { countersign } from '../../src-core/sync/countersignature.ts';
import { checkpoints, forks, issuedCertificates, ledgerEntries, stations, syncRefusals } from '../db/schema.ts';
import type { HubQuery, HubTx } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import { audit } from '../admin/hub-audit.ts';
import { preparedRows } from '../db/prepared-statement.ts';
import { intakePolicyProblem } from './intake-policy.ts';

export interface IntakeObserver {
  accepted(stationId: string, entries: number): void;
  refused(code: string): void;
  forked(stationId: string): void;
}

const INSERT_CHUNK = 500;
/** What the intake reads of the station row it locks. */
type StationRow = Pick<typeof stations.$inferSelect, 'stationId' | 'status' | 'ackSeq' | 'ackHash' | 'verifierState' | 'genesisHash' | 'enrolmentRequestId'>;

/**
 * The station row, locked for the whole intake. A page's fixed-shape statements (this one, and
 * the entries' insert and the acknowledgement below) run as named prepared statements of their
 * connection (prepared-statement.ts): parsed once, and on PGlite each one protocol exchange where
 * drizzle's query was five (Parse, Describe, Bind, Describe, Execute), with its plan kept after
 * five runs (issue 16).
 */
async function lockStation(tx: HubTx, stationId: string): Promise<StationRow[]> {
  const rows = await preparedRows<{ station_id: string; status: StationRow['status']; ack_seq: string | number; ack_hash: string | null; verifier_state: unknown; genesis_hash: string; enrolment_request_id: string }>(
    tx,
    sql`select station_id, status, ack_seq, ack_hash, verifier_state, genesis_hash, enrolment_request_id from ${stations} where station_id = ${stationId} for update`,
  );
  return rows.map((r) => ({ stationId: r.station_id, status: r.status, ackSeq: Number(r.ack_seq), ackHash: r.ack_hash, verifierState: r.verifier_state, genesisHash: r.genesis_hash, enrolmentRequestId: r.enrolment_request_id }));
}

/** Ends the intake transaction with a refusal or a fork; everything before it is discarded. */
type Outcome = { kind: 'ok'; result: PushResult } | { kind: 'refused'; failure: VerifyFailure } | { kind: 'fork'; seq: number; hubHash: string; stationHash: string; entry: LedgerEntry | null } | { kind: 'error'; code: ErrorCode; message: string };

export class IntakeService {
  /**
   * `cache`: parsed certificates and chain verdicts, which depend on the PEMs alone (revocation
   * is not in it); the hub passes the one its station authentication and signer certification
   * use, so a certificate the hub issued or read is not parsed again when a page records it.
   */
  constructor(
    private readonly ctx: HubContext,
    private readonly observer: IntakeObserver,
    private readonly cache: CertificateCache = createCertificateCache(),
  ) {}

  async state(stationId: string): Promise<Result<SyncState>> {
    const [st] = await this.ctx.db.select().from(stations).where(eq(stations.stationId, stationId));
    if (!st) return err('STATION_NOT_ENROLLED', `station ${stationId} is not enrolled`);
    return ok({
      stationId: wireStationId(stationId),
      status: st.status,
      ackSeq: st.ackSeq,
      ackHash: st.ackHash,
      countersignature: await this.latestCountersignature(this.ctx.db, stationId),
      hubTime: this.ctx.clock.now().toISOString(),
    });
  }

  /**
   * The hub's hashes of the station's own entries at `seqs` (those at or below its
   * acknowledged seq). A station whose history differs from the hub's searches with these for
   * the FIRST sequence number where the two differ (ledger-pusher.ts, findFirstDifference): a
   * hash chain agrees up to some seq and differs from there on, so a few calls find it, and
   * the fork is then reported there, not at the hub's acknowledged head (issue 18 item 14).
   */
  async hashes(stationId: string, seqs: number[]): Promise<Result<HashesResult>> {
    const [st] = await this.ctx.db.select({ ackSeq: stations.ackSeq }).from(stations).where(eq(stations.stationId, stationId));
    if (!st) return err('STATION_NOT_ENROLLED', `station ${stationId} is not enrolled`);
    const wanted = [...new Set(seqs)].filter((s) => Number.isSafeInteger(s) && s >= 1 && s <= st.ackSeq);
    if (wanted.length === 0) return ok({ ackSeq: st.ackSeq, hashes: [] });
    const rows = await this.ctx.db
      .select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.stationId, stationId), inArray(ledgerEntries.seq, wanted)))
      .orderBy(ledgerEntries.seq);
    return ok({ ackSeq: st.ackSeq, hashes: rows });
  }

  async push(stationId: string, body: PushBody): Promise<Result<PushResult>> {
    const shape = pageShapeProblem(wireStationId(stationId), body);
    if (shape) {
      this.observer.refused('SYNC_PAGE_INVALID');
      return err('SYNC_PAGE_INVALID', shape);
    }
    const outcome = await this.ctx.db.transaction(async (tx): Promise<Outcome> => {
      const [st] = await lockStation(tx, stationId);
      if (!st) return { kind: 'error', code: 'STATION_NOT_ENROLLED', message: `station ${stationId} is not enrolled` };
      if (st.status !== 'active') return { kind: 'error', code: st.status === 'revoked' ? 'STATION_REVOKED' : 'STATION_QUARANTINED', message: `station ${stationId} is ${st.status}` };
      const outcome = await this.intake(tx, st, body);
      if (outcome.kind === 'fork') await this.quarantine(tx, st, outcome);
      if (outcome.kind === 'refused') {
        const f = outcome.failure;
        await tx.insert(syncRefusals).values({ stationId, at: this.ctx.clock.now(), code: f.code, seq: f.seq, reason: f.reason });
      }
      return outcome;
    });
    switch (outcome.kind) {
      case 'ok':
        this.observer.accepted(stationId, outcome.result.accepted);
        return ok(outcome.result);
      case 'refused':
        this.observer.refused(outcome.failure.code);
        return err(outcome.failure.code, outcome.failure.seq === null ? outcome.failure.reason : `entry ${outcome.failure.seq}: ${outcome.failure.reason}`, { seq: outcome.failure.seq });
      case 'fork':
        this.observer.forked(stationId);
        return err('STATION_FORKED', `entry ${outcome.seq} differs from the one the hub acknowledged: the station is quarantined`, { seq: outcome.seq, hubHash: outcome.hubHash, stationHash: outcome.stationHash });
      case 'error':
        this.observer.refused(outcome.code);
        return err(outcome.code, outcome.message);
    }
  }

  private async intake(tx: HubTx, st: StationRow, body: PushBody): Promise<Outcome> {
    const stationId = st.stationId;
    const ack = st.ackSeq;
    const refuse = (seq: number | null, code: ErrorCode, reason: string): Outcome => ({ kind: 'refused', failure: { seq, code, reason } });

    // 1. What the hub already holds must be what the station still has.
    const overlap = body.entries.filter((e) => e.seq <= ack);
    // The usual page starts with one entry AT the acknowledged head (the station's anchor): the
    // station row holds that hash, so no read.
    if (overlap.length === 1 && overlap[0]!.seq === ack && st.ackHash !== null) {
      if (overlap[0]!.hash !== st.ackHash) return { kind: 'fork', seq: ack, hubHash: st.ackHash, stationHash: overlap[0]!.hash, entry: overlap[0]! };
    } else if (overlap.length > 0) {
      const stored = await tx
        .select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.stationId, stationId), between(ledgerEntries.seq, overlap[0]!.seq, overlap.at(-1)!.seq)));
      const byseq = new Map(stored.map((r) => [r.seq, r.hash]));
      for (const e of overlap) {
        const hubHash = byseq.get(e.seq);
        if (hubHash === undefined) throw new InvariantViolation(`hub lost entry ${e.seq} of ${stationId} below its acknowledged head ${ack}`);
        if (hubHash !== e.hash) return { kind: 'fork', seq: e.seq, hubHash, stationHash: e.hash, entry: e };
      }
    }
    const fresh = body.entries.filter((e) => e.seq > ack);
    const cps = [...body.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
    // Each e-signature's RSA check runs inline, in append (issue 16 item 3, session 12: on the
    // thread pool it cost ~10-30 % more process CPU, the queueing and the promises, and won no
    // wall time on one station's push). The snapshot names certificates by fingerprint and keeps the latest checkpoint roots only:
    // what the page needs beyond that is read ahead (readAhead), from what the hub stores.
    const certPems = new Map<string, string>();
    const roots = new Map<number, string>();
    const verifier = { cache: this.cache, lookups: { certPem: (fp: string) => certPems.get(fp), checkpointRoot: (size: number) => roots.get(size) } };
    const state = st.verifierState ? LedgerVerifierState.resume(st.verifierState as VerifierSnapshot | VerifierSnapshotV1, verifier) : LedgerVerifierState.fresh(verifier);
    if (state.size !== ack) throw new InvariantViolation(`verifier state of ${stationId} is at ${state.size}, acknowledged ${ack}`);
    await this.readAhead(tx, stationId, state.needs(fresh, cps.filter((c) => c.treeSize >= ack)), certPems, roots);

    // 2. Checkpoints over history already acknowledged: known ones must match; one exactly at
    //    the acknowledged head (signed after its entries were pushed) is verified now.
    const accepted: Checkpoint[] = [];
    const old = cps.filter((c) => c.treeSize <= ack);
    if (old.length > 0) {
      // The verifier state holds the root of every checkpoint the hub accepted (stored with it,
      // in the same transaction); only one it does not name is looked up.
      const verified = state.checkpointRoot.bind(state);
      const unnamed = old.filter((c) => verified(c.treeSize) === undefined).map((c) => c.treeSize);
      const known =
        unnamed.length === 0
          ? []
          : await tx
              .select({ treeSize: checkpoints.treeSize, rootHash: checkpoints.rootHash })
              .from(checkpoints)
              .where(and(eq(checkpoints.stationId, stationId), inArray(checkpoints.treeSize, unnamed)));
      const roots = new Map(known.map((k) => [k.treeSize, k.rootHash]));
      for (const c of old) {
        const root = verified(c.treeSize);
        if (root !== undefined) roots.set(c.treeSize, root);
      }
      for (const c of old) {
        const root = roots.get(c.treeSize);
        if (root !== undefined) {
          if (root !== c.rootHash) return { kind: 'fork', seq: c.treeSize, hubHash: root, stationHash: c.rootHash, entry: null };
        } else if (c.treeSize === ack) {
          const reason = state.checkpoint(c);
          if (reason) return refuse(ack, 'CHECKPOINT_INVALID', reason);
          accepted.push(c);
        } else {
          return refuse(null, 'CHECKPOINT_INVALID', `checkpoint at ${c.treeSize} arrived after entries up to ${ack} were acknowledged without it`);
        }
      }
    }

    // 3. New entries, verified in order, with the checkpoints they complete.
    const hashes = await this.earlierHashes(tx, stationId, fresh, ack);
    const facts = { stationId: wireStationId(stationId), genesisHash: st.genesisHash, enrolmentRequestId: st.enrolmentRequestId, hubCaFingerprint: this.ctx.keys.caFingerprint, cache: this.cache };
    const pending = cps.filter((c) => c.treeSize > ack);
    let next = 0;
    for (const e of fresh) {
      const problem = state.append(e, (seq) => hashes.get(seq)) ?? intakePolicyProblem(e, facts);
      if (problem) return { kind: 'refused', failure: problem };
      hashes.set(e.seq, e.hash);
      while (next < pending.length && pending[next]!.treeSize === state.size) {
        const reason = state.checkpoint(pending[next]!);
        if (reason) return refuse(e.seq, 'CHECKPOINT_INVALID', reason);
        accepted.push(pending[next]!);
        next++;
      }
    }
    if (next < pending.length) {
      const c = pending[next]!;
      return body.atHead
        ? refuse(state.size + 1, 'CHECKPOINT_INVALID', `checkpoint signed over ${c.treeSize} entries but the ledger has ${state.size}: entries were deleted from the end`)
        : refuse(null, 'SYNC_PAGE_INVALID', `checkpoint at ${c.treeSize} lies beyond the page's last entry ${state.size}`);
    }
    // The page's certificates verified (each PEM hashes to its fingerprint): the next pages'
    // signatures name them, so they need not be read back.
    for (const e of fresh) if (e.type === 'certificate.issued') this.rememberPem(e.payload.fingerprint as string, e.payload.certPem as string);

    // 4. Store and acknowledge, all in this transaction.
    const now = this.ctx.clock.now();
    const acceptedAt = now.toISOString();
    const countersigned = accepted.map((c) => ({
      stationId,
      treeSize: c.treeSize,
      rootHash: c.rootHash,
      signedAt: c.signedAt,
      certFingerprint: c.certFingerprint,
      signature: c.signature,
      acceptedAt: now,
      countersignature: countersign(this.ctx.keys.hubKey, { stationId: wireStationId(stationId), treeSize: c.treeSize, rootHash: c.rootHash, acceptedAt }),
    }));
    if (fresh.length > 0 || accepted.length > 0) {
      // Entries beyond the page's last chunk first (a page is one chunk unless it is longer),
      // then the last chunk, the checkpoints and the new acknowledged head in ONE statement.
      let from = 0;
      for (; fresh.length - from > INSERT_CHUNK; from += INSERT_CHUNK) await preparedRows(tx, insertEntriesSql(stationId, fresh.slice(from, from + INSERT_CHUNK), acceptedAt));
      await preparedRows(tx, acknowledgeSql(stationId, fresh.slice(from), countersigned, acceptedAt, { ackSeq: state.size, ackHash: state.size > 0 ? state.headHash : null, verifierState: state.snapshot() }));
    }
    // After the entries: a re-issue approval in this page counts for a certificate in it.
    await this.registerCertificates(tx, stationId, fresh);
    // The station's own account of a hub restored from an older backup (sync.hub_behind),
    // verified with the rest of its ledger: recorded in the hub audit trail, where IT and QA
    // see it (console, audit), beside the station's record of the same event.
    for (const e of fresh.filter((x) => x.type === 'sync.hub_behind')) {
      await audit(tx, now, { actor: `station:${stationId}`, action: 'sync.hub_history_lost', subject: stationId, details: { seq: e.seq, stationTime: e.time, hubAckSeqBefore: ack, ...e.payload } });
    }
    return {
      kind: 'ok',
      result: {
        ackSeq: state.size,
        ackHash: state.size > 0 ? state.headHash : null,
        accepted: fresh.length,
        duplicates: overlap.length,
        // The page's last accepted checkpoint is the station's latest: every one stored before
        // lies at or below the acknowledged head, every one accepted now at or above it (and one
        // AT the head is accepted only when the hub held none there). No read needed then.
        countersignature: countersigned.length > 0 ? this.toCountersignature(countersigned.at(-1)!) : await this.latestCountersignature(tx, stationId),
      },
    };
  }

  /**
   * PEMs of recorded certificates by fingerprint, of any station: a fingerprint is the hash of
   * its certificate, so one fingerprint has one PEM wherever it was recorded. Only PEMs the
   * verifier checked against their fingerprint, or read from entries it checked, come in.
   */
  private readonly pems = new Map<string, string>();

  private rememberPem(fingerprint: string, pem: string): void {
    if (this.pems.size >= 10_000 && !this.pems.has(fingerprint)) this.pems.clear();
    this.pems.set(fingerprint, pem);
  }

  /**
   * What the verifier state will read through its lookups for this page (LedgerVerifierState.needs):
   * certificate PEMs from the station's certificate.issued entries (already in memory after the
   * page that recorded them, or once per hub process), checkpoint roots older than the
   * snapshot keeps from the checkpoints the hub accepted (rarely: a receipt names the latest).
   */
  private async readAhead(tx: HubTx, stationId: string, needs: { certs: string[]; roots: number[] }, certPems: Map<string, string>, roots: Map<number, string>): Promise<void> {
    const unread: string[] = [];
    for (const fp of needs.certs) {
      const pem = this.pems.get(fp);
      if (pem === undefined) unread.push(fp);
      else certPems.set(fp, pem);
    }
    if (unread.length > 0) {
      const fingerprint = sql<string>`${ledgerEntries.payload}->>'fingerprint'`;
      const rows = await tx
        .select({ fingerprint, pem: sql<string>`${ledgerEntries.payload}->>'certPem'` })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.stationId, stationId), eq(ledgerEntries.type, 'certificate.issued'), inArray(fingerprint, unread)));
      for (const r of rows) {
        certPems.set(r.fingerprint, r.pem);
        this.rememberPem(r.fingerprint, r.pem);
      }
    }
    if (needs.roots.length > 0) {
      const rows = await tx
        .select({ treeSize: checkpoints.treeSize, rootHash: checkpoints.rootHash })
        .from(checkpoints)
        .where(and(eq(checkpoints.stationId, stationId), inArray(checkpoints.treeSize, needs.roots)));
      for (const r of rows) roots.set(r.treeSize, r.rootHash);
    }
  }

  /** Hashes of entries at or below the acknowledged head that signatures in the page target. */
  private async earlierHashes(tx: HubTx, stationId: string, fresh: LedgerEntry[], ack: number): Promise<Map<number, string>> {
    const targets = [...new Set(fresh.filter((e) => e.type === 'signature.applied').map((e) => e.payload.targetSeq as number))].filter((s) => Number.isSafeInteger(s) && s >= 1 && s <= ack);
    if (targets.length === 0) return new Map();
    const rows = await tx
      .select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.stationId, stationId), inArray(ledgerEntries.seq, targets)));
    return new Map(rows.map((r) => [r.seq, r.hash]));
  }

  /**
   * Every user-signing certificate a station records (its own local CA's while it was not yet
   * enrolled or offline, or the hub CA's) joins the hub's register, verified already by the
   * ledger verifier: IT can then revoke any signer's certificate at the hub and the revocation
   * list names it (issue 10 item 7). A fingerprint the hub already holds is left as it is.
   */
  private async registerCertificates(tx: HubTx, stationId: string, fresh: LedgerEntry[]): Promise<void> {
    const rows = fresh
      .filter((e) => e.type === 'certificate.issued' && e.payload.kind === 'user-signing')
      .map((e) => {
        const p = e.payload as Record<string, string>;
        return { fingerprint: p.fingerprint!, serialNumber: p.serialNumber!, kind: 'user-signing' as const, subjectId: p.subjectId!, certPem: p.certPem!, notBefore: new Date(p.notBefore!), notAfter: new Date(p.notAfter!), issuedAt: new Date(e.time), issuedBy: `station:${stationId}` };
      });
    if (rows.length === 0) return;
    const known = new Set((await tx.select({ fp: issuedCertificates.fingerprint }).from(issuedCertificates).where(inArray(issuedCertificates.fingerprint, rows.map((r) => r.fingerprint)))).map((r) => r.fp));
    const added = rows.filter((r) => !known.has(r.fingerprint));
    if (added.length === 0) return;
    const now = this.ctx.clock.now();
    // Two reads for the whole page, not two per certificate (the genesis page records every signer).
    const bypassAt = await this.reissueBypasses(tx, stationId, [...new Set(added.map((r) => r.subjectId))]);
    const decided = added.map((row) => {
      const bypass = bypassAt(row.subjectId, row.issuedAt);
      // A station that did not know IT had revoked the signer certified a new key for them
      // (a password reset completed offline) without the two-person re-issue: that certificate
      // is revoked from the moment it was issued, so everything signed with it is flagged and
      // the station refuses it from its next sync.
      const revoked = bypass ? { revokedAt: row.issuedAt, revocationReason: `issued at station ${stationId} after the signer's certificate was revoked at ${bypass.toISOString()}, without a re-issue approved by QA` } : {};
      return { row: { ...row, ...revoked }, bypass };
    });
    await tx.insert(issuedCertificates).values(decided.map((d) => d.row)).onConflictDoNothing();
    for (const { row, bypass } of decided) {
      if (bypass) await audit(tx, now, { actor: 'hub', action: 'certificate.revoked', subject: row.subjectId, ok: false, details: { fingerprint: row.fingerprint, station: stationId, reason: row.revocationReason } });
    }
  }

  /**
   * For each of `subjectIds`: when the signer's certificate was revoked, if a certificate issued
   * at `issuedAt` follows that with no QA-approved re-issue at the station between (null if not).
   */
  private async reissueBypasses(tx: HubTx, stationId: string, subjectIds: string[]): Promise<(subjectId: string, issuedAt: Date) => Date | null> {
    const revoked = (
      await tx
        .select({ subjectId: issuedCertificates.subjectId, revokedAt: issuedCertificates.revokedAt, reason: issuedCertificates.revocationReason })
        .from(issuedCertificates)
        .where(and(eq(issuedCertificates.kind, 'user-signing'), inArray(issuedCertificates.subjectId, subjectIds), isNotNull(issuedCertificates.revokedAt)))
    ).filter((r) => !/^(renewed|superseded|password reset|issued at station)/.test(r.reason ?? ''));
    if (revoked.length === 0) return () => null;
    const withRevocation = [...new Set(revoked.map((r) => r.subjectId))];
    const approvals = await tx
      .select({ userId: sql<string>`${ledgerEntries.payload}->>'userId'`, time: ledgerEntries.time })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.stationId, stationId), eq(ledgerEntries.type, 'certificate.reissue_approved'), inArray(sql`${ledgerEntries.payload}->>'userId'`, withRevocation)));
    return (subjectId, issuedAt) => {
      const last = revoked
        .filter((r) => r.subjectId === subjectId && r.revokedAt! <= issuedAt)
        .map((r) => r.revokedAt!)
        .sort((a, b) => b.getTime() - a.getTime())[0];
      if (!last) return null;
      return approvals.some((a) => a.userId === subjectId && Date.parse(a.time) >= last.getTime()) ? null : last;
    };
  }

  private async latestCountersignature(q: HubQuery, stationId: string): Promise<Countersignature | null> {
    const [c] = await q.select().from(checkpoints).where(eq(checkpoints.stationId, stationId)).orderBy(desc(checkpoints.treeSize)).limit(1);
    return c ? this.toCountersignature(c) : null;
  }

  private toCountersignature(c: { stationId: string; treeSize: number; rootHash: string; acceptedAt: Date; countersignature: string }): Countersignature {
    return { stationId: wireStationId(c.stationId), treeSize: c.treeSize, rootHash: c.rootHash, acceptedAt: c.acceptedAt.toISOString(), hubCertFingerprint: this.ctx.keys.hubCertFingerprint, signature: c.countersignature };
  }

  private async quarantine(tx: HubTx, st: StationRow, fork: Extract<Outcome, { kind: 'fork' }>): Promise<void> {
    const now = this.ctx.clock.now();
    await tx.insert(forks).values({ stationId: st.stationId, seq: fork.seq, hubHash: fork.hubHash, stationHash: fork.stationHash, stationEntry: fork.entry, detectedAt: now });
    await tx
      .update(stations)
      .set({ status: 'quarantined', statusReason: `fork at ${fork.seq}: hub holds ${fork.hubHash.slice(0, 12)}…, station sent ${fork.stationHash.slice(0, 12)}…`, statusChangedAt: now })
      .where(eq(stations.stationId, st.stationId));
    await audit(tx, now, { actor: 'hub', action: 'station.quarantined', subject: st.stationId, details: { reason: 'fork', seq: fork.seq, hubHash: fork.hubHash, stationHash: fork.stationHash } });
  }
}

/**
 * Stores verified entries: the same rows the schema's insert would write, in one statement
 * over ONE parameter, the entries as a JSON array that PostgreSQL reads with
 * json_to_recordset. Column arrays (unnest) made the driver escape every payload into an
 * array literal in JavaScript, character by character (issue 16); JSON.stringify is native,
 * and the payload reaches its jsonb column exactly as the JSON it arrived as. `json`, not
 * `jsonb`: the page is only scanned, and each payload built into jsonb once, where jsonb
 * built the whole page into jsonb first and copied each payload out of it. As bytes: both
 * drivers send a Buffer in the binary format, for `json` the UTF-8 text itself
 * (open-hub-db.ts), where a string parameter cost PGlite two JavaScript passes over it.
 */
function insertEntriesSql(stationId: string, entries: readonly LedgerEntry[], receivedAt: string): SQL {
  const rows = Buffer.from(JSON.stringify(entries.map((e) => ({ seq: e.seq, hash: e.hash, prevHash: e.prevHash, time: e.time, tzOffset: e.tzOffset, type: e.type, actor: e.actor, batchRef: e.batchRef, payload: e.payload }))));
  return sql`
    insert into ${ledgerEntries} (station_id, seq, hash, prev_hash, time, tz_offset, type, actor, batch_ref, payload, received_at)
    select ${stationId}, u.seq, u.hash, u."prevHash", u.time, u."tzOffset", u.type, u.actor, u."batchRef", u.payload, ${receivedAt}::timestamptz
    from json_to_recordset(${rows}::json)
      as u(seq bigint, hash text, "prevHash" text, time text, "tzOffset" text, type text, actor text, "batchRef" text, payload jsonb)`;
}

/**
 * The end of an accepted page in one statement (one round trip, one statement's overhead: on
 * PGlite each costs ~2 ms of the hub's own CPU whatever it does): the page's (last) entries,
 * the checkpoints it completed with their countersignatures (a checkpoint already stored is
 * left as it is), and the station's new acknowledged head and verifier state. PostgreSQL runs
 * every data-modifying WITH part whether or not the statement reads it.
 */
function acknowledgeSql(
  stationId: string,
  entries: readonly LedgerEntry[],
  countersigned: readonly { treeSize: number; rootHash: string; signedAt: string; certFingerprint: string; signature: string; countersignature: string }[],
  at: string,
  head: { ackSeq: number; ackHash: string | null; verifierState: VerifierSnapshot },
): SQL {
  const cps = Buffer.from(JSON.stringify(countersigned.map((c) => ({ treeSize: c.treeSize, rootHash: c.rootHash, signedAt: c.signedAt, certFingerprint: c.certFingerprint, signature: c.signature, countersignature: c.countersignature }))));
  return sql`
    with stored as (${insertEntriesSql(stationId, entries, at)}),
    countersigned as (
      insert into ${checkpoints} (station_id, tree_size, root_hash, signed_at, cert_fingerprint, signature, accepted_at, countersignature)
      select ${stationId}, k."treeSize", k."rootHash", k."signedAt", k."certFingerprint", k.signature, ${at}::timestamptz, k.countersignature
      from json_to_recordset(${cps}::json)
        as k("treeSize" bigint, "rootHash" text, "signedAt" text, "certFingerprint" text, signature text, countersignature text)
      on conflict do nothing)
    update ${stations} set ack_seq = ${head.ackSeq}, ack_hash = ${head.ackHash}, verifier_state = ${JSON.stringify(head.verifierState)}::jsonb, last_push_at = ${at}::timestamptz
    where station_id = ${stationId}`;
}

/** A page is one station's entries in ascending, gap-free order; anything else is a client bug. */
export function pageShapeProblem(stationId: string, body: PushBody): string | null {
  for (let i = 0; i < body.entries.length; i++) {
    const e = body.entries[i]!;
    if (e.stationId !== stationId) return `entry ${e.seq} belongs to station ${e.stationId}, the request is signed by ${stationId}`;
    if (i > 0 && e.seq !== body.entries[i - 1]!.seq + 1) return `entries must be contiguous and ascending (${body.entries[i - 1]!.seq} then ${e.seq})`;
  }
  for (const c of body.checkpoints) if (c.stationId !== stationId) return `a checkpoint belongs to station ${c.stationId}`;
  return null;
}

