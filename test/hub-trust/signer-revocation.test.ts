/**
 * Revoked signers at the hub (issue 10 item 7, hub side): a revoked signing certificate is
 * never silently replaced at the next signature; re-issue is an administrator's request plus
 * a QA approval, spent once, every step audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { hubAudit, issuedCertificates } from '../../src-server/db/schema.ts';
import { verifyCertificateChain } from '../../src-core/pki/certificate-check.ts';
import { signerKey } from '../../src-server/quality/signing/signer-keys.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';

const PASSWORD = 'Qualified-2026!';

describe('revoked signers', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ backend: 'pglite' });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('P11-30 the hub CA certifies a QA or QP when the account is activated, under the password the holder chose', async () => {
    const userId = await provisionHubUser(hub, { username: 'qp.activated', printedName: 'Dr. Ada Activated', roles: ['qp'], password: PASSWORD });
    const ctx = hub.hub.services.ctx;
    const certs = await hub.hub.db.orm.select().from(issuedCertificates).where(eq(issuedCertificates.subjectId, userId));
    expect(certs).toHaveLength(1);
    expect(certs[0]).toMatchObject({ kind: 'user-signing', issuedBy: 'hub', revokedAt: null });
    const chain = verifyCertificateChain(certs[0]!.certPem, ctx.keys.caCertPem, ctx.clock.now(), { kind: 'user-signing' });
    expect(chain.ok && chain.value.userId).toBe(userId);
    // The first signature uses that key: nothing new is issued, and only the holder's password opens it.
    const key = await ctx.db.transaction((tx) => signerKey(tx, ctx, { userId, username: 'qp.activated', printedName: 'Dr. Ada Activated' }, PASSWORD));
    expect(key.ok && key.value.fingerprint).toBe(certs[0]!.fingerprint);
  });

  it('P11-30 a revoked signer is never silently re-issued a certificate; re-issue is an admin request plus QA approval, audited', async () => {
    const qpId = await provisionHubUser(hub, { username: 'qp.rev', printedName: 'Dr. Vera Revoked', roles: ['qp'], password: PASSWORD });
    await provisionHubUser(hub, { username: 'qa.one', printedName: 'Quentin QA', roles: ['qa'], password: PASSWORD });
    const qaToken = (await hub.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'qa.one', password: PASSWORD })).body.token;
    const ctx = hub.hub.services.ctx;
    const signer = { userId: qpId, username: 'qp.rev', printedName: 'Dr. Vera Revoked' };
    const key = () => ctx.db.transaction((tx) => signerKey(tx, ctx, signer, PASSWORD));

    const first = await key();
    expect(first.ok).toBe(true);
    const firstFp = first.ok ? first.value.fingerprint : '';
    expect((await hub.api('POST', `/api/v1/quality/certificates/${firstFp}/revoke`, { reason: 'laptop with the key stolen' })).status).toBe(200);
    const refused = await key();
    expect(!refused.ok && refused.error.code).toBe('SIGNER_CERTIFICATE_REVOKED');

    const asked = await hub.api<{ id: number }>('POST', `/api/v1/admin/users/${qpId}/reissue-signing-certificate`, { reason: 'identity re-checked after theft report' });
    expect(asked.status).toBe(201);
    expect((await key()).ok).toBe(false);
    expect((await hub.api('POST', `/api/v1/admin/signer-reissues/${asked.body.id}/approve`)).status).toBe(403);
    const approved = await hub.api<{ approvedBy: string }>('POST', `/api/v1/admin/signer-reissues/${asked.body.id}/approve`, undefined, qaToken);
    expect(approved.status).toBe(200);
    expect(approved.body.approvedBy).toBe('qa.one');

    const second = await key();
    expect(second.ok && second.value.fingerprint !== firstFp).toBe(true);
    const secondFp = second.ok ? second.value.fingerprint : '';
    expect((await key()).ok && 'same key').toBe('same key');
    // the approval was spent: a second revocation needs a second re-issue
    expect((await hub.api('POST', `/api/v1/quality/certificates/${secondFp}/revoke`, { reason: 'left the company' })).status).toBe(200);
    const again = await key();
    expect(!again.ok && again.error.code).toBe('SIGNER_CERTIFICATE_REVOKED');

    const trail = (await hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.subject, qpId))).map((a) => [a.action, a.actor, a.ok]);
    expect(trail).toEqual(
      expect.arrayContaining([
        ['certificate.revoked', 'it.admin', true],
        ['certificate.reissue_refused', 'qp.rev', false],
        ['certificate.reissue_requested', 'it.admin', true],
        ['certificate.reissue_approved', 'qa.one', true],
      ]),
    );
  });
});
