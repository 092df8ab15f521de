/**
 * The start-up schema self-check (COMPLIANCE.md DI-10, attack 2): the database must hold exactly
 * the tables, indexes and triggers the migrations create, with the same definitions. A trigger
 * dropped or replaced with a no-op (the first step of editing the record in a SQLite browser),
 * an extra trigger that rewrites rows, or a missing index is named here, and the station refuses
 * GMP work until IT and QA have looked. The expected schema is not a hand-kept list: it is what
 * the same migrations produce in an empty in-memory database, so a new migration is covered
 * without anyone remembering to update this file.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

interface SchemaObject {
  type: string;
  name: string;
  sql: string;
}

const OBJECTS = "select type, name, coalesce(sql, '') as sql from sqlite_master where type in ('table','index','trigger','view') and name not like 'sqlite_%'";

function read(db: Database.Database): Map<string, SchemaObject> {
  const rows = db.prepare(OBJECTS).all() as SchemaObject[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, { ...r, sql: r.sql.replace(/\s+/g, ' ').trim() }]));
}

const expectedByFolder = new Map<string, Map<string, SchemaObject>>();

function expected(migrationsFolder: string): Map<string, SchemaObject> {
  const cached = expectedByFolder.get(migrationsFolder);
  if (cached) return cached;
  const mem = new Database(':memory:');
  try {
    migrate(drizzle(mem), { migrationsFolder });
    const objects = read(mem);
    expectedByFolder.set(migrationsFolder, objects);
    return objects;
  } finally {
    mem.close();
  }
}

/** Every difference between the database's schema and the migrations' (empty when it matches). */
export function schemaProblems(db: Database.Database, migrationsFolder: string): string[] {
  const want = expected(migrationsFolder);
  const have = read(db);
  const problems: string[] = [];
  for (const [key, obj] of want) {
    const found = have.get(key);
    if (!found) problems.push(`${key} is missing`);
    else if (found.sql !== obj.sql) problems.push(`${key} differs from its migration`);
  }
  for (const key of have.keys()) if (!want.has(key)) problems.push(`${key} is not part of the schema`);
  return problems;
}
