/**
 * One-time enrolment codes (issue 10 item 6). Without one, anybody who can reach the hub could
 * file enrolment requests and hope an administrator approves the wrong one; with one, a
 * request proves that IT handed this station's installer a code, once. The hub keeps only the
 * SHA-256 of a code; a code is spent by the request that uses it, atomically, so two hub
 * processes cannot both accept it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { enrolmentCodes } from '../db/schema.ts';
import type { HubQuery } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';

/** 20 characters of base32 (100 bits), grouped for reading over the phone. */
export function newEnrolmentCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const chars = [...randomBytes(20)].map((b) => alphabet[b % 32]!);
  return chars.join('').match(/.{5}/g)!.join('-');
}

const codeHash = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

export async function issueEnrolmentCode(ctx: HubContext, actor: HubPrincipal, validHours: number): Promise<Result<{ code: string; expiresAt: string }>> {
  const code = newEnrolmentCode();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + validHours * 3_600_000);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(enrolmentCodes).values({ codeHash: codeHash(code), issuedBy: actor.username, issuedAt: now, expiresAt });
    // The audit names the code by a prefix of its hash: enough to follow it, useless to use it.
    await audit(tx, now, { actor: actor.username, action: 'enrolment.code_issued', subject: codeHash(code).slice(0, 12), details: { expiresAt: expiresAt.toISOString() } });
  });
  return ok({ code, expiresAt: expiresAt.toISOString() });
}

/** Spends the code for `stationId`, or says why it cannot. Run inside the request's transaction. */
export async function spendEnrolmentCode(q: HubQuery, code: string | undefined, stationId: string, now: Date): Promise<Result<void>> {
  if (!code) return err('ENROLMENT_CODE_INVALID', 'enrolment needs a one-time code from IT at the hub (batchline hub enrolment-code)');
  const spent = await q
    .update(enrolmentCodes)
    .set({ usedAt: now, usedBy: stationId })
    .where(and(eq(enrolmentCodes.codeHash, codeHash(code)), isNull(enrolmentCodes.usedAt), gt(enrolmentCodes.expiresAt, now)))
    .returning({ codeHash: enrolmentCodes.codeHash });
  return spent.length === 1 ? ok(undefined) : err('ENROLMENT_CODE_INVALID', 'this enrolment code is unknown, used or expired; ask IT at the hub for a new one');
}
