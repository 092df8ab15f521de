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
 *                  `query` does. Inside a PGlite transaction drizzle hands the statement to
 *                  PGlite's Transaction object, which does not name its PGlite: openHubDb
 *                  records which PGlite each transaction runs on (trackPgliteTransactions), and
 *                  the statement runs there under the query lock alone (the transaction holds
 *                  the other), its Parse an exchange of its own the first time, so a failed call
 *                  can never leave a half-known name behind in an aborted transaction. A
 *                  transaction PGlite was not told about runs the statement unprepared.
 *
 * Parameters: strings, numbers, booleans and nulls as text; bytes (a Buffer or Uint8Array) in the
 * binary format, as both drivers send them (a `json` page: its UTF-8 text, open-hub-db.ts).
 *
 * The name is a hash of the text, so one name never stands for two texts (pg keeps a named
 * statement per connection and would run the old text under a reused name). PostgreSQL plans
 * a named statement with its parameters the first five times and may then keep one generic
 * plan; values that change the plan (LIMITs) belong in the text, not in parameters.
 *
 * Plan generations (FR-132): a plan made while the tables were empty (a new hub's first traces)
 * stays with the session's named statement; on PGlite an ANALYZE did not replace it. After the
 * hub's analyze pass (analyze-pass.ts) finds new statistics it calls replanPreparedStatements:
 * the name then carries the new generation, so the next use of each statement parses it again
 * and is planned on the new statistics. PGlite closes the older generation's statement of the
 * same text when it parses the new one (its own bookkeeping); node-postgres keeps each
 * connection's older names until the connection closes (pg knows them per connection, and a
 * pooled query cannot choose its connection): one per statement per generation, and the pass
 * raises the generation only when a table's statistics changed.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { DrizzleQueryError, is, NoopLogger, type SQL } from 'drizzle-orm';
import { NoopCache } from 'drizzle-orm/cache/core';
import { PgDialect } from 'drizzle-orm/pg-core';
import { NodePgSession } from 'drizzle-orm/node-postgres';
import { PgliteSession } from 'drizzle-orm/pglite';
import { parse, PGlite, protocol, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import type { HubQuery } from './open-hub-db.ts';

const dialect = new PgDialect();

/**
 * drizzle's node-postgres type parsers (drizzle-orm/node-postgres/session.js): dates, times and
 * intervals, and their arrays, as the server's text; everything else as pg parses it.
 */
const DRIZZLE_RAW_TYPES = new Set([pg.types.builtins.TIMESTAMPTZ, pg.types.builtins.TIMESTAMP, pg.types.builtins.DATE, pg.types.builtins.INTERVAL, 1231, 1115, 1185, 1187, 1182]);
const rawText = (v: string) => v;
const pgTypes = {
  getTypeParser: (typeId: number, format?: 'text' | 'binary') => (DRIZZLE_RAW_TYPES.has(typeId) ? rawText : pg.types.getTypeParser(typeId, format as 'text')),
};

/** Raised by replanPreparedStatements; part of every statement name after the first. */
let generation = 0;

/** The next use of every named statement, on every connection, parses and plans it again. */
export function replanPreparedStatements(): void {
  generation += 1;
}

/** How many times the statements were made to plan again in this process. */
export function planGeneration(): number {
  return generation;
}

/**
 * Names by text, so a statement run again and again hashes its text once (the trace's text is
 * 4 kB: its hash was a tenth of the trace's own CPU in the hub process, issue 16 item 3). The
 * texts are the hub's statements, a fixed set; the map is emptied if it ever grows past a bound.
 */
const names = new Map<string, string>();
const MAX_NAMES = 1024;

function baseName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `bl_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/** The name `text` runs under now (its hash, and the plan generation once it was raised). */
export function statementName(text: string): string {
  return generation === 0 ? baseName(text) : `${baseName(text)}_g${generation}`;
}

export async function preparedRows<T extends Record<string, unknown>>(q: HubQuery, statement: SQL): Promise<T[]> {
  return preparedQueryRows<T>(q, dialect.sqlToQuery(statement));
}

/** A statement's text and parameters, as drizzle renders an SQL (PgDialect.sqlToQuery). */
export interface QueryText {
  sql: string;
  params: unknown[];
  typings?: unknown[];
}

/**
 * preparedRows for a statement already rendered to its text and parameters: a caller that runs
 * one statement shape again and again keeps the text and fills in the parameters (trace-sql.ts,
 * closureQuery), where rendering the trace's nested SQL on every call cost more than parsing its rows.
 */
export async function preparedQueryRows<T extends Record<string, unknown>>(q: HubQuery, query: QueryText): Promise<T[]> {
  const session = q._.session;
  const name = statementName(query.sql);
  if (is(session, NodePgSession)) {
    // Straight to the pool (or the transaction's client) with drizzle's own query config and
    // type parsers (pgTypes), as its prepared query's execute does when nothing logs or caches:
    // drizzle built a prepared-query object with two configs and their closures per call, which
    // was a tenth of a walked trace's client CPU (issue 16 item 3). Its error as drizzle's.
    const s = session as unknown as { client?: { query?: unknown }; logger?: unknown; cache?: unknown };
    const client = s.client;
    if (client && typeof client.query === 'function' && is(s.logger, NoopLogger) && is(s.cache, NoopCache)) {
      try {
        return ((await (client.query as (config: object, values: unknown[]) => Promise<{ rows: T[] }>).call(client, { name, text: query.sql, types: pgTypes }, query.params)) as { rows: T[] }).rows;
      } catch (e) {
        throw new DrizzleQueryError(query.sql, query.params, e as Error);
      }
    }
    const result = (await session.prepareQuery(query, undefined, name, false).execute()) as unknown as { rows: T[] };
    return result.rows;
  }
  if (is(session, PgliteSession)) {
    // drizzle keeps the client and its parsers private: read at run time, and run unprepared
    // when their shape is not what this file was written against.
    const prepared = session.prepareQuery(query, undefined, undefined, false) as unknown as { client?: unknown; rawQueryConfig?: QueryOptions };
    const values = protocolValues(query.params);
    const client = prepared.client instanceof PGlite ? prepared.client : typeof prepared.client === 'object' && prepared.client !== null ? transactionClients.get(prepared.client) : undefined;
    if (client && prepared.rawQueryConfig && values) return pgliteNamed<T>(client, name, query.sql, values, prepared.rawQueryConfig, client !== prepared.client);
  }
  // Unprepared, as `execute` runs an SQL (drizzle's PgSession.execute: an unnamed prepared query).
  return ((await session.prepareQuery(query, undefined, undefined, false).execute()) as unknown as { rows: T[] }).rows;
}

/**
 * Parameters as PGlite's own serializers send them (text), bytes as they are (binary format); null
 * when one is of another kind (a date, an array, an object), which then runs unprepared rather
 * than differently.
 */
function protocolValues(params: readonly unknown[]): (string | Uint8Array | null)[] | null {
  const out: (string | Uint8Array | null)[] = [];
  for (const v of params) {
    if (v === null || v === undefined) out.push(null);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') out.push(String(v));
    else if (v instanceof Uint8Array) out.push(v);
    else return null;
  }
  return out;
}

/** The PGlite each open PGlite transaction runs on (its Transaction object does not say). */
const transactionClients = new WeakMap<object, PGlite>();

/**
 * Makes `client`'s transactions known to preparedRows, so a statement inside one runs as a named
 * statement too (openHubDb calls it on the PGlite it opens). Wraps the instance's `transaction`
 * once; drizzle's PGlite session begins every transaction there.
 */
export function trackPgliteTransactions(client: PGlite): void {
  if (trackedClients.has(client)) return;
  trackedClients.add(client);
  const begin = client.transaction.bind(client);
  client.transaction = <T>(callback: (tx: Transaction) => Promise<T>): Promise<T> =>
    begin((tx) => {
      transactionClients.set(tx, client);
      return callback(tx);
    });
}
const trackedClients = new WeakSet<PGlite>();

/**
 * Statement names parsed in each PGlite session (as pg keeps them per connection). Parse and
 * Close are session facts a rollback does not undo, so neither does this list (FR-137: a name
 * first parsed, or an older one closed, inside a transaction that rolled back stays as it is).
 */
const parsedIn = new WeakMap<PGlite, Set<string>>();
/** Per PGlite session: the name each text was last parsed under (closed when its generation passed). */
const lastNameIn = new WeakMap<PGlite, Map<string, string>>();

/** SQLSTATE invalid_sql_statement_name and duplicate_prepared_statement. */
const NOT_PREPARED = '26000';
const ALREADY_PREPARED = '42P05';

async function pgliteNamed<T>(client: PGlite, name: string, text: string, values: (string | Uint8Array | null)[], options: QueryOptions, inTransaction: boolean): Promise<T[]> {
  let parsed = parsedIn.get(client);
  if (!parsed) parsedIn.set(client, (parsed = new Set()));
  const known = parsed;
  let lastNames = lastNameIn.get(client);
  if (!lastNames) lastNameIn.set(client, (lastNames = new Map()));
  const last = lastNames;
  const base = baseName(text);
  const s = protocol.serialize;
  const send = async (parts: Uint8Array[]) => {
    const message = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      message.set(p, at);
      at += p.length;
    }
    // Sync ends the exchange, so an error leaves the session ready for the next statement.
    return (await client.execProtocol(message, { syncToFs: false })).messages;
  };
  const run = [s.bind({ statement: name, values }), s.describe({ type: 'P' }), s.execute({}), s.sync()];
  const rows = (messages: Awaited<ReturnType<typeof send>>) => parse.parseResults(messages, client.parsers, options)[0]!.rows as T[];
  // The Parse is an exchange of its own, the first time: the name is known exactly when the
  // session holds the statement, even when the statement then fails (a statement parsed and not
  // known would be parsed again, and inside a transaction that error would abort it).
  const prepare = async () => {
    if (known.has(name)) return;
    // An older generation's statement of this text: closed first (closing an unknown name is no error).
    const older = last.get(base);
    if (older !== undefined && older !== name) {
      await send([s.close({ type: 'S', name: older }), s.sync()]);
      known.delete(older);
      last.delete(base);
    }
    await send([s.parse({ name, text }), s.sync()]);
    known.add(name);
    last.set(base, name);
  };
  const wrapped = (e: unknown) => new DrizzleQueryError(text, values, e as Error);
  if (inTransaction) {
    // The transaction holds PGlite's transaction lock; its statements take the query lock. An
    // error aborts the transaction (as any statement's would), which the caller then rolls back.
    return client._runExclusiveQuery(async () => {
      try {
        await prepare();
        return rows(await send(run));
      } catch (e) {
        if ((e as { code?: string }).code === NOT_PREPARED) known.delete(name);
        throw wrapped(e);
      }
    });
  }
  // As PGlite's own query: wait for any open transaction, then hold the session.
  return client._runExclusiveTransaction(() =>
    client._runExclusiveQuery(async () => {
      try {
        await prepare();
        return rows(await send(run));
      } catch (e) {
        const code = (e as { code?: string }).code;
        // The session lost the statement (DEALLOCATE) or has it already (PREPARE under the
        // same name): once more, with or without the Parse.
        if (code !== NOT_PREPARED && code !== ALREADY_PREPARED) throw wrapped(e);
        if (code === NOT_PREPARED) known.delete(name);
        else known.add(name);
        try {
          await prepare();
          return rows(await send(run));
        } catch (again) {
          throw wrapped(again);
        }
      } finally {
        await client.syncToFs();
      }
    }),
  );
}
