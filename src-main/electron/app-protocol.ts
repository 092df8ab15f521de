/**
 * The app:// scheme: the built UI served from its folder with the security headers, so the
 * window never loads file:// or anything remote. Registered as a standard, secure scheme
 * before the app is ready (so 'self' in the CSP and fetch work as for https).
 */
import type { CustomScheme } from 'electron';
import { staticFile } from '../web/static-files.ts';
import { APP_HOST, APP_SCHEME, securityHeaders } from './security.ts';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false, bypassCSP: false },
};

export function appProtocolHandler(uiDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('not found', { status: 404 });
    const file = await staticFile(uiDir, url.pathname);
    return new Response(file.body as BodyInit, { status: file.status, headers: { 'content-type': file.type, 'cache-control': file.cache, ...securityHeaders() } });
  };
}
