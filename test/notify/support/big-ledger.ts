/**
 * A plant's hub ledger made quickly in SQL (generate_series, no stations, no signatures): the
 * shape the notification pass reads at scale, for tests and probes of what a pass costs.
 * `stations` × `perStation` entries; every `batchEntries` entries of a station are one batch:
 * `order.started` (with the tablet weight check plan) first, a unit count and an IPQC result
 * every 50 entries, weighings between, `order.completed` last, except each station's last
 * batch, which is still running (started two hours before `now`), so its checks are overdue, and
 * is in ipqc_running_batches as the IPQC projector would have put it there.
 */
import { sql } from 'drizzle-orm';
import type { HubQuery } from '../../../src-server/db/open-hub-db.ts';
import { TABLET_WEIGHT } from '../../ipqc/ipqc-plans.ts';

export interface BigLedger {
  stations: number;
  perStation: number;
  batchEntries: number;
  now: Date;
}

export async function fillLedger(q: HubQuery, l: BigLedger): Promise<void> {
  const plan = JSON.stringify({ plan: { checkPlans: [TABLET_WEIGHT] } });
  const running = new Date(l.now.getTime() - 2 * 3_600_000).toISOString();
  const old = new Date(l.now.getTime() - 30 * 86_400_000).toISOString();
  const lastBatch = Math.floor((l.perStation - 1) / l.batchEntries);
  await q.execute(sql`
    insert into ledger_entries (station_id, seq, hash, prev_hash, time, tz_offset, type, actor, batch_ref, payload, received_at)
    select 'ST-BIG-' || st, seq, md5(st || ':' || seq), md5(st || ':' || (seq - 1)),
      case when b = ${lastBatch} then ${running} else ${old} end, '+08:00',
      case when pos = 0 then 'order.started'
           when pos = ${l.batchEntries - 1} and b <> ${lastBatch} then 'order.completed'
           when pos % 50 = 5 then 'ipqc.output_counted'
           when pos % 50 = 10 then 'ipqc.result_recorded'
           else 'dispense.weighed' end,
      'op.li', 'B-BIG-' || st || '-' || b,
      case when pos = 0 then ${plan}::jsonb
           when pos % 50 = 5 then jsonb_build_object('units', pos * 10)
           when pos % 50 = 10 then jsonb_build_object('checkId', 'TW', 'occurrence', 1, 'values', jsonb_build_array('500.1', '499.8', '501.0'))
           else jsonb_build_object('material', 'API-' || (seq % 7), 'netMg', seq * 13 % 100000, 'containerId', 'C-' || seq, 'balanceId', 'BAL-1', 'raw', 'S S      12.345 g') end,
      now()
    from generate_series(1, ${l.stations}) st, generate_series(1, ${l.perStation}) seq,
      lateral (select (seq - 1) / ${l.batchEntries} as b, (seq - 1) % ${l.batchEntries} as pos) x`);
  // The running batches, as the IPQC projector keeps them (ipqc-projector.ts) and migration 0047 fills them.
  await q.execute(sql`
    insert into ipqc_running_batches (station_id, batch_ref, started_seq)
    select station_id, batch_ref, seq from ledger_entries o where o.type = 'order.started'
    and not exists (select 1 from ledger_entries c where c.station_id = o.station_id and c.batch_ref = o.batch_ref and c.type = 'order.completed')`);
  // As autovacuum leaves it: statistics, and pages marked all-visible.
  await q.execute(sql`vacuum analyze ledger_entries`);
}
