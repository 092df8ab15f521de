/** The current version of a master-data object read in the caller's transaction (PGlite has one connection: a read outside an open transaction would wait for it). */
import { and, eq } from 'drizzle-orm';
import { masterData } from '../../db/schema.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';

export async function currentObject<T>(q: HubQuery, kind: string, key: string): Promise<{ version: number; data: T } | undefined> {
  const [row] = await q.select({ version: masterData.version, data: masterData.data }).from(masterData).where(and(eq(masterData.kind, kind), eq(masterData.key, key)));
  return row && row.data !== null ? { version: row.version, data: row.data as T } : undefined;
}
