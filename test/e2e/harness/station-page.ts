/** Small helpers for driving the station UI like an operator (and the physical world around it). */
import type { Page } from '@playwright/test';

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
 * A keyboard-wedge scanner: the whole label as one burst of keydowns, ended by Enter.
 *
 * A real scanner sends its keys a few milliseconds apart. `page.keyboard.type` sends them one
 * round trip at a time, and on a loaded machine a gap between two round trips passed the
 * station's wedge timing (200 ms in the e2e stations): the burst was taken for a person typing,
 * the scan was lost, and the test timed out waiting for its effect. So the burst is dispatched
 * inside the page, in one task, at the focused element, as the scanner's keyboard would; the
 * detector sees the same keydowns with scanner-like gaps. The trusted-input path (a scan into a
 * focused text field, then a person typing) keeps its own test with the real keyboard:
 * station-auth-audit.e2e.test.ts.
 */
export async function wedgeScan(page: Page, data: string): Promise<void> {
  await page.evaluate((text) => {
    const at = document.activeElement ?? document.body;
    const keys = [...text].map((ch) => (ch === '\u001d' ? 'GroupSeparator' : ch)).concat('Enter');
    for (const key of keys) {
      at.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true }));
      at.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true, composed: true }));
    }
  }, data);
}
