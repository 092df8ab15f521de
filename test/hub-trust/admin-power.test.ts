/**
 * Admin power at the hub (issue 10 item 5): no single administrator can make, or take over,
 * a signing identity; failed logins are throttled per source address; the last administrator
 * is never locked out for good. Against a real hub (PGlite) over HTTP, on a fixed clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { fixedClock } from '../../src-core/clock.ts';
import { hubAudit, issuedCertificates } from '../../src-server/db/schema.ts';
import { signerKey } from '../../src-server/quality/signing/signer-keys.ts';
import { FREE_FAILURES } from '../../src-server/admin/login-throttle.ts';
import { ADMIN_LOCK_MINUTES } from '../../src-server/admin/admin-auth.ts';
import { ADMIN_PASSWORD, SECOND_ADMIN, startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { ONE_TIME_PASSWORD, provisionHubUser } from '../hub/support/provision-user.ts';

type Refusal = { error: { code: string; message: string } };
const QP_PASSWORD = 'Qualified-2026!';

describe('admin power at the hub', () => {
  const clock = fixedClock(new Date('2026-03-02T08:00:00.000Z'));
  let hub: TestHub;
  const login = (username: string, password: string) => hub.api<{ token: string } & Refusal>('POST', '/api/v1/auth/login', { username, password });

  beforeAll(async () => {
    hub = await startTestHub({ backend: 'pglite', clock });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('P11-20 a QP account made by one admin is pending; its maker cannot verify it; a second person verifies the holder, who sets their own password', async () => {
    const created = await hub.api<{ userId: string; status: string }>('POST', '/api/v1/admin/users', { username: 'qp.new', printedName: 'Dr. Nora New', roles: ['qp'], password: ONE_TIME_PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending');
    // The admin knows the one-time password; it opens nothing.
    expect((await login('qp.new', ONE_TIME_PASSWORD)).body.error.code).toBe('AUTH_ACCOUNT_PENDING');

    const verify = (token: string, oneTimePassword = ONE_TIME_PASSWORD) =>
      hub.api<Refusal & { status: string }>('POST', `/api/v1/admin/users/${created.body.userId}/verify-identity`, { method: 'passport checked in person', oneTimePassword, newPassword: QP_PASSWORD }, token);
    expect((await verify(hub.adminToken)).body.error.code).toBe('FORBIDDEN');
    expect((await verify(hub.secondAdminToken, 'Not-the-otp-2026!')).body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const verified = await verify(hub.secondAdminToken);
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('active');

    expect((await login('qp.new', ONE_TIME_PASSWORD)).body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect((await login('qp.new', QP_PASSWORD)).status).toBe(200);
    const trail = await hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.subject, created.body.userId));
    expect(trail.filter((a) => a.ok).map((a) => [a.action, a.actor])).toEqual([
      ['user.created', 'it.admin'],
      // the hub CA certifies the holder's new key at activation (issue 10 item 7)
      ['certificate.issued', 'qp.new'],
      ['user.identity_verified', SECOND_ADMIN],
    ]);
    expect(trail.find((a) => !a.ok)).toMatchObject({ action: 'user.identity_verified', actor: 'it.admin' });
  });

  it('P11-26 an admin who resets a QP password never holds a working identity of the QP', async () => {
    const userId = await provisionHubUser(hub, { username: 'qp.reset', printedName: 'Dr. Rita Reset', roles: ['qp'], password: QP_PASSWORD });
    const signer = { userId, username: 'qp.reset', printedName: 'Dr. Rita Reset' };
    const ctx = hub.hub.services.ctx;
    const before = await ctx.db.transaction((tx) => signerKey(tx, ctx, signer, QP_PASSWORD));
    expect(before.ok).toBe(true);
    const qpSession = (await login('qp.reset', QP_PASSWORD)).body.token;

    const reset = await hub.api<{ oneTimePassword: string; status: string }>('POST', `/api/v1/admin/users/${userId}/reset-password`, { reason: 'forgot password (ticket 4711)' });
    expect(reset.status).toBe(200);
    expect(reset.body.status).toBe('pending');
    const otp = reset.body.oneTimePassword;
    // The QP's session is over, the one-time password logs nobody in, the old certificate is revoked.
    expect((await hub.api('GET', '/api/v1/quality/me', undefined, qpSession)).status).toBe(401);
    expect((await login('qp.reset', otp)).body.error.code).toBe('AUTH_ACCOUNT_PENDING');
    const [old] = await ctx.db.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, before.ok ? before.value.fingerprint : ''));
    expect(old!.revokedAt).not.toBeNull();
    // The admin who reset cannot finish the reset with the one-time password they saw.
    const self = await hub.api<Refusal>('POST', `/api/v1/admin/users/${userId}/verify-identity`, { method: 'it is me', oneTimePassword: otp, newPassword: 'Admin-knows-2026!' });
    expect(self.body.error.code).toBe('FORBIDDEN');
    expect((await login('qp.reset', 'Admin-knows-2026!')).status).not.toBe(200);

    // The holder, in front of a second person, sets a password only they know; a new key is
    // made at their next signature, wrapped with it, and the old one never opens again.
    const verified = await hub.api('POST', `/api/v1/admin/users/${userId}/verify-identity`, { method: 'badge and face checked', oneTimePassword: otp, newPassword: 'Qualified-new-2026!' }, hub.secondAdminToken);
    expect(verified.status).toBe(200);
    const after = await ctx.db.transaction((tx) => signerKey(tx, ctx, signer, 'Qualified-new-2026!'));
    expect(after.ok && before.ok && after.value.fingerprint !== before.value.fingerprint).toBe(true);
    const certs = await ctx.db.select().from(issuedCertificates).where(and(eq(issuedCertificates.subjectId, userId), eq(issuedCertificates.kind, 'user-signing')));
    expect(certs.filter((c) => c.revokedAt === null)).toHaveLength(1);
  });

  it('P11-31 failed logins are throttled per source address with a growing delay, not per account', async () => {
    const auth = hub.hub.services.auth;
    for (let i = 0; i < FREE_FAILURES; i++) expect((await auth.login('it.nobody', 'wrong-password-1', '10.9.9.9')).ok).toBe(false);
    const blocked = await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.9.9.9');
    expect(!blocked.ok && blocked.error.code).toBe('AUTH_RATE_LIMITED');
    // another address is not held back; the blocked one is again after its delay
    expect((await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.9.9.10')).ok).toBe(true);
    clock.advance(1_100);
    expect((await auth.login('it.nobody', 'wrong-password-1', '10.9.9.9')).ok).toBe(false);
    clock.advance(1_100);
    const longer = await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.9.9.9');
    expect(!longer.ok && longer.error.code).toBe('AUTH_RATE_LIMITED');
    clock.advance(1_000);
    expect((await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.9.9.9')).ok).toBe(true);
  });

  it('D25-04 accounts are disabled, enabled and unlocked with a reason; the last active admin cannot be disabled or locked out for good', async () => {
    const auth = hub.hub.services.auth;
    const secondId = (await hub.api<{ userId: string; username: string }[]>('GET', '/api/v1/quality/users')).body.find((u) => u.username === SECOND_ADMIN)!.userId;
    const adminId = (await hub.api<{ userId: string; username: string }[]>('GET', '/api/v1/quality/users')).body.find((u) => u.username === 'it.admin')!.userId;
    expect((await hub.api<Refusal>('POST', `/api/v1/admin/users/${adminId}/disable`, { reason: 'myself' })).body.error.code).toBe('FORBIDDEN');
    expect((await hub.api('POST', `/api/v1/admin/users/${secondId}/disable`, { reason: 'on leave until May' })).status).toBe(200);
    expect((await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.1.0.1')).ok).toBe(false);

    // it.admin is now the only active admin: five wrong passwords (from five places) lock it
    // only for a while.
    for (let i = 0; i < 5; i++) await auth.login('it.admin', 'wrong-password-1', `10.2.0.${i}`);
    const locked = await auth.login('it.admin', ADMIN_PASSWORD, '10.2.0.9');
    expect(!locked.ok && locked.error.code).toBe('AUTH_ACCOUNT_LOCKED');
    clock.advance(ADMIN_LOCK_MINUTES * 60_000 + 1_000);
    const back = await auth.login('it.admin', ADMIN_PASSWORD, '10.2.0.9');
    expect(back.ok).toBe(true);
    const token = back.ok ? back.value.token : '';
    expect((await hub.api('POST', `/api/v1/admin/users/${secondId}/enable`, { reason: 'back from leave' }, token)).status).toBe(200);

    // With two admins again, a lock stays until someone unlocks it.
    const again = await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.4.0.1');
    const secondAdminToken = again.ok ? again.value.token : '';
    const opsId = await provisionHubUser({ secondAdminToken, api: (m, p, b, t) => hub.api(m, p, b, t ?? token) }, { username: 'md.locked', printedName: 'Lou Locked', roles: ['master-data'], password: 'Steward-2026!' });
    for (let i = 0; i < 5; i++) await auth.login('md.locked', 'wrong-password-1', `10.3.0.${i}`);
    clock.advance(ADMIN_LOCK_MINUTES * 60_000 * 4);
    const still = await auth.login('md.locked', 'Steward-2026!', '10.3.0.9');
    expect(!still.ok && still.error.code).toBe('AUTH_ACCOUNT_LOCKED');
    const fresh = await auth.login('it.admin', ADMIN_PASSWORD, '10.2.0.9');
    expect((await hub.api('POST', `/api/v1/admin/users/${opsId}/unlock`, { reason: 'identified by phone call-back' }, fresh.ok ? fresh.value.token : '')).status).toBe(200);
    expect((await auth.login('md.locked', 'Steward-2026!', '10.3.0.9')).ok).toBe(true);
    const trail = await hub.hub.db.orm.select().from(hubAudit);
    expect(trail.filter((a) => ['user.disabled', 'user.enabled', 'user.unlocked', 'user.lock_lifted'].includes(a.action) && a.ok).map((a) => a.action)).toEqual(['user.disabled', 'user.lock_lifted', 'user.enabled', 'user.unlocked']);
  });
});
