/**
 * Approval-flow fixtures for the tests of FR-87 and FR-115: a flow whose review slot names other
 * roles, and a stored flow version that today's checks refuse, written straight into the hub's
 * database as a row kept from before the signing-role check would be (no route writes one).
 */
import type { HubRole } from '../../../src-shared/sync/sync-protocol.ts';
import type { ApprovalFlow, FlowView } from '../../../src-shared/recipe/recipe-version-contract.ts';
import type { HubOrm } from '../../../src-server/db/open-hub-db.ts';
import { recipeFlows } from '../../../src-server/recipes/recipe-schema.ts';

/** The flow with its review transition signed by one person holding any of `roles`. */
export function withReviewBy<F extends ApprovalFlow>(flow: F, roles: readonly HubRole[]): F {
  return { ...flow, transitions: flow.transitions.map((t) => (t.name === 'review' ? { ...t, signatures: [{ roles: [...roles] }] } : t)) };
}

/**
 * Stores the next version of the flow in force (`now`, as the hub's GET of the flow answers)
 * with its review slot naming only `role` (the read-only inspector, the LIMS interface): a
 * version no account can sign, as kept from before the check. Returns its version number.
 */
export async function storeUnsignableFlowVersion(db: HubOrm, now: FlowView, role: HubRole): Promise<number> {
  const version = now.version + 1;
  await db.insert(recipeFlows).values({
    flowCode: now.flowCode,
    version,
    definition: withReviewBy(now.definition, [role]),
    contentHash: '0'.repeat(64),
    reason: 'kept from before the signing-role check',
    createdBy: 'qa.hub',
    createdAt: new Date(),
  });
  return version;
}
