/**
 * Route schemas written once in zod (src-shared/sync/sync-protocol.ts): converted to JSON
 * Schema for the OpenAPI document (@fastify/swagger), and validated with zod itself, so the
 * document and the validation cannot disagree. The validator compiler finds the zod schema
 * behind each generated JSON schema by object identity.
 */
import { z } from 'zod';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { exactAcceptor } from '../../src-shared/zod-fast-accept.ts';

const zodOf = new WeakMap<object, z.ZodType>();

/**
 * The conversion of each zod schema, made once per process. Every hub start declares every
 * route, and converting ~290 schemas again each time cost ~40 ms of CPU per start (of ~165 ms
 * for a test hub on PostgreSQL; about 150 test hubs a run, in shared test workers). Schemas a
 * route module built at registration (an inline z.array(...)) were new objects each start and
 * converted each time: route modules declare every schema at module level (conversions() counts,
 * for the test that a second start converts none). The cached conversion is never handed out: each route gets its
 * own deep copy (a plain JSON tree; cloning costs a fifth of converting), so nothing Fastify or
 * @fastify/swagger may write into a route's schema can reach another route or another hub; and
 * the copy, like a fresh conversion before, is the key the validator compiler finds the zod
 * schema by.
 */
const converted = new WeakMap<z.ZodType, Record<string, unknown>>();
let conversionCount = 0;

/** How many zod schemas this process has converted to JSON Schema so far. */
export function conversions(): number {
  return conversionCount;
}

function json(schema: z.ZodType): Record<string, unknown> {
  let pristine = converted.get(schema);
  if (!pristine) {
    pristine = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    converted.set(schema, pristine);
    conversionCount += 1;
  }
  const out = structuredClone(pristine);
  zodOf.set(out, schema);
  return out;
}

export interface RouteDoc {
  tags: string[];
  summary: string;
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
  /** Success response (documentation only; answers are built from typed values). */
  response?: z.ZodType;
  /** The route needs a signed station request or a bearer session. */
  security?: 'station' | 'bearer';
}

export function route(doc: RouteDoc): { schema: FastifySchema } {
  const schema: FastifySchema & Record<string, unknown> = { tags: doc.tags, summary: doc.summary };
  if (doc.body) schema.body = json(doc.body);
  if (doc.querystring) schema.querystring = json(doc.querystring);
  if (doc.params) schema.params = json(doc.params);
  if (doc.response) schema.response = { 200: json(doc.response) };
  if (doc.security) schema.security = [{ [doc.security === 'station' ? 'stationSignature' : 'bearer']: [] }];
  return { schema };
}

/**
 * A value zod would return as an equal copy is taken as it is (zod-fast-accept.ts: a push page
 * was copied entry by entry, payload by payload); everything else is zod's to parse and refuse.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema }) => {
  const zod = zodOf.get(schema as object);
  const exact = zod ? exactAcceptor(zod) : null;
  return (data: unknown) => {
    if (!zod) return { value: data };
    if (exact?.(data)) return { value: data };
    const parsed = zod.safeParse(data);
    if (parsed.success) return { value: parsed.data };
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { error: Object.assign(new Error(message), { validation: parsed.error.issues }) };
  };
};
