/**
 * Hub migration 0047_timer_pass_indexes on a hub at 0046 holding ledgers: the running batches the
 * IPQC overdue sweep reads from now on (ipqc_running_batches) are filled once from the ledger, so
 * no batch started before the upgrade goes untold, and none completed is told: started with check
 * plans and not completed, under the station's ledger key, its first start entry.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { openHubDb } from '../../src-server/db/open-hub-db.ts';
import { hubMigrationsBefore } from './support/migrations-before.ts';
import { pgliteEmptyDataDir } from './support/hub-backends.ts';
import { ipqcRunningBatches } from '../../src-server/quality/db/ipqc-schema.ts';
import { unwrap } from '../../src-shared/result.ts';
import { TABLET_WEIGHT } from '../ipqc/ipqc-plans.ts';

const dir = mkdtempSync(join(tmpdir(), 'batchline-hub-mig47-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hub migration 0047', () => {
  it('FR-93 fills the running batches from the ledger: started with check plans and not completed, its first start, nothing else', async () => {
    const dataDir = join(dir, 'pgdata');
    await pgliteEmptyDataDir(dataDir);
    const before = unwrap(await openHubDb({ dataDir, migrationsFolder: hubMigrationsBefore(dir, '0047_timer_pass_indexes') }));
    const plans = JSON.stringify({ plan: { checkPlans: [TABLET_WEIGHT] } });
    const entries: [string, number, string, string, string][] = [
      ['ST-01', 1, 'order.started', 'B-RUN', plans],
      ['ST-01', 2, 'order.started', 'B-DONE', plans],
      ['ST-01', 3, 'order.completed', 'B-DONE', '{}'],
      ['ST-01', 4, 'order.started', 'B-NO-PLANS', JSON.stringify({ plan: { checkPlans: [] } })],
      ['ST-01', 5, 'order.started', 'B-OLD-PLAN', JSON.stringify({ plan: { steps: [] } })],
      ['ST-01', 6, 'order.started', 'B-ODD', JSON.stringify({ plan: { checkPlans: { TW: 1 } } })],
      // The same batch number at another ledger (an accepted identity epoch) runs on its own.
      ['ST-01~2', 1, 'order.started', 'B-DONE', plans],
      ['ST-01', 7, 'order.started', 'B-RUN', plans],
    ];
    for (const [station, seq, type, batch, payload] of entries) {
      await before.orm.execute(sql`insert into ledger_entries (station_id, seq, hash, prev_hash, time, tz_offset, type, actor, batch_ref, payload, received_at)
        values (${station}, ${seq}, ${`h${station}${seq}`}, ${`p${station}${seq}`}, '2026-12-06T06:00:00.000Z', '+08:00', ${type}, 'op.li', ${batch}, ${payload}::jsonb, now())`);
    }
    await before.close();

    const after = unwrap(await openHubDb({ dataDir }));
    try {
      const running = await after.orm.select().from(ipqcRunningBatches).orderBy(asc(ipqcRunningBatches.stationId), asc(ipqcRunningBatches.batchRef));
      expect(running).toEqual([
        { stationId: 'ST-01', batchRef: 'B-RUN', startedSeq: 1 },
        { stationId: 'ST-01~2', batchRef: 'B-DONE', startedSeq: 1 },
      ]);
    } finally {
      await after.close();
    }
  }, 120_000);
});
