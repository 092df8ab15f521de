/**
 * Opens the hub database and brings it to the current schema: embedded PGlite in a data folder
 * (one hub process; the default for a single plant or a trial) or a PostgreSQL server when a
 * `DATABASE_URL` is given (any number of hub processes). One drizzle schema and one migrations
 * folder serve both (drizzle.hub.config.ts).
 *
 * Several processes may start at once against one server: migrations run under a session-level
 * advisory lock on a dedicated connection, so exactly one applies them and the others wait
 * and then find nothing to do.
 */
import { fileURLToPath } from 'node:url';
import { PGlite, types as pgliteTypes, type PGliteOptions } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';
import { trackPgliteTransactions } from './prepared-statement.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';

export const HUB_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** An arbitrary constant naming the hub's migration lock (pg_advisory_lock key space is shared). */
const MIGRATION_LOCK_KEY = 0x62_6c_68_75_62; // "blhub"

export type HubSchema = typeof schema;
export type HubOrm = PgDatabase<PgQueryResultHKT, HubSchema>;
export type HubTx = PgTransaction<PgQueryResultHKT, HubSchema, ExtractTablesWithRelations<HubSchema>>;
/** Anything that can run a query: the database or a transaction on it. */
export type HubQuery = HubOrm | HubTx;

export interface HubDb {
  orm: HubOrm;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenHubDbOptions {
  /** PostgreSQL connection string; when absent, PGlite in `dataDir` (or in memory). */
  databaseUrl?: string;
  dataDir?: string;
  migrationsFolder?: string;
  poolSize?: number;
}

export async function openHubDb(options: OpenHubDbOptions): Promise<Result<HubDb>> {
  const migrationsFolder = options.migrationsFolder ?? HUB_MIGRATIONS_FOLDER;
  if (options.databaseUrl) return openPostgres(options.databaseUrl, migrationsFolder, options.poolSize ?? 10);
  let client: PGlite | undefined;
  try {
    client = new PGlite({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), serializers: PGLITE_SERIALIZERS });
    await client.waitReady;
    // Statements run as named prepared statements inside its transactions too (the intake's).
    trackPgliteTransactions(client);
    const orm = drizzlePglite(client, { schema });
    await migratePglite(orm, { migrationsFolder });
    const opened = client;
    return ok({ orm: orm as unknown as HubOrm, kind: 'pglite', close: () => opened.close() });
  } catch (e) {
    await client?.close().catch(() => undefined);
    return err('IO_ERROR', `cannot open the hub database in ${options.dataDir ?? 'memory'}: ${(e as Error).message}`);
  }
}

/**
 * A `json` parameter given as bytes (a Buffer of UTF-8 JSON) goes to PGlite as it goes to the
 * PostgreSQL server through node-postgres: in the binary format, whose `json` form is the text
 * itself. PGlite's own serializer would have JSON.stringify'd the Buffer; a string goes on as
 * before. Why bytes: PGlite measures a text parameter's UTF-8 length in JavaScript, character by
 * character, twice, before copying it; for the intake's page of entries (a megabyte of JSON)
 * that cost more CPU than PostgreSQL spent reading it (issue 16).
 */
const PGLITE_SERIALIZERS: NonNullable<PGliteOptions['serializers']> = {
  [pgliteTypes.JSON]: (x: unknown) => (x instanceof Uint8Array ? (x as unknown as string) : pgliteTypes.serializers[pgliteTypes.JSON]!(x)),
};

async function openPostgres(url: string, migrationsFolder: string, poolSize: number): Promise<Result<HubDb>> {
  const migrator = new pg.Client({ connectionString: url });
  try {
    await migrator.connect();
    await migrator.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzlePg(migrator, { schema }), { migrationsFolder });
    } finally {
      await migrator.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } catch (e) {
    return err('IO_ERROR', `cannot migrate the hub database: ${(e as Error).message}`);
  } finally {
    await migrator.end().catch(() => undefined);
  }
  // JIT off in the hub's sessions: the planner cannot estimate a recursive CTE, its guess grows
  // with the genealogy until it JIT-compiles a 2 ms trace for 100× that (trace-sql.ts), and
  // switching it off per statement cost three more round trips per trace. A connection pooler
  // between hub and server must pass the startup parameter `options` on, and, in transaction
  // mode, keep protocol-level named statements (station authentication prepares two, the trace's
  // walk a few, prepared-statement.ts; PgBouncer 1.21+ with max_prepared_statements > 0).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off' });
  // An idle client that loses its server (restart, failover) must not crash the hub.
  pool.on('error', () => undefined);
  const orm = drizzlePg(pool, { schema });
  return ok({ orm: orm as unknown as HubOrm, kind: 'postgres', close: () => pool.end() });
}
