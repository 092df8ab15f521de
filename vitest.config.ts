import { defineConfig } from 'vitest/config';

// One runner for every test: unit tests beside their modules, integration, migration and
// e2e tests under test/. Slow suites (socat, crash-kill, browser) carry their own timeouts.
export default defineConfig({
  test: {
    include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // The last run's results, kept where `batchline rtm` reads them (the traceability matrix
    // reports from what actually ran, not from what the sources claim).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
