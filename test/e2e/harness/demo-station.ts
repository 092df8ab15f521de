/**
 * The station in web mode with the demo database, in Debian's Chromium, set up once for every
 * station e2e test: the UI built (shared build), a demo database made in a new temporary
 * folder (optionally changed by the test before the station opens it), `batchline station
 * --web --simulated-balance` started on it, and the browser opened at its address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { makeDemoDb } from './demo-db.ts';
import { buildUi, startWebStation, verifyDb, type WebStation } from './web-station.ts';
import { openBrowser, type Browser } from './browser.ts';
import { login } from './station-page.ts';

export interface DemoStationE2e {
  /** The temporary folder holding the station database. */
  dir: string;
  station: WebStation;
  browser: Browser;
  page: Page;
  /** Closes the browser and stops the station, then runs `batchline verify` on its database as QA would. */
  stopAndVerify(): Promise<{ status: number | null; out: string }>;
  /** Closes the browser, stops the station and removes the folder (safe to call twice). */
  close(): Promise<void>;
}

/**
 * `name` names the temporary folder (batchline-e2e-NAME-…). `prepareDb` changes the demo database
 * before the station opens it; `preparePage` runs on the page before it first opens the station
 * (a fake clock, an init script). Whatever was started is closed again if a later step fails.
 */
export async function startDemoStationE2e(opts: {
  name: string;
  prepareDb?: (dbPath: string) => Promise<void> | void;
  preparePage?: (page: Page) => Promise<unknown>;
}): Promise<DemoStationE2e> {
  const uiDir = buildUi();
  const dir = mkdtempSync(join(tmpdir(), `batchline-e2e-${opts.name}-`));
  let station: WebStation | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await station?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const dbPath = await makeDemoDb(dir);
    await opts.prepareDb?.(dbPath);
    station = await startWebStation({ uiDir, dbPath, args: ['--simulated-balance'] });
    browser = await openBrowser();
    await opts.preparePage?.(browser.page);
    await browser.page.goto(station.url);
  } catch (e) {
    await close();
    throw e;
  }
  const stopAndVerify = async () => {
    await browser!.close();
    await station!.stop();
    return verifyDb(station!.dbPath);
  };
  return { dir, station, browser, page: browser.page, stopAndVerify, close };
}

/**
 * A demo station whose database `prepareDb` made (an order run part of the way), with `op.li`
 * signed in and the order `batchNumber` open: what every order-screen e2e file starts from.
 * `ready` names the element that says the screen is there (default: the dispense screen);
 * `preparePage` as for `startDemoStationE2e`.
 */
export async function startAtOrder(opts: { name: string; prepareDb: (dbPath: string) => Promise<void> | void; batchNumber: string; ready?: string; preparePage?: (page: Page) => Promise<unknown> }): Promise<DemoStationE2e> {
  const e2e = await startDemoStationE2e({ name: opts.name, prepareDb: opts.prepareDb, ...(opts.preparePage ? { preparePage: opts.preparePage } : {}) });
  try {
    await login(e2e.page, 'op.li');
    await e2e.page.getByTestId(`open-${opts.batchNumber}`).click();
    await e2e.page.getByTestId(opts.ready ?? 'dispense-screen').waitFor();
  } catch (e) {
    await e2e.close();
    throw e;
  }
  return e2e;
}

