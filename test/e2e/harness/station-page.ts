/** Small helpers for driving the station UI like an operator (and the physical world around it). */
import type { CDPSession, Page } from '@playwright/test';

/** The demo accounts' password (a training database: it is public). */
export const DEMO_PASSWORD = 'Batchline-demo-1';

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  const form = page.getByTestId('login-screen');
  await form.waitFor();
  await form.getByTestId('login-username').fill(username);
  await form.getByTestId('login-password').fill(password);
  await form.getByTestId('login-submit').click();
}

/**
 * Logs in finding the fields by their labels, as a screen reader would (English or Chinese),
 * where `login` finds them by test id.
 */
export async function loginByLabel(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  const form = page.getByTestId('login-screen');
  await form.waitFor();
  await form.getByLabel(/User name|用户名/).fill(username);
  await form.getByLabel(/^(Password|密码)$/).fill(password);
  await form.getByTestId('login-submit').click();
}

/** Calls the Station API with the page's own session (what the screen's client does). */
export async function api<T = unknown>(page: Page, method: string, input: unknown): Promise<{ ok: boolean; value: T; error?: { code: string; message: string } }> {
  return page.evaluate(
    async ([m, i]) => {
      const s = sessionStorage.getItem('batchline.session');
      const res = await fetch(`/api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(s ? { 'x-batchline-session': s } : {}) }, body: JSON.stringify({ input: i }) });
      return res.json();
    },
    [method, input] as const,
  );
}

/**
 * A keyboard-wedge scanner: the whole label as one burst of real (trusted) keystrokes, ended by
 * Enter, at whatever has focus.
 *
 * A real scanner sends its keys a few milliseconds apart. `page.keyboard.type` sends them one
 * round trip at a time, and on a loaded machine a gap between two round trips passed the
 * station's wedge timing (200 ms in the e2e stations): the burst was taken for a person typing,
 * the scan was lost, and the test timed out waiting for its effect (dispensary-kit,
 * dispensary-campaign). So every keystroke of the burst is handed to the browser at once, over
 * the page's DevTools session, without waiting for the one before: the browser delivers them in
 * order, back to back, as trusted key events through its own input path (default actions
 * included: a key the station failed to hold would land in the focused field).
 */
export async function wedgeScan(page: Page, data: string): Promise<void> {
  const cdp = await devtools(page);
  const sends: Promise<unknown>[] = [];
  for (const ch of data) {
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch }));
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch }));
  }
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
  sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', text: '\r', ...enter }));
  sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter }));
  await Promise.all(sends);
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();
function devtools(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) sessions.set(page, (s = page.context().newCDPSession(page)));
  return s;
}
