import { describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { z } from 'zod';
import { route, zodValidatorCompiler } from './zod-schema.ts';
import { PushBodySchema } from '../../src-shared/sync/sync-protocol.ts';

// One zod schema declared by two apps, as every hub start in one process declares the same
// module-level schemas: the conversion is cached per zod schema (zod-schema.ts).
const Body = z.object({ name: z.string().min(1), count: z.number().int().default(1) }).strict();
const Params = z.object({ id: z.string().regex(/^[A-Z]+-\d+$/) });

async function app(onRoute?: (schema: Record<string, unknown>) => void): Promise<FastifyInstance> {
  const a = Fastify();
  a.setValidatorCompiler(zodValidatorCompiler);
  a.setSerializerCompiler(() => (data) => JSON.stringify(data)); // as build-app.ts
  if (onRoute) a.addHook('onRoute', (opts) => onRoute(opts.schema as Record<string, unknown>));
  await a.register(swagger, { openapi: { info: { title: 't', version: '1' } } });
  a.post('/things/:id', route({ tags: ['t'], summary: 'a thing', body: Body, params: Params, response: Body }), async (req) => ({ params: req.params, body: req.body }));
  await a.ready();
  return a;
}

async function call(a: FastifyInstance, id: string, body: unknown) {
  const res = await a.inject({ method: 'POST', url: `/things/${id}`, payload: body as object });
  return { status: res.statusCode, body: res.json() as unknown };
}

describe('route schemas converted once per zod schema', () => {
  it('two apps in one process give the same OpenAPI document and the same validation', async () => {
    const [a, b] = [await app(), await app()];
    try {
      const docA = a.swagger() as { paths: Record<string, { post: { requestBody: unknown } }> };
      expect(b.swagger()).toEqual(docA);
      // the document still describes the zod schema
      expect(JSON.stringify(docA.paths['/things/{id}']!.post.requestBody)).toContain('"minLength":1');
      for (const x of [a, b]) {
        expect(await call(x, 'AB-1', { name: 'n' })).toEqual({ status: 200, body: { params: { id: 'AB-1' }, body: { name: 'n', count: 1 } } });
        expect((await call(x, 'ab-1', { name: 'n' })).status).toBe(400);
        expect((await call(x, 'AB-1', { name: '' })).status).toBe(400);
        expect((await call(x, 'AB-1', { name: 'n', extra: 1 })).status).toBe(400);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('what one app writes into its route schema reaches neither another app nor a later one', async () => {
    const a = await app((schema) => {
      (schema.body as Record<string, unknown>).description = 'written by app a';
      ((schema.params as { properties: Record<string, unknown> }).properties.id as Record<string, unknown>).pattern = '^x$';
    });
    const b = await app();
    try {
      const doc = JSON.stringify(b.swagger());
      expect(doc).not.toContain('written by app a');
      expect(doc).not.toContain('^x$');
      expect(route({ tags: [], summary: '', body: Body }).schema.body).toEqual(z.toJSONSchema(Body, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }));
      expect(await call(b, 'AB-1', { name: 'n' })).toMatchObject({ status: 200 });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('a fast yes for a body zod would return unchanged (zod-fast-accept.ts)', () => {
  const H = 'a'.repeat(64);
  const entry = (seq: number) => ({ seq, stationId: 'ST-1', time: '2026-03-02T01:00:00.000Z', tzOffset: '+08:00', type: 'comment.recorded', actor: 'user-1', batchRef: null, payload: { text: 'ok' }, prevHash: H, hash: H });
  const PAGE = { entries: [entry(1), entry(2)], checkpoints: [], atHead: true };
  const edit = (root: unknown, at: (string | number)[], f: (parent: Record<string | number, unknown>, key: string | number) => void): unknown => {
    const copy = structuredClone(root);
    let parent = copy as Record<string | number, unknown>;
    for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    f(parent, at.at(-1)!);
    return copy;
  };
  it('the route validator hands a page on as it is, and leaves every refusal and its words to zod', () => {
    const validate = zodValidatorCompiler({ schema: route({ tags: [], summary: '', body: PushBodySchema }).schema.body as object, method: 'POST', url: '/p', httpPart: 'body' }) as (d: unknown) => { value?: unknown; error?: Error };
    const page = structuredClone(PAGE);
    expect(validate(page).value).toBe(page);
    const bad = edit(PAGE, ['entries', 0, 'hash'], (p, k) => (p[k] = 'g'.repeat(64)));
    expect(validate(bad).error?.message).toMatch(/^entries\.0\.hash: /);
    // a key zod strips: zod's copy, without it
    const extra = edit(PAGE, ['entries', 0, 'seq'], (p) => (p.extra = 1)) as typeof PAGE;
    const out = validate(extra).value as typeof PAGE;
    expect(out).not.toBe(extra);
    expect(out.entries[0]).not.toHaveProperty('extra');
  });
});
