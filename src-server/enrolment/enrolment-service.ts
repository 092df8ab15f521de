/**
 * Station enrolment (issue #6 item 2): the station makes a key pair and a PKCS#10 request, an
 * administrator approves it at the hub, the hub CA issues the station certificate, and from
 * then on the station authenticates every request with that key (request-signature.ts).
 *
 * The request also carries the station's genesis entry. Approving it is a trust decision the
 * hub records: "this station's history, which starts with this entry and was certified by the
 * CA named in it, is accepted" — the station's pre-enrolment entries were signed under its
 * local CA, and the hub verifies them against exactly that CA, and nothing else, later.
 */
import { and, desc, eq, sql, TransactionRollbackError, type SQL } from 'drizzle-orm';
import { err, ok, unwrap, type Result } from '../../src-shared/result.ts';
import type { EnrolmentRequestBody, EnrolmentStatus, EnrolmentSummary } from '../../src-shared/sync/sync-protocol.ts';
import { inspectCsr, issueFromCsr, randomSerial } from '../../src-core/pki/site-ca.ts';
import { inspectCertificate } from '../../src-core/pki/certificate-check.ts';
import { LedgerVerifierState } from '../../src-core/ledger/ledger-verifier-state.ts';
import { publicKeyFingerprint } from '../../src-core/sync/key-fingerprint.ts';
import { enrolmentRequests, identityIncidents, issuedCertificates, stations } from '../db/schema.ts';
import type { AcceptIdentityBody, IdentityIncident } from '../../src-shared/quality/hub-admin-contract.ts';
import { epochOf, ledgerKey, wireStationId } from '../../src-shared/sync/ledger-key.ts';
import type { HubContext } from '../hub-context.ts';
import { HUB_SUBJECT_ID } from '../keys/hub-keys.ts';
import { audit } from '../admin/hub-audit.ts';
import { LoginThrottle } from '../admin/login-throttle.ts';
import { spendEnrolmentCode } from './enrolment-codes.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';

type RequestRow = typeof enrolmentRequests.$inferSelect;

export const CERT_BACKDATE_MS = 60 * 60_000;

export class EnrolmentService {
  private readonly throttle: LoginThrottle;

  constructor(private readonly ctx: HubContext) {
    this.throttle = new LoginThrottle(ctx);
  }

  /**
   * A station's request, from `source` (its address). Needs a one-time code from IT
   * (enrolment-codes.ts); failed attempts are throttled per address like logins.
   */
  async request(body: EnrolmentRequestBody, source = 'unknown'): Promise<Result<EnrolmentStatus>> {
    const throttled = await this.throttle.check('enrolment', source);
    if (!throttled.ok) return throttled;
    const r = await this.validateAndStore(body, source);
    if (!r.ok && (r.error.code === 'ENROLMENT_CODE_INVALID' || r.error.code === 'STATION_IDENTITY_INCIDENT')) await this.throttle.failed('enrolment', source);
    return r;
  }

  private async validateAndStore(body: EnrolmentRequestBody, source: string): Promise<Result<EnrolmentStatus>> {
    const csr = inspectCsr(body.csrPem);
    if (!csr.ok) return csr;
    if (csr.value.subject.stationId !== body.stationId) {
      return err('CERTIFICATE_REQUEST_INVALID', `the request asks for station "${csr.value.subject.stationId ?? '(none)'}", not "${body.stationId}"`);
    }
    if (body.stationId.toUpperCase() === HUB_SUBJECT_ID) return err('CERTIFICATE_REQUEST_INVALID', `"${HUB_SUBJECT_ID}" is reserved for the hub itself`);
    const genesis = body.genesis;
    const verifier = LedgerVerifierState.fresh();
    const problem = verifier.append(genesis, () => undefined);
    if (problem) return err(problem.code, `genesis entry refused: ${problem.reason}`, { seq: problem.seq });
    if (genesis.stationId !== body.stationId) return err('SYNC_GENESIS_MISMATCH', `genesis belongs to station ${genesis.stationId}`);
    const genesisCa = inspectCertificate(genesis.payload.caCertPem as string);
    if (!genesisCa.ok || !genesisCa.value.isCa) return err('CERTIFICATE_INVALID', 'the genesis entry does not name a CA certificate');

    const resolved = await this.resolveLedgerKey(body.stationId, genesis.hash);
    if (resolved.kind === 'incident') return this.identityIncident(body, resolved.known, csr.value.publicKeyPem, source);
    if (resolved.kind === 'enrolled') return err('STATION_ALREADY_ENROLLED', `station ${body.stationId} is already enrolled (${resolved.status})`);
    // The hub-side ledger key: the plain station id, or `<id>~<epoch>` for an accepted re-creation.
    const stationKey = resolved.key;
    const requestId = this.ctx.ids.next('ENR');
    const now = this.ctx.clock.now();
    const [pendingBefore] = await this.ctx.db
      .select({ requestId: enrolmentRequests.requestId })
      .from(enrolmentRequests)
      .where(and(eq(enrolmentRequests.stationId, stationKey), eq(enrolmentRequests.status, 'pending')));
    if (pendingBefore) return err('CONFLICT', `station ${body.stationId} already has a pending enrolment request`, { requestId: pendingBefore.requestId });
    const stored = await this.ctx.db.transaction(async (tx) => {
      const spent = await spendEnrolmentCode(tx, body.enrolmentCode, stationKey, now);
      if (!spent.ok) return spent;
      const rows = await tx
        .insert(enrolmentRequests)
        .values({
          requestId,
          stationId: stationKey,
          stationName: body.stationName,
          site: body.site,
          csrPem: body.csrPem,
          publicKeyFingerprint: publicKeyFingerprint(csr.value.publicKeyPem),
          genesisEntry: genesis,
          genesisHash: genesis.hash,
          genesisCaFingerprint: genesisCa.value.fingerprint,
          status: 'pending',
          requestedAt: now,
        })
        .onConflictDoNothing()
        .returning({ requestId: enrolmentRequests.requestId });
      // A request that raced in first keeps its place; this one's code is not spent.
      if (rows.length === 0) tx.rollback();
      return ok(rows);
    }).catch((e: unknown) => (e instanceof TransactionRollbackError ? ok([]) : Promise.reject(e)));
    if (!stored.ok) return stored;
    if (stored.value.length === 0) {
      const [pending] = await this.ctx.db
        .select({ requestId: enrolmentRequests.requestId })
        .from(enrolmentRequests)
        .where(and(eq(enrolmentRequests.stationId, stationKey), eq(enrolmentRequests.status, 'pending')));
      return err('CONFLICT', `station ${body.stationId} already has a pending enrolment request`, { requestId: pending?.requestId });
    }
    return this.status(requestId);
  }

  /**
   * A fresh ledger under a station id the hub knows (issue 10 item 2; COMPLIANCE.md §6 attack
   * 6: the database deleted or the station reinstalled to start clean). Refused, and kept as an
   * identity incident with what the hub knew (the trusted genesis, how much it acknowledged)
   * and what it was offered, in the hub's audit trail and its incident list for IT and QA. The
   * old ledger at the hub is untouched. Before the enrolment code is spent, so a station asking
   * again adds an attempt to the same incident and IT's code is not burnt by a refusal.
   */
  private async identityIncident(
    body: EnrolmentRequestBody,
    known: { genesisHash: string; ackSeq: number },
    publicKeyPem: string,
    source: string,
  ): Promise<Result<never>> {
    const now = this.ctx.clock.now();
    const offered = {
      stationId: body.stationId,
      knownGenesisHash: known.genesisHash,
      knownAckSeq: known.ackSeq,
      offeredGenesisHash: body.genesis.hash,
      offeredGenesisTime: body.genesis.time,
      offeredKeyFingerprint: publicKeyFingerprint(publicKeyPem),
      stationName: body.stationName,
      site: body.site,
    };
    const id = await this.ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(identityIncidents)
        .values({ ...offered, detectedAt: now, lastSeenAt: now, source })
        .onConflictDoUpdate({ target: [identityIncidents.stationId, identityIncidents.offeredGenesisHash], set: { attempts: sql`${identityIncidents.attempts} + 1`, lastSeenAt: now } })
        .returning({ id: identityIncidents.id, attempts: identityIncidents.attempts });
      await audit(tx, now, { actor: `station:${body.stationId}`, action: 'station.identity_incident', subject: body.stationId, details: { incidentId: row!.id, attempts: row!.attempts, source, ...offered }, ok: false });
      return row!.id;
    });
    return err(
      'STATION_IDENTITY_INCIDENT',
      `station ${body.stationId} is known to this hub with another history (genesis ${known.genesisHash.slice(0, 12)}…, ${known.ackSeq} entries acknowledged); this fresh ledger (genesis ${body.genesis.hash.slice(0, 12)}…) is refused and recorded as identity incident ${id} for IT and QA`,
      { incidentId: id },
    );
  }

  /**
   * Which hub-side ledger an offered genesis belongs to. The station's first ledger is kept
   * under its plain id; a ledger offered under a known id with another genesis is an identity
   * incident unless an administrator and QA accepted exactly that genesis, which gave it a
   * ledger key of its own (`<id>~<epoch>`). Acceptance is per offered genesis: a third ledger
   * is again an incident.
   */
  private async resolveLedgerKey(
    stationId: string,
    genesisHash: string,
  ): Promise<{ kind: 'new'; key: string } | { kind: 'enrolled'; status: string } | { kind: 'incident'; known: { genesisHash: string; ackSeq: number } }> {
    const [first] = await this.ctx.db.select({ status: stations.status, genesisHash: stations.genesisHash, ackSeq: stations.ackSeq }).from(stations).where(eq(stations.stationId, stationId));
    if (!first) return { kind: 'new', key: stationId };
    if (first.genesisHash === genesisHash) return { kind: 'enrolled', status: first.status };
    const [accepted] = await this.ctx.db
      .select({ key: identityIncidents.ledgerKey })
      .from(identityIncidents)
      .where(and(eq(identityIncidents.stationId, stationId), eq(identityIncidents.offeredGenesisHash, genesisHash), eq(identityIncidents.status, 'accepted')));
    if (!accepted?.key) return { kind: 'incident', known: first };
    const [epoch] = await this.ctx.db.select({ status: stations.status }).from(stations).where(eq(stations.stationId, accepted.key));
    return epoch ? { kind: 'enrolled', status: epoch.status } : { kind: 'new', key: accepted.key };
  }

  /**
   * An administrator (IT) or a QA person accepts an identity incident in that role, with a
   * reason: two different people, each logged in with their own credentials. With both, the
   * offered ledger gets the next identity epoch of the station id and may enrol (an
   * administrator still approves the enrolment request and its code) and sync beside the old
   * ledger, which stays as it was. Every acceptance and every refusal is in the hub audit trail.
   */
  async acceptIncident(actor: HubPrincipal, incidentId: number, body: AcceptIdentityBody): Promise<Result<IdentityIncident>> {
    const now = this.ctx.clock.now();
    const refuse = async (code: 'NOT_FOUND' | 'AUTH_ROLE_REQUIRED' | 'FORBIDDEN' | 'CONFLICT', message: string, subject: string): Promise<Result<never>> => {
      await audit(this.ctx.db, now, { actor: actor.username, action: 'station.identity_accepted', subject, ok: false, details: { incidentId, role: body.role, code, reason: body.reason } });
      return err(code, message);
    };
    const decided = await this.ctx.db.transaction(async (tx): Promise<Result<{ stationId: string }>> => {
      const [row] = await tx.select().from(identityIncidents).where(eq(identityIncidents.id, incidentId)).for('update');
      if (!row) return err('NOT_FOUND', `no identity incident ${incidentId}`);
      if (!actor.roles.includes(body.role)) return err('AUTH_ROLE_REQUIRED', `${actor.username} does not hold the ${body.role === 'admin' ? 'administrator' : 'QA'} role`);
      if (row.status === 'accepted') return err('CONFLICT', `identity incident ${incidentId} was already accepted (ledger ${row.ledgerKey})`);
      const mine = body.role === 'admin' ? row.adminAcceptedBy : row.qaAcceptedBy;
      const other = body.role === 'admin' ? row.qaAcceptedBy : row.adminAcceptedBy;
      if (mine) return err('CONFLICT', `identity incident ${incidentId} was already accepted for ${body.role} by ${mine}`);
      if (other === actor.username) return err('FORBIDDEN', `${actor.username} already accepted identity incident ${incidentId}; a second person must accept it in the other role`);
      const set: Partial<typeof identityIncidents.$inferInsert> =
        body.role === 'admin' ? { adminAcceptedBy: actor.username, adminAcceptedAt: now, adminReason: body.reason } : { qaAcceptedBy: actor.username, qaAcceptedAt: now, qaReason: body.reason };
      let key: string | null = null;
      if (other) {
        const taken = await tx.select({ key: identityIncidents.ledgerKey }).from(identityIncidents).where(and(eq(identityIncidents.stationId, row.stationId), eq(identityIncidents.status, 'accepted')));
        key = ledgerKey(row.stationId, Math.max(1, ...taken.map((t) => epochOf(t.key ?? row.stationId))) + 1);
        Object.assign(set, { status: 'accepted', ledgerKey: key });
      }
      await tx.update(identityIncidents).set(set).where(eq(identityIncidents.id, incidentId));
      await audit(tx, now, {
        actor: actor.username,
        action: 'station.identity_accepted',
        subject: row.stationId,
        details: { incidentId, role: body.role, reason: body.reason, offeredGenesisHash: row.offeredGenesisHash, ledgerKey: key, complete: key !== null },
      });
      return ok({ stationId: row.stationId });
    });
    if (!decided.ok) return refuse(decided.error.code as 'NOT_FOUND', decided.error.message, `identity-incident:${incidentId}`);
    const all = await this.incidents();
    return ok(all.find((i) => i.id === incidentId)!);
  }

  /** Identity incidents, newest first (IT and QA). */
  async incidents(): Promise<IdentityIncident[]> {
    const rows = await this.ctx.db.select().from(identityIncidents).orderBy(desc(identityIncidents.lastSeenAt)).limit(500);
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return rows.map((r) => ({
      ...r,
      detectedAt: r.detectedAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      adminAcceptedAt: iso(r.adminAcceptedAt),
      qaAcceptedAt: iso(r.qaAcceptedAt),
      epoch: r.ledgerKey ? epochOf(r.ledgerKey) : null,
    }));
  }

  async status(requestId: string): Promise<Result<EnrolmentStatus>> {
    const [row] = await this.ctx.db.select().from(enrolmentRequests).where(eq(enrolmentRequests.requestId, requestId));
    if (!row) return err('ENROLMENT_UNKNOWN', `no enrolment request ${requestId}`);
    const approved = row.status === 'approved';
    return ok({
      requestId: row.requestId,
      stationId: wireStationId(row.stationId),
      status: row.status,
      reason: row.reason,
      caCertPem: this.ctx.keys.caCertPem,
      caFingerprint: this.ctx.keys.caFingerprint,
      certPem: approved ? row.certPem : null,
      hubCertPem: approved ? this.ctx.keys.hubCertPem : null,
    });
  }

  async list(status?: 'pending' | 'approved' | 'rejected'): Promise<EnrolmentSummary[]> {
    const where: SQL | undefined = status ? eq(enrolmentRequests.status, status) : undefined;
    const rows = await this.ctx.db.select().from(enrolmentRequests).where(where).orderBy(desc(enrolmentRequests.requestedAt)).limit(500);
    return rows.map(summary);
  }

  async approve(actor: HubPrincipal, requestId: string, reason?: string): Promise<Result<EnrolmentStatus>> {
    const decided = await this.ctx.db.transaction(async (tx): Promise<Result<void>> => {
      const [row] = await tx.select().from(enrolmentRequests).where(eq(enrolmentRequests.requestId, requestId)).for('update');
      if (!row) return err('ENROLMENT_UNKNOWN', `no enrolment request ${requestId}`);
      if (row.status !== 'pending') return err('CONFLICT', `request ${requestId} was already ${row.status}`);
      const [existing] = await tx.select({ id: stations.stationId }).from(stations).where(eq(stations.stationId, row.stationId));
      if (existing) return err('STATION_ALREADY_ENROLLED', `station ${row.stationId} is already enrolled`);
      const now = this.ctx.clock.now();
      // Backdated, as public CAs do, so a station whose clock is a little behind the hub's
      // does not record its own certificate as "not yet valid".
      const validFrom = new Date(now.getTime() - CERT_BACKDATE_MS);
      const issued = issueFromCsr({
        caCertPem: this.ctx.keys.caCertPem,
        caKeyPem: this.ctx.keys.caKeyPem,
        csrPem: row.csrPem,
        kind: 'station',
        serial: randomSerial(),
        validDays: this.ctx.stationCertDays,
        now: validFrom,
      });
      if (!issued.ok) return issued;
      const info = unwrap(inspectCertificate(issued.value));
      await tx.insert(issuedCertificates).values({
        fingerprint: info.fingerprint,
        serialNumber: info.serialNumber,
        kind: 'station',
        subjectId: row.stationId,
        certPem: issued.value,
        notBefore: info.notBefore,
        notAfter: info.notAfter,
        issuedAt: now,
        issuedBy: actor.username,
      });
      await tx.insert(stations).values({
        stationId: row.stationId,
        name: row.stationName,
        site: row.site,
        status: 'active',
        statusChangedAt: now,
        certFingerprint: info.fingerprint,
        enrolmentRequestId: row.requestId,
        genesisHash: row.genesisHash,
        genesisCaFingerprint: row.genesisCaFingerprint,
        trustedBy: actor.username,
        trustedAt: now,
      });
      await tx
        .update(enrolmentRequests)
        .set({ status: 'approved', decidedAt: now, decidedBy: actor.username, reason: reason ?? null, certPem: issued.value, certFingerprint: info.fingerprint })
        .where(eq(enrolmentRequests.requestId, requestId));
      await audit(tx, now, {
        actor: actor.username,
        action: 'enrolment.approved',
        subject: row.stationId,
        details: { requestId, certFingerprint: info.fingerprint, genesisHash: row.genesisHash, genesisCaFingerprint: row.genesisCaFingerprint, reason: reason ?? null },
      });
      return ok(undefined);
    });
    return decided.ok ? this.status(requestId) : decided;
  }

  async reject(actor: HubPrincipal, requestId: string, reason: string): Promise<Result<EnrolmentStatus>> {
    const decided = await this.ctx.db.transaction(async (tx): Promise<Result<void>> => {
      const [row] = await tx.select().from(enrolmentRequests).where(eq(enrolmentRequests.requestId, requestId)).for('update');
      if (!row) return err('ENROLMENT_UNKNOWN', `no enrolment request ${requestId}`);
      if (row.status !== 'pending') return err('CONFLICT', `request ${requestId} was already ${row.status}`);
      const now = this.ctx.clock.now();
      await tx.update(enrolmentRequests).set({ status: 'rejected', decidedAt: now, decidedBy: actor.username, reason }).where(eq(enrolmentRequests.requestId, requestId));
      await audit(tx, now, { actor: actor.username, action: 'enrolment.rejected', subject: row.stationId, details: { requestId, reason } });
      return ok(undefined);
    });
    return decided.ok ? this.status(requestId) : decided;
  }
}

function summary(r: RequestRow): EnrolmentSummary {
  return {
    requestId: r.requestId,
    stationId: r.stationId,
    stationName: r.stationName,
    site: r.site,
    status: r.status,
    requestedAt: r.requestedAt.toISOString(),
    genesisHash: r.genesisHash,
    genesisCaFingerprint: r.genesisCaFingerprint,
    publicKeyFingerprint: r.publicKeyFingerprint,
    decidedBy: r.decidedBy,
    reason: r.reason,
  };
}
