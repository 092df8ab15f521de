/**
 * Everything the dispensing flow runs against: the built UI, a demo database, a socat pty pair
 * with the MT-SICS simulator as BAL-A01 on one end, `batchline station --web` with that pty as
 * BAL-A01 and built-in simulators for the other balances, and Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from 'vitest';
import { killAll, makePtyDir, removeDir, startSimulator, startSocat, type PtyPair, type SimulatorProcess } from '../../devices/socat-harness.ts';
import { checkScreen, openBrowser, type Browser } from './browser.ts';
import { expectNoEnglish } from './english-words.ts';
import { makeDemoDb } from './demo-db.ts';
import { guideShot } from './guide.ts';
import { buildUi, startWebStation, verifyDb, type WebStation } from './web-station.ts';

export interface FlowStation {
  page: Page;
  sim: SimulatorProcess;
  station: WebStation;
  check(name: string): Promise<void>;
  /** Stops everything; returns `batchline verify` on the database. */
  finish(): Promise<{ status: number | null; out: string }>;
  cleanup(): Promise<void>;
}

export async function startFlowStation(prefix: string): Promise<FlowStation> {
  const uiDir = buildUi();
  const dir = mkdtempSync(join(tmpdir(), 'batchline-flow-'));
  const dbPath = await makeDemoDb(dir);
  const pty: PtyPair = makePtyDir();
  await startSocat(pty);
  // The simulator reports the serial number master data holds for BAL-A01 (the engine checks it).
  const sim = await startSimulator('mt-sics', pty.balanceEnd, ['--serial', 'SIM-B548912307']);
  const station = await startWebStation({ uiDir, dbPath, args: ['--balance', `BAL-A01=mt-sics:${pty.stationEnd}:9600`, '--simulated-balance'] });
  const browser: Browser = await openBrowser();
  const page = browser.page;
  await page.goto(station.url);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await browser.close();
    await station.stop();
  };
  return {
    page,
    sim,
    station,
    async check(name) {
      await guideShot(page, prefix, name);
      const { axe, small } = await checkScreen(page, `${prefix}-${name}`);
      expect(axe, `${name}: serious axe violations`).toEqual([]);
      expect(small, `${name}: touch targets under 44 px`).toEqual([]);
      // Every dispensing screen of the zh-CN run is also read for untranslated English.
      if (prefix === 'zh-CN') await expectNoEnglish(page, `${prefix}-${name}`);
    },
    async finish() {
      await stop();
      return verifyDb(dbPath);
    },
    async cleanup() {
      await stop().catch(() => undefined);
      await killAll();
      removeDir(pty);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
