import { defineConfig } from 'vitest/config';

// One runner for every test: unit tests beside their modules, integration, migration and
// e2e tests under test/. Slow suites (socat, crash-kill, browser) carry their own timeouts.
// Two projects: `unit` (src-*, the inner loop: `npm run test:unit`, well under a minute) and
// `integration` (test/); `vitest run` and `npm test` run both.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx'] } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'] } },
    ],
  },
});
