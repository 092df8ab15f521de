/**
 * The hub's archive (issue 11: P11-04, P11-07, A11-27, DI-09, D25-11):
 *   - the evidence packet of a batch, sealed with the hub key, with the hub's countersignatures
 *     and its certificate register's revocation status, kept in the archive register;
 *   - search for inspection by batch, lot, material, user and date range;
 *   - one entry traced from the station to the archive, with hashes;
 *   - retention per record type, and purge: only after expiry, asked by one person with their
 *     password and approved by a second, from QA, with an e-signature; it removes the batch's
 *     ledger entries (its audit trail) and the hub's signatures of it TOGETHER, leaves tombstones
 *     with their hashes and a purge record, and is refused (and audited) before expiry.
 *     There is no way to purge an audit trail alone: no route, no method. The hub's copies of
 *     the batch's packets go with it (the plant's archive keeps the exported file); the archive
 *     register keeps each packet's SHA-256, the tombstones each entry's hash.
 */
import { asSigned, wireStationId } from '../../src-shared/sync/ledger-key.ts';
import { createHash, createSign, type KeyObject } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { ArchiveHit, ArchiveSearchQuery, ArchiveSearchResult, ArchivedPacket, EntryTrace, PurgeRequestView, RetentionPolicy } from '../../src-shared/archive/archive-contract.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { gmpRoleConflict } from '../../src-shared/quality/quality-roles.ts';
import { buildEvidencePacket, type RecordPdfRenderer } from '../../src-core/archive/build-packet.ts';

/** The language of record/record.pdf in a hub packet: the reader's (console language, CLI --lang). */
export type PacketLocale = 'en' | 'zh-CN';
import type { PacketCountersignature, PacketHubSignature, RevocationStatus } from '../../src-core/archive/packet-format.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { batchRecordHash } from '../../src-core/record/batch-record-hash.ts';
import { entryHash } from '../../src-core/ledger/entry-hash.ts';
import { inclusionProof, verifyInclusion } from '../../src-core/ledger/merkle-inclusion.ts';
import { verifyCountersignature } from '../../src-core/sync/countersignature.ts';
import { checkpoints, issuedCertificates, ledgerEntries } from '../db/schema.ts';
import type { HubQuery } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import { qualityBatches, qualitySignatures } from '../quality/db/quality-schema.ts';
import type { QualityServices } from '../quality/quality-services.ts';
import { signHubFields, type HubSignatureFields } from '../quality/signing/hub-signature.ts';
import { fieldsOf } from '../quality/signing/signature-check.ts';
import { signerKey } from '../quality/signing/signer-keys.ts';
import { checkSignerCredentials } from '../quality/signing/signer-credentials.ts';
import { archiveRegister, purgedEntries, purgeRequests, retentionPolicies } from './archive-schema.ts';
import { NON_BATCH_SUBJECT_KINDS } from '../../src-core/archive/hub-signature-bytes.ts';


const BATCH_RECORD = 'batch-record';
const DAY_MS = 86_400_000;

type EntryRow = typeof ledgerEntries.$inferSelect;
// The row's key may be an identity epoch (`ST-01~2`); the entry names the station id it signed.
const toEntry = (r: EntryRow): LedgerEntry => ({
  seq: r.seq,
  stationId: wireStationId(r.stationId),
  time: r.time,
  tzOffset: r.tzOffset,
  type: r.type,
  actor: r.actor,
  batchRef: r.batchRef,
  payload: r.payload as Record<string, unknown>,
  prevHash: r.prevHash,
  hash: r.hash,
});

export interface WrittenPacket {
  bytes: Uint8Array;
  register: ArchivedPacket;
}

export class ArchiveService {
  constructor(
    private readonly ctx: HubContext,
    private readonly q: QualityServices,
    /** The record/record.pdf slot: the batch-record PDF renderer in the language the reader asks for. */
    private readonly pdfIn: ((locale: PacketLocale) => RecordPdfRenderer) | null = null,
  ) {}

  // ---- evidence packet and archive register (A11-27, P11-07) ----

  /** Writes the evidence packet of a batch from the hub's copy of the station ledger, and registers it. */
  async writePacket(actor: HubPrincipal, batchNumber: string, stationId?: string, locale: PacketLocale = 'en'): Promise<Result<WrittenPacket>> {
    const db = this.ctx.db;
    const stations = (await db.selectDistinct({ s: ledgerEntries.stationId }).from(ledgerEntries).where(eq(ledgerEntries.batchRef, batchNumber))).map((r) => r.s);
    if (stations.length === 0) return err('NOT_FOUND', `no entries of batch ${batchNumber} at the hub`);
    const station = stationId ?? (stations.length === 1 ? stations[0]! : null);
    if (station === null) return err('INPUT_INVALID', `batch ${batchNumber} was recorded at ${stations.join(', ')}: one packet per station (give the station)`, { stations });
    if (!stations.includes(station)) return err('NOT_FOUND', `station ${station} recorded nothing of batch ${batchNumber}`);

    const batchEntries = (await db.select().from(ledgerEntries).where(and(eq(ledgerEntries.stationId, station), eq(ledgerEntries.batchRef, batchNumber))).orderBy(asc(ledgerEntries.seq))).map(toEntry);
    const targets = batchEntries.filter((e) => e.type === 'signature.applied').map((e) => Number(e.payload.targetSeq));
    // What proves the batch was recorded before its last entry: a certificate, enrolment or user
    // the station recorded later (the hub CA certifying its signers at a later sync) proves
    // nothing here and need not be covered by a countersigned checkpoint yet.
    const lastBatchSeq = batchEntries[batchEntries.length - 1]!.seq;
    const support = (
      await db
        .select()
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.stationId, station),
            lte(ledgerEntries.seq, lastBatchSeq),
            or(eq(ledgerEntries.seq, 1), inArray(ledgerEntries.type, ['certificate.issued', 'sync.enrolled', 'user.created']), targets.length > 0 ? inArray(ledgerEntries.seq, targets) : undefined),
          ),
        )
    ).map(toEntry);
    const bySeq = new Map<number, LedgerEntry>([...support, ...batchEntries].map((e) => [e.seq, e]));
    const cps = await db.select().from(checkpoints).where(eq(checkpoints.stationId, station)).orderBy(asc(checkpoints.treeSize));
    const maxSeq = Math.max(...bySeq.keys());
    const covering = cps.find((c) => c.treeSize >= maxSeq);
    if (!covering) return err('PACKET_UNCOVERED', `the hub holds no countersigned checkpoint of ${station} covering entry ${maxSeq} yet: sync the station first`);
    const hashes = await db.select({ hash: ledgerEntries.hash }).from(ledgerEntries).where(and(eq(ledgerEntries.stationId, station), lte(ledgerEntries.seq, covering.treeSize))).orderBy(asc(ledgerEntries.seq));
    if (hashes.length !== covering.treeSize) return err('PACKET_UNCOVERED', `the hub's copy of ${station} has ${hashes.length} of the ${covering.treeSize} entries the checkpoint covers (purged or missing)`);
    const leaves = hashes.map((h) => Buffer.from(h.hash, 'hex'));
    const countersignatures: PacketCountersignature[] = cps.map((c) => ({ stationId: wireStationId(station), treeSize: c.treeSize, rootHash: c.rootHash, acceptedAt: c.acceptedAt.toISOString(), hubCertPem: this.ctx.keys.hubCertPem, signature: c.countersignature }));
    const register = new Map((await db.select().from(issuedCertificates)).map((c) => [c.fingerprint, c]));
    const people = new Map<string, { username: string; printedName: string }>();
    for (const e of bySeq.values()) {
      if (e.type === 'user.created') people.set(String(e.payload.userId), { username: String(e.payload.username), printedName: String(e.payload.printedName) });
      if (e.type === 'signature.applied') people.set(String(e.payload.signerId), { username: String(e.payload.username), printedName: String(e.payload.printedName) });
    }
    const record = buildBatchRecord(batchNumber, batchEntries, { user: (id) => people.get(id) });
    const revocationOf = (fp: string): RevocationStatus => {
      const c = register.get(fp);
      const source = 'the hub certificate register';
      if (!c) return { status: 'unknown', source: `${source} (a certificate the station's own CA issued before enrolment)` };
      return c.revokedAt ? { status: 'revoked', revokedAt: c.revokedAt.toISOString(), reason: c.revocationReason ?? '', source } : { status: 'good', source };
    };
    // The hub's own signatures of the batch: QA review, deviation closures, the QP's decision.
    const hubSignatures: PacketHubSignature[] = [];
    for (const row of await db.select().from(qualitySignatures).where(eq(qualitySignatures.batchNumber, batchNumber)).orderBy(asc(qualitySignatures.id))) {
      if (NON_BATCH_SUBJECT_KINDS.has(row.subjectKind)) continue; // an equipment id, a room or an ERP message id in the batch column, not this batch
      const cert = register.get(row.certFingerprint);
      if (!cert) continue; // verified at review as "unknown certificate"; nothing to prove it with
      // The kinds a packet holds: every kind that names a batch (PacketHubSignatureSchemaV1; packet-subject-kinds.test.ts).
      hubSignatures.push({ fields: fieldsOf(row) as PacketHubSignature['fields'], certPem: cert.certPem, signature: row.signature, revocation: revocationOf(row.certFingerprint) });
    }
    const now = this.ctx.clock.now();
    const built = buildEvidencePacket({
      batchNumber,
      // The packet holds what the station signed: its station id, not the hub's ledger key.
      source: { kind: 'hub', stationId: wireStationId(station) },
      ledger: {
        stationId: wireStationId(station),
        batchEntries,
        bySeq: (seq) => bySeq.get(seq),
        ofType: (type) => [...bySeq.values()].filter((e) => e.type === type).sort((a, b) => a.seq - b.seq),
        leafHashes: (upTo) => leaves.slice(0, upTo),
        checkpoints: cps.map((c) => ({ stationId: wireStationId(c.stationId), treeSize: c.treeSize, rootHash: c.rootHash, signedAt: c.signedAt, certFingerprint: c.certFingerprint, signature: c.signature })),
      },
      record,
      pdf: this.pdfIn ? await this.pdfIn(locale)(record) : null,
      countersignatures,
      revocationOf,
      hubSignatures,
      createdAt: now,
      tzOffset: this.ctx.clock.tzOffset(now),
      softwareVersion: SOFTWARE_VERSION,
      seal: { by: 'hub', certPem: this.ctx.keys.hubCertPem, sign: (bytes) => createSignB64(this.ctx.keys.hubKey, bytes) },
    });
    if (!built.ok) return built;
    const packet = built.value;
    const row = await db.transaction(async (tx) => {
      const [r] = await tx
        .insert(archiveRegister)
        .values({ batchNumber, stationId: station, packetSha256: packet.sha256, formatVersion: packet.manifest.formatVersion, bytes: packet.bytes.length, entries: batchEntries.length, recordHash: packet.manifest.batchRecordHash, location: 'hub archive register', writtenBy: actor.username, writtenAt: now })
        .returning();
      await tx.execute(sql`insert into archive_packets (register_id, packet) values (${r!.id}, ${Buffer.from(packet.bytes).toString('base64')})`);
      await audit(tx, now, { actor: actor.username, action: 'archive.packet_written', subject: batchNumber, details: { registerId: r!.id, stationId: station, sha256: packet.sha256, entries: batchEntries.length } });
      return r!;
    });
    return ok({ bytes: packet.bytes, register: { ...registerView(row), location: locationOf(row.id) } });
  }

  async packets(batchNumber?: string): Promise<ArchivedPacket[]> {
    const rows = await this.ctx.db.select().from(archiveRegister).where(batchNumber ? eq(archiveRegister.batchNumber, batchNumber) : undefined).orderBy(desc(archiveRegister.id)).limit(500);
    return rows.map((r) => ({ ...registerView(r), location: locationOf(r.id) }));
  }

  /** An archived packet as it was written, checked against its registered SHA-256. */
  async readPacket(id: number): Promise<Result<Uint8Array>> {
    const rows = (await this.ctx.db.execute(sql`select p.packet, r.packet_sha256 from archive_packets p join archive_register r on r.id = p.register_id where p.register_id = ${id}`)) as unknown as { rows: { packet: string; packet_sha256: string }[] };
    const row = rows.rows[0];
    if (!row) return err('NOT_FOUND', `no archived packet ${id}`);
    const bytes = Buffer.from(row.packet, 'base64');
    if (createHash('sha256').update(bytes).digest('hex') !== row.packet_sha256) return err('PACKET_FILE_CHANGED', `archived packet ${id} no longer matches its registered SHA-256`);
    return ok(new Uint8Array(bytes));
  }

  // ---- search for inspection (DI-09) ----

  async search(query: ArchiveSearchQuery): Promise<ArchiveSearchResult> {
    const started = performance.now();
    const where: SQL[] = [];
    if (query.batch) where.push(eq(ledgerEntries.batchRef, query.batch));
    if (query.lot) where.push(sql`(${ledgerEntries.payload}->>'lotId' = ${query.lot} or ${ledgerEntries.payload}->'lot'->>'lotId' = ${query.lot})`);
    if (query.material) where.push(sql`(${ledgerEntries.payload}->>'materialCode' = ${query.material} or ${ledgerEntries.payload}->'lot'->>'materialCode' = ${query.material} or ${ledgerEntries.batchRef} in (select batch_ref from ledger_entries m where m.type = 'order.imported' and m.payload->'order'->'lines' @> ${JSON.stringify([{ materialCode: query.material }])}::jsonb))`);
    if (query.user) {
      where.push(
        sql`(${ledgerEntries.actor} = ${query.user} or ${ledgerEntries.payload}->>'username' = ${query.user} or ${ledgerEntries.actor} in (select u.payload->>'userId' from ledger_entries u where u.type = 'user.created' and u.payload->>'username' = ${query.user}))`,
      );
    }
    if (query.from) where.push(gte(ledgerEntries.time, new Date(query.from).toISOString()));
    if (query.to) where.push(lte(ledgerEntries.time, new Date(query.to).toISOString()));
    const rows = await this.ctx.db
      .select()
      .from(ledgerEntries)
      .where(and(...where))
      .orderBy(asc(ledgerEntries.time), asc(ledgerEntries.stationId), asc(ledgerEntries.seq))
      .limit(query.limit + 1);
    const truncated = rows.length > query.limit;
    // Station user ids in words: the user name each station's ledger gave them.
    const actors = [...new Set(rows.map((r) => r.actor).filter((a): a is string => a !== null))];
    const names = new Map<string, string>();
    if (actors.length > 0) {
      const created = await this.ctx.db
        .select({ stationId: ledgerEntries.stationId, payload: ledgerEntries.payload })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.type, 'user.created'), sql`${ledgerEntries.payload}->>'userId' in (${sql.join(actors.map((a) => sql`${a}`), sql`, `)})`));
      for (const c of created) {
        const p = c.payload as { userId: string; username: string };
        names.set(`${c.stationId}|${p.userId}`, p.username);
      }
    }
    const hits: ArchiveHit[] = rows.slice(0, query.limit).map((r) => ({
      stationId: r.stationId,
      seq: r.seq,
      time: r.time,
      tzOffset: r.tzOffset,
      type: r.type,
      actor: r.actor,
      username: typeof (r.payload as Record<string, unknown>).username === 'string' ? String((r.payload as Record<string, unknown>).username) : r.actor ? (names.get(`${r.stationId}|${r.actor}`) ?? null) : null,
      batchRef: r.batchRef,
      hash: r.hash,
      line: describeEntry(r.type, r.payload),
    }));
    const batchNumbers = [...new Set(hits.map((h) => h.batchRef).filter((b): b is string => b !== null))];
    await this.q.projector.catchUp();
    const batches = batchNumbers.length === 0 ? [] : await this.ctx.db.select().from(qualityBatches).where(inArray(qualityBatches.batchNumber, batchNumbers));
    const packetCounts = batchNumbers.length === 0 ? [] : await this.ctx.db.select({ b: archiveRegister.batchNumber, n: sql<number>`count(*)::int` }).from(archiveRegister).where(inArray(archiveRegister.batchNumber, batchNumbers)).groupBy(archiveRegister.batchNumber);
    return {
      hits,
      batches: batches.map((b) => ({ batchNumber: b.batchNumber, status: b.status, entries: b.entries, packets: packetCounts.find((p) => p.b === b.batchNumber)?.n ?? 0 })),
      truncated,
      tookMs: Math.round(performance.now() - started),
    };
  }

  // ---- one entry, station to archive (D25-11) ----

  async trace(stationId: string, seq: number): Promise<Result<EntryTrace>> {
    const db = this.ctx.db;
    const [row] = await db.select().from(ledgerEntries).where(and(eq(ledgerEntries.stationId, stationId), eq(ledgerEntries.seq, seq)));
    if (!row) {
      const [tomb] = await db.select().from(purgedEntries).where(and(eq(purgedEntries.stationId, stationId), eq(purgedEntries.seq, seq)));
      return tomb ? err('NOT_FOUND', `entry ${stationId}#${seq} (hash ${tomb.hash}) was purged by ${tomb.purgeId}`, { purgeId: tomb.purgeId, hash: tomb.hash }) : err('NOT_FOUND', `the hub holds no entry ${stationId}#${seq}`);
    }
    const e = toEntry(row);
    const [cp] = await db.select().from(checkpoints).where(and(eq(checkpoints.stationId, stationId), gte(checkpoints.treeSize, seq))).orderBy(asc(checkpoints.treeSize)).limit(1);
    let included = false;
    if (cp) {
      const hashes = await db.select({ hash: ledgerEntries.hash }).from(ledgerEntries).where(and(eq(ledgerEntries.stationId, stationId), lte(ledgerEntries.seq, cp.treeSize))).orderBy(asc(ledgerEntries.seq));
      if (hashes.length === cp.treeSize) {
        const leaves = hashes.map((h) => Buffer.from(h.hash, 'hex'));
        included = verifyInclusion(leaves[seq - 1]!, seq - 1, cp.treeSize, inclusionProof(leaves, seq - 1), Buffer.from(cp.rootHash, 'hex')) && leaves[seq - 1]!.toString('hex') === e.hash;
      }
    }
    let recordHash: string | null = null;
    let review: EntryTrace['review'] = null;
    let release: EntryTrace['release'] = null;
    let archive: EntryTrace['archive'] = [];
    if (e.batchRef) {
      const batch = await db.select({ stationId: ledgerEntries.stationId, seq: ledgerEntries.seq, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.batchRef, e.batchRef));
      recordHash = batchRecordHash(e.batchRef, asSigned(batch));
      const sigs = await db.select().from(qualitySignatures).where(and(eq(qualitySignatures.batchNumber, e.batchRef), eq(qualitySignatures.subjectKind, 'batch'))).orderBy(asc(qualitySignatures.id));
      const rv = sigs.filter((s) => s.meaning === 'reviewed').at(-1);
      const rl = sigs.filter((s) => s.meaning === 'released' || s.meaning === 'rejected').at(-1);
      if (rv) review = { signedAt: rv.signedAt, printedName: rv.printedName, username: rv.username, subjectHash: rv.subjectHash, coversEntry: rv.subjectHash === recordHash };
      if (rl) release = { meaning: rl.meaning, signedAt: rl.signedAt, printedName: rl.printedName, username: rl.username, subjectHash: rl.subjectHash, coversEntry: rl.subjectHash === recordHash };
      const packets = await db.select().from(archiveRegister).where(and(eq(archiveRegister.batchNumber, e.batchRef), eq(archiveRegister.stationId, stationId))).orderBy(asc(archiveRegister.id));
      archive = [];
      for (const p of packets) {
        const bytes = await this.readPacket(p.id);
        archive.push({ ...registerView(p), location: locationOf(p.id), containsEntry: bytes.ok && packetLists(bytes.value, wireStationId(stationId), seq, e.hash) });
      }
    }
    return ok({
      entry: { stationId, seq, type: e.type, time: e.time, tzOffset: e.tzOffset, batchRef: e.batchRef, hash: e.hash, contentHashMatches: entryHash(e) === e.hash },
      syncReceipt: {
        receivedAt: row.receivedAt.toISOString(),
        checkpoint: cp
          ? {
              treeSize: cp.treeSize,
              rootHash: cp.rootHash,
              signedAt: cp.signedAt,
              acceptedAt: cp.acceptedAt.toISOString(),
              hubCertFingerprint: this.ctx.keys.hubCertFingerprint,
              countersignatureValid: verifyCountersignature(this.ctx.keys.hubCertPem, { stationId: wireStationId(stationId), treeSize: cp.treeSize, rootHash: cp.rootHash, acceptedAt: cp.acceptedAt.toISOString() }, cp.countersignature),
            }
          : null,
        included,
      },
      review,
      release,
      recordHash,
      archive,
    });
  }

  // ---- retention and purge (P11-04, P11-07) ----

  async retention(): Promise<RetentionPolicy[]> {
    const rows = await this.ctx.db.select().from(retentionPolicies).orderBy(asc(retentionPolicies.recordType));
    return rows.map((r) => ({ ...r, changedAt: r.changedAt.toISOString() }));
  }

  async setRetention(actor: HubPrincipal, recordType: string, retentionDays: number, reason: string): Promise<Result<RetentionPolicy>> {
    if (recordType !== BATCH_RECORD) return err('INPUT_INVALID', `unknown record type ${recordType} (known: ${BATCH_RECORD})`);
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx) => {
      const [old] = await tx.select().from(retentionPolicies).where(eq(retentionPolicies.recordType, recordType));
      const [row] = await tx
        .insert(retentionPolicies)
        .values({ recordType, retentionDays, changedBy: actor.username, changedAt: now, reason })
        .onConflictDoUpdate({ target: retentionPolicies.recordType, set: { retentionDays, changedBy: actor.username, changedAt: now, reason } })
        .returning();
      await audit(tx, now, { actor: actor.username, action: 'retention.changed', subject: recordType, details: { old: old?.retentionDays ?? null, new: retentionDays, reason } });
      return ok({ ...row!, changedAt: row!.changedAt.toISOString() });
    });
  }

  async purges(): Promise<PurgeRequestView[]> {
    return (await this.ctx.db.select().from(purgeRequests).orderBy(desc(purgeRequests.requestedAt))).map(purgeView);
  }

  /** Step 1: a person asks, with their password; refused (and audited) before the retention period ends. */
  async requestPurge(actor: HubPrincipal, batchNumber: string, reason: string, password: string): Promise<Result<PurgeRequestView>> {
    const now = this.ctx.clock.now();
    await this.q.projector.catchUp(); // outside the transaction: it takes its own
    return this.ctx.db.transaction(async (tx): Promise<Result<PurgeRequestView>> => {
      const refuse = async (code: Parameters<typeof err>[0], message: string, details: Record<string, unknown> = {}) => {
        await audit(tx, now, { actor: actor.username, action: 'purge.refused', subject: batchNumber, ok: false, details: { code, message, reason, ...details } });
        return err(code, message, details);
      };
      const checked = await checkSignerCredentials(tx, this.ctx, actor, password, { action: 'purge.refused', subject: batchNumber, details: { reason } });
      if (!checked.ok) return checked;
      const ends = await this.retentionEnd(tx, batchNumber);
      if (!ends.ok) return refuse(ends.error.code, ends.error.message);
      if (now.getTime() < ends.value.getTime()) {
        return refuse('RETENTION_NOT_EXPIRED', `batch ${batchNumber} is kept until ${ends.value.toISOString()} (record type ${BATCH_RECORD}); it cannot be purged before`, { retentionEndsAt: ends.value.toISOString() });
      }
      const [pending] = await tx.select().from(purgeRequests).where(and(eq(purgeRequests.batchNumber, batchNumber), eq(purgeRequests.status, 'pending')));
      if (pending) return refuse('CONFLICT', `a purge of ${batchNumber} is already waiting for approval (${pending.id})`);
      const id = this.ctx.ids.next('PURGE');
      const [row] = await tx.insert(purgeRequests).values({ id, batchNumber, recordType: BATCH_RECORD, reason, requestedBy: actor.username, requestedAt: now, retentionEndsAt: ends.value, status: 'pending' }).returning();
      await audit(tx, now, { actor: actor.username, action: 'purge.requested', subject: batchNumber, details: { purgeId: id, reason, retentionEndsAt: ends.value.toISOString() } });
      return ok(purgeView(row!));
    });
  }

  /**
   * Step 2: QA approves with an e-signature (another person than who asked). The batch must be
   * decided and archived (a packet in the register); then its ledger entries and the hub's
   * signatures of it go, tombstones and the purge record stay.
   */
  async approvePurge(actor: HubPrincipal, purgeId: string, password: string): Promise<Result<PurgeRequestView>> {
    const now = this.ctx.clock.now();
    await this.q.projector.catchUp();
    return this.ctx.db.transaction(async (tx): Promise<Result<PurgeRequestView>> => {
      const [req] = await tx.select().from(purgeRequests).where(eq(purgeRequests.id, purgeId)).for('update');
      if (!req) return err('NOT_FOUND', `no purge request ${purgeId}`);
      const refuse = async (code: Parameters<typeof err>[0], message: string) => {
        await audit(tx, now, { actor: actor.username, action: 'purge.refused', subject: req.batchNumber, ok: false, details: { code, message, purgeId } });
        return err(code, message);
      };
      if (req.status !== 'pending') return refuse('CONFLICT', `purge ${purgeId} was already carried out`);
      const conflict = gmpRoleConflict(actor.roles);
      if (conflict || !actor.roles.includes('qa')) return refuse('PURGE_APPROVAL_REQUIRED', conflict ?? 'a purge is approved by QA');
      if (req.requestedBy === actor.username) return refuse('PURGE_APPROVAL_REQUIRED', `${actor.username} asked for this purge; a second person must approve it`);
      const ends = await this.retentionEnd(tx, req.batchNumber);
      if (!ends.ok) return refuse(ends.error.code, ends.error.message);
      if (now.getTime() < ends.value.getTime()) return refuse('RETENTION_NOT_EXPIRED', `batch ${req.batchNumber} is kept until ${ends.value.toISOString()}`);
      const [packet] = await tx.select().from(archiveRegister).where(eq(archiveRegister.batchNumber, req.batchNumber)).orderBy(desc(archiveRegister.id)).limit(1);
      if (!packet) return refuse('CONFLICT', `batch ${req.batchNumber} has no evidence packet in the archive register: archive it before it is purged`);
      const checked = await checkSignerCredentials(tx, this.ctx, actor, password, { action: 'purge.refused', subject: req.batchNumber, details: { purgeId } });
      if (!checked.ok) return checked;
      const user = checked.value;
      const key = await signerKey(tx, this.ctx, { userId: user.userId, username: user.username, printedName: user.printedName }, password);
      if (!key.ok) return key;
      const entries = await tx.select({ stationId: ledgerEntries.stationId, seq: ledgerEntries.seq, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.batchRef, req.batchNumber));
      const contentHash = batchRecordHash(req.batchNumber, asSigned(entries));
      const fields: HubSignatureFields = {
        subjectKind: 'batch',
        batchNumber: req.batchNumber,
        subjectKey: req.batchNumber,
        subjectHash: contentHash,
        meaning: 'approved',
        signerId: user.userId,
        username: user.username,
        printedName: user.printedName,
        signedAt: now.toISOString(),
        tzOffset: this.ctx.clock.tzOffset(now),
        comment: `purge ${purgeId}: ${req.reason}`,
      };
      const signature = signHubFields(key.value.privateKey, fields);
      const [done] = await tx
        .update(purgeRequests)
        .set({ status: 'purged', approvedBy: user.username, approvedAt: now, approval: { ...fields, certFingerprint: key.value.fingerprint, signature }, contentHash, entries: entries.length, packetSha256: packet.packetSha256 })
        .where(eq(purgeRequests.id, purgeId))
        .returning();
      if (entries.length > 0) await tx.insert(purgedEntries).values(entries.map((e) => ({ ...e, purgeId })));
      // The record and its audit trail go together (P11-07): the entries ARE the audit trail.
      await tx.delete(ledgerEntries).where(eq(ledgerEntries.batchRef, req.batchNumber));
      await tx.delete(qualitySignatures).where(eq(qualitySignatures.batchNumber, req.batchNumber));
      await tx.delete(qualityBatches).where(eq(qualityBatches.batchNumber, req.batchNumber));
      // The hub's copies of its packets go too; the register keeps each one's SHA-256.
      await tx.execute(sql`delete from archive_packets where register_id in (select id from archive_register where batch_number = ${req.batchNumber})`);
      await audit(tx, now, { actor: user.username, action: 'purge.executed', subject: req.batchNumber, details: { purgeId, requestedBy: req.requestedBy, entries: entries.length, contentHash, packetSha256: packet.packetSha256 } });
      return ok(purgeView(done!));
    });
  }

  /** When the batch record's retention ends: its completion (else last entry) plus the policy's days. */
  private async retentionEnd(tx: HubQuery, batchNumber: string): Promise<Result<Date>> {
    const [batch] = await tx.select().from(qualityBatches).where(eq(qualityBatches.batchNumber, batchNumber));
    if (!batch) return err('NOT_FOUND', `no batch ${batchNumber} at the hub`);
    if (batch.status !== 'complete' || !batch.completedAt) return err('BATCH_NOT_COMPLETE', `batch ${batchNumber} is not complete: a running batch is never purged`);
    const [policy] = await tx.select().from(retentionPolicies).where(eq(retentionPolicies.recordType, BATCH_RECORD));
    if (!policy) return err('NOT_FOUND', `no retention period configured for ${BATCH_RECORD}`);
    return ok(new Date(Date.parse(batch.completedAt) + policy.retentionDays * DAY_MS));
  }
}

function createSignB64(key: KeyObject, bytes: Buffer): string {
  return createSign('sha256').update(bytes).sign(key, 'base64');
}

function registerView(r: typeof archiveRegister.$inferSelect): ArchivedPacket {
  return {
    id: r.id,
    batchNumber: r.batchNumber,
    stationId: r.stationId,
    packetSha256: r.packetSha256,
    formatVersion: r.formatVersion,
    bytes: r.bytes,
    entries: r.entries,
    recordHash: r.recordHash,
    location: r.location,
    writtenBy: r.writtenBy,
    writtenAt: r.writtenAt.toISOString(),
  };
}

/** Where an archived packet is: the hub's archive register, readable back at this path. */
function locationOf(id: number): string {
  return `hub:/api/v1/archive/packets/${id}`;
}

function purgeView(r: typeof purgeRequests.$inferSelect): PurgeRequestView {
  return {
    id: r.id,
    batchNumber: r.batchNumber,
    recordType: r.recordType,
    reason: r.reason,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    retentionEndsAt: r.retentionEndsAt.toISOString(),
    status: r.status,
    approvedBy: r.approvedBy,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    contentHash: r.contentHash,
    entries: r.entries,
    packetSha256: r.packetSha256,
  };
}

function packetLists(bytes: Uint8Array, stationId: string, seq: number, hash: string): boolean {
  try {
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(bytes)['manifest.json'])) as { batchEntries: [string, number, string, string][] };
    return manifest.batchEntries.some(([s, q, h]) => s === stationId && q === seq && h === hash);
  } catch {
    return false;
  }
}
