/**
 * Web/kiosk mode listens on 127.0.0.1 only, and still checks who is calling: a page on another
 * site can make the browser send requests to 127.0.0.1 (CSRF) or rebind its own DNS name to
 * 127.0.0.1 (DNS rebinding). So every request must name this server in Host, and a request
 * that carries an Origin must come from this server's own page. The session id travels in a
 * header that only our own page's script sets, never in a cookie, so a forged form post has
 * no session.
 */
export const SESSION_HEADER = 'x-batchline-session';

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function isTrustedRequest(headers: { host?: string | undefined; origin?: string | undefined }, port: number): boolean {
  const hosts = allowedHosts(port);
  if (!headers.host || !hosts.has(headers.host.toLowerCase())) return false;
  if (headers.origin === undefined) return true;
  return [...hosts].some((h) => headers.origin === `http://${h}`);
}

/**
 * The page may load code, styles and images from this server only, talk to this server only
 * (HTTP and its WebSocket), and be framed by nobody. No inline script, no eval.
 */
export function webContentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};
