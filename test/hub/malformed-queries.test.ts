/**
 * FR-138: bad query values reach the code that reads them. malformed-requests.test.ts sends its
 * query corpus without a session, so every case stops at authentication; here each GET route
 * that declares query parameters (from the hub's own OpenAPI document, never a hand-kept list)
 * gets negative, NaN, infinite, fractional and huge numbers, SQL-looking text, LIKE wildcards,
 * lone surrogates, a right-to-left override, an overlong value and a parameter given twice,
 * signed in as a person whose role may read the route. No answer is a 5xx; every refusal is a
 * 4xx in the hub's one error shape with a known code; and a page size, cursor or depth that is
 * not a whole number in range is refused, never read as "no limit". On PGlite: the route code
 * and its validation are the same on both databases (malformed-requests.test.ts runs both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src-shared/errors.ts';
import { ErrorBodySchema } from '../../src-shared/sync/sync-protocol.ts';
import { provisionHubUser } from './support/provision-user.ts';
import { startTestHub, type TestHub } from './support/test-hub.ts';
import { malformedQueries, send, type RouteEntry } from './support/malformed-requests.ts';

const PASSWORD = 'Query-probes-2026!';
const PEOPLE = [
  { username: 'qa.hostile', printedName: 'Quinn Hostile', roles: ['qa'] },
  { username: 'qp.hostile', printedName: 'Paula Hostile', roles: ['qp'] },
  { username: 'op.hostile', printedName: 'Otto Hostile', roles: ['operator'] },
  { username: 'md.hostile', printedName: 'Mia Hostile', roles: ['master-data'] },
  { username: 'lims.hostile', printedName: 'Lim Hostile', roles: ['lims'] },
];

interface OpenApiParameter {
  in: string;
  name: string;
}

describe('FR-138 bad query values with a session', () => {
  let t: TestHub;
  const tokens: string[] = [];

  beforeAll(async () => {
    t = await startTestHub({ backend: 'pglite' });
    for (const p of PEOPLE) {
      await provisionHubUser(t, { ...p, password: PASSWORD });
      const login = await t.api<{ token: string }>('POST', '/api/v1/auth/login', { username: p.username, password: PASSWORD });
      expect(login.status).toBe(200);
      tokens.push(login.body.token);
    }
    tokens.push(t.adminToken);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('FR-138 every GET route with query parameters answers bad values with a typed 4xx or a page, never a 5xx, and refuses a bad page size, cursor or depth', async () => {
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>> };
    const failures: string[] = [];
    let routes = 0;
    let sent = 0;
    for (const [openApiPath, methods] of Object.entries(doc.paths)) {
      const get = methods['get'];
      const params = (get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      if (params.length === 0) continue;
      const route: RouteEntry = { method: 'GET', path: openApiPath.replace(/\{([A-Za-z_]+)\}/g, ':$1') };
      // The first session the route lets in (a plain request that is not 401/403).
      let token: string | undefined;
      for (const candidate of tokens) {
        const a = await send(t.url, { name: 'probe', method: 'GET', path: route.path.replace(/:[A-Za-z_]+/g, 'X-1'), headers: {} }, { authorization: `Bearer ${candidate}` });
        if (a.status !== 401 && a.status !== 403) {
          token = candidate;
          break;
        }
      }
      if (!token) continue;
      routes++;
      for (const r of malformedQueries(route, params, {})) {
        const a = await send(t.url, r, { authorization: `Bearer ${token}` });
        sent++;
        const where = `${route.path} [${r.name}] -> ${a.status} ${a.body.slice(0, 160)}`;
        if (a.status >= 500 || a.status < 100) failures.push(where);
        else if (r.expect === 'refused' && a.status < 400) failures.push(`not refused: ${where}`);
        else if (a.status >= 400) {
          let shape = false;
          try {
            shape = ErrorCode.safeParse(ErrorBodySchema.parse(JSON.parse(a.body)).error.code).success;
          } catch {
            shape = false;
          }
          if (!shape) failures.push(`error shape: ${where}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The audit trail, the archive search, the batch list, the trace and the recall are read with a session.
    expect(routes).toBeGreaterThan(15);
    expect(sent).toBeGreaterThan(500);
  }, 300_000);
});
