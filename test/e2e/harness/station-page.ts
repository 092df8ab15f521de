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

/** A keyboard-wedge scanner: the whole label typed in one fast burst, ended by Enter. */
export async function wedgeScan(page: Page, data: string): Promise<void> {
  await page.keyboard.type(data, { delay: 0 });
  await page.keyboard.press('Enter');
}
