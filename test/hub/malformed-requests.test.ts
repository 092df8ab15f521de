/**
 * Malformed requests never give a 5xx (issue 18 item 16): every route of the hub, taken from
 * Fastify's route list, gets bad JSON, wrong JSON types, bodies past the limit (413), other
 * content types (415), bad percent-encodings, path traversal, unicode junk, and garbage
 * bearer and station-signature headers. Each answer is below 500, and every refusal is a 4xx
 * in the hub's one error shape with a known code. On PGlite and PostgreSQL: a text that one
 * database driver refuses (a NUL byte) is a classic source of 500s.
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

describe.each(BACKENDS)('malformed requests to every hub route on %s', (backendName) => {
  let backend: Backend;
  let hub: Hub;
  let url: string;
  const consoleDir = mkdtempSync(join(tmpdir(), 'batchline-console-'));

  beforeAll(async () => {
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html>');
    backend = await makeBackend(backendName);
    hub = unwrap(await createHub({ db: await backend.open(), secret: HUB_SECRET, site: 'Test plant', initialCa: TEST_CAS[0]!, keys: keyPool(20), scrypt: TEST_SCRYPT_PARAMS, consoleDir }));
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
    let sent = 0;
    for (const route of routes) {
      const hugeBytes = route.path.endsWith('/sync/push') ? 33 * 1024 * 1024 : 2 * 1024 * 1024;
      for (const r of malformedRequests(route, { hugeBytes, authHeaders: AUTH_HEADERS })) {
        const a = await send(url, r);
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
    expect(sent).toBeGreaterThan(1000);
  }, 300_000);
});
