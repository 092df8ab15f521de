/**
 * A transaction that commits only when its work returns ok: a refusal found half-way (a lot that
 * already exists, a stale container version) rolls back every row written before it, so bad input
 * leaves nothing behind. The refusal comes back as a value, never as an exception.
 */
import type { BatchlineError, Result } from '../../../src-shared/result.ts';
import type { HubOrm, HubTx } from '../../db/open-hub-db.ts';

class Refused extends Error {
  constructor(readonly refusal: BatchlineError) {
    super(refusal.message);
  }
}

/**
 * A refusal of the signer's password (record-step.ts) is the one refusal that must commit: its
 * count toward the lockout and its audit entry (21 CFR 11.300(d)). Work that signs first, before
 * writing anything else, passes `SIGNATURE_REFUSALS` as `keep`; every other refusal rolls back.
 */
export { SIGNATURE_REFUSALS } from '../signing/signer-credentials.ts';

export async function allOrNothing<T>(db: HubOrm, work: (tx: HubTx) => Promise<Result<T>>, keep: ReadonlySet<string> = new Set()): Promise<Result<T>> {
  try {
    return await db.transaction(async (tx) => {
      const r = await work(tx);
      if (!r.ok && !keep.has(r.error.code)) throw new Refused(r.error);
      return r;
    });
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.refusal };
    throw e;
  }
}
