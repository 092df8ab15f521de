/**
 * Integration files share worker processes (vitest.config.ts, isolate: false), so what one file
 * leaves in process.env reaches the files after it in the same worker: a hub started there
 * would read another file's ERP endpoint or notification interval. This setup file fails the
 * file that changed a BATCHLINE_* variable without putting it back (its own afterAll hooks run
 * before this one).
 *
 * It also fails a file in which a query was sent on a PostgreSQL connection that was still busy
 * with another (a `Promise.all` over one transaction): pg queues it today, deprecates it and
 * says only once per process; pg 9 will refuse it. Each such call is named by its stack
 * (pg-busy-guard.ts counts the queries in flight itself).
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { installPgBusyGuard, takeBusyQueries } from './pg-busy-guard.ts';

const batchlineEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BATCHLINE_')).sort(([a], [b]) => a.localeCompare(b)));

let before: Record<string, string | undefined> = {};
beforeAll(() => {
  before = batchlineEnv();
});
afterAll(() => {
  expect(batchlineEnv(), 'BATCHLINE_* variables must be as they were before this file (the next file in this worker sees them)').toEqual(before);
});

installPgBusyGuard();
beforeAll(() => {
  takeBusyQueries();
});
afterAll(() => {
  expect(takeBusyQueries(), 'queries sent on a PostgreSQL connection busy with another (one transaction used concurrently)').toEqual([]);
});
