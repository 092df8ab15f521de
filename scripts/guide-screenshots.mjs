#!/usr/bin/env node
/**
 * `npm run guide:screenshots`: the operator's guide's screenshots, in English and Chinese, taken
 * by the e2e tests that walk those screens (the login screen with its About panel, the work
 * queue, weighing, the co-signature, the batch record; the hub console's review and release).
 * The tests write them into test-results/guide/<locale>/ while they run; when every test
 * passed they are copied into docs/images/<locale>/ — never a half-taken set, and never while a
 * test is still reading the documents' hash. LOOK at each image before committing it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAGING = 'test-results/guide';
const TESTS = ['test/e2e/about-panel.e2e.test.ts', 'test/e2e/dispensing-flow.e2e.test.ts', 'test/e2e/dispensing-flow-zh-cn.e2e.test.ts', 'test/e2e/console-review-release.e2e.test.ts'];

rmSync(join(ROOT, STAGING), { recursive: true, force: true });
const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...TESTS], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, BATCHLINE_GUIDE_IMAGES: STAGING },
});
if (run.status !== 0) {
  console.error('guide:screenshots: a test failed; docs/images is left as it was');
  process.exit(1);
}
let n = 0;
for (const locale of ['en', 'zh-CN']) {
  const from = join(ROOT, STAGING, locale);
  if (!existsSync(from)) continue;
  for (const file of readdirSync(from).filter((f) => f.endsWith('.png'))) {
    cpSync(join(from, file), join(ROOT, 'docs/images', locale, file));
    n++;
  }
}
console.log(`guide:screenshots: ${n} images copied into docs/images/{en,zh-CN}/`);
