/**
 * The hub console in Debian's Chromium, set up once for every console e2e test: the console is
 * built (once per state of its sources, shared by every file of a run), a quality hub (PGlite,
 * with its test station) serves it, the test's own data is prepared, then Chromium opens and
 * collects every error thrown in the page.
 * Helpers for what every console test does again: open the console afresh, sign in and out,
 * and check a screen (axe-core, touch targets, no page error).
 */
import { expect } from 'vitest';
import type { Page } from '@playwright/test';
import { buildConsole } from './web-station.ts';
import { expectScreenAccessible, openBrowser, type Browser } from './browser.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../../quality/support/quality-hub.ts';
import type { OeeCalendar } from '../../../src-shared/equipment/oee-contract.ts';

export type ConsoleLocale = 'en' | 'zh-CN';

export interface ConsoleE2e {
  q: QualityHub;
  browser: Browser;
  page: Page;
  /** Errors thrown in the page so far (stack or message), in order. */
  pageErrors: string[];
  /** Closes the browser and the hub (the built console stays, shared by the other files). */
  close(): Promise<void>;
}

/**
 * Builds the console (or reuses the shared build), starts a quality hub serving it, runs `prepare` with the hub (the data the
 * test needs, before the browser opens), then opens Chromium. Whatever was started is closed
 * again if a later step fails.
 */
export async function startConsoleE2e(prepare?: (q: QualityHub) => Promise<void> | void, hubOptions: { oeeCalendar?: OeeCalendar; signingMfaRoles?: readonly string[] } = {}): Promise<ConsoleE2e> {
  const consoleDir = buildConsole();
  let q: QualityHub | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await q?.close();
  };
  try {
    q = await startQualityHub('pglite', { consoleDir, ...hubOptions });
    await prepare?.(q);
    browser = await openBrowser();
  } catch (e) {
    await close();
    throw e;
  }
  const pageErrors: string[] = [];
  browser.page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
  return { q, browser, page: browser.page, pageErrors, close };
}

/**
 * Opens the console page afresh: with a locale, the console's stored language is set to it;
 * without, everything the page stored is forgotten (it starts in its default language).
 * The storage is written from a page of the hub's origin that runs no script (a file the
 * console does not have: the hub's 404), so the console starts once, already in that state,
 * instead of starting, being changed under it and starting again.
 */
export async function openConsole(c: ConsoleE2e, locale?: ConsoleLocale): Promise<void> {
  const blank = await c.page.goto(`${c.q.hub.url}/console/e2e-storage.none`);
  expect(blank?.status(), 'the hub page storage is set from').toBe(404);
  if (locale) await c.page.evaluate((l) => localStorage.setItem('batchline.console.locale', l), locale);
  else await c.page.evaluate(() => localStorage.clear());
  await c.page.goto(`${c.q.hub.url}/console/`);
}

/** Signs in on the console's login screen and waits for the signed-in user to show. */
export async function signInConsole(page: Page, username: string, password = HUB_PASSWORD): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('who').waitFor();
}

/** The recipe designer opened on a new recipe `code` (Recipes → new code → designer shown). */
export async function newRecipeInDesigner(page: Page, code: string): Promise<void> {
  await page.getByTestId('nav-recipes').click();
  await page.getByTestId('new-recipe-code').fill(code);
  await page.getByTestId('new-recipe').click();
  await page.getByTestId('designer').waitFor();
}

const SIGN_OUT: Record<ConsoleLocale, string> = { en: 'Sign out', 'zh-CN': '退出登录' };

/** Signs out (the button named in the page's language) and waits for the login screen. */
export async function signOutConsole(page: Page, locale: ConsoleLocale): Promise<void> {
  await page.getByRole('button', { name: SIGN_OUT[locale] }).click();
  await page.getByTestId('login-submit').waitFor();
}

/** Photographs the screen as `name` and expects no serious axe finding, no small target, no page error. */
export async function expectAccessible(c: ConsoleE2e, name: string): Promise<void> {
  await expectScreenAccessible(c.page, name);
  expect(c.pageErrors, 'errors thrown in the page').toEqual([]);
}

/**
 * Opens one batch from the batches list and waits for its page. The list's rows carry review
 * badges too, so the page counts as open only once the list row is gone.
 */
export async function openBatch(page: Page, batch: string): Promise<void> {
  await page.getByTestId('nav-batches').click();
  await page.getByTestId(`open-${batch}`).click();
  await page.getByTestId(`batch-row-${batch}`).waitFor({ state: 'detached' });
  await page.getByTestId('review-state').waitFor();
}
