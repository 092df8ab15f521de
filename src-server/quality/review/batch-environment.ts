/**
 * The environmental excursions of a batch for its review (issue 13 item 1): what the batch's own
 * record says of each (addExcursion folds its started / escalated / ended entries, as the record does), with the
 * acknowledgement the hub holds now — acknowledging happens at the hub, after the station wrote
 * its entries.
 */
import { inArray } from 'drizzle-orm';
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { ExcursionView } from '../../../src-shared/environment/environment-contract.ts';
import { addExcursion } from '../../../src-core/record/batch-record.ts';
import type { EnvironmentExcursionRecord } from '../../../src-shared/orders/batch-record.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import { environmentExcursions } from '../../environment/environment-schema.ts';
import type { ReviewEntry } from './batch-exceptions.ts';

export async function batchEnvironment(q: HubQuery, _batchNumber: string, entries: readonly ReviewEntry[]): Promise<ExcursionView[]> {
  // Only the excursion entries, folded as the batch record folds them (not the whole record).
  const folded: EnvironmentExcursionRecord[] = [];
  for (const e of entries) if (e.type === 'environment.excursion_recorded') addExcursion(folded, e as unknown as LedgerEntry);
  const recorded = folded.map(({ entries: _entries, ...x }) => x);
  if (recorded.length === 0) return [];
  const held = await q.select({ id: environmentExcursions.id, data: environmentExcursions.data }).from(environmentExcursions).where(inArray(environmentExcursions.id, recorded.map((x) => x.excursionId)));
  const acks = new Map(held.map((h) => [h.id, h.data.acknowledgement]));
  return recorded.map((x) => ({ ...x, acknowledgement: acks.get(x.excursionId) ?? x.acknowledgement }));
}
