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

export async function allOrNothing<T>(db: HubOrm, work: (tx: HubTx) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await db.transaction(async (tx) => {
      const r = await work(tx);
      if (!r.ok) throw new Refused(r.error);
      return r;
    });
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.refusal };
    throw e;
  }
}
