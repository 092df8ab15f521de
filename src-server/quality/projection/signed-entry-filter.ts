/**
 * What a projector of station entries reads: entries of some types, and of the signatures only
 * the "performed" ones on one type of entry (the IPQC projector: signatures on results; the
 * equipment projector: signatures on station logbook entries). One description serves the
 * projector's query (`signedEntrySql`) and the push route's question whether a page can hold
 * anything for it at all (`pageHoldsSignedEntries`), so the two cannot drift apart.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { ledgerEntries } from '../../db/schema.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';

export interface SignedEntryFilter {
  /** The entry types projected (with 'signature.applied' when signatures are). */
  readonly types: readonly string[];
  /** The type of entry whose "performed" signatures are projected. */
  readonly performedOn: string;
}

/**
 * The projector's condition on `ledger_entries`, in its page's one query: a push of a batch's
 * hundreds of signatures on other records then costs one query, not one each (issue 16 item 3).
 */
export function signedEntrySql(f: SignedEntryFilter): SQL {
  return and(
    inArray(ledgerEntries.type, [...f.types]),
    sql`(${ledgerEntries.type} <> 'signature.applied' or (${ledgerEntries.payload}->>'meaning' = 'performed' and exists (select 1 from ledger_entries t where t.station_id = ${ledgerEntries.stationId} and t.seq = (${ledgerEntries.payload}->>'targetSeq')::bigint and t.type = ${f.performedOn})))`,
  )!;
}

interface PageEntry {
  readonly seq: number;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/**
 * Whether `entries` (a page the intake just stored for `stationId`) hold an entry the filter
 * selects. A signature's target is looked up in the page, or, when it lies before the page, in
 * the database by one query for all of them; anything not known to be something else counts.
 */
export async function pageHoldsSignedEntries(q: HubQuery, stationId: string, f: SignedEntryFilter, entries: readonly PageEntry[]): Promise<boolean> {
  const typeInPage = new Map(entries.map((e) => [e.seq, e.type]));
  const earlier = new Set<number>();
  for (const e of entries) {
    if (e.type !== 'signature.applied') {
      if (f.types.includes(e.type)) return true;
      continue;
    }
    if (!f.types.includes('signature.applied') || e.payload.meaning !== 'performed') continue;
    const target = e.payload.targetSeq;
    if (typeof target !== 'number' || !Number.isSafeInteger(target)) return true;
    const t = typeInPage.get(target);
    if (t === f.performedOn) return true;
    if (t === undefined) earlier.add(target);
  }
  if (earlier.size === 0) return false;
  const hit = await q
    .select({ seq: ledgerEntries.seq })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.stationId, stationId), inArray(ledgerEntries.seq, [...earlier]), eq(ledgerEntries.type, f.performedOn)))
    .limit(1);
  return hit.length > 0;
}
