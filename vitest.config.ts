import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The longest files start first, so that two workers finish together instead of one running a
// long file alone at the end (CI has no duration cache: node_modules is fresh). From the full run
// of 6 Dec 21:25 UTC (session 15), longest first: every file over 20 s of its first six minutes
// (load 2-9, where this list's files ran) and every later file over 40 s counted at half its
// time (the rest of that run shared the two cores with other work at load 17-24, which about
// doubled each file); the 0047/0048 migration tests and hub iq by their time after session 15
// started them from a kept initdb'd folder. Its order is what matters here: the integration
// files run before the unit project's, whose ~130 short files fill the end of the run on both
// workers. The rest keep vitest's order.
const SLOW_FIRST = [
  'test/hub/malformed-requests.test.ts',
  'test/quality/deviation-capa.test.ts',
  'test/e2e/dispensing-flow-zh-cn.e2e.test.ts',
  'test/e2e/dispensing-flow.e2e.test.ts',
  'test/e2e/console-deviation-capa.e2e.test.ts',
  'test/e2e/station-auth-audit.e2e.test.ts',
  'test/quality/trace-fresh.test.ts',
  'test/hub/sync-fork-restore.test.ts',
  'test/integration/crash-safety.test.ts',
  'test/e2e/console-iqc.e2e.test.ts',
  'test/hub/sync-faults.test.ts',
  'test/compliance/hub-iq.test.ts',
  'test/e2e/console-review-release.e2e.test.ts',
  'test/quality/trace-closure.test.ts',
  'test/hub/migration-0048-erp-due-batches.test.ts',
  'test/hub/migration-0047-running-batches.test.ts',
  'test/quality/dashboard.test.ts',
  'test/e2e/console-qp-view.e2e.test.ts',
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    // Projects stay contiguous and in vitest's order; within one, the listed files go first.
    return (await super.sort(files))
      .map((f, i) => ({ f, i }))
      .sort((a, b) => (a.f.project.name === b.f.project.name ? rank(a.f) - rank(b.f) : 0) || a.i - b.i)
      .map((x) => x.f);
  }
}

// One runner for every test: unit tests beside their modules, integration, migration and
// e2e tests under test/. Slow suites (socat, crash-kill, browser) carry their own timeouts.
// Two projects: `unit` (src-*, the inner loop: `npm run test:unit`, under a minute on two
// cores) and `integration` (test/, plus the large generated-input fuzz runs beside the sources,
// *.property.test.ts, which alone took longer than the rest of the unit tier); `vitest run`
// and `npm test` run both.
// Both projects run their files in shared worker processes (isolate: false): each worker
// imports the code base once instead of once per file. That was most of the unit tier's time,
// and ~3 s of CPU per integration file (the hub, the station and the harnesses through vite's
// module runner), ~170 files. A test file must therefore leave nothing behind: fake timers
// restored in afterEach, stores reset in beforeEach, every hub, station, server, browser and
// child it started closed in afterAll, and process.env put back as it was (not deleted: the
// suite sets some, see `env` below). Hubs, stations and browsers themselves are still made per
// file (beforeAll), so no test sees another file's data.
export default defineConfig({
  test: {
    // A timeout catches a hang; it must not fail a test for the machine's load. At load 20 on the
    // two cores (the full run of 6 Dec 21:25, session 15: 35 min wall, 38 % CPU for the run) two
    // CPU-bound tests (a 100,000-line fuzz run, 40 designed recipes run to the end) took 31-33 s
    // and failed, and 20 more took 15-30 s without a timeout of their own. Every
    // hang check that matters is in the test itself (a fuzz line's slowestMs, a child's deadline).
    testTimeout: 120_000,
    // A hub's setup (PGlite's WASM start, migrations, a synced station) took over 60 s with the
    // two cores shared by many runs, and a file waits up to 180 s for another's PGlite template
    // (test/hub/support/hub-backends.ts): setup hooks get as long, so load alone skips no suite.
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: SlowFirst },
    // The last run's results, kept where `batchline rtm` reads them (the traceability matrix
    // reports from what actually ran, not from what the sources claim).
    // The hub's notification timer (raising notices, the overdue sweep) writes hub audit entries on
    // its own; tests run those passes explicitly (POST /api/v1/notify/run) so that nothing writes
    // between a test's reads. Child processes (CLI, e2e hubs) inherit it.
    env: { BATCHLINE_NOTIFY_INTERVAL_MS: '0' },
    // Sweeps, at the run's end, what workers kept for its length and did not remove (run-sweep.ts).
    globalSetup: ['test/fakes/run-sweep.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx'], exclude: ['**/node_modules/**', 'src-*/**/*.property.test.ts'], isolate: false } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts', 'src-*/**/*.property.test.ts'], isolate: false, setupFiles: ['test/fakes/shared-worker-guard.ts'] } },
    ],
  },
});
