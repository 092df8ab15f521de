import { defineConfig } from 'vitest/config';

// One runner for every test: unit tests beside their modules, integration, migration and
// e2e tests under test/. Slow suites (socat, crash-kill, browser) carry their own timeouts.
// Two projects: `unit` (src-*, the inner loop: `npm run test:unit`, under a minute on two
// cores) and `integration` (test/, plus the large generated-input fuzz runs beside the sources,
// *.property.test.ts, which alone took longer than the rest of the unit tier); `vitest run`
// and `npm test` run both.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx'], exclude: ['**/node_modules/**', 'src-*/**/*.property.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts', 'src-*/**/*.property.test.ts'] } },
    ],
  },
});
