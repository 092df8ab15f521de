/**
 * Serves the built renderer (dist-renderer) without a static-file plugin: a path is resolved
 * inside the UI folder or refused, unknown paths without an extension get index.html (the
 * single-page app), hashed assets are cached, index.html never is.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface StaticFile {
  status: 200 | 404;
  body: Buffer | string;
  type: string;
  cache: string;
}

export async function staticFile(uiDir: string, urlPath: string): Promise<StaticFile> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return notFound();
  }
  if (path.includes('\0')) return notFound();
  const ext = extname(path);
  const relative = path === '/' || ext === '' ? 'index.html' : normalize(path).replace(/^([/\\])+/, '');
  const full = join(uiDir, relative);
  if (!full.startsWith(uiDir.endsWith(sep) ? uiDir : uiDir + sep)) return notFound();
  try {
    const body = await readFile(full);
    const isIndex = relative === 'index.html';
    return { status: 200, body, type: TYPES[extname(full)] ?? 'application/octet-stream', cache: isIndex ? 'no-store' : 'public, max-age=31536000, immutable' };
  } catch {
    return notFound();
  }
}

function notFound(): StaticFile {
  return { status: 404, body: 'not found', type: 'text/plain; charset=utf-8', cache: 'no-store' };
}
