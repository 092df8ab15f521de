/**
 * Hub migration 0048_erp_due_batches on a hub at 0047 holding batches: the queue the ERP pass
 * reads from now on is filled once with the completed batches ERP out has not taken (none taken,
 * none running is queued), and from then on the trigger queues a batch when the projection marks
 * it complete, once, and never one ERP out took.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { openHubDb } from '../../src-server/db/open-hub-db.ts';
import { hubMigrationsBefore } from './support/migrations-before.ts';
import { pgliteEmptyDataDir } from './support/hub-backends.ts';
import { erpDueBatches } from '../../src-server/erp/erp-schema.ts';
import { unwrap } from '../../src-shared/result.ts';

const dir = mkdtempSync(join(tmpdir(), 'batchline-hub-mig48-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hub migration 0048', () => {
  it('FR-129 queues the completed batches ERP out has not taken, then the trigger queues each batch once when it completes, never one taken', async () => {
    const dataDir = join(dir, 'pgdata');
    await pgliteEmptyDataDir(dataDir);
    const before = unwrap(await openHubDb({ dataDir, migrationsFolder: hubMigrationsBefore(dir, '0048_erp_due_batches') }));
    const put = (batch: string, status: string) =>
      before.orm.execute(sql`insert into quality_batches (batch_number, stations, status, entries, updated_at) values (${batch}, '["ST-01"]'::jsonb, ${status}, 3, now())`);
    await put('B-SENT', 'complete');
    await put('B-DUE-2', 'complete');
    await put('B-DUE-1', 'complete');
    await put('B-RUNNING', 'in-progress');
    await before.orm.execute(sql`insert into erp_batches (batch_number, outcome, considered_at) values ('B-SENT', 'queued', now())`);
    await before.close();

    const after = unwrap(await openHubDb({ dataDir }));
    try {
      const queue = async () => (await after.orm.select().from(erpDueBatches).orderBy(asc(erpDueBatches.seq))).map((d) => d.batchNumber);
      expect(await queue()).toEqual(['B-DUE-1', 'B-DUE-2']);
      const status = (batch: string, s: string) => after.orm.execute(sql`update quality_batches set status = ${s}, entries = entries + 1 where batch_number = ${batch}`);
      await status('B-RUNNING', 'in-progress'); // still running: nothing
      await status('B-RUNNING', 'complete');
      await status('B-RUNNING', 'complete'); // the projector writes the summary again: queued once
      await status('B-SENT', 'complete');
      await after.orm.execute(sql`insert into quality_batches (batch_number, stations, status, entries, updated_at) values ('B-NEW', '["ST-01"]'::jsonb, 'complete', 3, now())`);
      expect(await queue()).toEqual(['B-DUE-1', 'B-DUE-2', 'B-RUNNING', 'B-NEW']);
    } finally {
      await after.close();
    }
  }, 120_000);
});
