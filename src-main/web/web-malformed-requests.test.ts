/**
 * Malformed requests to every route of the station's web server (issue 18 item 16), taken
 * from Fastify's route list, with `/api/:method` filled with every method of the Station API
 * contract and with junk: never a 5xx, every refusal a 4xx in the Result shape the page
 * reads, 413 past the body limit, 415 for a body that is not JSON.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src-shared/errors.ts';
import { stationApiContract } from '../../src-shared/api/index.ts';
import { makeTestApi, type TestApi } from '../../test/fakes/test-api.ts';
import { malformedRequests, parseRouteTree, send } from '../../test/hub/support/malformed-requests.ts';
import { LiveBus } from '../shell/live-bus.ts';
import { startWebServer, type WebServer } from './web-server.ts';
import { SESSION_HEADER } from './web-security.ts';

const dir = mkdtempSync(join(tmpdir(), 'batchline-web-malformed-'));
let api: TestApi;
let server: WebServer;

beforeAll(async () => {
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  api = makeTestApi();
  server = await startWebServer({ runtime: { api: api.raw, bus: new LiveBus(), station: api.station }, uiDir: dir, port: 0 });
});
afterAll(async () => {
  await server?.close();
  api?.station.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function isResultRefusal(text: string): boolean {
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
    return body.ok === false && ErrorCode.safeParse(body.error?.code).success && typeof body.error?.message === 'string';
  } catch {
    return false;
  }
}

describe('station web server under malformed requests', () => {
  it('answers every malformed request to every route with a 4xx Result refusal, never a 5xx', async () => {
    const routes = parseRouteTree(server.routes());
    expect(routes).toEqual(expect.arrayContaining([{ method: 'POST', path: '/api/:method' }, { method: 'GET', path: '/*' }]));
    const host = { host: new URL(server.url).host };
    const methods = [...Object.keys(stationApiContract), 'nope', '__proto__', 'constructor'];
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      const plains = route.path.includes(':method') ? methods : ['X-1'];
      for (const plain of plains) {
        const requests = malformedRequests(route, { plain, hugeBytes: 300 * 1024, authHeaders: [{ [SESSION_HEADER]: 'garbage' }, { [SESSION_HEADER]: 'x'.repeat(5000) }, { [SESSION_HEADER]: '\u00ff\u00fe' }] });
        for (const r of requests) {
          if (route.path === '/live' && r.body === undefined && !r.name.startsWith('path')) continue;
          const a = await send(server.url, r, host);
          sent++;
          const where = `${r.method} ${r.path.slice(0, 80)} [${r.name}] -> ${a.status} ${a.body.slice(0, 160)}`;
          if (a.status >= 500 || a.status < 100) failures.push(where);
          else if (r.expect === 'refused' && a.status < 400 && !isResultRefusal(a.body)) failures.push(`not refused: ${where}`);
          else if (typeof r.expect === 'number' && a.status !== r.expect) failures.push(`expected ${r.expect}: ${where}`);
          else if (a.status >= 400 && !isResultRefusal(a.body)) failures.push(`error shape: ${where}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  }, 300_000);
});
