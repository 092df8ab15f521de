/**
 * The hub CA's revocation list (issue 10 item 7): every revoked user-signing certificate in the
 * hub's register (the hub's own signers and the station-recorded ones, see intake-service.ts
 * registerCertificates), as an X.509 v2 CRL signed by the hub CA key (src-core/pki/
 * revocation-list.ts). Stations fetch it at every sync over the authenticated channel and
 * verify its signature against the CA pinned at enrolment before they believe an entry.
 * cRLNumber is the issue time in milliseconds, so a later list always has a larger number.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { createRevocationList, type RevocationReason } from '../../../src-core/pki/revocation-list.ts';
import { issuedCertificates } from '../../db/schema.ts';
import type { HubContext } from '../../hub-context.ts';
import { rowsOf } from '../db/sql-rows.ts';

/** How long a station may treat a list as current (its nextUpdate). */
export const REVOCATION_LIST_HOURS = 24;

/**
 * Signing a list of thousands of entries costs the CA key some hundreds of milliseconds, and
 * every station asks at every sync round: a signed list is kept per revocation generation and
 * reused while it is younger than REUSE_MS. The generation is a digest, computed by the
 * database at each request, of exactly what a list says (each revoked serial with its time and
 * reason): any revocation, or any change to one, is a new generation and a new list at the very
 * next request, in every hub process. A hub process never serves a list that lacks or misstates
 * a revocation its database holds.
 */
const REUSE_MS = 3_600_000;
const cached = new WeakMap<HubContext, { generation: string; at: number; pem: string }>();

export async function currentRevocationList(ctx: HubContext): Promise<string> {
  const generation = await revocationGeneration(ctx);
  const hit = cached.get(ctx);
  const nowMs = ctx.clock.now().getTime();
  if (hit && hit.generation === generation && nowMs - hit.at < REUSE_MS && nowMs >= hit.at) return hit.pem;
  const pem = await buildList(ctx);
  cached.set(ctx, { generation, at: nowMs, pem });
  return pem;
}

/** The register's revocations as one digest (and their count): equal exactly when a list would say the same. */
async function revocationGeneration(ctx: HubContext): Promise<string> {
  const [row] = await rowsOf<{ n: number | string; digest: string }>(
    ctx.db,
    sql`select count(*) as n, md5(coalesce(string_agg(serial_number || '@' || (extract(epoch from revoked_at) * 1000000)::bigint || '@' || coalesce(revocation_reason, ''), ',' order by serial_number, revoked_at), '')) as digest
        from issued_certificates where kind = 'user-signing' and revoked_at is not null`,
  );
  return `${Number(row?.n ?? 0)}|${row?.digest ?? ''}`;
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
