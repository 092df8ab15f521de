/**
 * Web/kiosk mode: the same UI and Station API as the Electron shell, served to a browser on
 * 127.0.0.1 for thin clients and for the end-to-end tests. POST /api/<method> carries
 * `{ input }` and answers the Result as JSON (always HTTP 200 for a Result: a refusal is data,
 * not a transport failure); GET /live is a WebSocket of live events (balance readings).
 */
import Fastify, { type FastifyInstance } from 'fastify';
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

export interface WebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** How long a new live socket may take to name its session. */
const LIVE_HELLO_MS = 5000;

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  let port = opts.port;
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
    const body = req.body as { input?: unknown } | undefined;
    const result = await opts.runtime.api(req.params.method, body && typeof body === 'object' ? body.input : undefined, { sessionId });
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
    reply.code(file.status).type(file.type).header('cache-control', file.cache).send(file.body);
  });

  await app.listen({ host: '127.0.0.1', port: opts.port });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => app.close(),
  };
}
