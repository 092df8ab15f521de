/**
 * Every hub start in one process declares the same module-level zod schemas, and their JSON
 * Schema conversion is made once per process (src-server/http/zod-schema.ts): a second hub must
 * publish the same OpenAPI document and validate requests the same as the first.
 */
import { describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/test-hub.ts';

async function look(hub: TestHub) {
  const doc = (await (await fetch(`${hub.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  const refused = await hub.api('POST', '/api/v1/auth/login', { username: 5, password: 'x' });
  const extra = await hub.api('POST', '/api/v1/auth/login', { username: 'it.admin', password: 'x', more: 1 });
  return { doc, refused, extra };
}

describe('two hubs in one process', () => {
  it('publish the same OpenAPI document and refuse the same malformed requests', async () => {
    const seen = [];
    for (let i = 0; i < 2; i++) {
      const hub = await startTestHub({ backend: 'pglite' });
      try {
        seen.push(await look(hub));
      } finally {
        await hub.close();
      }
    }
    const [a, b] = seen;
    expect(Object.keys(a!.doc.paths).length).toBeGreaterThan(50);
    expect(b!.doc).toEqual(a!.doc);
    expect(a!.refused.status).toBe(400);
    expect(b!.refused).toEqual(a!.refused);
    expect(b!.extra).toEqual(a!.extra);
  }, 60_000);
});
