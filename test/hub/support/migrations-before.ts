/**
 * A hub as it was before one migration: a copy of the hub's migrations folder whose journal ends
 * just before `tag`. Every later migration goes too: drizzle's migrator applies only migrations
 * newer than the last one a database holds, so a journal that left out `tag` alone would let the
 * later ones run first and `tag` never (as the 0047 and 0048 tests found when 0049 came).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HUB_MIGRATIONS_FOLDER } from '../../../src-server/db/open-hub-db.ts';

export function hubMigrationsBefore(dir: string, tag: string): string {
  const folder = join(dir, `migrations-before-${tag}`);
  cpSync(HUB_MIGRATIONS_FOLDER, folder, { recursive: true });
  const path = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(path, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at < 0) throw new Error(`no hub migration ${tag}`);
  writeFileSync(path, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}
