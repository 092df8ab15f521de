/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), as code the
 * shell uses and security.test.ts asserts item by item:
 *  - no Node in the page: nodeIntegration off (also in workers and subframes), context
 *    isolation on, the renderer sandboxed; the page gets one narrow bridge (preload.ts);
 *  - a strict Content-Security-Policy on every response: our own scripts only, no inline
 *    script, no eval, no remote origins at all;
 *  - no remote content: the UI is served from the app:// scheme out of the built folder;
 *  - navigation, new windows, <webview> and every permission request refused;
 *  - IPC answered only for frames from our own origin (sender check);
 *  - webSecurity and the other defaults left on, DevTools off in a production build.
 * The functions take the Electron objects they touch as parameters, so the checks run in plain
 * Node without the Electron binary.
 */
import type { BrowserWindowConstructorOptions, Event, HandlerDetails, Session, WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export interface WindowChoices {
  preloadPath: string;
  kiosk: boolean;
  /** DevTools only in a development build, never on a line PC. */
  devTools: boolean;
}

export function windowOptions(c: WindowChoices): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: '#ffffff',
    kiosk: c.kiosk,
    fullscreen: c.kiosk,
    autoHideMenuBar: true,
    webPreferences: {
      preload: c.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: c.devTools,
    },
  };
}

/** True only for our own pages (the IPC sender check and the navigation guard use it). */
export function isTrustedUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

type Guarded = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Refuses navigation away from the app, every new window and every <webview>. */
export function hardenContents(contents: Guarded, log: (m: string) => void = () => undefined): void {
  const refuse = (what: string) => (event: Event, url?: string) => {
    event.preventDefault();
    log(`refused ${what}${url ? ` to ${url}` : ''}`);
  };
  // A single-page app never navigates: any navigation or redirect is refused, ours included.
  contents.on('will-navigate', refuse('navigation') as never);
  contents.on('will-redirect', refuse('redirect') as never);
  contents.on('will-attach-webview', refuse('webview') as never);
  contents.setWindowOpenHandler((details: HandlerDetails) => {
    log(`refused new window to ${details.url}`);
    return { action: 'deny' };
  });
}

/** Camera, microphone, notifications, serial/HID/USB from the page: all refused. */
export function denyPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Response headers every app:// answer carries. */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  };
}
