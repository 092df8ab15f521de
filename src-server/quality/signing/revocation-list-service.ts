/**
 * The hub CA's revocation list (issue 10 item 7): every revoked user-signing certificate in the
 * hub's register (the hub's own signers and the station-recorded ones, see intake-service.ts
 * registerCertificates), as an X.509 v2 CRL signed by the hub CA key (src-core/pki/
 * revocation-list.ts). Stations fetch it at every sync over the authenticated channel and
 * verify its signature against the CA pinned at enrolment before they believe an entry.
 * cRLNumber is the issue time in milliseconds, so a later list always has a larger number.
 */
import { and, count, eq, isNotNull, max } from 'drizzle-orm';
import { createRevocationList, type RevocationReason } from '../../../src-core/pki/revocation-list.ts';
import { issuedCertificates } from '../../db/schema.ts';
import type { HubContext } from '../../hub-context.ts';

/** How long a station may treat a list as current (its nextUpdate). */
export const REVOCATION_LIST_HOURS = 24;

/**
 * Signing a list of thousands of entries costs the CA key some hundreds of milliseconds, and
 * every station asks at every sync round: a list is reused while the register's revocations
 * are unchanged (same count, same latest time) and it is younger than REUSE_MS. A hub process
 * never serves a list that lacks a revocation its database holds.
 */
const REUSE_MS = 3_600_000;
const cached = new WeakMap<HubContext, { key: string; at: number; pem: string }>();

export async function currentRevocationList(ctx: HubContext): Promise<string> {
  const [agg] = await ctx.db
    .select({ n: count(), latest: max(issuedCertificates.revokedAt) })
    .from(issuedCertificates)
    .where(and(eq(issuedCertificates.kind, 'user-signing'), isNotNull(issuedCertificates.revokedAt)));
  const key = `${agg?.n ?? 0}|${agg?.latest ? new Date(agg.latest).toISOString() : ''}`;
  const hit = cached.get(ctx);
  const nowMs = ctx.clock.now().getTime();
  if (hit && hit.key === key && nowMs - hit.at < REUSE_MS && nowMs >= hit.at) return hit.pem;
  const pem = await buildList(ctx);
  cached.set(ctx, { key, at: nowMs, pem });
  return pem;
}

async function buildList(ctx: HubContext): Promise<string> {
  const rows = await ctx.db
    .select({ serialNumber: issuedCertificates.serialNumber, revokedAt: issuedCertificates.revokedAt, reason: issuedCertificates.revocationReason })
    .from(issuedCertificates)
    .where(and(eq(issuedCertificates.kind, 'user-signing'), isNotNull(issuedCertificates.revokedAt)));
  const now = ctx.clock.now();
  return createRevocationList({
    caCertPem: ctx.keys.caCertPem,
    caKeyPem: ctx.keys.caKeyPem,
    number: now.getTime(),
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + REVOCATION_LIST_HOURS * 3_600_000),
    revoked: rows.map((r) => ({ serialNumber: r.serialNumber, revokedAt: r.revokedAt!, reason: reasonCode(r.reason) })),
  });
}

function reasonCode(text: string | null): RevocationReason {
  if (text === null) return 'unspecified';
  if (/^(renewed|superseded|password reset)/.test(text)) return 'superseded';
  if (/stolen|lost|compromis|theft/i.test(text)) return 'keyCompromise';
  if (/left|leav|role/i.test(text)) return 'affiliationChanged';
  return 'unspecified';
}
