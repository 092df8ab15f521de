/**
 * The busy-connection guard of the integration project (pg-busy-guard.ts, installed for every
 * file by shared-worker-guard.ts), against the real PostgreSQL server the hub suite uses: it
 * counts queries in flight itself, so it must see a query sent on a busy connection in each of
 * pg's calling forms, and must not see queries sent one after another or on two connections.
 * Each case takes what it caused (takeBusyQueries), so the file's own guard stays green.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PG_ADMIN_URL } from '../hub/support/hub-backends.ts';
import { installPgBusyGuard, takeBusyQueries } from './pg-busy-guard.ts';

let client: pg.Client;
beforeAll(async () => {
  installPgBusyGuard();
  client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  takeBusyQueries();
});
afterAll(async () => {
  await client?.end();
});

describe('the busy-connection guard', () => {
  it('catches a query sent while another is in flight on the same connection (promise form), named by its stack', async () => {
    await Promise.all([client.query('select pg_sleep(0.05)'), client.query('select 1')]);
    const seen = takeBusyQueries();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('pg-busy-guard.test.ts');
  });

  it('catches it in the callback form and behind a query object; the count drops when each is answered', async () => {
    await new Promise<void>((resolve, reject) => {
      client.query('select pg_sleep(0.05)', (e) => (e ? reject(e) : undefined));
      client.query('select 2', [], (e: Error | null) => (e ? reject(e) : resolve()));
    });
    expect(takeBusyQueries()).toHaveLength(1);
    const q = new pg.Query('select pg_sleep(0.05)');
    const ended = new Promise((resolve) => q.once('end', resolve));
    client.query(q);
    await Promise.all([client.query('select 3'), ended]);
    expect(takeBusyQueries()).toHaveLength(1);
    await client.query('select 4');
    expect(takeBusyQueries()).toEqual([]);
  });

  it('sees nothing in queries awaited one after another, a refused one among them, a query sent from the previous one\'s callback, or concurrent queries of a pool', async () => {
    await client.query('select 1');
    await expect(client.query('select * from no_such_table_anywhere')).rejects.toThrow(/no_such_table/);
    await client.query('select 2');
    await new Promise<void>((resolve, reject) => client.query('select 3', () => void client.query('select 4').then(() => resolve(), reject)));
    const pool = new pg.Pool({ connectionString: PG_ADMIN_URL, max: 2 });
    try {
      await Promise.all([pool.query('select pg_sleep(0.05)'), pool.query('select pg_sleep(0.05)'), pool.query('select 5')]);
    } finally {
      await pool.end();
    }
    expect(takeBusyQueries()).toEqual([]);
  });
});
