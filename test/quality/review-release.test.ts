/**
 * Review by exception and QP release at the hub, on batches recorded at a real station and
 * received through the ordinary signed sync (issue 7 item 2), on PGlite and on PostgreSQL:
 *   - the exception list shows exactly what deviates; a clean batch shows none;
 *   - release refused without a current QA review, with an open deviation (listed), by the
 *     reviewer themself, by an operator or an admin account, with a wrong password;
 *   - a release signature copied to another batch does not verify and releases nothing;
 *   - data arriving after release shows as "changed after decision" and the release no
 *     longer counts;
 *   - every review, release, refusal and login is in the hub audit trail, exportable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { unwrap } from '../../src-shared/result.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import type { BatchReview, BatchSummary } from '../../src-shared/quality/review-contract.ts';
import { qualitySignatures } from '../../src-server/quality/db/quality-schema.ts';
import { issuedCertificates, ledgerEntries } from '../../src-server/db/schema.ts';
import { recordBatch, type RecordedBatch } from './support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

describe.each(QUALITY_BACKENDS)('review and release on %s', (backendName) => {
  let q: QualityHub;
  let withDeviation: RecordedBatch;
  let clean: RecordedBatch;
  let spare: RecordedBatch;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const review = async (batch: string) => (await api<BatchReview>('qa.hub', 'GET', `/api/v1/quality/batches/${batch}`)).body;
  const sign = (who: string, batch: string, body: Record<string, unknown>, kind: 'review' | 'decision' | 'deviations/close') =>
    api<{ error?: { code: string; details?: Record<string, unknown> }; signatureId?: number }>(who, 'POST', `/api/v1/quality/batches/${batch}/${kind}`, body);

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    withDeviation = recordBatch(q.station, { batchNumber: 'B-2026-001', apiLot: 'API-LOT-1', excipientLot: 'MCC-LOT-7', deviation: true });
    clean = recordBatch(q.station, { batchNumber: 'B-2026-002', apiLot: 'API-LOT-2', excipientLot: 'MCC-LOT-7' });
    spare = recordBatch(q.station, { batchNumber: 'B-2026-003', apiLot: 'API-LOT-3', excipientLot: 'MCC-LOT-7' });
    recordBatch(q.station, { batchNumber: 'B-2026-004', apiLot: 'API-LOT-4', excipientLot: 'MCC-LOT-7', incomplete: true });
    await q.sync();
  });
  afterAll(async () => {
    await q?.close();
  });

  it('DI-12 lists the exceptions of a batch, and a clean batch as having none', async () => {
    const list = (await api<BatchSummary[]>('op.hub', 'GET', '/api/v1/quality/batches')).body;
    expect(list.map((b) => b.batchNumber).sort()).toEqual(['B-2026-001', 'B-2026-002', 'B-2026-003', 'B-2026-004']);
    expect(list.find((b) => b.batchNumber === 'B-2026-004')?.status).toBe('in-progress');
    const dev = await review(withDeviation.batchNumber);
    expect(dev.summary.status).toBe('complete');
    expect(dev.exceptions.map((e) => e.kind).sort()).toEqual(['deviation', 'out-of-tolerance']);
    expect(dev.deviations).toHaveLength(1);
    expect(dev.deviations[0]).toMatchObject({ deviationId: 'DEV-B-2026-001-1', approvedAtStation: true, closure: null });
    const ok = await review(clean.batchNumber);
    expect(ok.exceptions).toEqual([]);
    expect(ok.summary.openDeviations).toBe(0);
    expect(ok.record.length).toBeGreaterThan(8);
    expect(ok.record.find((r) => r.seq === clean.apiWeighedSeq)!.signatures.map((s) => s.meaning).sort()).toEqual(['performed', 'verified']);
  });

  it('P11-18 the station and the hub compute the same batch-record hash and the same record lines from the same entries', async () => {
    const entries = q.station.ledger.query({ batchRef: clean.batchNumber, limit: Number.MAX_SAFE_INTEGER });
    const atStation = buildBatchRecord(clean.batchNumber, entries, { user: (id) => q.station.users.byId(id) });
    const atHub = await review(clean.batchNumber);
    expect(atHub.recordHash).toBe(atStation.recordHash);
    const stationLines = new Map(entries.map((e) => [e.seq, atStation.steps.flatMap((st) => st.events).find((ev) => ev.seq === e.seq)?.summary]));
    const hubLines = atHub.record.filter((r) => stationLines.get(r.seq) !== undefined);
    expect(hubLines.length).toBeGreaterThan(5);
    for (const r of hubLines) expect(r.summary).toBe(stationLines.get(r.seq));
  });

  it('A11-25 A11-16 FR-11 refuses release without a QA review, then with an open deviation (listed), then releases', async () => {
    const b = withDeviation.batchNumber;
    const early = await sign('qp.hub', b, { decision: 'released', password: HUB_PASSWORD }, 'decision');
    expect(early.status).toBe(422);
    expect(early.body.error?.code).toBe('REVIEW_REQUIRED');

    const reviewed = await sign('qa.hub', b, { password: HUB_PASSWORD, comment: 'exceptions assessed' }, 'review');
    expect(reviewed.status).toBe(201);
    expect((await review(b)).summary.review).toBe('current');

    const open = await sign('qp.hub', b, { decision: 'released', password: HUB_PASSWORD }, 'decision');
    expect(open.body.error?.code).toBe('RELEASE_DEVIATIONS_OPEN');
    expect(open.body.error?.details?.deviations).toEqual([expect.objectContaining({ deviationId: 'DEV-B-2026-001-1', seq: withDeviation.deviationSeq })]);

    const closed = await sign('qa.hub', b, { stationId: q.station.stationId, seq: withDeviation.deviationSeq, password: HUB_PASSWORD, conclusion: 'Surplus within the validated range of the granulation; no impact. CAPA-0001.' }, 'deviations/close');
    expect(closed.status).toBe(201);
    const again = await sign('qa.hub', b, { stationId: q.station.stationId, seq: withDeviation.deviationSeq, password: HUB_PASSWORD, conclusion: 'Closing the same deviation twice.' }, 'deviations/close');
    expect(again.body.error?.code).toBe('DEVIATION_ALREADY_CLOSED');

    const released = await sign('qp.hub', b, { decision: 'released', password: HUB_PASSWORD, comment: 'certified' }, 'decision');
    expect(released.status).toBe(201);
    const after = await review(b);
    expect(after.summary.decision).toBe('released');
    expect(after.signatures.filter((s) => s.valid && s.current).map((s) => s.meaning).sort()).toEqual(['approved', 'released', 'reviewed']);
    const twice = await sign('qp.second', b, { decision: 'released', password: HUB_PASSWORD }, 'decision');
    expect(twice.body.error?.code).toBe('BATCH_ALREADY_DECIDED');
  });

  it('A11-25 QA and QP must be different people', async () => {
    const b = clean.batchNumber;
    expect((await sign('qa.qp', b, { password: HUB_PASSWORD }, 'review')).status).toBe(201);
    const same = await sign('qa.qp', b, { decision: 'released', password: HUB_PASSWORD }, 'decision');
    expect(same.body.error?.code).toBe('RELEASE_SAME_PERSON');
    expect((await review(b)).summary.decision).toBeNull();
    expect((await sign('qp.second', b, { decision: 'released', password: HUB_PASSWORD }, 'decision')).status).toBe(201);
  });

  it('P11-09 D25-02 an operator, an admin, someone who took part, or a wrong password cannot sign', async () => {
    const b = spare.batchNumber;
    const operator = await sign('op.hub', b, { decision: 'released', password: HUB_PASSWORD }, 'decision');
    expect(operator.status).toBe(403);
    expect(operator.body.error?.code).toBe('AUTH_ROLE_REQUIRED');
    const admin = await q.hub.api<{ error: { code: string } }>('POST', `/api/v1/quality/batches/${b}/decision`, { decision: 'released', password: HUB_PASSWORD });
    expect(admin.status).toBe(403);
    const participant = await sign('sup.wang', b, { password: HUB_PASSWORD }, 'review');
    expect(participant.body.error?.code).toBe('REVIEWER_NOT_INDEPENDENT');
    const wrong = await sign('qa.second', b, { password: 'not-the-password' }, 'review');
    expect(wrong.body.error?.code).toBe('SIGNATURE_PASSWORD_INVALID');
    expect((await review(b)).signatures).toEqual([]);
    const adminQp = await q.hub.api<{ error: { code: string } }>('POST', '/api/v1/admin/users', { username: 'it.qp', printedName: 'Admin And QP', roles: ['admin', 'qp'], password: HUB_PASSWORD });
    expect(adminQp.body.error.code).toBe('GMP_ROLE_CONFLICT');
    // The same holds against a hand-edited row (A11-03: admin and QP mutually exclusive).
    const edited = await q.hub.hub.db.orm.execute(sql`update hub_users set roles = '["admin", "qp"]'::jsonb where username = 'qp.second'`).then(
      () => 'accepted',
      (e: Error & { cause?: Error }) => (e.cause ?? e).message,
    );
    expect(edited).toMatch(/hub_users_admin_holds_no_gmp_role/);
    const running = await sign('qa.second', 'B-2026-004', { password: HUB_PASSWORD }, 'review');
    expect(running.body.error?.code).toBe('BATCH_NOT_COMPLETE');
  });

  it('P11-18 a release signature copied to another batch does not verify and releases nothing', async () => {
    const db = q.hub.hub.db.orm;
    const [release] = await db.select().from(qualitySignatures).where(eq(qualitySignatures.batchNumber, withDeviation.batchNumber)).then((rows) => rows.filter((r) => r.meaning === 'released'));
    const target = await review(spare.batchNumber);
    const { id: _id, ...copy } = release!;
    // As an attacker with SQL access would: the row re-pointed at the other batch and its hash.
    await db.insert(qualitySignatures).values({ ...copy, batchNumber: spare.batchNumber, subjectKey: spare.batchNumber, subjectHash: target.recordHash });
    await db.insert(qualitySignatures).values({ ...copy, batchNumber: spare.batchNumber, subjectKey: spare.batchNumber });
    const after = await review(spare.batchNumber);
    expect(after.summary.decision).toBeNull();
    expect(after.signatures).toHaveLength(2);
    for (const s of after.signatures) {
      expect(s.valid).toBe(false);
      expect(s.problem).toMatch(/does not match the signed content/);
    }
    // The genuine one still verifies where it belongs.
    expect((await review(withDeviation.batchNumber)).summary.decision).toBe('released');
  });

  it('P11-30 a station signature made before its certificate was revoked stays valid (date beside it); one made after is critical and a hub deviation', async () => {
    const certEntry = await q.hub.hub.db.orm.select().from(ledgerEntries).where(eq(ledgerEntries.type, 'certificate.issued'));
    const supervisor = certEntry.map((e) => e.payload as { subjectId: string; fingerprint: string }).find((p) => p.subjectId === q.station.userId('sup.wang'))!;
    // Intake put the station-recorded certificate in the hub's register: IT can revoke it.
    const [registered] = await q.hub.hub.db.orm.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, supervisor.fingerprint));
    expect(registered?.issuedBy).toBe(`station:${q.station.stationId}`);
    const revokeAt = (at: Date) => q.hub.hub.db.orm.update(issuedCertificates).set({ revokedAt: at, revocationReason: 'key compromised' }).where(eq(issuedCertificates.fingerprint, supervisor.fingerprint));

    await revokeAt(q.station.clock.now());
    const before = (await review(spare.batchNumber)).exceptions.filter((e) => e.kind === 'signature-certificate');
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ severity: 'minor', seq: spare.apiWeighedSeq + 2, params: expect.objectContaining({ problem: 'revoked-since', signer: 'sup.wang', revokedAt: q.station.clock.now().toISOString() }) });
    expect((await review(spare.batchNumber)).deviations.some((d) => d.category === 'revoked-signature')).toBe(false);

    await revokeAt(new Date('2000-01-01T00:00:00Z'));
    const r = await review(spare.batchNumber);
    const flagged = r.exceptions.filter((e) => e.kind === 'signature-certificate');
    expect(flagged[0]).toMatchObject({ severity: 'critical', seq: spare.apiWeighedSeq + 2, params: expect.objectContaining({ problem: 'revoked-before-signing', signer: 'sup.wang' }) });
    expect(r.deviations.filter((d) => d.category === 'revoked-signature')).toEqual([expect.objectContaining({ seq: spare.apiWeighedSeq + 2, raisedBy: 'hub', closure: null })]);
    await q.hub.hub.db.orm.update(issuedCertificates).set({ revokedAt: null, revocationReason: null }).where(eq(issuedCertificates.fingerprint, supervisor.fingerprint));
  });

  it('DI-12 data arriving after release undo the release: "changed after decision", review outdated', async () => {
    const b = withDeviation.batchNumber;
    q.station.clock.advance(26 * 3600_000);
    unwrap(q.station.ledger.append([{ type: 'comment.recorded', actor: q.station.userId('op.li'), batchRef: b, payload: { text: 'late observation: vessel label reprinted' } }]));
    q.station.clock.advance(26 * 3600_000);
    await q.sync();
    const r = await review(b);
    expect(r.summary.decision).toBeNull();
    expect(r.summary.review).toBe('outdated');
    expect(r.exceptions.map((e) => e.kind)).toEqual(expect.arrayContaining(['changed-after-decision', 'late-sync']));
    const refused = await sign('qp.second', b, { decision: 'released', password: HUB_PASSWORD }, 'decision');
    expect(refused.body.error?.code).toBe('REVIEW_REQUIRED');
  });

  it('keeps every login, review, release and refusal in the hub audit trail, and exports it', async () => {
    const rows = (await api<{ action: string; actor: string; ok: boolean; subject: string }[]>('qa.hub', 'GET', '/api/v1/audit?limit=1000')).body;
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['user.login', 'review.signed', 'deviation.closed', 'release.signed', 'release.refused', 'review.refused', 'certificate.issued', 'user.created']) expect(actions).toContain(a);
    expect(rows.find((r) => r.action === 'release.refused' && r.actor === 'qa.qp')).toBeDefined();
    const failed = await q.hub.api('POST', '/api/v1/auth/login', { username: 'qp.hub', password: 'wrong-password' });
    expect(failed.status).toBe(401);
    const filtered = (await api<{ action: string; actor: string; ok: boolean }[]>('qp.hub', 'GET', '/api/v1/audit?action=user.login_failed')).body;
    expect(filtered[0]).toMatchObject({ action: 'user.login_failed', actor: 'qp.hub', ok: false });
    const csv = await api<string>('qa.hub', 'GET', '/api/v1/audit/export?format=csv&action=release');
    expect(csv.status).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,subject,ok,details');
    const raw = await fetch(`${q.hub.url}/api/v1/audit/export?format=csv&action=release`, { headers: { authorization: `Bearer ${await q.token('qa.hub')}` } });
    expect(raw.headers.get('content-disposition')).toMatch(/attachment; filename="hub-audit-.*\.csv"/);
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(lines.slice(1).every((l) => l.split(',')[3]!.startsWith('release.'))).toBe(true);
    const latest = (await api<{ action: string }[]>('qa.hub', 'GET', '/api/v1/audit?limit=1')).body;
    expect(latest[0]!.action).toBe('audit.exported');
    const operator = await api<{ error: { code: string } }>('op.hub', 'GET', '/api/v1/audit');
    expect(operator.status).toBe(403);
  });
});
