/**
 * What the deviation records say about a batch, for review and release (issue 12 item 7): the
 * open records linked to it and their open CAPA actions, and which station deviations are
 * followed up by a record that is now closed. Plain queries, so the review service can use
 * them without depending on the deviation service.
 */
import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { OpenQualityRecord } from '../../../src-shared/quality/deviation-contract.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import { qualityCapaActions, qualityDeviations } from '../db/deviation-schema.ts';

/** Records naming the batch, or listing it among the batches impacted, that are not closed; each followed by its open CAPA actions. */
export async function openQualityRecords(q: HubQuery, batchNumber: string, now: Date): Promise<OpenQualityRecord[]> {
  const rows = await q
    .select()
    .from(qualityDeviations)
    .where(and(or(eq(qualityDeviations.batchNumber, batchNumber), sql`${qualityDeviations.impactedBatches} ? ${batchNumber}`), ne(qualityDeviations.state, 'closed')))
    .orderBy(asc(qualityDeviations.no));
  if (rows.length === 0) return [];
  const actions = await q
    .select()
    .from(qualityCapaActions)
    .where(and(inArray(qualityCapaActions.deviationId, rows.map((r) => r.id)), sql`${qualityCapaActions.doneAt} is null`))
    .orderBy(asc(qualityCapaActions.id));
  const out: OpenQualityRecord[] = [];
  for (const r of rows) {
    out.push({ kind: 'deviation', id: r.id, deviationId: r.id, title: r.title, state: r.state, dueAt: r.dueAt?.toISOString() ?? null, overdue: r.dueAt !== null && r.dueAt < now });
    for (const a of actions.filter((x) => x.deviationId === r.id)) {
      out.push({ kind: 'capa', id: `${r.id}/CAPA-${a.id}`, deviationId: r.id, title: a.description, state: 'open', dueAt: a.dueAt.toISOString(), overdue: a.dueAt < now });
    }
  }
  return out;
}

/** Keys `<station>#<seq>` of the given station deviations whose follow-up record is closed. */
export async function closedStationDeviations(q: HubQuery, keys: readonly { stationId: string; seq: number }[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await q
    .select({ s: qualityDeviations.sourceStationId, n: qualityDeviations.sourceSeq })
    .from(qualityDeviations)
    .where(and(eq(qualityDeviations.state, 'closed'), inArray(qualityDeviations.sourceStationId, [...new Set(keys.map((k) => k.stationId))])));
  return new Set(rows.map((r) => `${r.s}#${r.n}`));
}
