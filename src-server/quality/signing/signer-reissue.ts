/**
 * Re-issue of a revoked signing certificate (issue 10 item 7): never silent. An administrator
 * asks, with a reason; a QA person (not the one who asked, not the signer) approves; the
 * signer's next signature may then make one new key, wrapped with their own password
 * (signer-keys.ts spends the approval). Every step is in the hub audit trail.
 */
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { SignerReissue } from '../../../src-shared/quality/hub-admin-contract.ts';
import { hubUsers, signerReissues } from '../../db/schema.ts';
import type { HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';

type Row = typeof signerReissues.$inferSelect;

export class SignerReissues {
  constructor(private readonly ctx: HubContext) {}

  async list(): Promise<SignerReissue[]> {
    return (await this.ctx.db.select().from(signerReissues).orderBy(desc(signerReissues.requestedAt)).limit(500)).map(view);
  }

  async request(actor: HubPrincipal, userId: string, reason: string): Promise<Result<SignerReissue>> {
    return this.ctx.db.transaction(async (tx): Promise<Result<SignerReissue>> => {
      const [user] = await tx.select().from(hubUsers).where(eq(hubUsers.userId, userId));
      if (!user) return err('NOT_FOUND', `no hub account ${userId}`);
      if (userId === actor.userId) return err('FORBIDDEN', 'nobody asks for their own certificate to be re-issued');
      const now = this.ctx.clock.now();
      const [row] = await tx.insert(signerReissues).values({ userId, requestedBy: actor.username, requestedAt: now, reason }).returning();
      await audit(tx, now, { actor: actor.username, action: 'certificate.reissue_requested', subject: userId, details: { reissueId: row!.id, reason } });
      return ok(view(row!));
    });
  }

  async approve(actor: HubPrincipal, id: number): Promise<Result<SignerReissue>> {
    return this.ctx.db.transaction(async (tx): Promise<Result<SignerReissue>> => {
      const [row] = await tx.select().from(signerReissues).where(eq(signerReissues.id, id)).for('update');
      if (!row) return err('NOT_FOUND', `no re-issue request ${id}`);
      if (row.approvedAt) return err('CONFLICT', `re-issue ${id} was already approved by ${row.approvedBy}`);
      if (!actor.roles.includes('qa')) return err('AUTH_ROLE_REQUIRED', 'QA approves a re-issue');
      if (row.requestedBy === actor.username || row.userId === actor.userId) return err('FORBIDDEN', 'a re-issue is approved by a second person, never by who asked or the signer');
      const now = this.ctx.clock.now();
      const [approved] = await tx.update(signerReissues).set({ approvedBy: actor.username, approvedAt: now }).where(eq(signerReissues.id, id)).returning();
      await audit(tx, now, { actor: actor.username, action: 'certificate.reissue_approved', subject: row.userId, details: { reissueId: id, requestedBy: row.requestedBy } });
      return ok(view(approved!));
    });
  }
}

/** Spends an approved, unused re-issue of `userId` inside the signing transaction; false when none. */
export async function spendReissue(tx: HubTx, userId: string, now: Date): Promise<boolean> {
  const [open] = await tx
    .select({ id: signerReissues.id })
    .from(signerReissues)
    .where(and(eq(signerReissues.userId, userId), isNotNull(signerReissues.approvedAt), isNull(signerReissues.usedAt)))
    .orderBy(signerReissues.id)
    .limit(1)
    .for('update');
  if (!open) return false;
  await tx.update(signerReissues).set({ usedAt: now }).where(eq(signerReissues.id, open.id));
  return true;
}

function view(r: Row): SignerReissue {
  return {
    id: r.id,
    userId: r.userId,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    reason: r.reason,
    approvedBy: r.approvedBy,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    usedAt: r.usedAt?.toISOString() ?? null,
  };
}
