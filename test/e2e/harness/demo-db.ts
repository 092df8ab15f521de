/**
 * A demo station database made in-process, as `batchline demo` does, but with the tests'
 * cheap scrypt cost (hashes carry their own cost, so the station process later verifies them
 * at that cost): seconds instead of a minute. Afterwards the hub "sends" a new cleaning status
 * for booth 1 (the demo batch left it to be cleaned), so the second order can start.
 * Made once per test worker and copied for each file (see `makeDemoDb`).
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStation } from '../../../src-main/compose.ts';
import { DEMO_IDENTITY, DEMO_PASSWORD, seedDemo } from '../../../src-main/demo/seed-demo.ts';
import { DEMO_BOOTH } from '../../../src-main/demo/demo-master-data.ts';
import { unwrap } from '../../../src-shared/result.ts';
import type { OrderView } from '../../../src-shared/orders/order-view.ts';
import { runOrder } from '../../../src-main/dispensing/headless-runner.ts';
import type { Station } from '../../../src-main/compose.ts';
import { changeSetting } from '../../fakes/change-setting.ts';
import { TEST_SCRYPT_PARAMS } from '../../fakes/test-scrypt-params.ts';
import { keyPool } from '../../fakes/key-pool.ts';

export const E2E_SECRET = 'e2e-station-secret-0123456789';

/**
 * The demo database as a new file `station.db` in `dir`: a copy of this worker's demo database,
 * made at the first call (test files share worker processes, vitest.config.ts). Every file
 * still gets its own database, as a fresh seed would have given it; only the seeding (the demo
 * batch run through the engine, ~1 s of CPU under load) is not done again. The copy is made
 * anew when the station's local day changed since (the demo's periodic balance checks, lot and
 * training dates are "today" in the station's time zone) or after 30 minutes (nothing in a
 * test run should see an older demo than a run of the whole suite would).
 */
export async function makeDemoDb(dir: string): Promise<string> {
  const dbPath = join(dir, 'station.db');
  const t = await demoTemplate();
  copyFileSync(t.dbPath, dbPath);
  return dbPath;
}

const TEMPLATE_MAX_AGE_MS = 30 * 60_000;
const stationDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: DEMO_IDENTITY.timeZone }).format(d);

interface Template {
  dbPath: string;
  day: string;
  madeAt: number;
}
let template: Promise<Template> | null = null;

async function demoTemplate(): Promise<Template> {
  const current = await template?.catch(() => null);
  if (current && stationDay(new Date()) === current.day && Date.now() - current.madeAt < TEMPLATE_MAX_AGE_MS) return current;
  if (current) rmSync(join(current.dbPath, '..'), { recursive: true, force: true });
  template = (async () => {
    removeOrphanTemplates();
    const dir = mkdtempSync(join(tmpdir(), `${TEMPLATE_PREFIX}${process.pid}-`));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const madeAt = Date.now();
    const day = stationDay(new Date(madeAt));
    const dbPath = await seedDemoDb(dir);
    // Closed, the database is one file (SQLite folds its write-ahead log back in on the last
    // close): anything else beside it would not be copied.
    const extra = readdirSync(dir).filter((f) => f !== 'station.db');
    if (extra.length > 0 || !existsSync(dbPath)) throw new Error(`demo template: expected only station.db in ${dir}, found ${extra.join(', ')}`);
    return { dbPath, day, madeAt };
  })();
  return template;
}

const TEMPLATE_PREFIX = 'batchline-demo-template-';

/**
 * vitest ends its workers with SIGTERM, which runs no 'exit' handler: a worker's template stays
 * behind in the temporary folder. The next worker to make one removes those whose process is gone.
 */
function removeOrphanTemplates(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = name.startsWith(TEMPLATE_PREFIX) ? Number(name.slice(TEMPLATE_PREFIX.length).split('-')[0]) : NaN;
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function seedDemoDb(dir: string): Promise<string> {
  const dbPath = join(dir, 'station.db');
  const station = unwrap(createStation({ dbPath, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: DEMO_IDENTITY, mode: 'training' }));
  try {
    await seedDemo(station);
    const now = new Date();
    const booth = station.masterData.reader.get('booth', DEMO_BOOTH)!;
    const at = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
    unwrap(
      station.masterData.applyMasterData(
        [{ kind: 'booth', key: DEMO_BOOTH, version: booth.version + 1, data: { ...booth.data, cleaning: { status: 'clean', cleanedAt: at(0), validUntil: at(70) }, lineClearance: { status: 'cleared', clearedAt: at(0), clearedBy: 'sup.wang' } } }],
        { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null },
      ),
    );
    // The browser under test delivers synthetic keys with more jitter than a USB scanner on a
    // line PC; sites set the wedge timing for their scanner and PC the same way. Playwright sends
    // each key as its own round trip to the browser, and the event's time is when the browser
    // took it, not when a scanner sent it: with the other test worker killing 100 children, gaps
    // past 150 ms turned a scan into "a person typing" (the order waited at need-container).
    changeSetting(station, 'scanners', [{ id: 'SCAN-01', kind: 'keyboard-wedge', maxInterKeyMs: 200 }], 'test PC: wedge key events arrive up to 200 ms apart (the most the settings allow)');
    return dbPath;
  } finally {
    station.close();
  }
}

/**
 * Runs an imported order of a demo station in the demo booth, as the demo operator and
 * supervisor with the station's simulated bench and real time, until `stopWhen` holds: the order
 * the e2e file then opens in the browser; its view as the run left it.
 */
export async function runDemoOrderUntil(s: Station, batchNumber: string, stopWhen: (v: OrderView) => boolean): Promise<OrderView> {
  const demo = { password: DEMO_PASSWORD };
  const done = unwrap(
    await runOrder(s, {
      batchNumber,
      boothId: DEMO_BOOTH,
      operator: { username: 'op.li', ...demo },
      supervisor: { username: 'sup.wang', ...demo },
      bench: s.bench!,
      wait: (ms) => new Promise((r) => setTimeout(r, ms)),
      stopWhen,
    }),
  );
  return done.view;
}

