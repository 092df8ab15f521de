import { defineConfig } from 'vitest/config';

// One runner for every test: unit tests beside their modules, integration, migration and
// e2e tests under test/. Slow suites (socat, crash-kill, browser) carry their own timeouts.
// Two projects: `unit` (src-*, the inner loop: `npm run test:unit`, under a minute on two
// cores) and `integration` (test/, plus the large generated-input fuzz runs beside the sources,
// *.property.test.ts, which alone took longer than the rest of the unit tier); `vitest run`
// and `npm test` run both.
// The unit project runs its files in shared worker processes (isolate: false): each worker
// imports the code base once instead of once per file, which was most of the tier's time. A
// unit test must therefore leave no global state behind (restore fake timers in afterEach;
// stores are reset in beforeEach). Integration files keep a fresh process each: they start
// hubs, stations, child processes and browsers, and some set process-wide state.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    // A hub's setup (PGlite's WASM start, migrations, a synced station) took over 60 s with the
    // two cores shared by many runs, and a file waits up to 180 s for another's PGlite template
    // (test/hub/support/hub-backends.ts): setup hooks get as long, so load alone skips no suite.
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    // The last run's results, kept where `batchline rtm` reads them (the traceability matrix
    // reports from what actually ran, not from what the sources claim).
    // The hub's notification timer (raising notices, the overdue sweep) writes hub audit entries on
    // its own; tests run those passes explicitly (POST /api/v1/notify/run) so that nothing writes
    // between a test's reads. Child processes (CLI, e2e hubs) inherit it.
    env: { BATCHLINE_NOTIFY_INTERVAL_MS: '0' },
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx'], exclude: ['**/node_modules/**', 'src-*/**/*.property.test.ts'], isolate: false } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts', 'src-*/**/*.property.test.ts'] } },
    ],
  },
});
