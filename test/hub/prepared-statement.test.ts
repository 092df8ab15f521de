/**
 * Issue 16 (trace speed): preparedRows (src-server/db/prepared-statement.ts) runs a statement as
 * a named prepared statement of its connection on both hub databases, answers exactly as
 * `execute` does, and keeps working when the session lost the statement or a call failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeBackend, type Backend, type BackendName } from './support/hub-backends.ts';
import type { HubDb, HubQuery } from '../../src-server/db/open-hub-db.ts';
import { preparedRows, replanPreparedStatements, statementName } from '../../src-server/db/prepared-statement.ts';
import { PgDialect } from 'drizzle-orm/pg-core';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';

const BACKENDS: BackendName[] = ['pglite', 'postgres'];
const nameOf = (s: ReturnType<typeof sql>) => statementName(new PgDialect().sqlToQuery(s).sql);
const statement = (kind: string, n: number) =>
  sql`select ${kind}::text as kind, g as n, g::text || ${kind} as label, jsonb_build_object('g', g, 'k', ${kind}::text) as attrs, null::text as nothing from generate_series(1, ${n}::int) g`;

/** The names of the statements prepared on the connection `q` runs on. */
async function preparedNames(q: HubQuery): Promise<string[]> {
  return (await rowsOf<{ name: string }>(q, sql`select name from pg_prepared_statements`)).map((r) => r.name);
}

describe.each(BACKENDS)('prepared statements on %s', (backendName) => {
  let backend: Backend;
  let db: HubDb;

  beforeAll(async () => {
    backend = await makeBackend(backendName);
    db = await backend.open();
  });
  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  /**
   * On one connection: a transaction of the pool on PostgreSQL (pg_prepared_statements is that
   * connection's); PGlite's one session outside a transaction (inside one, see the FR-08 test).
   */
  const onOneConnection = <T>(fn: (q: HubQuery) => Promise<T>): Promise<T> => (backendName === 'postgres' ? db.orm.transaction(fn) : fn(db.orm));

  it('answers as execute does, and the connection keeps the statement under a name derived from its text', async () => {
    await onOneConnection(async (q) => {
      expect(await preparedNames(q)).not.toContain(nameOf(statement('lot', 1)));
      for (const [kind, n] of [['lot', 3], ["it's", 5], ['lot', 0]] as const) {
        expect(await preparedRows(q, statement(kind, n))).toEqual(await rowsOf(q, statement(kind, n)));
      }
      expect(await preparedNames(q)).toContain(nameOf(statement('lot', 1)));
    });
    expect(nameOf(statement('lot', 1))).toBe(nameOf(statement('batch', 9)));
    expect(nameOf(sql`select 1`)).not.toBe(nameOf(sql`select 2`));
  });

  it('prepares again when the session lost the statement, and a failing call leaves the session usable', async () => {
    await onOneConnection(async (q) => {
      await preparedRows(q, statement('lot', 2));
      // node-postgres keeps its own list per connection and is not asked to recover: PGlite only.
      if (backendName === 'pglite') {
        await q.execute(sql.raw(`deallocate ${nameOf(statement('lot', 2))}`));
        expect(await preparedNames(q)).not.toContain(nameOf(statement('lot', 2)));
        expect(await preparedRows(q, statement('lot', 2))).toEqual(await rowsOf(q, statement('lot', 2)));
      }
    });
    const failing = sql`select 1 / (${0}::int - ${0}::int) as x`;
    // division_by_zero, as execute reports it (drizzle's error, the database's as its cause); twice:
    // the first call prepared the statement before it failed.
    for (let i = 0; i < 2; i++) await expect(preparedRows(db.orm, failing)).rejects.toMatchObject({ cause: { code: '22012' } });
    await expect(rowsOf(db.orm, failing)).rejects.toMatchObject({ cause: { code: '22012' } });
    expect(await preparedRows(db.orm, statement('pallet', 1))).toEqual([{ kind: 'pallet', n: 1, label: '1pallet', attrs: { g: 1, k: 'pallet' }, nothing: null }]);
  });

  it('runs inside a transaction and sees its writes', async () => {
    await db.orm.execute(sql`create table if not exists prepared_probe (id int primary key)`);
    await db.orm.transaction(async (tx) => {
      await tx.execute(sql`insert into prepared_probe values (7)`);
      expect(await preparedRows(tx, sql`select id from prepared_probe where id = ${7}`)).toEqual([{ id: 7 }]);
      tx.rollback();
    }).catch(() => undefined);
    expect(await preparedRows(db.orm, sql`select id from prepared_probe where id = ${7}`)).toEqual([]);
  });

  it('FR-08 runs as a named statement inside a transaction on both drivers (the intake stores a page so), and a failing one rolls the transaction back whole', async () => {
    await db.orm.execute(sql`create table if not exists prepared_tx_probe (id int primary key, page json)`);
    const page = Buffer.from(JSON.stringify({ text: '称量 “µg” \u2028' }));
    const insert = (id: number) => sql`insert into prepared_tx_probe (id, page) values (${id}::int, ${page}::json) returning id, page::text as page`;
    await db.orm.transaction(async (tx) => {
      expect(await preparedRows(tx, insert(1))).toEqual([{ id: 1, page: page.toString('utf8') }]);
      expect(await preparedNames(tx)).toContain(nameOf(insert(1)));
      expect(await preparedRows(tx, insert(2))).toEqual([{ id: 2, page: page.toString('utf8') }]);
    });
    // A duplicate key inside the transaction: drizzle's error with the database's as its cause, and nothing of it stays.
    await expect(
      db.orm.transaction(async (tx) => {
        await preparedRows(tx, insert(3));
        await preparedRows(tx, insert(1));
      }),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
    expect(await rowsOf(db.orm, sql`select id from prepared_tx_probe order by id`)).toEqual([{ id: 1 }, { id: 2 }]);
    // The session is usable, and the statement still prepared, after the rolled-back transaction.
    await db.orm.transaction(async (tx) => {
      expect(await preparedRows(tx, insert(4))).toEqual([{ id: 4, page: page.toString('utf8') }]);
    });
    expect(await rowsOf(db.orm, sql`select id from prepared_tx_probe order by id`)).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }]);
    // A statement whose first run (outside a transaction) failed after its Parse runs inside one.
    const divide = (by: number) => sql`select 10 / ${by}::int as q, 'tx-probe' as k`;
    await expect(preparedRows(db.orm, divide(0))).rejects.toMatchObject({ cause: { code: '22012' } });
    expect(await db.orm.transaction((tx) => preparedRows(tx, divide(2)))).toEqual([{ q: 5, k: 'tx-probe' }]);
  });

  it('FR-137 a statement first prepared, or its older generation closed, inside a transaction that rolls back: the names this process keeps still match the session, and the next transactions run it', async () => {
    // Parse and Close are session facts PostgreSQL does not roll back: the process's list of
    // prepared names (prepared-statement.ts) must not roll back either, or the next use inside a
    // transaction parses again, fails (42P05) and aborts that transaction.
    const probe = (n: number) => sql`select ${n}::int * 2 as d, 'rollback-probe' as k`;
    const rolledBack = (n: number) =>
      expect(
        db.orm.transaction(async (tx) => {
          expect(await preparedRows(tx, probe(n))).toEqual([{ d: 2 * n, k: 'rollback-probe' }]);
          throw new Error('the transaction fails after the statement ran');
        }),
      ).rejects.toThrow('the transaction fails');
    const inTransaction = (n: number) => db.orm.transaction((tx) => preparedRows(tx, probe(n)));
    await rolledBack(1);
    expect(await inTransaction(2)).toEqual([{ d: 4, k: 'rollback-probe' }]);
    await onOneConnection(async (q) => expect(await preparedNames(q)).toContain(nameOf(probe(1))));
    replanPreparedStatements();
    await rolledBack(3);
    expect(await inTransaction(4)).toEqual([{ d: 8, k: 'rollback-probe' }]);
    expect(await preparedRows(db.orm, probe(5))).toEqual([{ d: 10, k: 'rollback-probe' }]);
  });

  it('FR-132 after the plans are renewed the next use prepares the statement again, also inside a transaction, and PGlite closes the older one', async () => {
    const probe = (n: number) => sql`select ${n}::int + 1 as m, 'replan-probe' as k`;
    await onOneConnection(async (q) => {
      expect(await preparedRows(q, probe(1))).toEqual([{ m: 2, k: 'replan-probe' }]);
      const older = nameOf(probe(1));
      expect(await preparedNames(q)).toContain(older);
      replanPreparedStatements();
      const newer = nameOf(probe(1));
      expect(newer).not.toBe(older);
      expect(await preparedRows(q, probe(2))).toEqual([{ m: 3, k: 'replan-probe' }]);
      const names = await preparedNames(q);
      expect(names).toContain(newer);
      // node-postgres keeps the connection's older name until the connection closes.
      if (backendName === 'pglite') expect(names).not.toContain(older);
    });
    replanPreparedStatements();
    // Inside a transaction (the intake's path): prepared again there, and the transaction commits.
    expect(await db.orm.transaction(async (tx) => {
      const rows = await preparedRows(tx, probe(3));
      expect(await preparedNames(tx)).toContain(nameOf(probe(3)));
      return rows;
    })).toEqual([{ m: 4, k: 'replan-probe' }]);
  });
});
