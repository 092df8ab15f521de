/**
 * Every route schema is declared once, at module level: a hub start converts each to JSON Schema
 * once per process (src-server/http/zod-schema.ts), and a schema a route module built at
 * registration (an inline z.array(...)) was converted again at every start (~23 of them, ~8 ms of
 * CPU per start; about 150 test hubs start in a full run, in shared workers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/test-hub.ts';
import { buildHubApp } from '../../src-server/http/build-app.ts';
import { conversions } from '../../src-server/http/zod-schema.ts';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ backend: 'pglite' });
});
afterAll(async () => {
  await hub?.close();
});

describe('route schemas', () => {
  it('a second hub app in the same process converts no route schema again, and documents the same routes', async () => {
    const before = conversions();
    const app = await buildHubApp(hub.hub.services, { logger: false });
    try {
      expect(conversions() - before).toBe(0);
      expect(Object.keys((app.swagger() as { paths: object }).paths)).toEqual(Object.keys((hub.hub.app.swagger() as { paths: object }).paths));
    } finally {
      await app.close();
    }
  });
});
