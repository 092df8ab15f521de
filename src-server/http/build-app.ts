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
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import { SYNC_HEADERS, sha256Hex, signResponse } from '../../src-core/sync/request-signature.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import type { AuthenticatedStation } from '../stations/station-auth.ts';
import { sendError } from './route-helpers.ts';
import { readJsonBody } from './json-body.ts';
import { zodValidatorCompiler } from './zod-schema.ts';
import type { HubServices } from './hub-services.ts';
import { registerOpsRoutes } from './routes/ops-routes.ts';
import { registerEnrolmentRoutes } from './routes/enrolment-routes.ts';
import { registerSyncRoutes } from './routes/sync-routes.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerMasterDataRoutes } from './routes/master-data-routes.ts';
import { registerQuality } from '../quality/http/register-quality.ts';
import { registerNotifyRoutes } from '../notify/notify-routes.ts';
import { registerEnvironmentRoutes } from '../environment/environment-routes.ts';
import { registerErpRoutes } from '../erp/erp-routes.ts';
import { registerAlarmRoutes } from '../alarm/alarm-routes.ts';
import { registerEquipmentSignalRoutes } from '../equipment-signals/oee-routes.ts';
import { registerEquipmentRoutes } from '../equipment/equipment-routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: Buffer | undefined;
    station: AuthenticatedStation | null;
    principal: HubPrincipal | null;
    /** The nonce of a station request whose signature verified (set by the station guard). */
    signedNonce: string | null;
  }
}

/**
 * Body limits (issue 18 item 16: an oversized body is a 413, not work for the hub). A push
 * page of 1,000 entries with certificates stays well below the push limit; every other body
 * is one master-data item, user, decision or output lot, far below the default.
 */
const BODY_LIMIT = 1024 * 1024;
const PUSH_BODY_LIMIT = 32 * 1024 * 1024;
const PUSH_ROUTE = `${API_PREFIX}/sync/push`;

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
    // The router's own refusals (a bad percent-encoding in the path, say) in the one error shape.
    // What Node's HTTP parser refuses (a request line or headers past its limits) never reaches
    // Fastify's handlers: answered here in the same shape.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify({ error: { code: tooLarge ? 'INPUT_TOO_LARGE' : 'INPUT_INVALID', message: tooLarge ? 'the request line or headers are too large' : 'the request is not valid HTTP' } });
      if (socket.writable) socket.end(`HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      else socket.destroy();
    },
    frameworkErrors: (error, _req, reply) => sendError(reply, 'INPUT_INVALID', error.message, undefined, error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400),
    ...(options.https ? { https: { ...options.https, minVersion: 'TLSv1.2' as const } } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  }) as unknown as FastifyInstance;
  app.addHook('onRoute', (r) => {
    if (r.url === PUSH_ROUTE) r.bodyLimit = PUSH_BODY_LIMIT;
  });
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('station', null);
  app.decorateRequest('principal', null);
  app.decorateRequest('signedNonce', null);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // JSON only: a body in any other type (text/plain included, which Fastify reads by default)
  // is refused with 415 before a route sees it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer;
    req.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    const parsed = readJsonBody(raw);
    if (parsed.ok) return done(null, parsed.value);
    return done(Object.assign(new Error(parsed.message), { statusCode: 400, code: 'INPUT_INVALID' }), undefined);
  });
  // A NUL in a path or query reached PostgreSQL, which cannot store it, and came back as a 500.
  app.addHook('onRequest', async (req, reply) => {
    if (/%00/i.test(req.url)) return sendError(reply, 'INPUT_INVALID', 'the address contains a NUL character (%00)');
    return undefined;
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
    if (error.statusCode === 413) return sendError(reply, 'INPUT_TOO_LARGE', 'the request body is too large');
    if (error.statusCode === 415) return sendError(reply, 'INPUT_MEDIA_TYPE', 'send the body as application/json');
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return sendError(reply, 'INPUT_INVALID', error.message, undefined, error.statusCode);
    req.log.error({ err: error }, 'unhandled hub error');
    return sendError(reply, 'HUB_ERROR', 'the hub failed to handle the request; it was logged');
  });

  app.setNotFoundHandler((req, reply) => sendError(reply, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`));

  app.addHook('onSend', async (req, reply, payload) => {
    const nonce = req.signedNonce;
    if (nonce === null) return payload;
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : '';
    const hubTime = services.ctx.clock.now().toISOString();
    reply.header(SYNC_HEADERS.hubTime, hubTime);
    reply.header(SYNC_HEADERS.hubSignature, signResponse(services.ctx.keys.hubKey, { method: req.method, path: req.url, nonce, status: reply.statusCode, bodySha256: sha256Hex(body), hubTime }));
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
  registerNotifyRoutes(app, services);
  registerEnvironmentRoutes(app, services);
  registerErpRoutes(app, services);
  registerAlarmRoutes(app, services);
  registerEquipmentSignalRoutes(app, services);
  registerEquipmentRoutes(app, services);
  await app.ready();
  return app;
}
