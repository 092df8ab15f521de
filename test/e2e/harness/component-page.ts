/**
 * A page holding station components alone (components/entry.tsx, bundled by esbuild in memory),
 * for what only a browser shows — where the focus is, what a key press closes — without a
 * station behind them. Opened in the shared Chromium (browser.ts), in a new context.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, type Browser } from './browser.ts';
import { ROOT } from './web-station.ts';

let bundle: Promise<string> | null = null;

function bundled(): Promise<string> {
  bundle ??= build({ entryPoints: [join(ROOT, 'test/e2e/harness/components/entry.tsx')], bundle: true, write: false, format: 'iife', jsx: 'automatic', target: 'chrome120', define: { 'process.env.NODE_ENV': '"development"' }, logLevel: 'silent' }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

/** `styles`: with the station's stylesheet (src-renderer/styles.css), for what layering and layout show. */
export async function openComponentPage(opts: { styles?: boolean } = {}): Promise<Browser> {
  const b = await openBrowser();
  await b.page.setContent('<!doctype html><html lang="en"><body><div id="root"></div></body></html>');
  if (opts.styles) await b.page.addStyleTag({ content: readFileSync(join(ROOT, 'src-renderer/styles.css'), 'utf8') });
  await b.page.addScriptTag({ content: await bundled() });
  await b.page.waitForFunction(() => 'harness' in window);
  return b;
}
