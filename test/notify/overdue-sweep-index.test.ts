/**
 * FR-130: the overdue sweep of the notification pass (every 5 s in every hub process) reads the
 * open deviation records and CAPA actions past their due date by their partial indexes (hub
 * migration 0049), not the whole tables. At a plant's size after years of use (20,000 deviation
 * records, 60,000 CAPA actions, nearly all closed), on the real PostgreSQL server with statistics
 * as autovacuum would have them, PostgreSQL's own plan for the sweep's two queries (the same
 * predicates the sweep uses, overdueRecords and overdueActions) names the indexes, and PostgreSQL
 * counts the table blocks one sweep touches. Likewise the same pass's alarm escalation sweep,
 * among 20,000 alarms never acknowledged and escalated to the last level long ago.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HubContext } from '../../src-server/hub-context.ts';
import { overdueActions, overdueRecords, sweepOverdue } from '../../src-server/notify/overdue-sweep.ts';
import { qualityCapaActions, qualityDeviations } from '../../src-server/quality/db/deviation-schema.ts';
import { DEFAULT_ALARM_ESCALATION } from '../../src-core/alarm/alarm-model.ts';
import { alarms } from '../../src-server/alarm/alarm-schema.ts';
import { escalatingAlarms, HubAlarmService } from '../../src-server/alarm/alarm-service.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { countingConnections, type CountingConnections } from '../hub/support/counting-connections.ts';

const NOW = new Date('2026-12-06T08:00:00Z');
const DEVIATIONS = 20_000;
const ACTIONS = 60_000;
/** Open records and actions; every tenth of them a day past its due date. */
const OPEN_DEVIATIONS = 200;
const OPEN_ACTIONS = 300;
const ALARMS_AT_LAST_LEVEL = 20_000;
const ALARMS_ESCALATING = 40;

describe('the overdue sweep on PostgreSQL (FR-130)', () => {
  let t: TestHub;
  let counting: CountingConnections;
  beforeAll(async () => {
    // No timer pass of the hub's own inside the counted window.
    t = await startTestHub({ backend: 'postgres', clock: { now: () => NOW, tzOffset: () => '+08:00' }, notifyTimer: false });
    const db = t.hub.services.ctx.db;
    // Closed records were due in the past; open ones due in 30 days, every tenth one a day ago.
    await db.execute(sql`insert into quality_deviations (id, kind, title, description, lots, impacted_batches, state, raised_by, raised_at, due_at, last_hash, updated_at)
      select 'DEV-2026-' || lpad(i::text, 6, '0'), 'deviation', 'Deviation ' || i, 'what happened', '[]'::jsonb, '[]'::jsonb,
             case when i <= ${OPEN_DEVIATIONS} then 'investigated' else 'closed' end, 'qa.hub', ${NOW}::timestamptz - interval '400 days',
             case when i <= ${OPEN_DEVIATIONS} and i % 10 = 0 then ${NOW}::timestamptz - interval '1 day' when i <= ${OPEN_DEVIATIONS} then ${NOW}::timestamptz + interval '30 days' else ${NOW}::timestamptz - interval '300 days' end,
             'h' || i, ${NOW}
      from generate_series(1, ${DEVIATIONS}) i`);
    await db.execute(sql`insert into quality_capa_actions (deviation_id, kind, description, owner, due_at, done_at, created_at)
      select 'DEV-2026-' || lpad((1 + i % ${DEVIATIONS})::text, 6, '0'), 'corrective', 'Action ' || i, 'qa.hub',
             case when i <= ${OPEN_ACTIONS} and i % 10 = 0 then ${NOW}::timestamptz - interval '1 day' when i <= ${OPEN_ACTIONS} then ${NOW}::timestamptz + interval '30 days' else ${NOW}::timestamptz - interval '300 days' end,
             case when i <= ${OPEN_ACTIONS} then null else ${NOW}::timestamptz - interval '301 days' end, ${NOW}::timestamptz - interval '400 days'
      from generate_series(1, ${ACTIONS}) i`);
    // Cleared, never acknowledged, escalated to the last level long ago; and a few still below it.
    await db.execute(sql`insert into alarms (station_id, alarm_id, seq, source, kind, severity, subject, message_key, params, condition, raised_at, received_at, cleared_at, escalation_level)
      select 'ST-A', 'AL-' || i, i, 'environment', 'environment-action', 'critical', 'ROOM-1', 'environment-action', '{}'::jsonb, 'state',
             ${NOW}::timestamptz - (i || ' minutes')::interval - interval '1 day', ${NOW}::timestamptz - interval '1 day', ${NOW}::timestamptz - interval '1 day',
             case when i <= ${ALARMS_ESCALATING} then 0 else 2 end
      from generate_series(1, ${ALARMS_AT_LAST_LEVEL + ALARMS_ESCALATING}) i`);
    await db.execute(sql`analyze quality_deviations; analyze quality_capa_actions; analyze alarms`);
    counting = await countingConnections(t.backend.databaseUrl!);
  }, 240_000);
  afterAll(async () => {
    await counting?.close();
    await t?.close();
  });

  /** PostgreSQL's plan for a query the hub builds, as text lines. */
  async function plan(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string> {
    const q = query.toSQL();
    const r = await counting.admin.query<{ 'QUERY PLAN': string }>(`explain ${q.sql}`, q.params);
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  }

  it('FR-130 the sweep\'s CAPA-action and deviation-record queries use their partial indexes at 60,000 actions and 20,000 records (EXPLAIN), and one sweep touches under 5 % of their blocks', async () => {
    const db = t.hub.services.ctx.db;
    const actions = await plan(db.select({ id: qualityCapaActions.id }).from(qualityCapaActions).where(overdueActions(NOW)));
    const records = await plan(db.select({ id: qualityDeviations.id }).from(qualityDeviations).where(overdueRecords(NOW)));
    console.info(`FR-130 EXPLAIN at ${ACTIONS} CAPA actions:\n${actions}\nFR-130 EXPLAIN at ${DEVIATIONS} deviation records:\n${records}`);
    expect(actions).toContain('quality_capa_actions_open_due');
    expect(actions).not.toMatch(/Seq Scan/);
    expect(records).toContain('quality_deviations_open_due');
    expect(records).not.toMatch(/Seq Scan/);

    // One sweep, counted by PostgreSQL: the heap and index blocks of both tables it touches.
    const blocks = async () => {
      await counting.flush();
      const r = await counting.admin.query<{ blocks: string; pages: string; seq: string }>(
        `select sum(coalesce(heap_blks_read, 0) + coalesce(heap_blks_hit, 0) + coalesce(idx_blks_read, 0) + coalesce(idx_blks_hit, 0))::bigint as blocks,
                sum(pg_relation_size(relid) / current_setting('block_size')::int)::bigint as pages,
                (select sum(seq_scan) from pg_stat_user_tables where relname in ('quality_deviations', 'quality_capa_actions'))::bigint as seq
         from pg_statio_user_tables where relname in ('quality_deviations', 'quality_capa_actions')`,
      );
      return { blocks: Number(r.rows[0]!.blocks), pages: Number(r.rows[0]!.pages), seq: Number(r.rows[0]!.seq) };
    };
    const ctx: HubContext = { ...t.hub.services.ctx, db: counting.single.orm };
    const before = await blocks();
    const written = await sweepOverdue(ctx);
    const after = await blocks();
    console.info(`FR-130 one overdue sweep: ${after.blocks - before.blocks} blocks of ${before.pages} heap pages, ${after.seq - before.seq} sequential scans, ${written} overdue told`);
    expect(written).toBe(OPEN_DEVIATIONS / 10 + OPEN_ACTIONS / 10);
    expect(after.seq - before.seq, 'sequential scans of the deviation and CAPA tables in one sweep').toBe(0);
    expect(after.blocks - before.blocks).toBeLessThan(before.pages * 0.05);
  }, 120_000);

  it('FR-130 the alarm escalation sweep reads the alarms below the last level by alarms_escalating, not the 20,000 escalated long ago and never acknowledged (EXPLAIN, rows)', async () => {
    const db = t.hub.services.ctx.db;
    const query = db.select({ alarmId: alarms.alarmId }).from(alarms).where(escalatingAlarms(DEFAULT_ALARM_ESCALATION, NOW));
    const explained = await plan(query);
    console.info(`FR-130 EXPLAIN of the escalation sweep at ${ALARMS_AT_LAST_LEVEL + ALARMS_ESCALATING} unacknowledged alarms:\n${explained}`);
    expect(explained).toContain('alarms_escalating');
    expect(explained).not.toMatch(/Seq Scan/);
    expect(await query).toHaveLength(ALARMS_ESCALATING);
    // The sweep still escalates those: both levels for each (a day old), nothing for the rest.
    expect(await new HubAlarmService(t.hub.services.ctx).sweepEscalations()).toBe(ALARMS_ESCALATING * DEFAULT_ALARM_ESCALATION.length);
    expect(await query).toHaveLength(0);
  }, 120_000);
});
