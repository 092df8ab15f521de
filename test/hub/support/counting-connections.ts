/**
 * The two connections a test needs to count what PostgreSQL reads for a piece of hub code: a hub
 * database with a pool of one connection, through which the code under test runs (so its
 * statistics can be flushed on demand: pg_stat_force_next_flush acts on the calling backend
 * only), and a plain admin client on the same database for reading the counters
 * (pg_statio_user_tables) and plans (EXPLAIN), outside the counted connection.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openHubDb, type HubDb } from '../../../src-server/db/open-hub-db.ts';
import { unwrap } from '../../../src-shared/result.ts';

export interface CountingConnections {
  /** The hub database on exactly one connection: run the counted work through `single.orm`. */
  single: HubDb;
  /** Another session on the same database, for the counters and plans. */
  admin: pg.Client;
  /** Makes the single connection's statistics so far visible to `admin` (PostgreSQL 15+). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function countingConnections(databaseUrl: string): Promise<CountingConnections> {
  const single = unwrap(await openHubDb({ databaseUrl, poolSize: 1 }));
  const admin = new pg.Client({ connectionString: databaseUrl });
  try {
    await admin.connect();
  } catch (e) {
    await single.close();
    throw e;
  }
  return {
    single,
    admin,
    async flush() {
      await single.orm.execute(sql`select pg_stat_force_next_flush()`);
    },
    async close() {
      await admin.end().catch(() => undefined);
      await single.close();
    },
  };
}
