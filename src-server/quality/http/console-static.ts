/**
 * Serves the web console (src-console, built by vite) under /console/ from a folder, with a
 * strict Content-Security-Policy: scripts and styles only from the hub itself, no framing.
 * Unknown paths below /console/ get index.html (the console routes in the browser); a path
 * that tries to leave the folder is a 404.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function registerConsoleStatic(app: FastifyInstance, dir: string): void {
  const root = resolve(dir);
  const send = async (reply: FastifyReply, file: string) => {
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    reply.header('content-security-policy', CONSOLE_CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    // Hashed asset names may be cached; index.html must not be, or a new console never loads.
    reply.header('cache-control', file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-store');
    return reply.type(type).serializer((d: unknown) => d as string).send(body);
  };
  app.get('/console', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/console/'));
  app.get('/console/*', { schema: { hide: true } }, async (req, reply) => {
    // The router has already decoded the path once; decoding it again turned "%25E0" into a
    // URIError and a 500 (issue 18 item 16), and would let "%252e%252e" mean "..".
    const param = (req.params as { '*'?: string })['*'] ?? '';
    if (param.includes('\0')) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    const rel = normalize(param);
    const file = resolve(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    try {
      if ((await stat(file)).isFile()) return send(reply, file);
    } catch {
      // not a file: the console's own route
    }
    if (extname(rel) !== '') return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    return send(reply, join(root, 'index.html'));
  });
}
