/**
 * User certificates at the station (issue 10 item 7): once the station holds a revocation list
 * naming a signer's certificate, that signer's signatures are refused and the attempt recorded;
 * a password reset does not bring the certificate back; only an administrator's request plus
 * a QA approval (with the holder present, typing their own password) makes a new one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, unwrap } from '../../src-shared/result.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { createRevocationList } from '../../src-core/pki/revocation-list.ts';
import { pullRevocations } from '../../src-main/sync/revocation-puller.ts';
import type { HubClient } from '../../src-main/sync/hub-client.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { makeTestStation, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';
import { cli, fileCopy } from './support.ts';
import { makeTestApi } from '../fakes/test-api.ts';

let t: TestStation;
beforeEach(() => {
  t = makeTestStation();
});
afterEach(() => t.cleanup());

/** The list a hub CA would send; here the station's own (test) CA signs it, which its ledger trusts. */
function hubSends(crlPem: string): HubClient {
  return { revocations: async () => ok({ crlPem }) } as unknown as HubClient;
}

async function revoke(username: string, at: Date, s: TestStation = t): Promise<void> {
  const fp = s.users.byUsername(username)!.signingCertFingerprint!;
  const { serial_number: serialNumber } = s.db.sqlite.prepare('select serial_number from certificates where fingerprint = ?').get(fp) as { serial_number: string };
  const now = s.clock.now();
  const crlPem = createRevocationList({ caCertPem: s.ca.caCertPem, caKeyPem: keyPool().nextCa!().privateKeyPem, number: now.getTime(), thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000), revoked: [{ serialNumber, revokedAt: at, reason: 'keyCompromise' }] });
  unwrap(await pullRevocations(s.ledger, hubSends(crlPem), s.ca.caCertPem));
}

function comment(): number {
  return unwrap(t.ledger.append([{ type: 'comment.recorded', actor: t.userId('op.li'), batchRef: 'B-001', payload: { text: 'blend 12 min' } }]))[0]!.seq;
}

describe('revoked signers at the station', () => {
  it('P11-30 a revocation list that is not signed by a trusted CA changes nothing', async () => {
    const foreign = createRevocationList({ caCertPem: t.ca.caCertPem, caKeyPem: keyPool().next().privateKeyPem, number: 1, thisUpdate: t.clock.now(), nextUpdate: new Date(t.clock.now().getTime() + 1000), revoked: [] });
    const r = await pullRevocations(t.ledger, hubSends(foreign), t.ca.caCertPem);
    expect(!r.ok && r.error.code).toBe('CERTIFICATE_INVALID');
    expect(t.ledger.query({ types: ['certificate.revocations_received'] })).toEqual([]);
  });

  it('P11-30 an older revocation list that lacks a revocation (a replay or rollback) is refused; an older copy saying the same is ignored', async () => {
    await revoke('sup.wang', t.clock.now());
    const held = t.ledger.query({ types: ['certificate.revocations_received'] });
    expect(held).toHaveLength(1);
    const caKeyPem = keyPool().nextCa!().privateKeyPem;
    const older = (revoked: { serialNumber: string; revokedAt: Date }[]) =>
      createRevocationList({ caCertPem: t.ca.caCertPem, caKeyPem, number: BigInt(String(held[0]!.payload.crlNumber)) - 1n, thisUpdate: new Date(t.clock.now().getTime() - 60_000), nextUpdate: new Date(t.clock.now().getTime() + 86_400_000), revoked });
    const rollback = await pullRevocations(t.ledger, hubSends(older([])), t.ca.caCertPem);
    expect(!rollback.ok && rollback.error.message).toMatch(/older than list/);
    const same = (held[0]!.payload.revoked as { serialNumber: string; revokedAt: string }[]).map((r) => ({ serialNumber: r.serialNumber, revokedAt: new Date(r.revokedAt) }));
    const copy = await pullRevocations(t.ledger, hubSends(older(same)), t.ca.caCertPem);
    expect(copy.ok && copy.value.recorded).toBeNull();
    expect(t.ledger.query({ types: ['certificate.revocations_received'] })).toHaveLength(1);
  });

  it('P11-30 a revoked signer is refused at the station with the attempt recorded; a reset does not re-issue; an admin request plus a QA approval does, once', async () => {
    const admin = t.userId('admin');
    const qa = t.userId('qa.chen');
    const sup = t.userId('sup.wang');
    const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const before = comment();
    unwrap(t.signatures.sign({ sessionId: op, targetSeq: before, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang' }));
    const oldCert = t.users.byId(sup)!.signingCertFingerprint!;

    t.clock.advance(60_000);
    await revoke('sup.wang', t.clock.now());
    t.clock.advance(60_000);
    const target = comment();
    const refused = t.signatures.sign({ sessionId: op, targetSeq: target, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang' });
    expect(!refused.ok && refused.error.code).toBe('SIGNER_CERTIFICATE_REVOKED');
    expect(t.ledger.query({ types: ['certificate.revoked_use_refused'] })).toEqual([expect.objectContaining({ actor: sup, payload: expect.objectContaining({ userId: sup, certFingerprint: oldCert, targetSeq: target, sessionUserId: t.userId('op.li') }) })]);
    expect(t.ledger.query({ types: ['signature.applied'] }).filter((e) => e.payload.targetSeq === target)).toEqual([]);

    // A password reset (admin) completed by a second person gives the password back, not the certificate.
    unwrap(t.userAdmin.resetPassword(admin, sup, 'Temporary-pass-9'));
    unwrap(t.userAdmin.completePasswordReset(qa, sup, { temporaryPassword: 'Temporary-pass-9', newPassword: 'Own-choice-2026', method: 'badge checked' }));
    expect(t.users.byId(sup)!.signingCertFingerprint).toBe(oldCert);
    const stillRefused = t.signatures.sign({ sessionId: op, targetSeq: target, meaning: 'verified', password: 'Own-choice-2026', username: 'sup.wang' });
    expect(!stillRefused.ok && stillRefused.error.code).toBe('SIGNER_CERTIFICATE_REVOKED');

    // Re-issue: an administrator asks (QA cannot), QA approves (not the administrator, not the holder).
    const byQa = t.userAdmin.requestCertificateReissue(qa, sup, 'identity re-checked after the report');
    expect(!byQa.ok && byQa.error.code).toBe('AUTH_ROLE_REQUIRED');
    const { requestSeq } = unwrap(t.userAdmin.requestCertificateReissue(admin, sup, 'identity re-checked after the report'));
    const byAdmin = t.userAdmin.approveCertificateReissue(admin, requestSeq, { holderPassword: 'Own-choice-2026', method: 'badge checked' });
    expect(!byAdmin.ok && byAdmin.error.code).toBe('AUTH_ROLE_REQUIRED');
    const wrongHolder = t.userAdmin.approveCertificateReissue(qa, requestSeq, { holderPassword: 'Not-the-holders-1', method: 'badge checked' });
    expect(!wrongHolder.ok && wrongHolder.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const { fingerprint } = unwrap(t.userAdmin.approveCertificateReissue(qa, requestSeq, { holderPassword: 'Own-choice-2026', method: 'badge checked in person' }));
    expect(fingerprint).not.toBe(oldCert);
    expect(t.users.byId(sup)!.signingCertFingerprint).toBe(fingerprint);
    const again = t.userAdmin.approveCertificateReissue(t.userId('qa.chen'), requestSeq, { holderPassword: 'Own-choice-2026', method: 'badge checked' });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    unwrap(t.signatures.sign({ sessionId: op, targetSeq: target, meaning: 'verified', password: 'Own-choice-2026', username: 'sup.wang' }));

    const trail = t.ledger.query({ typePrefix: 'certificate.' }).filter((e) => e.seq > before).map((e) => [e.type, e.actor]);
    expect(trail).toEqual([
      ['certificate.revocations_received', null],
      ['certificate.revoked_use_refused', sup],
      ['certificate.revoked_use_refused', sup],
      ['certificate.reissue_requested', admin],
      ['certificate.reissue_approved', qa],
      ['certificate.issued', qa],
    ]);
    // The ledger verifies: the list is signed by a CA it trusts, the earlier signature is valid.
    const verified = verifyLedger({ entries: t.ledger.iterate(), checkpoints: t.ledger.checkpoints() });
    expect(verified.ok).toBe(true);
  });

  it('P11-30 verify names a signature made with a certificate revoked before it (a list recorded later, as an offline station would)', async () => {
    const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const early = comment();
    unwrap(t.signatures.sign({ sessionId: op, targetSeq: early, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang' }));
    t.clock.advance(1000);
    const revokedAt = t.clock.now();
    t.clock.advance(60_000);
    const late = comment();
    const signed = unwrap(t.signatures.sign({ sessionId: op, targetSeq: late, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang' }));
    t.clock.advance(60_000);
    await revoke('sup.wang', revokedAt);
    const verified = verifyLedger({ entries: t.ledger.iterate(), checkpoints: t.ledger.checkpoints() });
    expect(verified.ok).toBe(false);
    if (verified.ok) return;
    expect(verified.error).toMatchObject({ code: 'SIGNER_CERTIFICATE_REVOKED', seq: signed.seq, entries: [signed.seq] });
    // The same through `batchline verify` on a copy of the file, as an inspector would run it.
    const run = await cli({}, 'verify', '--db', fileCopy(t));
    expect(run.code).not.toBe(0);
    expect(run.err).toContain(`verification FAILED at entry ${signed.seq}: SIGNER_CERTIFICATE_REVOKED`);
    expect(run.err).toContain(`entry ${signed.seq}: signature by ${t.userId('sup.wang')}`);
    expect(run.err).not.toContain(`entry ${early + 1}:`);
  });

  it('P11-30 the users screen shows a revoked certificate to admin and QA; only an admin asks, only QA approves (API roles)', async () => {
    const api = makeTestApi();
    try {
      const s = api.station;
      const sup = s.userId('sup.wang');
      await revoke('sup.wang', s.clock.now(), s);
      const admin = await api.login('admin');
      const qa = await api.login('qa.chen');
      const op = await api.login('op.li');
      const listed = async (sid: string) => {
        const r = await api.call('users.list', {}, sid);
        return r.ok ? r.value.find((u) => u.userId === sup) : undefined;
      };
      expect(await listed(qa)).toMatchObject({ certificateRevokedAt: s.clock.now().toISOString(), reissueRequestSeq: null });
      expect((await api.call('users.requestCertificateReissue', { userId: sup, reason: 'identity re-checked' }, qa)).ok).toBe(false);
      expect((await api.call('users.requestCertificateReissue', { userId: sup, reason: 'identity re-checked' }, op)).ok).toBe(false);
      const asked = await api.call('users.requestCertificateReissue', { userId: sup, reason: 'identity re-checked' }, admin);
      expect(asked.ok).toBe(true);
      const requestSeq = asked.ok ? asked.value.requestSeq : 0;
      expect(await listed(admin)).toMatchObject({ reissueRequestSeq: requestSeq });
      const byAdmin = await api.call('users.approveCertificateReissue', { requestSeq, holderPassword: DEMO_PASSWORD, method: 'badge checked' }, admin);
      expect(!byAdmin.ok && byAdmin.error.code).toBe('AUTH_ROLE_REQUIRED');
      expect((await api.call('users.approveCertificateReissue', { requestSeq, holderPassword: DEMO_PASSWORD, method: 'badge checked in person' }, qa)).ok).toBe(true);
      expect(await listed(admin)).toMatchObject({ certificateRevokedAt: null, reissueRequestSeq: null });
    } finally {
      api.station.cleanup();
    }
  });
});
