/**
 * Malformed requests for every route of a Fastify server (issue 18 item 16), and a sender that
 * puts exactly those bytes on the wire. Routes come from Fastify's own route list
 * (`printRoutes({ commonPrefix: false })`), never from a hand-kept list, so a new route is
 * covered the day it is added.
 *
 * node:http, not fetch: fetch normalises "..", refuses bytes outside Latin-1 in headers and
 * sets its own content type; a hostile client does none of that.
 */
import { request } from 'node:http';

export interface RouteEntry {
  method: string;
  path: string;
}

/** Parses the tree Fastify prints into one entry per method and full path (HEAD left out). */
export function parseRouteTree(printed: string): RouteEntry[] {
  const stack: string[] = [];
  const out: RouteEntry[] = [];
  for (const line of printed.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const parent = stack[depth - 1] ?? '';
    // Fastify prints a wildcard child of "/console" as "*", meaning "/console/*".
    const path = parent + (m[2]!.startsWith('*') && !parent.endsWith('/') ? '/' : '') + m[2]!;
    stack.push(path);
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'HEAD')) out.push({ method, path });
  }
  return out;
}

export interface MalformedRequest {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The request must be refused (4xx), whatever the route; else only "no 5xx" is asserted. */
  expect?: 'refused' | 413 | 415;
}

/** Path segments a router and a handler must survive (already percent-encoded for the wire). */
const BAD_SEGMENTS: [string, string][] = [
  ['bad percent-encoding', '%E0%A4%A'],
  ['percent-encoding decoded twice', '%25E0%25A4%25'],
  ['lone percent', '%'],
  ['path traversal', '..%2F..%2F..%2Fetc%2Fpasswd'],
  ['double-encoded traversal', '%252e%252e%252fetc'],
  ['NUL byte', 'a%00b'],
  ['unicode junk', encodeURIComponent('𝔘ñí\u202Ec\u0000ødé\uFFFF')],
  ['lone surrogate', '%ED%A0%80'],
  ['overlong segment', 'x'.repeat(5000)],
  ['SQL-looking', encodeURIComponent("' or 1=1; --")],
];

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function fill(path: string, segment: string): string {
  return path.replace(/:[A-Za-z_]+/g, segment).replace(/\*$/, segment);
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/**
 * The corpus for one route. `plain` is a harmless value for path parameters (so body and
 * header cases reach the route), `hugeBytes` a body larger than the route accepts.
 */
export function malformedRequests(route: RouteEntry, options: { plain?: string; hugeBytes: number; authHeaders: Record<string, string>[] }): MalformedRequest[] {
  const { method } = route;
  const plain = fill(route.path, options.plain ?? 'X-1');
  const out: MalformedRequest[] = [];
  const hasParams = /:[A-Za-z_]+|\*$/.test(route.path);
  for (const [name, seg] of BAD_SEGMENTS) {
    const path = hasParams ? fill(route.path, seg) : `${route.path}/${seg}`;
    out.push({ name: `path: ${name}`, method, path, headers: {} });
    out.push({ name: `query: ${name}`, method, path: `${plain}?${seg}=${seg}&kind=${seg}&id=${seg}&direction=${seg}&after=${seg}&limit=${seg}&maxDepth=${seg}`, headers: {} });
  }
  for (const [i, headers] of options.authHeaders.entries()) out.push({ name: `headers #${i + 1}`, method, path: plain, headers });
  if (!BODY_METHODS.has(method)) return out;
  const json = { 'content-type': 'application/json' };
  const body = (name: string, text: string | Buffer, headers: Record<string, string> = json, expect: MalformedRequest['expect'] = 'refused') =>
    out.push({ name: `body: ${name}`, method, path: plain, headers, body: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), ...(expect ? { expect } : {}) });
  body('cut-off JSON', '{"username": "op.li", "password": ');
  body('not JSON at all', 'hello=world&a=1');
  body('invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
  body('JSON array', '[]');
  body('JSON string', '"text"');
  body('JSON number', '123');
  body('JSON null', 'null');
  body('prototype pollution', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}');
  body('wrong types everywhere', JSON.stringify({ username: 1, password: [], entries: 'x', checkpoints: {}, atHead: 'yes', lotId: null, role: 7, reason: {}, comment: 1e308, meaning: ['x'], id: -1 }));
  body('deeply nested', nested(20_000));
  body('unicode junk', JSON.stringify({ lotId: '𝔘\u0000\u202E\uFFFF', reason: '\uD800', username: '\u0000' }));
  body('text/plain', 'hello', { 'content-type': 'text/plain' }, 415);
  // B2MML routes read XML (an ERP's goods receipt, issue 12 item 1): there XML is a media type the
  // route takes, so it must still be refused (unauthenticated or malformed), not with 415.
  body('XML', '<a>1</a>', { 'content-type': 'application/xml' }, route.path.endsWith('/b2mml') ? 'refused' : 415);
  body('form', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }, 415);
  body('garbage content type', '{}', { 'content-type': '%%%/;;;=' }, 415);
  body('huge', Buffer.alloc(options.hugeBytes, 0x20), json, 413);
  return out;
}

export interface Answer {
  status: number;
  body: string;
}

export function send(base: string, r: MalformedRequest, extraHeaders: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        // A fresh connection each time: a refusal may close the socket (431), and a reused
        // one would blame the next request.
        agent: false,
        method: r.method,
        path: r.path,
        headers: { ...extraHeaders, ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // A server may answer (413) and close before the whole body is written.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve({ status: -1, body: e.code }) : reject(e)));
    req.end(r.body);
  });
}

/**
 * Bad values for the query parameters a route declares, sent WITH a session that may read the
 * route (FR-138): the unauthenticated corpus above stops at authentication, so it never reaches
 * the code that parses a page size, a cursor, a date or a filter. Each value is already
 * percent-encoded for the wire.
 */
export const BAD_QUERY_VALUES: [string, string][] = [
  ['negative', '-1'],
  ['zero', '0'],
  ['NaN', 'NaN'],
  ['infinite', '1e309'],
  ['past 2^64', '99999999999999999999'],
  ['fraction', '1.5'],
  ['hex', '0x10'],
  ['empty', ''],
  ['SQL-looking', encodeURIComponent("1' or '1'='1'; drop table audit_events; --")],
  ['LIKE wildcards', encodeURIComponent('%_%\\')],
  ['lone surrogate', '%ED%A0%80'],
  ['right-to-left override', encodeURIComponent('B\u202E1-2026')],
  ['overlong', 'x'.repeat(5000)],
  ['prototype key', '__proto__'],
];

/** Parameters that are numbers, counts or cursors: a bad number there must be refused, never read as "no limit". */
export const NUMERIC_QUERY_PARAMS = new Set(['limit', 'after', 'before', 'maxDepth', 'seq']);

export function malformedQueries(route: RouteEntry, params: readonly string[], options: { plain?: string }): MalformedRequest[] {
  const plain = fill(route.path, options.plain ?? 'X-1');
  const out: MalformedRequest[] = [];
  for (const param of params) {
    for (const [name, value] of BAD_QUERY_VALUES) {
      // A zero cursor is the start, and an empty value is the parameter left out.
      const refused = NUMERIC_QUERY_PARAMS.has(param) && name !== 'zero' && name !== 'empty';
      out.push({ name: `query ${param}: ${name}`, method: route.method, path: `${plain}?${param}=${value}`, headers: {}, ...(refused ? { expect: 'refused' as const } : {}) });
    }
    // The same parameter twice: a parser that takes an array where it expects one value.
    out.push({ name: `query ${param}: given twice`, method: route.method, path: `${plain}?${param}=1&${param}=2`, headers: {} });
  }
  return out;
}
