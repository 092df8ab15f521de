/**
 * The hub's GMP roles (issue 7), beside the IT roles of src-shared/sync/sync-protocol.ts:
 *   qa        reviews batch records by exception, closes deviations, signs "reviewed";
 *   qp        Qualified Person: certifies ("released") or rejects a batch (EU GMP Annex 16);
 *   operator  shop-floor staff and supervisors at the console: may read batches and trace
 *             genealogy, never sign a review or a release;
 *   inspector read-only (DI-09): an auditor or agency inspector views, searches and exports
 *             batches, audit trails and evidence packets, and can change nothing.
 *
 * An administrator holds no GMP role (21 CFR 11.200(a)(3), COMPLIANCE.md P11-26 and A11-03):
 * whoever creates accounts must not be able to sign batches, or one person could create a
 * QP account and release with it. The hub refuses such an account at creation and refuses to
 * let an admin sign even if the database were edited to give both.
 */
export const QUALITY_ROLES = ['qa', 'qp', 'operator', 'inspector'] as const;
export type QualityRole = (typeof QUALITY_ROLES)[number];

/** Roles whose holders sign batch decisions; incompatible with `admin`. */
export const GMP_SIGNING_ROLES = ['qa', 'qp'] as const;

/** Why this set of roles may not be held by one account, or null. */
export function gmpRoleConflict(roles: readonly string[]): string | null {
  if (!roles.includes('admin')) return null;
  const gmp = GMP_SIGNING_ROLES.filter((r) => roles.includes(r));
  return gmp.length === 0 ? null : `an administrator holds no GMP role (not ${gmp.join(', ')}): create a separate account`;
}

/**
 * Why this set of roles may not be held by one account because of `lims`, or null (FR-143): the
 * lims role is the LIMS service account's, which relays QC's decisions on lots (release, retest);
 * beside a steward's role one person could register and release a lot alone.
 */
export function limsRoleConflict(roles: readonly string[]): string | null {
  if (!roles.includes('lims')) return null;
  const others = roles.filter((r) => r !== 'lims');
  return others.length === 0 ? null : `the lims role is a service account's, held with no other role (not ${others.join(', ')}): create a separate account`;
}

/** Whether an account acts as the LIMS (FR-143): it holds lims and no other role (an account created before the rule with more is not the LIMS). */
export function isLimsAccount(roles: readonly string[]): boolean {
  return roles.includes('lims') && roles.every((r) => r === 'lims');
}
