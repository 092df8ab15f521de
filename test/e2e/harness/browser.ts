/**
 * Debian's Chromium driven by Playwright (no browser download), in a new empty context. Each
 * screen can be checked with axe-core (no serious or critical violation) and for touch targets
 * of at least 44 × 44 CSS px. A screen that fails its check is photographed into
 * test-results/e2e, as is every screen a test names when BATCHLINE_E2E_SCREENSHOTS=1 (see
 * `screenshot`).
 */
import { chromium, type Browser as PwBrowser, type BrowserContext, type Page } from '@playwright/test';
import axe from 'axe-core';
import { expect } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './web-station.ts';

export const ARTIFACTS = join(ROOT, 'test-results/e2e');

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * One Chromium per test worker, started at the first e2e file the worker runs and kept for the
 * next ones (integration files share worker processes, vitest.config.ts): each file gets its own
 * new context (its own cookies, storage and downloads, as an empty profile had), and no file
 * pays the browser's start again (~1.3 s of CPU each, 29 e2e files). A browser that died is
 * started anew. Playwright closes it when the worker exits.
 */
let shared: Promise<PwBrowser> | null = null;

async function sharedChromium(): Promise<PwBrowser> {
  const running = await shared?.catch(() => null);
  if (running?.isConnected()) return running;
  shared = chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  return shared;
}

/** Closes the shared Chromium: for a process that is not a test worker (the bench), which must end. */
export async function closeSharedChromium(): Promise<void> {
  const running = await shared?.catch(() => null);
  shared = null;
  await running?.close();
}

export async function openBrowser(): Promise<Browser> {
  const context = await (await sharedChromium()).newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close();
    },
  };
}

/**
 * Whether every named screen is photographed (BATCHLINE_E2E_SCREENSHOTS=1), not only the ones
 * that fail their check. The photographs are for people (nothing reads them), and a full-page
 * PNG was the dearest part of a screen check: in console-review-release (22 checked screens,
 * under load) they took 40 s of the file's 224 s against 36 s for the axe runs, and Chromium's
 * CPU went from 34 s to 26 s without them.
 */
function everyScreenshot(): boolean {
  return process.env.BATCHLINE_E2E_SCREENSHOTS === '1';
}

/** The whole page photographed into test-results/e2e as `name`.png, whatever the setting. */
export async function photograph(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A screen the test shows as it is (an artifact, not a check): photographed when BATCHLINE_E2E_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (everyScreenshot()) await photograph(page, name);
}

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG 2.x A/AA rules; returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  // page.evaluate runs through the DevTools protocol, so the page's strict CSP (which refuses
  // injected inline scripts) does not have to be switched off for the check. Once per document:
  // the screens of a single-page app share one, and sending and compiling axe's 1.5 MB again at
  // every check cost more than most checks (1.4 s against 0.03 s for the look, under load).
  if (!(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object'))) await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const a = (window as unknown as { axe: typeof axe }).axe;
    // Only violations are read: axe collects every node of its passes and incomplete results
    // too unless told otherwise (resultTypes keeps one of each), and those were not looked at.
    const r = await a.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Interactive elements on screen smaller than 44 × 44 CSS px (WCAG 2.5.5). */
export async function smallTouchTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((minSize) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right < 0 || r.bottom < 0) continue; // hidden or off-screen (skip link)
      if (r.width < minSize || r.height < minSize) out.push(`${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.textContent?.trim().slice(0, 30) ?? ''}] ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return out;
  }, min);
}

/**
 * The checks every screen gets: axe-core and touch targets; the screen is photographed when it
 * fails either (the picture a reader of the failure needs), or always with BATCHLINE_E2E_SCREENSHOTS=1.
 */
export async function checkScreen(page: Page, name: string): Promise<{ axe: AxeFinding[]; small: string[] }> {
  const violations = await seriousA11yViolations(page);
  const small = await smallTouchTargets(page);
  if (everyScreenshot() || violations.length > 0 || small.length > 0) await photograph(page, name);
  return { axe: violations, small };
}

/** The screen photographed as `name`, with no serious axe finding and no touch target under 44 px. */
export async function expectScreenAccessible(page: Page, name: string): Promise<void> {
  const { axe, small } = await checkScreen(page, name);
  expect(axe, `${name}: serious axe violations`).toEqual([]);
  expect(small, `${name}: touch targets under 44 px`).toEqual([]);
}
