/**
 * The notification pass runs every 5 s in every hub process (notify-routes.ts). On a plant's hub
 * the ledger holds millions of entries, so a pass must read what is running, not the ledger:
 * the IPQC overdue sweep once filtered `type = 'order.started'` with no station id, which the
 * (station_id, type) index only answers by reading all of it (since migration 0047 it reads the
 * running batches the IPQC projector keeps, and each one's IPQC entries by a partial index).
 * Counted by PostgreSQL itself: the blocks of ledger_entries and its indexes
 * one pass touches (pg_statio_user_tables), on a ledger big enough for the planner to prefer an
 * index, with statistics (analyze) as autovacuum would have them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { hubAudit } from '../../src-server/db/schema.ts';
import { NotifyService } from '../../src-server/notify/notify-service.ts';
import type { HubContext } from '../../src-server/hub-context.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { countingConnections, type CountingConnections } from '../hub/support/counting-connections.ts';
import { fillLedger } from './support/big-ledger.ts';

const NOW = new Date('2026-12-06T08:00:00Z');
const LEDGER = { stations: 10, perStation: 10_000, batchEntries: 200, now: NOW };

describe('the notification pass on PostgreSQL', () => {
  let t: TestHub;
  let counting: CountingConnections;
  beforeAll(async () => {
    // No timer pass of the hub's own inside the counted window.
    t = await startTestHub({ backend: 'postgres', clock: { now: () => NOW, tzOffset: () => '+08:00' }, notifyTimer: false });
    await fillLedger(t.hub.services.ctx.db, LEDGER);
    // One connection for the pass, so its statistics can be flushed on demand (pg_stat_force_next_flush).
    counting = await countingConnections(t.backend.databaseUrl!);
  }, 240_000);
  afterAll(async () => {
    await counting?.close();
    await t?.close();
  });

  /** Blocks of ledger_entries (heap and indexes) read or found in shared buffers so far, and its sequential scans. */
  async function ledgerReads(): Promise<{ blocks: number; seqScans: number }> {
    // The statistics of the pass's backend reach shared memory when it goes idle after this (PostgreSQL 15+).
    await counting.flush();
    const r = await counting.admin.query<{ blocks: string; seq_scan: string }>(
      `select coalesce(heap_blks_read, 0) + coalesce(heap_blks_hit, 0) + coalesce(idx_blks_read, 0) + coalesce(idx_blks_hit, 0) as blocks,
              (select seq_scan from pg_stat_user_tables where relname = 'ledger_entries') as seq_scan
       from pg_statio_user_tables where relname = 'ledger_entries'`,
    );
    return { blocks: Number(r.rows[0]!.blocks), seqScans: Number(r.rows[0]!.seq_scan) };
  }

  it('FR-93 one notification pass reads the running batches, not the whole ledger: under 5 % of the blocks of ledger_entries and its indexes at 100,000 entries, no sequential scan', async () => {
    const ctx: HubContext = { ...t.hub.services.ctx, db: counting.single.orm };
    const notify = new NotifyService(ctx, { smtp: null });
    await notify.runOnce();
    // The sweep still does its work: each station's running batch has its overdue check told, once.
    const told = await ctx.db.select().from(hubAudit).where(and(eq(hubAudit.action, 'ipqc.check_overdue'), like(hubAudit.subject, 'B-BIG-%')));
    expect(told).toHaveLength(LEDGER.stations);
    expect(told[0]!.details).toMatchObject({ checkId: 'TW', occurrence: 2 });

    const pages = await counting.admin.query<{ pages: string }>(`select (pg_total_relation_size('ledger_entries') - pg_relation_size('ledger_entries', 'fsm') - pg_relation_size('ledger_entries', 'vm')) / current_setting('block_size')::int as pages`);
    const before = await ledgerReads();
    const pass = await notify.runOnce();
    const after = await ledgerReads();
    expect(pass.raised).toBe(0);
    const blocks = after.blocks - before.blocks;
    const total = Number(pages.rows[0]!.pages);
    expect(after.seqScans - before.seqScans, 'sequential scans of ledger_entries in one pass').toBe(0);
    expect(blocks, `blocks of ledger_entries touched by one pass (of ${total})`).toBeLessThan(total * 0.05);
  }, 120_000);
});
