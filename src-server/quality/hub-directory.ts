/**
 * What the console shows about the hub itself: the signed-in person, accounts, certificates
 * (with revocation by IT, audited) and station sync health with the projection's lag.
 */
import { X509Certificate } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { CertificateView, HubUserView, StationHealth } from '../../src-shared/quality/hub-admin-contract.ts';
import { hubUsers, issuedCertificates } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import type { StationAdmin } from '../stations/station-admin.ts';
import type { QualityProjector } from './projection/quality-projector.ts';

export class HubDirectory {
  constructor(
    private readonly ctx: HubContext,
    private readonly stations: StationAdmin,
    private readonly projector: QualityProjector,
  ) {}

  async me(p: HubPrincipal): Promise<HubUserView | null> {
    const [u] = await this.ctx.db.select().from(hubUsers).where(eq(hubUsers.userId, p.userId));
    return u ? userView(u) : null;
  }

  async users(): Promise<HubUserView[]> {
    return (await this.ctx.db.select().from(hubUsers).orderBy(asc(hubUsers.username))).map(userView);
  }

  async certificates(): Promise<CertificateView[]> {
    const rows = await this.ctx.db.select().from(issuedCertificates).orderBy(desc(issuedCertificates.issuedAt)).limit(1000);
    return rows.map((c) => ({
      fingerprint: c.fingerprint,
      serialNumber: c.serialNumber,
      kind: c.kind,
      subjectId: c.subjectId,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      issuedAt: c.issuedAt.toISOString(),
      issuedBy: c.issuedBy,
      revokedAt: c.revokedAt?.toISOString() ?? null,
      revocationReason: c.revocationReason,
    }));
  }

  /** A user-signing certificate (lost key, person left): signatures made after now are refused. */
  async revokeCertificate(actor: HubPrincipal, fingerprint: string, reason: string): Promise<Result<CertificateView>> {
    const done = await this.ctx.db.transaction(async (tx): Promise<Result<void>> => {
      const [c] = await tx.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, fingerprint)).for('update');
      if (!c) return err('NOT_FOUND', `no certificate ${fingerprint}`);
      if (c.kind !== 'user-signing') return err('CONFLICT', `a ${c.kind} certificate is revoked with its station or the hub, not here`);
      if (c.revokedAt) return err('CONFLICT', `the certificate was already revoked at ${c.revokedAt.toISOString()}`);
      const now = this.ctx.clock.now();
      await tx.update(issuedCertificates).set({ revokedAt: now, revocationReason: reason }).where(and(eq(issuedCertificates.fingerprint, fingerprint), isNull(issuedCertificates.revokedAt)));
      // The same key certified twice (a station's local CA, then the hub CA at the next sync:
      // station-signer-certs.ts) is revoked as one: revoking either leaves no way to sign with it.
      const key = new X509Certificate(c.certPem).publicKey;
      const others = await tx.select().from(issuedCertificates).where(and(eq(issuedCertificates.kind, 'user-signing'), eq(issuedCertificates.subjectId, c.subjectId), isNull(issuedCertificates.revokedAt)));
      const sameKey = others.filter((o) => new X509Certificate(o.certPem).publicKey.equals(key)).map((o) => o.fingerprint);
      if (sameKey.length > 0) await tx.update(issuedCertificates).set({ revokedAt: now, revocationReason: reason }).where(inArray(issuedCertificates.fingerprint, sameKey));
      await audit(tx, now, { actor: actor.username, action: 'certificate.revoked', subject: c.subjectId, details: { fingerprint, reason, sameKey } });
      return ok(undefined);
    });
    if (!done.ok) return done;
    const view = (await this.certificates()).find((c) => c.fingerprint === fingerprint);
    return view ? ok(view) : err('NOT_FOUND', `no certificate ${fingerprint}`);
  }

  async stationHealth(): Promise<StationHealth[]> {
    const [list, lag] = [await this.stations.list(), await this.projector.lag()];
    return list.map((s) => ({ ...s, projectionLag: lag.get(s.stationId) ?? 0 }));
  }
}

function userView(u: typeof hubUsers.$inferSelect): HubUserView {
  return { userId: u.userId, username: u.username, printedName: u.printedName, roles: u.roles, status: u.status, createdAt: u.createdAt.toISOString() };
}
