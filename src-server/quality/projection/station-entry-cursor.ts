/**
 * Projecting synced station ledgers into a hub table, one cursor row per station (alarms, the
 * equipment logbook): the stations whose acknowledged entries are past their cursor, then pages
 * of the wanted entry types up to the acknowledged seq, each page projected and the cursor moved
 * in one transaction (the cursor row locked, so two hub processes never project a page twice).
 * The cursor table has the columns station_id, seq and updated_at.
 */
import { and, asc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { ledgerEntries, stations } from '../../db/schema.ts';
import type { HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import { rowsOf } from '../db/sql-rows.ts';

export interface StationEntry {
  seq: number;
  type: string;
  time: string;
  actor: string | null;
  batchRef: string | null;
  payload: unknown;
}

export interface StationEntryProjection {
  /** The cursor table's name (a constant of the caller's schema, never input). */
  cursorTable: string;
  types: string[];
  /** Narrows the entries read further, in the same query (e.g. only the signatures of the entries it projects). */
  where?: SQL;
  pageSize: number;
  project(tx: HubTx, stationId: string, entry: StationEntry): Promise<void>;
}

/** Projects every station's new entries of the wanted types (or only `onlyStation`'s: the one that just pushed); returns how many. */
export async function catchUpStationEntries(ctx: HubContext, p: StationEntryProjection, onlyStation?: string): Promise<number> {
  const cursors = sql.identifier(p.cursorTable);
  const behind = await rowsOf<{ station_id: string }>(
    ctx.db,
    onlyStation === undefined
      ? sql`select s.station_id from stations s left join ${cursors} c on c.station_id = s.station_id where s.ack_seq > coalesce(c.seq, 0) order by s.station_id`
      : sql`select s.station_id from stations s left join ${cursors} c on c.station_id = s.station_id where s.station_id = ${onlyStation} and s.ack_seq > coalesce(c.seq, 0)`,
  );
  let total = 0;
  for (const { station_id } of behind) {
    for (;;) {
      const { projected, more } = await projectPage(ctx, p, station_id);
      total += projected;
      if (!more) break;
    }
  }
  return total;
}

async function projectPage(ctx: HubContext, p: StationEntryProjection, stationId: string): Promise<{ projected: number; more: boolean }> {
  const cursors = sql.identifier(p.cursorTable);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`insert into ${cursors} (station_id, seq, updated_at) values (${stationId}, 0, ${ctx.clock.now()}) on conflict do nothing`);
    const [cursor] = await rowsOf<{ seq: number | string }>(tx, sql`select seq from ${cursors} where station_id = ${stationId} for update`);
    const [st] = await tx.select({ ackSeq: stations.ackSeq }).from(stations).where(eq(stations.stationId, stationId));
    const from = Number(cursor?.seq ?? 0);
    if (!cursor || !st || st.ackSeq <= from) return { projected: 0, more: false };
    const entries = await tx
      .select({ seq: ledgerEntries.seq, type: ledgerEntries.type, time: ledgerEntries.time, actor: ledgerEntries.actor, batchRef: ledgerEntries.batchRef, payload: ledgerEntries.payload })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.stationId, stationId), gt(ledgerEntries.seq, from), lte(ledgerEntries.seq, st.ackSeq), inArray(ledgerEntries.type, p.types), p.where))
      .orderBy(asc(ledgerEntries.seq))
      .limit(p.pageSize);
    for (const e of entries) await p.project(tx, stationId, e);
    const full = entries.length === p.pageSize;
    const to = full ? entries.at(-1)!.seq : st.ackSeq;
    await tx.execute(sql`update ${cursors} set seq = ${to}, updated_at = ${ctx.clock.now()} where station_id = ${stationId}`);
    return { projected: entries.length, more: full };
  });
}
