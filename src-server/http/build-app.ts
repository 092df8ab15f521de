/**
 * The hub's HTTP server (Fastify): JSON in and out, every input parsed by its zod schema
 * (zod-schema.ts), every refusal `{ error: { code, message, details } }` with a stable code,
 * structured request logs (pino), Prometheus metrics, an OpenAPI document at /openapi.json.
 *
 * The JSON body parser keeps the raw bytes: a station's request signature covers the body
 * exactly as sent, not as re-serialised. Answers to AUTHENTICATED station requests (their
 * signature verified) are signed with the hub key over (method, path, request nonce, status,
 * body hash) — see src-core/sync/request-signature.ts; nothing else is signed, whatever
 * headers a caller sends, so the hub is no signing oracle.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { SYNC_HEADERS, sha256Hex, signResponse } from '../../src-core/sync/request-signature.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import type { AuthenticatedStation } from '../stations/station-auth.ts';
import { sendError } from './route-helpers.ts';
import { zodValidatorCompiler } from './zod-schema.ts';
import type { HubServices } from './hub-services.ts';
import { registerOpsRoutes } from './routes/ops-routes.ts';
import { registerEnrolmentRoutes } from './routes/enrolment-routes.ts';
import { registerSyncRoutes } from './routes/sync-routes.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerMasterDataRoutes } from './routes/master-data-routes.ts';
import { registerQuality } from '../quality/http/register-quality.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: Buffer | undefined;
    station: AuthenticatedStation | null;
    principal: HubPrincipal | null;
    /** The nonce of a station request whose signature verified (set by the station guard). */
    signedNonce: string | null;
  }
}

/** A push page of 1,000 entries with certificates stays well below this. */
const BODY_LIMIT = 32 * 1024 * 1024;

export interface BuildAppOptions {
  /** pino options, or false for silence (tests). */
  logger: boolean | Record<string, unknown>;
  /** The built web console (issue 7); default dist-console/ when it exists. */
  consoleDir?: string | undefined;
  /** Serve HTTPS with this certificate and key (keys/hub-tls.ts). */
  https?: { cert: string; key: string };
  /** Fastify trustProxy: the proxies whose X-Forwarded-For names the client. */
  trustProxy?: boolean | string | string[];
}

export async function buildHubApp(services: HubServices, options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger,
    bodyLimit: BODY_LIMIT,
    ...(options.https ? { https: { ...options.https, minVersion: 'TLSv1.2' as const } } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  }) as unknown as FastifyInstance;
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('station', null);
  app.decorateRequest('principal', null);
  app.decorateRequest('signedNonce', null);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer;
    req.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch {
      done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400, code: 'INPUT_INVALID' }), undefined);
    }
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Batchline hub API', version: SOFTWARE_VERSION, description: 'Station enrolment, verified ledger sync up, master data down, and hub administration.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/v1/auth/login' },
          stationSignature: {
            type: 'apiKey',
            in: 'header',
            name: SYNC_HEADERS.signature,
            description: `RSA signature by the station key over method, path, body hash, ${SYNC_HEADERS.time} and ${SYNC_HEADERS.nonce} (see request-signature.ts)`,
          },
        },
      },
    },
  });

  app.setErrorHandler((error: Error & { validation?: unknown; statusCode?: number; code?: string }, req, reply) => {
    if (error.validation || error.code === 'INPUT_INVALID') return sendError(reply, 'INPUT_INVALID', error.message);
    if (error.statusCode === 413) return sendError(reply, 'INPUT_INVALID', 'the request body is too large');
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return sendError(reply, 'INPUT_INVALID', error.message, undefined, error.statusCode);
    req.log.error({ err: error }, 'unhandled hub error');
    return sendError(reply, 'HUB_ERROR', 'the hub failed to handle the request; it was logged');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const nonce = req.signedNonce;
    if (nonce === null) return payload;
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : '';
    reply.header(SYNC_HEADERS.hubSignature, signResponse(services.ctx.keys.hubKey, { method: req.method, path: req.url, nonce, status: reply.statusCode, bodySha256: sha256Hex(body) }));
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    services.metrics.observeRequest(req.method, req.routeOptions.url ?? 'unknown', reply.statusCode, reply.elapsedTime / 1000);
  });

  registerOpsRoutes(app, services);
  registerEnrolmentRoutes(app, services);
  registerSyncRoutes(app, services);
  registerAdminRoutes(app, services);
  registerMasterDataRoutes(app, services);
  registerQuality(app, services, { consoleDir: options.consoleDir });
  await app.ready();
  return app;
}
