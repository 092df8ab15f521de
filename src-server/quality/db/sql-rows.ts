/**
 * Raw SQL through drizzle on both drivers: node-postgres and PGlite both answer `execute`
 * with `{ rows }`. PostgreSQL's bigint arrives as a string from node-postgres and as a number
 * from PGlite, so callers convert ids with Number() (node ids stay far below 2^53).
 */
import type { SQL } from 'drizzle-orm';
import type { HubQuery } from '../../db/open-hub-db.ts';

export async function rowsOf<T extends Record<string, unknown>>(q: HubQuery, statement: SQL): Promise<T[]> {
  const result = (await q.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}
