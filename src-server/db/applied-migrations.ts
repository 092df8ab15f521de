/**
 * The migrations a hub database has applied, read without applying any (`batchline hub iq`,
 * COMPLIANCE D25-10): drizzle's own record, `drizzle.__drizzle_migrations` (the SHA-256 of each
 * SQL file and its journal `when`). openHubDb migrates on open, so it cannot be used to ask
 * what a database had before. With the embedded database the hub must be stopped (PGlite is
 * one process per data folder); a PostgreSQL server can be asked while hubs run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { err, ok, type Result } from '../../src-shared/result.ts';

export interface AppliedMigration {
  readonly hash: string;
  readonly createdAt: number;
}

const QUERY = `select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by created_at, id`;
const TABLE_EXISTS = `select to_regclass('drizzle.__drizzle_migrations') is not null as present`;

type Row = { hash: string; created_at: string };

/** `dataDir` is the hub's --data folder (the database is in its pgdata/), or give `databaseUrl`. */
export async function readAppliedMigrations(where: { dataDir?: string; databaseUrl?: string }): Promise<Result<AppliedMigration[]>> {
  if (where.databaseUrl) return readPostgres(where.databaseUrl);
  if (!where.dataDir) return err('INPUT_INVALID', 'give the hub data folder or a DATABASE_URL');
  const pgdata = join(where.dataDir, 'pgdata');
  if (!existsSync(pgdata)) return err('IO_ERROR', `no hub database in ${pgdata}`);
  let client: PGlite | undefined;
  try {
    client = new PGlite(pgdata);
    await client.waitReady;
    const present = await client.query<{ present: boolean }>(TABLE_EXISTS);
    if (!present.rows[0]?.present) return ok([]);
    return ok(rowsOf((await client.query<Row>(QUERY)).rows));
  } catch (e) {
    return err('IO_ERROR', `cannot read the hub database in ${pgdata} (is the hub still running on it?): ${(e as Error).message}`);
  } finally {
    await client?.close().catch(() => undefined);
  }
}

async function readPostgres(url: string): Promise<Result<AppliedMigration[]>> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const present = await client.query<{ present: boolean }>(TABLE_EXISTS);
    if (!present.rows[0]?.present) return ok([]);
    return ok(rowsOf((await client.query<Row>(QUERY)).rows));
  } catch (e) {
    return err('IO_ERROR', `cannot read the hub database: ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function rowsOf(rows: Row[]): AppliedMigration[] {
  return rows.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) }));
}
