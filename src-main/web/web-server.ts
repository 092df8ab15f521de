/**
 * Web/kiosk mode: the same UI and Station API as the Electron shell, served to a browser on
 * 127.0.0.1 for thin clients and for the end-to-end tests. POST /api/<method> carries
 * `{ input }` and answers the Result as JSON (always HTTP 200 for a Result: a refusal is data,
 * not a transport failure); GET /live is a WebSocket of live events (balance readings).
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { ErrorCode } from '../../src-shared/errors.ts';
import websocket from '@fastify/websocket';
import { err } from '../../src-shared/result.ts';
import type { StationRuntime } from '../shell/station-runtime.ts';
import { staticFile } from './static-files.ts';
import { isTrustedRequest, SECURITY_HEADERS, SESSION_HEADER, webContentSecurityPolicy } from './web-security.ts';

export interface WebServerOptions {
  runtime: Pick<StationRuntime, 'api' | 'bus'> & { station: Pick<StationRuntime['station'], 'auth'> };
  uiDir: string;
  /** 0 picks a free port. */
  port: number;
}

/** A Station API call is a small JSON document; readings and records travel the other way. */
const BODY_LIMIT = 256 * 1024;

function refuse(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('application/json').send(err(code, message));
}

export interface WebServer {
  url: string;
  port: number;
  /** The routes as Fastify lists them (tests send malformed requests to each one). */
  routes(): string;
  close(): Promise<void>;
}

/** How long a new live socket may take to name its session. */
const LIVE_HELLO_MS = 5000;

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    // A path the router cannot decode (bad percent-encoding) is the caller's fault: 400 as a Result.
    frameworkErrors: (error, _req, reply) => refuse(reply, error.statusCode ?? 400, 'INPUT_INVALID', error.message),
    // What Node's HTTP parser refuses (headers or request line past its limits) never reaches a
    // handler: answered here, in the same Result shape.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify(err(tooLarge ? 'INPUT_TOO_LARGE' : 'INPUT_INVALID', tooLarge ? 'the request line or headers are too large' : 'the request is not valid HTTP'));
      if (socket.writable) socket.end(`HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      else socket.destroy();
    },
  });
  let port = opts.port;
  // JSON only (the page's client sends nothing else); text/plain, which Fastify reads by
  // default, would reach a handler as a string.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  // Malformed requests (issue 18 item 16) answer 4xx in the Result shape the page reads; only a
  // fault of the station itself is a 500.
  app.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return refuse(reply, 413, 'INPUT_TOO_LARGE', 'the request body is too large');
    if (status === 415) return refuse(reply, 415, 'INPUT_MEDIA_TYPE', 'send the body as application/json');
    if (status >= 400 && status < 500) return refuse(reply, status, 'INPUT_INVALID', error.message);
    return refuse(reply, 500, 'API_INTERNAL_ERROR', 'the station failed to handle the request');
  });
  app.setNotFoundHandler((req, reply) => refuse(reply, 404, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`));
  await app.register(websocket, { options: { maxPayload: 4096 } });

  app.addHook('onRequest', async (req, reply) => {
    if (!isTrustedRequest({ host: req.headers.host, origin: req.headers.origin }, port)) {
      return reply.code(403).type('application/json').send(err('API_SENDER_REFUSED', 'this station only answers its own page on 127.0.0.1'));
    }
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    reply.header('content-security-policy', webContentSecurityPolicy(port));
    return payload;
  });

  app.post<{ Params: { method: string }; Body: { input?: unknown } }>('/api/:method', async (req, reply) => {
    const header = req.headers[SESSION_HEADER];
    const sessionId = typeof header === 'string' && header.length > 0 && header.length <= 200 ? header : null;
    // The envelope is `{ input }` (src-renderer/api/transport.ts) or no body: anything else is
    // not a call from our page, and must not run a method as if it carried no input.
    const body: unknown = req.body;
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).some((k) => k !== 'input'))) {
      return refuse(reply, 400, 'INPUT_INVALID', 'the body must be a JSON object { "input": … }');
    }
    const result = await opts.runtime.api(req.params.method, (body as { input?: unknown } | undefined)?.input, { sessionId });
    reply.header('cache-control', 'no-store').type('application/json').send(result);
  });

  // The live feed is bound to a session (issue 10 item 6): a browser cannot set headers on a
  // WebSocket, so the page's first message names its session; without an active one (none,
  // ended, locked) the socket closes with 4401 and carries nothing. Each event re-checks, so a
  // logout or lock ends the feed at once.
  app.get('/live', { websocket: true }, (socket) => {
    const auth = opts.runtime.station.auth;
    let off: (() => void) | null = null;
    const active = (sessionId: string) => {
      const s = auth.sessions.get(sessionId);
      return s !== undefined && !s.locked;
    };
    const refuse = () => {
      off?.();
      off = null;
      socket.close(4401, 'no session');
    };
    const timer = setTimeout(() => off === null && refuse(), LIVE_HELLO_MS);
    socket.on('message', (raw: unknown) => {
      if (off !== null) return; // after the hello the channel is one-way
      clearTimeout(timer);
      let sessionId: unknown = null;
      try {
        sessionId = (JSON.parse(String(raw)) as { session?: unknown }).session;
      } catch {
        // not JSON: no session
      }
      if (typeof sessionId !== 'string' || !active(sessionId) || !auth.require(sessionId).ok) return refuse();
      off = opts.runtime.bus.subscribe((event) => {
        if (!active(sessionId)) return refuse();
        // A client that cannot keep up misses readings rather than delaying everybody's.
        if (socket.bufferedAmount > 1 << 20) return;
        socket.send(JSON.stringify(event));
      });
    });
    const stop = () => {
      clearTimeout(timer);
      off?.();
      off = null;
    };
    socket.on('close', stop);
    socket.on('error', stop);
  });

  app.get('/*', async (req, reply) => {
    const file = await staticFile(opts.uiDir, req.url);
    if (file.status === 404) return refuse(reply, 404, 'NOT_FOUND', 'not found');
    return reply.code(file.status).type(file.type).header('cache-control', file.cache).send(file.body);
  });

  await app.listen({ host: '127.0.0.1', port: opts.port });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    routes: () => app.printRoutes({ commonPrefix: false }),
    close: () => app.close(),
  };
}
