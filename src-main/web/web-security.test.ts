import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTrustedRequest, webContentSecurityPolicy } from './web-security.ts';
import { staticFile } from './static-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'batchline-static-'));
mkdirSync(join(dir, 'ui', 'assets'), { recursive: true });
writeFileSync(join(dir, 'ui', 'index.html'), '<!doctype html>');
writeFileSync(join(dir, 'ui', 'assets', 'app-1.js'), 'x');
writeFileSync(join(dir, 'secret.txt'), 'not for browsers');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('web mode request checks', () => {
  it('answer only this server by name, and only its own page as origin (CSRF, DNS rebinding)', () => {
    expect(isTrustedRequest({ host: '127.0.0.1:8750' }, 8750)).toBe(true);
    expect(isTrustedRequest({ host: 'localhost:8750', origin: 'http://localhost:8750' }, 8750)).toBe(true);
    expect(isTrustedRequest({ host: 'evil.example:8750' }, 8750)).toBe(false);
    expect(isTrustedRequest({ host: '127.0.0.1:8750', origin: 'http://evil.example' }, 8750)).toBe(false);
    expect(isTrustedRequest({ host: '127.0.0.1:9999' }, 8750)).toBe(false);
    expect(isTrustedRequest({}, 8750)).toBe(false);
  });

  it('D25-07 send a CSP without inline script, eval or foreign origins', () => {
    const csp = webContentSecurityPolicy(8750);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src \'self\' ws://127.0.0.1:8750 ws://localhost:8750');
    expect(csp).not.toMatch(/unsafe|https?:\/\/|\*/);
  });

  it('serve files inside the UI folder only, the app for unknown routes', async () => {
    const ui = join(dir, 'ui');
    expect((await staticFile(ui, '/')).cache).toBe('no-store');
    expect((await staticFile(ui, '/assets/app-1.js')).type).toContain('javascript');
    expect((await staticFile(ui, '/queue')).status).toBe(200);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%00.js', '/%E0%A4%A.js']) {
      expect((await staticFile(ui, p)).status, p).toBe(404);
    }
  });
});
