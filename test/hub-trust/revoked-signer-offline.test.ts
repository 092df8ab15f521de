/**
 * An attacker's afternoon with a revoked signer (issue 10 item 7): IT revokes a supervisor's
 * signing certificate at the hub; the supervisor co-signs at a station that has not synced
 * since. The station could not know, so it signs; at the next sync the hub accepts the entry
 * (nothing is lost), flags it in review by exception as critical and raises a hub deviation,
 * so the QP cannot release until QA has assessed and closed it. From that sync on the station
 * knows (the hub CA's revocation list, verified and recorded) and refuses the next signature,
 * recording the attempt; `batchline verify` names the entry signed after the revocation.
 * The signature made before the revocation stays valid, with the revocation date beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { unwrap } from '../../src-shared/result.ts';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { verifyCertificateChain } from '../../src-core/pki/certificate-check.ts';
import { hubAudit, hubUserMfa, hubUsers, issuedCertificates } from '../../src-server/db/schema.ts';
import { totpCode } from '../../src-core/auth/totp.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { recordBatch, type RecordedBatch } from '../quality/support/station-batch.ts';
import { DEMO_PASSWORD } from '../fakes/test-station.ts';

describe('a revoked signer at an offline station', () => {
  let q: QualityHub;
  let before: RecordedBatch;
  let after: RecordedBatch;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const review = async (batch: string) => (await api<BatchReview>('qa.hub', 'GET', `/api/v1/quality/batches/${batch}`)).body;
  type Answer = { error?: { code: string; message: string }; signatureId?: number };
  const sign = (who: string, batch: string, body: Record<string, unknown>, kind: 'review' | 'decision' | 'deviations/close') => api<Answer>(who, 'POST', `/api/v1/quality/batches/${batch}/${kind}`, body);

  beforeAll(async () => {
    q = await startQualityHub('pglite');
    before = recordBatch(q.station, { batchNumber: 'B-REV-001', apiLot: 'API-LOT-1', excipientLot: 'MCC-LOT-7' });
    // One round: the push registers the station's certificates, then the hub CA certifies the
    // signers' keys and the new certificates are pushed in the same round.
    await q.sync();
  });
  afterAll(async () => {
    await q?.close();
  });

  it('P11-30 A11-25 the hub flags a signature made after revocation at an offline station, the QP cannot release until QA decides; the station refuses the next one and verify names the entry', async () => {
    const supervisor = q.station.users.byUsername('sup.wang')!;
    const fingerprint = supervisor.signingCertFingerprint!;
    // Offline at creation, the supervisor's key was certified by the station's local CA; the hub
    // registered that certificate at intake and its CA certified the same key at that sync.
    const localFp = String(q.station.ledger.query({ types: ['certificate.issued'] }).find((e) => e.payload.subjectId === supervisor.userId)!.payload.fingerprint);
    expect(localFp).not.toBe(fingerprint);
    const cert = async (fp: string) => (await q.hub.hub.db.orm.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, fp)))[0]!;
    expect(await cert(localFp)).toMatchObject({ kind: 'user-signing', subjectId: supervisor.userId, issuedBy: `station:${q.station.stationId}` });
    const registered = await cert(fingerprint);
    expect(registered).toMatchObject({ kind: 'user-signing', subjectId: supervisor.userId, issuedBy: `hub-for:${localFp}` });
    expect(verifyCertificateChain(registered.certPem, q.hub.hub.services.ctx.keys.caCertPem, q.station.clock.now(), { kind: 'user-signing' }).ok).toBe(true);

    // IT revokes the certificate it sees first in the console, the station-issued one: the
    // hub-issued one of the same key goes with it.
    q.station.clock.advance(60_000);
    const revoked = await q.hub.api<{ revokedAt: string }>('POST', `/api/v1/quality/certificates/${localFp}/revoke`, { reason: 'badge and password shared with a contractor' });
    expect(revoked.status).toBe(200);
    const revokedAt = revoked.body.revokedAt;
    expect((await cert(fingerprint)).revokedAt?.toISOString()).toBe(revokedAt);

    // Offline: the station has not heard of it, and the supervisor co-signs a new batch.
    q.station.clock.advance(60_000);
    after = recordBatch(q.station, { batchNumber: 'B-REV-002', apiLot: 'API-LOT-2', excipientLot: 'MCC-LOT-7' });
    const offlineSignature = [...q.station.ledger.iterate()].find((e) => e.type === 'signature.applied' && e.payload.signerId === supervisor.userId && e.batchRef === after.batchNumber)!;
    expect(offlineSignature).toBeDefined();

    // Sync: the hub ACCEPTS the page (refusing it would stall every later entry)…
    await q.sync();

    // …and review by exception flags it, with a hub deviation QA must close.
    const r = await review(after.batchNumber);
    const flagged = r.exceptions.filter((e) => e.kind === 'signature-certificate');
    expect(flagged).toEqual([expect.objectContaining({ severity: 'critical', seq: offlineSignature.seq, params: expect.objectContaining({ problem: 'revoked-before-signing', signer: 'sup.wang', revokedAt }) })]);
    const deviation = r.deviations.find((d) => d.category === 'revoked-signature')!;
    expect(deviation).toMatchObject({ stationId: q.station.stationId, seq: offlineSignature.seq, raisedBy: 'hub', closure: null });
    // The signature made before the revocation stays valid, the revocation date beside it.
    const earlier = (await review(before.batchNumber)).exceptions.filter((e) => e.kind === 'signature-certificate');
    expect(earlier).toEqual([expect.objectContaining({ severity: 'minor', params: expect.objectContaining({ problem: 'revoked-since', revokedAt }) })]);
    expect((await review(before.batchNumber)).deviations).toEqual([]);

    // QA reviews; the QP still cannot release while QA has not decided on the signature.
    expect((await sign('qa.hub', after.batchNumber, { password: 'Quality-hub-2026!' }, 'review')).status).toBe(201);
    const blocked = await sign('qp.hub', after.batchNumber, { decision: 'released', password: 'Quality-hub-2026!' }, 'decision');
    expect(blocked.body.error?.code).toBe('RELEASE_DEVIATIONS_OPEN');
    expect(blocked.body.error?.message).toContain(deviation.deviationId);
    const closed = await sign('qa.second', after.batchNumber, { stationId: deviation.stationId, seq: deviation.seq, password: 'Quality-hub-2026!', conclusion: 'weighing re-verified by a second supervisor; contractor access withdrawn' }, 'deviations/close');
    expect(closed.status).toBe(201);
    expect((await sign('qp.hub', after.batchNumber, { decision: 'released', password: 'Quality-hub-2026!' }, 'decision')).status).toBe(201);

    // The station now holds the hub CA's list (verified, recorded) and refuses the next signature.
    const lists = q.station.ledger.query({ types: ['certificate.revocations_received'] });
    expect(lists.length).toBeGreaterThan(0);
    expect((lists.at(-1)!.payload.revoked as { serialNumber: string }[]).map((x) => x.serialNumber)).toContain(registered!.serialNumber);
    const session = unwrap(q.station.auth.login('op.li', DEMO_PASSWORD));
    const refused = q.station.signatures.sign({ sessionId: session.sessionId, targetSeq: after.excipientWeighedSeq, meaning: 'verified', username: 'sup.wang', password: DEMO_PASSWORD });
    expect(!refused.ok && refused.error.code).toBe('SIGNER_CERTIFICATE_REVOKED');
    const attempt = q.station.ledger.query({ types: ['certificate.revoked_use_refused'] }).at(-1)!;
    expect(attempt).toMatchObject({ actor: supervisor.userId, batchRef: after.batchNumber, payload: expect.objectContaining({ certFingerprint: fingerprint, targetSeq: after.excipientWeighedSeq, meaning: 'verified', revokedAt }) });

    // batchline verify names the signature made after the revocation, and only that one.
    const verified = verifyLedger({ entries: q.station.ledger.iterate(), checkpoints: q.station.ledger.checkpoints() });
    expect(verified.ok).toBe(false);
    if (verified.ok) return;
    expect(verified.error.code).toBe('SIGNER_CERTIFICATE_REVOKED');
    expect(verified.error.entries).toEqual([offlineSignature.seq]);
    expect(verified.error.reason).toContain(`entry ${offlineSignature.seq}`);
  });

  it('P11-30 a station that did not know of the revocation gives the signer a new certificate by a password reset: the hub revokes it from its issue time and flags what it signed', async () => {
    const opId = q.station.userId('op.li');
    const opFp = q.station.users.byId(opId)!.signingCertFingerprint!;
    q.station.clock.advance(60_000);
    expect((await q.hub.api('POST', `/api/v1/quality/certificates/${opFp}/revoke`, { reason: 'left the company' })).status).toBe(200);

    // Offline: the station resets the password (admin) and a second person completes it; the
    // station, not knowing, certifies a new key with its local CA. The operator signs with it.
    q.station.clock.advance(60_000);
    unwrap(q.station.userAdmin.resetPassword(q.station.userId('admin'), opId, 'Temporary-pass-9'));
    unwrap(q.station.userAdmin.completePasswordReset(q.station.userId('qa.chen'), opId, { temporaryPassword: 'Temporary-pass-9', newPassword: 'Own-choice-2026', method: 'badge checked' }));
    const newFp = q.station.users.byId(opId)!.signingCertFingerprint!;
    expect(newFp).not.toBe(opFp);
    const session = unwrap(q.station.auth.login('op.li', 'Own-choice-2026'));
    q.station.clock.advance(10_000);
    const note = unwrap(q.station.ledger.append([{ type: 'comment.recorded', actor: opId, batchRef: 'B-REV-004', payload: { text: 'room temperature 21 °C' } }]))[0]!;
    const signed = unwrap(q.station.signatures.sign({ sessionId: session.sessionId, targetSeq: note.seq, meaning: 'performed', username: 'op.li', password: 'Own-choice-2026' }));

    await q.sync();
    const [row] = await q.hub.hub.db.orm.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, newFp));
    expect(row!.revokedAt!.getTime()).toBeLessThanOrEqual(Date.parse(signed.payload.signedAt as string));
    expect(row!.revocationReason).toMatch(/without a re-issue approved by QA/);
    // The station now knows, and refuses the next signature.
    const later = unwrap(q.station.ledger.append([{ type: 'comment.recorded', actor: opId, batchRef: 'B-REV-004', payload: { text: 'room temperature 22 °C' } }]))[0]!;
    const next = q.station.signatures.sign({ sessionId: session.sessionId, targetSeq: later.seq, meaning: 'performed', username: 'op.li', password: 'Own-choice-2026' });
    expect(!next.ok && next.error.code).toBe('SIGNER_CERTIFICATE_REVOKED');
    const verified = verifyLedger({ entries: q.station.ledger.iterate(), checkpoints: q.station.ledger.checkpoints() });
    expect(!verified.ok && verified.error.entries).toContain(signed.seq);
  });
  it('P11-30 FR-102 past the revocation list\'s maximum age the station raises an alarm and refuses a signature by a hub-issued certificate (typed, nothing signed); its own CA\'s certificates still sign; the next sync clears both', async () => {
    const t = q.station;
    const qaId = t.userId('qa.chen');
    const hubFp = t.users.byId(qaId)!.signingCertFingerprint!;
    const localFp = String(t.ledger.query({ types: ['certificate.issued'] }).find((e) => e.payload.subjectId === qaId)!.payload.fingerprint);
    expect(hubFp).not.toBe(localFp);
    expect(t.revocationWatch.status()).toMatchObject({ state: 'current', maxAgeHours: 168 });
    // Eight days without the hub (an injected clock): the list verified at the last sync is past its 7 days.
    t.clock.advance(8 * 24 * 3_600_000);
    expect(t.revocationWatch.status()).toMatchObject({ state: 'stale', maxAgeHours: 168 });
    const session = unwrap(t.auth.login('qa.chen', DEMO_PASSWORD));
    const note = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: t.userId('sup.wang'), batchRef: 'B-REV-005', payload: { text: 'line cleared' } }]))[0]!;
    const head = t.ledger.head()?.seq;
    const refused = t.signatures.sign({ sessionId: session.sessionId, targetSeq: note.seq, meaning: 'reviewed', username: 'qa.chen', password: DEMO_PASSWORD });
    expect(refused.ok ? null : [refused.error.code, refused.error.details?.maxAgeHours]).toEqual(['REVOCATION_LIST_STALE', 168]);
    // Nothing signed; the one thing recorded is the alarm, critical, raised once however often it is met.
    expect(t.signatures.sign({ sessionId: session.sessionId, targetSeq: note.seq, meaning: 'reviewed', username: 'qa.chen', password: DEMO_PASSWORD }).ok).toBe(false);
    const added = [...t.ledger.iterate(head! + 1)];
    expect(added.map((e) => e.type)).toEqual(['alarm.raised']);
    expect(added[0]!.payload).toMatchObject({ source: 'security', kind: 'revocation-list-stale', severity: 'critical', messageKey: 'revocation-list-stale', condition: 'state' });
    // A certificate of the station's own CA does not depend on the hub's list.
    expect(t.revocationWatch.current(localFp).ok).toBe(true);
    // The hub is back: a fresh list, the alarm cleared, the signature goes through.
    await q.sync();
    expect(t.revocationWatch.status().state).toBe('current');
    const alarm = t.alarms.list().find((a) => a.kind === 'revocation-list-stale')!;
    t.revocationWatch.warn();
    expect(t.alarms.list().find((a) => a.alarmId === alarm.alarmId)!.clearedAt).not.toBeNull();
    expect(t.signatures.sign({ sessionId: session.sessionId, targetSeq: note.seq, meaning: 'reviewed', username: 'qa.chen', password: DEMO_PASSWORD }).ok).toBe(true);
  });
  it('D25-03 P11-31 FR-101 hub e-signatures take a second factor: enrolled with a code and the password (seed sealed), then every signing route needs a code, a wrong or replayed one is refused and counts toward lockout, and the site policy can require it for a role', async () => {
    const hub = q.hub.hub;
    const ctx = hub.services.ctx;
    const call = async <T>(who: string, method: string, path: string, body?: unknown, otp?: string) => {
      const res = await fetch(q.hub.url + path, { method, headers: { authorization: `Bearer ${await q.token(who)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(otp !== undefined ? { 'x-batchline-otp': otp } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: (await res.json()) as T & { error?: { code: string } } };
    };
    const raise = (who: string, otp?: string, password = HUB_PASSWORD) => call<{ id: string }>(who, 'POST', '/api/v1/quality/deviations', { kind: 'deviation', title: 'Seal broken on drum', description: 'found at goods-in', password }, otp);
    const code = (secret: string, stepsAhead = 0) => totpCode(secret, new Date(ctx.clock.now().getTime() + stepsAhead * 30_000));
    const failed = async (username: string) => (await hub.db.orm.select().from(hubUsers).where(eq(hubUsers.username, username)))[0]!.failedAttempts;

    // Not enrolled and no policy: the password alone signs, as before.
    expect((await raise('qa.second')).status).toBe(201);
    expect((await call<{ enrolled: boolean; required: boolean }>('qa.hub', 'GET', '/api/v1/me/mfa')).body).toMatchObject({ enrolled: false, required: false });
    // Enrolment: a wrong code or password enrols nothing; the right pair does, and the seed is sealed.
    const { secret } = (await call<{ secret: string; uri: string }>('qa.hub', 'POST', '/api/v1/me/mfa/start')).body;
    expect((await call('qa.hub', 'POST', '/api/v1/me/mfa/confirm', { secret, code: '000000', password: HUB_PASSWORD })).body.error?.code).toBe('SIGNATURE_MFA_INVALID');
    expect((await call('qa.hub', 'POST', '/api/v1/me/mfa/confirm', { secret, code: code(secret), password: 'wrong-password' })).body.error?.code).toBe('SIGNATURE_PASSWORD_INVALID');
    const enrolled = await call<{ enrolled: boolean }>('qa.hub', 'POST', '/api/v1/me/mfa/confirm', { secret, code: code(secret), password: HUB_PASSWORD });
    expect([enrolled.status, enrolled.body.enrolled]).toEqual([201, true]);
    const [row] = await hub.db.orm.select().from(hubUserMfa);
    expect(row!.sealedSecret.startsWith('sealed:v1:') && !row!.sealedSecret.includes(secret)).toBe(true);
    const before = await failed('qa.hub');
    expect(before).toBe(0);
    // Password only: refused before the password is looked at, not counted.
    expect((await raise('qa.hub')).body.error?.code).toBe('SIGNATURE_MFA_REQUIRED');
    // The enrolment's own code is spent; a wrong code counts like a wrong password.
    expect((await raise('qa.hub', code(secret))).body.error?.code).toBe('SIGNATURE_MFA_REUSED');
    expect((await raise('qa.hub', '123456')).body.error?.code).toBe('SIGNATURE_MFA_INVALID');
    expect(await failed('qa.hub')).toBe(2);
    const next = code(secret, 1);
    const ok = await raise('qa.hub', next);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(await failed('qa.hub')).toBe(0);
    // The same code again is a replay.
    expect((await raise('qa.hub', next)).body.error?.code).toBe('SIGNATURE_MFA_REUSED');
    const refusals = (await hub.db.orm.select().from(hubAudit).where(eq(hubAudit.actor, 'qa.hub'))).filter((r) => !r.ok).map((r) => (r.details as { code: string }).code);
    expect(refusals).toEqual(expect.arrayContaining(['SIGNATURE_MFA_REQUIRED', 'SIGNATURE_MFA_REUSED', 'SIGNATURE_MFA_INVALID', 'SIGNATURE_PASSWORD_INVALID']));
    // Re-enrolling needs the current factor's code too (a stolen session and password cannot move it).
    const other = (await call<{ secret: string }>('qa.hub', 'POST', '/api/v1/me/mfa/start')).body.secret;
    expect((await call('qa.hub', 'POST', '/api/v1/me/mfa/confirm', { secret: other, code: code(other), password: HUB_PASSWORD })).body.error?.code).toBe('SIGNATURE_MFA_REQUIRED');
    // Site policy: QA signatures need a second factor; a QA person without one is told to enrol.
    ctx.signingMfaRoles = ['qa'];
    try {
      expect((await call<{ required: boolean }>('qa.second', 'GET', '/api/v1/me/mfa')).body.required).toBe(true);
      expect((await call<{ required: boolean }>('qp.hub', 'GET', '/api/v1/me/mfa')).body.required).toBe(false);
      expect((await raise('qa.second')).body.error?.code).toBe('SIGNATURE_MFA_REQUIRED');
      expect((await raise('qa.second', '123456')).body.error?.code).toBe('SIGNATURE_MFA_NOT_ENROLLED');
    } finally {
      delete ctx.signingMfaRoles;
    }
  });
});

