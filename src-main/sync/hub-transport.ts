/**
 * The station's HTTP(S) connection to the hub, as a narrow interface so tests can put a
 * faulty network (test/hub/support/fault-proxy.ts) or an in-process hub behind it. Every
 * request has a deadline; any network failure is HUB_UNREACHABLE, which the sync service
 * treats as "offline, retry later" — never as a refusal.
 */
import http from 'node:http';
import https from 'node:https';
import { err, ok, type Result } from '../../src-shared/result.ts';

export interface HubRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query, e.g. "/api/v1/sync/state". */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
}

export interface HubResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface HubTransport {
  readonly baseUrl: string;
  request(req: HubRequest): Promise<Result<HubResponse>>;
}

export interface HttpTransportOptions {
  /** Reuse connections (default true); the fault tests use one connection per request. */
  keepAlive?: boolean;
  /** Extra CA certificates to trust for https (a plant's own TLS CA). */
  ca?: string | Buffer;
}

export function httpTransport(baseUrl: string, options: HttpTransportOptions = {}): HubTransport {
  const url = new URL(baseUrl);
  const secure = url.protocol === 'https:';
  const lib = secure ? https : http;
  const agent = secure
    ? new https.Agent({ keepAlive: options.keepAlive ?? true, maxSockets: 4, ...(options.ca ? { ca: options.ca } : {}) })
    : new http.Agent({ keepAlive: options.keepAlive ?? true, maxSockets: 4 });
  const prefix = url.pathname.replace(/\/$/, '');
  return {
    baseUrl: baseUrl.replace(/\/$/, ''),
    request(req) {
      return new Promise((resolve) => {
        let settled = false;
        let deadline: NodeJS.Timeout | undefined;
        const done = (r: Result<HubResponse>) => {
          clearTimeout(deadline);
          if (!settled) {
            settled = true;
            resolve(r);
          }
        };
        // No Accept-Encoding: the hub signs the SHA-256 of the body it sends, as sent; a compressed
        // answer (the trace route gzips for clients that ask) would be signed over other bytes.
        const headers: Record<string, string> = { ...req.headers };
        if (req.body) headers['content-length'] = String(req.body.length);
        const outgoing = lib.request(
          { protocol: url.protocol, hostname: url.hostname, port: url.port, path: prefix + req.path, method: req.method, headers, agent, timeout: req.timeoutMs },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              if (!res.complete) return done(err('HUB_UNREACHABLE', 'the connection to the hub closed mid-answer'));
              const flat: Record<string, string | undefined> = {};
              for (const [k, v] of Object.entries(res.headers)) flat[k] = Array.isArray(v) ? v.join(', ') : v;
              done(ok({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) }));
            });
            res.on('error', (e) => done(err('HUB_UNREACHABLE', `the hub's answer broke off: ${e.message}`)));
            res.on('aborted', () => done(err('HUB_UNREACHABLE', "the hub's answer was cut")));
          },
        );
        deadline = setTimeout(() => outgoing.destroy(new Error(`no answer within ${req.timeoutMs} ms`)), req.timeoutMs);
        outgoing.on('timeout', () => outgoing.destroy(new Error(`the connection was idle for ${req.timeoutMs} ms`)));
        outgoing.on('error', (e) => done(err('HUB_UNREACHABLE', `cannot reach the hub at ${baseUrl}: ${e.message}`)));
        outgoing.end(req.body);
      });
    },
  };
}
