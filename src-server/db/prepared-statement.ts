/**
 * Runs a statement as a named prepared statement of the connection it runs on, so the server
 * plans it once per connection and not on every call (issue 16: the trace's recursive CTE took
 * 12 ms to plan on PGlite and 0.5–0.7 ms on a PostgreSQL server, for 1.5 and 1 ms of execution).
 * Same rows as `execute` (sql-rows.ts, rowsOf): drizzle's own row parsing on both drivers, and
 * its error (DrizzleQueryError, the database's error as its cause).
 *
 *   node-postgres  drizzle's prepared query with a name: pg sends Parse once per connection of
 *                  the pool and only Bind/Execute after it (`{ name, text, values }`).
 *   PGlite         one session, so one Parse for the process: Parse under the name the first
 *                  time, then Bind/Describe/Execute/Sync in one protocol exchange
 *                  (`execProtocol`), taking PGlite's query and transaction locks as its own
 *                  `query` does. Inside a PGlite transaction (drizzle hands the statement to a
 *                  Transaction object, which has no protocol access) it runs unprepared.
 *
 * The name is a hash of the text, so one name never stands for two texts (pg keeps a named
 * statement per connection and would run the old text under a reused name). PostgreSQL plans
 * a named statement with its parameters the first five times and may then keep one generic
 * plan; values that change the plan (LIMITs) belong in the text, not in parameters.
 */
import { createHash } from 'node:crypto';
import { DrizzleQueryError, is, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { NodePgSession } from 'drizzle-orm/node-postgres';
import { PgliteSession } from 'drizzle-orm/pglite';
import { parse, PGlite, protocol, type QueryOptions } from '@electric-sql/pglite';
import type { HubQuery } from './open-hub-db.ts';

const dialect = new PgDialect();

export function statementName(text: string): string {
  return `bl_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
}

export async function preparedRows<T extends Record<string, unknown>>(q: HubQuery, statement: SQL): Promise<T[]> {
  const session = q._.session;
  const query = dialect.sqlToQuery(statement);
  const name = statementName(query.sql);
  if (is(session, NodePgSession)) {
    const result = (await session.prepareQuery(query, undefined, name, false).execute()) as unknown as { rows: T[] };
    return result.rows;
  }
  if (is(session, PgliteSession)) {
    // drizzle keeps the client and its parsers private: read at run time, and run unprepared
    // when their shape is not what this file was written against.
    const prepared = session.prepareQuery(query, undefined, undefined, false) as unknown as { client?: unknown; rawQueryConfig?: QueryOptions };
    const values = textValues(query.params);
    if (prepared.client instanceof PGlite && prepared.rawQueryConfig && values) return pgliteNamed<T>(prepared.client, name, query.sql, values, prepared.rawQueryConfig);
  }
  return ((await q.execute(statement)) as unknown as { rows: T[] }).rows;
}

/**
 * Parameters as the text PGlite's own serializers send for them; null when one is of another
 * kind (a date, an array, an object), which then runs unprepared rather than differently.
 */
function textValues(params: readonly unknown[]): (string | null)[] | null {
  const out: (string | null)[] = [];
  for (const v of params) {
    if (v === null || v === undefined) out.push(null);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') out.push(String(v));
    else return null;
  }
  return out;
}

/** Statement names parsed in each PGlite session (as pg keeps them per connection). */
const parsedIn = new WeakMap<PGlite, Set<string>>();

/** SQLSTATE invalid_sql_statement_name and duplicate_prepared_statement. */
const NOT_PREPARED = '26000';
const ALREADY_PREPARED = '42P05';

async function pgliteNamed<T>(client: PGlite, name: string, text: string, values: (string | null)[], options: QueryOptions): Promise<T[]> {
  let parsed = parsedIn.get(client);
  if (!parsed) parsedIn.set(client, (parsed = new Set()));
  const known = parsed;
  const exchange = async (withParse: boolean): Promise<T[]> => {
    const s = protocol.serialize;
    const parts = [...(withParse ? [s.parse({ name, text })] : []), s.bind({ statement: name, values }), s.describe({ type: 'P' }), s.execute({}), s.sync()];
    const message = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      message.set(p, at);
      at += p.length;
    }
    // Sync ends the exchange, so an error leaves the session ready for the next statement.
    const { messages } = await client.execProtocol(message, { syncToFs: false });
    known.add(name);
    return parse.parseResults(messages, client.parsers, options)[0]!.rows as T[];
  };
  // As PGlite's own query: wait for any open transaction, then hold the session.
  return client._runExclusiveTransaction(() =>
    client._runExclusiveQuery(async () => {
      try {
        return await exchange(!known.has(name));
      } catch (e) {
        const code = (e as { code?: string }).code;
        // The session lost the statement (DEALLOCATE) or has it already (parsed by a call
        // that failed after the Parse): once more, with or without the Parse.
        if (code === NOT_PREPARED) known.delete(name);
        else if (code === ALREADY_PREPARED) known.add(name);
        else throw new DrizzleQueryError(text, values, e as Error);
        try {
          return await exchange(code === NOT_PREPARED);
        } catch (again) {
          throw new DrizzleQueryError(text, values, again as Error);
        }
      } finally {
        await client.syncToFs();
      }
    }),
  );
}
