/**
 * FR-129: the ERP pass (every 10 s in every hub process) reads the batches queued since its last
 * pass (erp_due_batches, filled by a trigger in the projector's transaction, hub migration 0048),
 * not every completed batch. On the real PostgreSQL server, so a batch can complete on another
 * connection while a pass holds its transaction open, and so PostgreSQL itself counts the rows a
 * pass reads (pg_stat_user_tables), as test/notify/notify-pass-reads.test.ts counts blocks.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { ErpService } from '../../src-server/erp/erp-service.ts';
import { erpBatches, erpDueBatches, erpMessages } from '../../src-server/erp/erp-schema.ts';
import { openHubDb, type HubDb } from '../../src-server/db/open-hub-db.ts';
import type { HubContext } from '../../src-server/hub-context.ts';
import type { HubTx } from '../../src-server/db/open-hub-db.ts';
import { QualityProjector } from '../../src-server/quality/projection/quality-projector.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { unwrap } from '../../src-shared/result.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';

let q: QualityHub;
let ctx: HubContext;
const interval = process.env.BATCHLINE_ERP_INTERVAL_MS;

beforeAll(async () => {
  // No timer pass of the hub's own: the test runs each pass itself.
  process.env.BATCHLINE_ERP_INTERVAL_MS = '0';
  q = await startQualityHub('postgres');
  ctx = q.hub.hub.services.ctx;
}, 180_000);
afterAll(async () => {
  if (interval === undefined) delete process.env.BATCHLINE_ERP_INTERVAL_MS;
  else process.env.BATCHLINE_ERP_INTERVAL_MS = interval;
  vi.restoreAllMocks();
  await q?.close();
});

const messagesOf = async (batch: string) => (await ctx.db.select({ kind: erpMessages.kind }).from(erpMessages).where(eq(erpMessages.batchNumber, batch)).orderBy(asc(erpMessages.kind))).map((m) => m.kind);
const queued = async () => (await ctx.db.select().from(erpDueBatches).orderBy(asc(erpDueBatches.seq))).map((d) => d.batchNumber);
const batch = (batchNumber: string, n: number) => recordBatch(q.station, { batchNumber, apiLot: `API-${n}`, excipientLot: `MCC-${n}` });

describe('the ERP pass reads what completed since its last pass (FR-129)', () => {
  it('FR-129 a batch completed while a pass runs waits in the queue for the next pass; each batch gets its two messages once', async () => {
    const erp = new ErpService(ctx, { endpoint: null });
    batch('Q-001', 1);
    await q.sync();
    await new QualityProjector(ctx).catchUp();
    expect(await queued()).toEqual(['Q-001']);
    // While the pass holds Q-001's transaction open, Q-002 completes and is projected on another connection.
    const proto = ErpService.prototype as unknown as { raiseBatch(tx: HubTx, b: string): Promise<number> };
    const original = proto.raiseBatch;
    let during = false;
    const spy = vi.spyOn(proto, 'raiseBatch').mockImplementation(async function (this: ErpService, tx: HubTx, b: string) {
      const written = await original.call(this, tx, b);
      if (!during) {
        during = true;
        batch('Q-002', 2);
        await q.sync();
        await new QualityProjector(ctx).catchUp();
      }
      return written;
    });
    try {
      expect(await erp.raise()).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(during).toBe(true);
    expect(await messagesOf('Q-001')).toEqual(['consumption', 'performance']);
    expect(await messagesOf('Q-002')).toEqual([]);
    expect(await queued()).toEqual(['Q-002']);
    expect(await erp.raise()).toBe(2);
    expect(await erp.raise()).toBe(0);
    expect(await messagesOf('Q-001')).toEqual(['consumption', 'performance']);
    expect(await messagesOf('Q-002')).toEqual(['consumption', 'performance']);
    expect(await queued()).toEqual([]);
  }, 120_000);

  it('FR-129 a pass that dies after writing a batch\'s messages, before its commit, leaves the batch queued and no message; the next pass sends it once', async () => {
    const erp = new ErpService(ctx, { endpoint: null });
    batch('Q-CRASH', 3);
    await q.sync();
    // The pass dies at its last write (the erp.queued audit), after the queue row's deletion and both messages.
    await ctx.db.execute(sql.raw(`create function test_erp_crash() returns trigger language plpgsql as $$ begin if new.action = 'erp.queued' and new.subject = 'Q-CRASH' then raise exception 'hub process killed'; end if; return new; end $$`));
    await ctx.db.execute(sql.raw(`create trigger test_erp_crash before insert on hub_audit for each row execute function test_erp_crash()`));
    try {
      await expect(erp.raise()).rejects.toThrow();
    } finally {
      await ctx.db.execute(sql.raw(`drop trigger test_erp_crash on hub_audit; drop function test_erp_crash()`));
    }
    expect(await messagesOf('Q-CRASH')).toEqual([]);
    expect(await ctx.db.select().from(erpBatches).where(eq(erpBatches.batchNumber, 'Q-CRASH'))).toEqual([]);
    expect(await queued()).toEqual(['Q-CRASH']);
    expect(await erp.raise()).toBe(2);
    expect(await erp.raise()).toBe(0);
    expect(await messagesOf('Q-CRASH')).toEqual(['consumption', 'performance']);
    expect(await queued()).toEqual([]);
  }, 120_000);

  it('FR-129 at 10,000 completed batches a pass reads the one batch completed since the last, not the 10,000 (rows read counted by PostgreSQL)', async () => {
    const COMPLETED = 10_000;
    const now = new Date('2026-12-06T08:00:00Z');
    // Sent long ago: ERP out took them (erp_batches), so the trigger queues none of them.
    await ctx.db.execute(sql`insert into erp_batches (batch_number, outcome, considered_at) select 'H-' || lpad(i::text, 6, '0'), 'queued', ${now} from generate_series(1, ${COMPLETED}) i`);
    await ctx.db.execute(sql`insert into quality_batches (batch_number, stations, status, entries, updated_at) select 'H-' || lpad(i::text, 6, '0'), '["ST-H"]'::jsonb, 'complete', 40, ${now} from generate_series(1, ${COMPLETED}) i`);
    await ctx.db.execute(sql`analyze quality_batches; analyze erp_batches; analyze erp_due_batches`);
    expect(await queued()).toEqual([]);
    batch('Q-NEW', 4);
    await q.sync();
    await new QualityProjector(ctx).catchUp();
    expect(await queued()).toEqual(['Q-NEW']);

    // One connection for the pass, so its statistics can be flushed on demand (pg_stat_force_next_flush).
    const single: HubDb = unwrap(await openHubDb({ databaseUrl: q.hub.backend.databaseUrl!, poolSize: 1 }));
    const admin = new pg.Client({ connectionString: q.hub.backend.databaseUrl! });
    await admin.connect();
    try {
      const rowsRead = async () => {
        await single.orm.execute(sql`select pg_stat_force_next_flush()`);
        const r = await admin.query<{ n: string }>(`select sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::bigint as n from pg_stat_user_tables where relname in ('quality_batches', 'erp_batches', 'erp_due_batches')`);
        return Number(r.rows[0]!.n);
      };
      // Before (the query each pass ran until migration 0048), on the same data and connection.
      const r0 = await rowsRead();
      const old = await rowsOf<{ batch_number: string }>(single.orm, sql`select q.batch_number from quality_batches q left join erp_batches e on e.batch_number = q.batch_number where q.status = 'complete' and e.batch_number is null order by q.batch_number limit 50`);
      const r1 = await rowsRead();
      const erp = new ErpService({ ...ctx, db: single.orm }, { endpoint: null });
      expect(await erp.raise()).toBe(2);
      const r2 = await rowsRead();
      expect(await erp.raise()).toBe(0);
      const r3 = await rowsRead();
      const before = r1 - r0;
      const pass = r2 - r1;
      const idle = r3 - r2;
      console.info(`FR-129 rows of quality_batches, erp_batches and erp_due_batches read at ${COMPLETED} completed batches: old due query ${before}, a pass raising one batch ${pass}, an idle pass ${idle}`);
      expect(old.map((r) => r.batch_number)).toEqual(['Q-NEW']);
      expect(before, 'the old query reads every completed batch').toBeGreaterThanOrEqual(COMPLETED);
      expect(pass, 'a pass with one batch due').toBeLessThan(50);
      expect(idle, 'a pass with nothing due').toBeLessThan(10);
      expect(await messagesOf('Q-NEW')).toEqual(['consumption', 'performance']);
    } finally {
      await admin.end();
      await single.close();
    }
  }, 180_000);
});
