/**
 * vitest globalSetup (vitest.config.ts): at the end of a run, what test workers kept for the run's
 * length goes with it (review, session 13): hub databases and folders kept as start copies
 * (test/hub/support/hub-backends.ts, named `batchline[_-]kept[_-]<run pid>[_-]…`) of this run and
 * of runs that are gone, and this run's `batchline demo` copy (test/fakes/cli-demo-db.ts, named by this process's id,
 * which a later run could otherwise be given again and mistake for its own). Workers normally
 * remove theirs at exit; vitest can end a worker without an 'exit' event, which left them behind.
 */
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { processAlive } from './made-once.ts';

/** As test/hub/support/hub-backends.ts's PG_ADMIN_URL (not imported: this runs in vitest's own process). */
const PG_ADMIN_URL = process.env.BATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEPT = /^batchline[_-]kept[_-](\d+)[_-]/;

export default function setup(): () => Promise<void> {
  return async () => {
    const gone = (name: string) => {
      // This run's (named by this process: its workers have finished) and any older run's that died.
      const pid = Number(KEPT.exec(name)?.[1]);
      return Number.isInteger(pid) && (pid === process.pid || !processAlive(pid));
    };
    for (const f of readdirSync(tmpdir())) {
      if (gone(f) || f === `batchline-cli-demo-run-${process.pid}` || f === `batchline-cli-demo-run-${process.pid}.lock`) rmSync(join(tmpdir(), f), { recursive: true, force: true });
    }
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    try {
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like 'batchline\\_kept\\_%'");
      for (const r of rows) if (gone(r.datname)) await admin.query(`drop database if exists "${r.datname}" with (force)`);
    } catch {
      // No PostgreSQL here (a unit-only run): nothing of it to sweep.
    } finally {
      await admin.end().catch(() => undefined);
    }
  };
}
