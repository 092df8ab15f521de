/**
 * Malformed requests never give a 5xx (issue 18 item 16): every route of the hub, taken from
 * Fastify's route list, gets bad JSON, wrong JSON types, bodies past the limit (413), other
 * content types (415), bad percent-encodings, path traversal, unicode junk, and garbage
 * bearer and station-signature headers. Each answer is below 500, and every refusal is a 4xx
 * in the hub's one error shape with a known code. On PGlite and PostgreSQL: a text that one
 * database driver refuses (a NUL byte) is a classic source of 500s.
 *
 * The whole corpus goes to the first backend; the second gets every case of every route where
 * any case reached the database there (queries counted per request on the database client).
 * A route none of whose cases made a query (refused by the router, the body parser and its
 * limits, or authentication that needs no lookup) runs the same code whatever the database is
 * (the hub has no code path that depends on it before a query), so sending its cases again
 * proved nothing new. They were ~95% of the second run, half of the file's CPU, and the 2 MB
 * and 33 MB bodies most of its bytes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src-server/create-hub.ts';
import { ErrorCode } from '../../src-shared/errors.ts';
import { unwrap } from '../../src-shared/result.ts';
import { ErrorBodySchema } from '../../src-shared/sync/sync-protocol.ts';
import { SYNC_HEADERS } from '../../src-core/sync/request-signature.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import type { HubDb } from '../../src-server/db/open-hub-db.ts';
import { makeBackend, type Backend, type BackendName } from './support/hub-backends.ts';
import { HUB_SECRET, TEST_CAS } from './support/test-hub.ts';
import { malformedRequests, parseRouteTree, send, type RouteEntry } from './support/malformed-requests.ts';

const AUTH_HEADERS: Record<string, string>[] = [
  { authorization: 'Bearer garbage' },
  { authorization: 'Basic Zm9vOmJhcg==' },
  { authorization: `Bearer ${'a'.repeat(8000)}` },
  { authorization: 'Bearer \u00ff\u00fe\u00e9' },
  { authorization: '' },
  { [SYNC_HEADERS.station]: 'ST-?\u00ff', [SYNC_HEADERS.signature]: 'not base64!!', [SYNC_HEADERS.time]: 'yesterday', [SYNC_HEADERS.nonce]: 'x', [SYNC_HEADERS.cert]: '%%%' },
  { [SYNC_HEADERS.station]: 'ST-01', [SYNC_HEADERS.signature]: Buffer.alloc(256, 7).toString('base64'), [SYNC_HEADERS.time]: new Date().toISOString(), [SYNC_HEADERS.nonce]: 'abcdefghijklmnop0123', [SYNC_HEADERS.cert]: 'a'.repeat(64) },
  { [SYNC_HEADERS.station]: 'x'.repeat(5000), [SYNC_HEADERS.time]: '9'.repeat(400), [SYNC_HEADERS.nonce]: '\u00e9'.repeat(64) },
];

const BACKENDS: BackendName[] = ['pglite', 'postgres'];

/** The routes (method and path) where some case reached the database on the first backend. */
const reachedDb = new Set<string>();

/** Counts the calls on the database client under the hub's ORM (PGlite or a pg Pool). */
function countQueries(db: HubDb): () => number {
  let n = 0;
  const client = (db.orm as unknown as { $client: Record<string, unknown> }).$client;
  for (const method of ['query', 'exec', 'transaction', 'connect']) {
    const original = client[method];
    if (typeof original !== 'function') continue;
    client[method] = function (this: unknown, ...args: unknown[]) {
      n++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  return () => n;
}

describe.each(BACKENDS)('malformed requests to every hub route on %s', (backendName) => {
  let backend: Backend;
  let hub: Hub;
  let url: string;
  let queries: () => number;
  const consoleDir = mkdtempSync(join(tmpdir(), 'batchline-console-'));

  beforeAll(async () => {
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html>');
    backend = await makeBackend(backendName);
    const db = await backend.open();
    queries = countQueries(db);
    hub = unwrap(await createHub({ db, secret: HUB_SECRET, site: 'Test plant', initialCa: TEST_CAS[0]!, keys: keyPool(20), scrypt: TEST_SCRYPT_PARAMS, consoleDir }));
    url = await hub.listen(0);
  });
  afterAll(async () => {
    await hub?.close();
    await backend?.dispose();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('lists the routes from Fastify itself', () => {
    const routes = parseRouteTree(hub.app.printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toEqual(expect.arrayContaining([{ method: 'POST', path: '/api/v1/sync/push' }, { method: 'GET', path: '/console/*' }, { method: 'PUT', path: '/api/v1/master-data/:kind/:key' }]));
  });

  it('a bad percent-encoding under /console/ is no 500', async () => {
    // "%25E0" reached the handler as "%E0" and was decoded a second time: a URIError, a 500.
    for (const path of ['/console/%25E0%25A4', '/console/%25', '/console/%E0%A4%A', '/console/a%00b']) {
      const a = await send(url, { name: path, method: 'GET', path, headers: {} });
      expect(a.status, `${path}: ${a.body}`).toBeLessThan(500);
      if (a.status >= 400) expect(ErrorBodySchema.safeParse(JSON.parse(a.body)).success).toBe(true);
    }
    expect((await send(url, { name: 'traversal', method: 'GET', path: '/console/%252e%252e%252f%252e%252e%252fetc%252fpasswd.txt', headers: {} })).status).toBe(404);
  });

  it('answers every malformed request to every route with a 4xx in the error shape, never a 5xx', async () => {
    const routes: RouteEntry[] = parseRouteTree(hub.app.printRoutes({ commonPrefix: false }));
    const failures: string[] = [];
    // Alone (vitest -t) the second backend gets the whole corpus.
    const all = backendName === BACKENDS[0] || reachedDb.size === 0;
    let sent = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (!all && !reachedDb.has(key)) continue;
      const hugeBytes = route.path.endsWith('/sync/push') ? 33 * 1024 * 1024 : 2 * 1024 * 1024;
      for (const r of malformedRequests(route, { hugeBytes, authHeaders: AUTH_HEADERS })) {
        const before = queries();
        const a = await send(url, r);
        if (backendName === BACKENDS[0] && queries() > before) reachedDb.add(key);
        sent++;
        const where = `${r.method} ${route.path} [${r.name}] -> ${a.status} ${a.body.slice(0, 160)}`;
        if (a.status >= 500 || a.status < 100) failures.push(where);
        else if (r.expect === 'refused' && a.status < 400) failures.push(`not refused: ${where}`);
        else if (typeof r.expect === 'number' && a.status !== r.expect) failures.push(`expected ${r.expect}: ${where}`);
        else if (a.status >= 400) {
          let shape = false;
          try {
            const body = ErrorBodySchema.parse(JSON.parse(a.body));
            shape = ErrorCode.safeParse(body.error.code).success;
          } catch {
            shape = false;
          }
          if (!shape) failures.push(`error shape: ${where}`);
        }
      }
    }
    expect(failures).toEqual([]);
    if (all) expect(sent).toBeGreaterThan(1000);
    else expect(sent).toBeGreaterThan(reachedDb.size * 20);
    // The counter sees the database: a login looks its user up, and the health check asks.
    if (backendName === BACKENDS[0]) for (const route of ['POST /api/v1/auth/login', 'GET /health']) expect(reachedDb.has(route), route).toBe(true);
    else console.log(`[malformed] ${sent} cases on ${backendName}: every case of the ${reachedDb.size} routes that reached the database on ${BACKENDS[0]}`);
  }, 300_000);
});
