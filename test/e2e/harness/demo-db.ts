/**
 * A demo station database made in-process, as `batchline demo` does, but with the tests'
 * cheap scrypt cost (hashes carry their own cost, so the station process later verifies them
 * at that cost): seconds instead of a minute. Afterwards the hub "sends" a new cleaning status
 * for booth 1 (the demo batch left it to be cleaned), so the second order can start.
 * Made once per test worker and copied for each file (see `makeDemoDb`).
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStation } from '../../../src-main/compose.ts';
import { DEMO_IDENTITY, DEMO_PASSWORD, seedDemo } from '../../../src-main/demo/seed-demo.ts';
import { DEMO_BOOTH } from '../../../src-main/demo/demo-master-data.ts';
import { unwrap } from '../../../src-shared/result.ts';
import type { OrderView } from '../../../src-shared/orders/order-view.ts';
import { runOrder } from '../../../src-main/dispensing/headless-runner.ts';
import type { Station } from '../../../src-main/compose.ts';
import { systemClock, type Clock } from '../../../src-core/clock.ts';
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
  const station = unwrap(createStation({ dbPath, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: DEMO_IDENTITY, mode: 'training', clock: catchUpClock(dbPath) }));
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
      wait: passTime(s.clock),
      stopWhen,
    }),
  );
  return done.view;
}


/**
 * The station clock for a test database made in-process before the station under test opens it
 * (the demo seed, an order run part of the way): a timer step's duration (the demo's S05, 2 s a
 * run) passes by moving this clock on (`advance`, the headless runner's `wait`) instead of by
 * sleeping, which held a test worker idle for it (6 s of dispensary-campaign's setup). The
 * engine still sees the whole duration pass between start and stop of each timer.
 *
 * It runs with the system clock but starts behind it, and `advance` takes up that lag: it sleeps
 * only for what would take it past the system clock. The lag is at most a minute, and never more
 * than the time since the database's last entry (an entry dated before it is refused,
 * LEDGER_TIME_BACKWARDS) nor than the time since midnight of the demo station's day (the demo's
 * daily balance checks and lot dates are "today"). Never ahead of the system clock: the station
 * process that opens the database afterwards dates its entries by the system clock.
 */
export class CatchUpClock implements Clock {
  private offsetMs: number;
  private readonly system = systemClock();

  constructor(dbPath: string, maxLagMs = 60_000) {
    const now = Date.now();
    const last = lastEntryTime(dbPath);
    const lag = Math.min(maxLagMs, last === null ? maxLagMs : now - last, msSinceStationMidnight(now));
    this.offsetMs = -Math.max(0, lag);
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  tzOffset(at: Date): string {
    return this.system.tzOffset(at);
  }

  /** Moves the clock on by `ms`, sleeping only for the part that would take it past the system clock. */
  async advance(ms: number): Promise<void> {
    this.offsetMs += ms;
    if (this.offsetMs <= 0) return;
    const rest = this.offsetMs;
    this.offsetMs = 0;
    await new Promise((r) => setTimeout(r, rest));
  }
}

export function catchUpClock(dbPath: string): CatchUpClock {
  return new CatchUpClock(dbPath);
}

/** The headless runner's `wait` for a station on `clock`: a catch-up clock advances, any other sleeps. */
export function passTime(clock: Clock): (ms: number) => Promise<void> {
  return clock instanceof CatchUpClock ? (ms) => clock.advance(ms) : (ms) => new Promise((r) => setTimeout(r, ms));
}

/** The time of the database's last ledger entry (ms), or null for a database not made yet or empty. */
function lastEntryTime(dbPath: string): number | null {
  if (!existsSync(dbPath)) return null;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const hasLedger = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_entries'").get();
    const row = hasLedger ? (db.prepare('SELECT time FROM ledger_entries ORDER BY seq DESC LIMIT 1').get() as { time: string } | undefined) : undefined;
    return row ? Date.parse(row.time) : null;
  } finally {
    db.close();
  }
}

function msSinceStationMidnight(now: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: DEMO_IDENTITY.timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(now));
  const part = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + (now % 1000);
}
