/**
 * The hub suite's PostgreSQL template databases (hub-backends.ts) do not pile up: when a new
 * template is built, the templates of other migrations are dropped but for the newest one
 * before it, any in use, and never the new one. Against the real server at 127.0.0.1:5432, on
 * databases of this file's own prefix, so the suite's real templates are left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { dropStaleTemplates, PG_ADMIN_URL } from './support/hub-backends.ts';

const PREFIX = `batchline_tpltest_${process.pid}_`;
const urlOf = (db: string) => Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${db}` }).toString();
let admin: pg.Client;

async function names(): Promise<string[]> {
  const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1) order by oid', [PREFIX]);
  return rows.map((r) => r.datname);
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
});
afterAll(async () => {
  for (const db of await names()) await admin.query(`drop database if exists "${db}" with (force)`);
  await admin.end();
});

describe('PostgreSQL test template databases', () => {
  it('a new template drops the others but the newest before it and those a connection uses; a dead builder\'s leftover goes too; another prefix is untouched', async () => {
    // Oldest first: the server numbers them in this order.
    const [oldest, used, deadBuilder, previous, current] = ['aaaa', 'bbbb', 'cccc_building', 'dddd', 'eeee'].map((h) => `${PREFIX}${h}`) as [string, string, string, string, string];
    for (const db of [oldest, used, deadBuilder, previous, current]) await admin.query(`create database "${db}"`);
    const user = new pg.Client({ connectionString: urlOf(used) });
    await user.connect();
    try {
      expect(await dropStaleTemplates(admin, current, { prefix: PREFIX, keep: 2 })).toEqual([deadBuilder, oldest]);
      expect(await names()).toEqual([used, previous, current]);
      // The same call with another prefix (the suite's real templates) finds none of these.
      expect(await dropStaleTemplates(admin, current, { prefix: `${PREFIX}zz` })).toEqual([]);
    } finally {
      await user.end();
    }
    // Once nobody uses it, it goes at the next build; the newest other one still stays.
    expect(await dropStaleTemplates(admin, current, { prefix: PREFIX, keep: 2 })).toEqual([used]);
    expect(await names()).toEqual([previous, current]);
    // keep: 1 leaves only the new one.
    expect(await dropStaleTemplates(admin, current, { prefix: PREFIX, keep: 1 })).toEqual([previous]);
    expect(await names()).toEqual([current]);
  });
});
