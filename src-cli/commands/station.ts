/**
 * `batchline station --web --port P --db FILE`: the operator station in web/kiosk mode, the UI
 * and the Station API on 127.0.0.1 for a kiosk browser or a test. Devices come from the station
 * settings, or for a quick start from `--balance mt-sics:/dev/ttyUSB0[:9600]` (repeatable) and,
 * on a training station only, `--simulated-balance`. The Electron station is `npm start`.
 *
 * A missing database is created only when provisioning names the station (`--station-id` and
 * its name, site and time zone), in a first-run state without users; `batchline station
 * init-admin` (or the API's station.initAdmin) makes the first admin. Nothing is seeded: the
 * demo is `batchline demo`, a training database.
 */
import { refuse } from '../cli-io.ts';
import { refuseIn, say } from '../cli-words.ts';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BalanceSetting, ScannerSetting } from '../../src-shared/settings/station-settings.ts';
import type { StationIdentity } from '../../src-main/core/station/station-bootstrap.ts';
import { createStation } from '../../src-main/compose.ts';
import { loadStationSecret } from '../../src-main/station-secret.ts';
import { initFirstAdmin } from '../../src-main/core/station/first-admin.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printFailure, type CliIo } from '../cli-io.ts';
import { describeStation, renderDescription, renderDiagram } from '../evidence/station-describe.ts';
import { parseBalanceSpec } from '../../src-main/shell/balance-spec.ts';
import { startStationRuntime } from '../../src-main/shell/station-runtime.ts';
import { startWebServer } from '../../src-main/web/web-server.ts';
import { cliInteger } from '../cli-number.ts';
import { refuseMissingOption } from '../cli-usage.ts';

export const DEFAULT_UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist-renderer');

interface StationOpts {
  web?: boolean;
  port: string;
  db: string;
  balance: string[];
  simulatedBalance?: boolean;
  scanner?: string;
  ui: string;
}

interface ProvisionOpts {
  stationId?: string;
  stationName?: string;
  site?: string;
  timeZone?: string;
  training?: boolean;
}

export function registerStationCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const station = program
    .command('station')
    .description('run the operator station; --web serves its UI and API on 127.0.0.1 (kiosk thin clients, tests)')
    .option('--web', 'web/kiosk mode (the Electron station is `npm start`)')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 = any free port)', '8750')
    // Checked in runStation: a required option here would also be demanded of `station init-admin`.
    .option('--db <path>', 'station database file (a new one needs --station-id and starts without users)')
    .option('--balance <[id=]protocol:port[:baud]>', 'a balance for this run, e.g. BAL-A01=mt-sics:/dev/ttyUSB0:9600 (repeatable)', collect, [])
    .option('--simulated-balance', 'training stations only: built-in simulated balances for every master-data balance without a --balance port')
    .option('--scanner <serial:path>', 'a serial barcode scanner (keyboard-wedge scanners need no flag)')
    .option('--ui <dir>', 'the built UI folder', DEFAULT_UI_DIR);
  provisionOptions(station).action(async (opts: StationOpts & ProvisionOpts) => {
    setExit(await runStation(opts, io));
  });

  // The parent's options (--db and provisioning) are parsed by `station` itself, wherever they
  // stand on the line, so the subcommand reads them from there.
  station
    .command('init-admin')
    .description('first run: create the first admin of a new station database (--db, provisioning flags as for station; password: BATCHLINE_PASSWORD)')
    .requiredOption('--user <name>', 'the admin user name')
    .requiredOption('--name <printed>', 'the admin\'s printed name')
    .action(async (_opts: { user: string; name: string }, cmd: Command) => {
      // An option both declare (--lang, --json: cli-usage.ts adds them to both) is given to the
      // parent wherever it stands, and the subcommand keeps its default: spreading the
      // subcommand's options over the parent's put that default back. Ancestors win here.
      const all = cmd.optsWithGlobals<StationOpts & ProvisionOpts & { user: string; name: string }>();
      setExit(initAdmin(all, io));
    });

  station
    .command('describe')
    .description('the system description for the inventory: version, configuration hash, enrolled devices, hub, data flows (read-only)')
    .option('--json', 'print it as JSON')
    .option('--diagram', 'print the data flows as a Mermaid flowchart')
    .action((_opts: { json?: boolean; diagram?: boolean }, cmd: Command) => {
      // `station` takes --json too (cli-usage.ts: it runs the station), and commander gives an
      // option both declare to the parent wherever it stands: read the two together.
      const opts = cmd.optsWithGlobals<StationOpts & { json?: boolean; diagram?: boolean }>();
      setExit(describe(opts.db, opts.json ? 'json' : opts.diagram ? 'diagram' : 'text', io));
    });
}

function describe(db: string | undefined, format: 'json' | 'diagram' | 'text', io: CliIo): number {
  const json = format === 'json';
  if (!db) {
    return refuseMissingOption(io, '--db <path>');
  }
  if (!existsSync(db)) {
    return refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: db }, EXIT_USAGE);
  }
  const d = describeStation(db);
  if (!d.ok) return printFailure(io, json, d.error, EXIT_FAILED);
  if (json) io.out(JSON.stringify(d.value, null, 2));
  else for (const line of format === 'diagram' ? renderDiagram(d.value) : renderDescription(d.value)) io.out(line);
  return EXIT_OK;
}

function provisionOptions(c: Command): Command {
  return c
    .option('--station-id <id>', 'new database only: the station id from provisioning (as the hub will know it)')
    .option('--station-name <name>', 'new database only: the station name', 'Dispensing station')
    .option('--site <site>', 'new database only: the site', 'Site')
    .option('--time-zone <tz>', 'new database only: the IANA time zone', Intl.DateTimeFormat().resolvedOptions().timeZone)
    .option('--training', 'new database only: a training station (simulators allowed, never GMP data)');
}

/** Provisioning for a new database, or nothing (an existing one keeps its genesis identity). */
function provisioning(db: string, opts: ProvisionOpts): { identity?: StationIdentity; mode?: 'production' | 'training' } {
  if (existsSync(db) || !opts.stationId) return {};
  return {
    identity: { stationId: opts.stationId, name: opts.stationName ?? 'Dispensing station', site: opts.site ?? 'Site', timeZone: opts.timeZone ?? 'UTC' },
    mode: opts.training ? 'training' : 'production',
  };
}

function initAdmin(opts: ProvisionOpts & { db?: string; user: string; name: string }, io: CliIo): number {
  if (!opts.db) {
    return refuseMissingOption(io, '--db <path>');
  }
  const password = io.env.BATCHLINE_PASSWORD;
  if (!password) {
    return refuseIn(io, 'PASSWORD_NOT_GIVEN', 'adminPasswordNotGiven', {}, EXIT_USAGE);
  }
  const db = opts.db;
  // FR-155: the secret file is written only once the database is found or provisioned (a refused init-admin leaves nothing).
  const created = createStation({ dbPath: db, stationSecret: (mayCreate) => loadStationSecret(db, io.env, mayCreate), ...provisioning(db, opts) });
  if (!created.ok) {
    refuse(io, created.error);
    return EXIT_FAILED;
  }
  try {
    const admin = initFirstAdmin(created.value, { username: opts.user, printedName: opts.name, password });
    if (!admin.ok) {
      refuse(io, admin.error);
      return EXIT_FAILED;
    }
    const mode = say(io, created.value.mode === 'training' ? 'modeTraining' : 'modeProduction');
    io.out(say(io, 'stationAdminCreated', { station: created.value.stationId, mode, user: admin.value.username }));
    return EXIT_OK;
  } finally {
    created.value.close();
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runStation(opts: StationOpts & ProvisionOpts, io: CliIo): Promise<number> {
  if (!opts.db) {
    return refuseMissingOption(io, '--db <path>');
  }
  if (!opts.web) {
    return refuseIn(io, 'USAGE_INVALID', 'stationNeedsWeb', {}, EXIT_USAGE);
  }
  const port = cliInteger('--port', opts.port, 0, 65535);
  const scanners: ScannerSetting[] = [];
  if (opts.scanner !== undefined) {
    const m = /^serial:(.+)$/.exec(opts.scanner);
    if (!m) {
      return refuseIn(io, 'USAGE_INVALID', 'scannerSpecInvalid', { spec: opts.scanner }, EXIT_USAGE);
    }
    scanners.push({ id: 'SCAN-01', kind: 'keyboard-wedge' }, { id: 'SCAN-02', kind: 'serial', port: m[1]! });
  }
  const uiDir = resolve(opts.ui);
  if (!existsSync(join(uiDir, 'index.html'))) {
    return refuseIn(io, 'FILE_NOT_FOUND', 'stationUiNotBuilt', { dir: uiDir }, EXIT_USAGE);
  }
  const balances: BalanceSetting[] = [];
  for (const spec of opts.balance) {
    const parsed = parseBalanceSpec(spec, balances.length);
    if (!parsed.ok) {
      // FR-155: the balance spec's refusal with its code (INPUT_INVALID), worded in --lang.
      refuse(io, parsed.error);
      return EXIT_USAGE;
    }
    balances.push(parsed.value);
  }
  const started = await startStationRuntime({
    dbPath: opts.db,
    shell: 'web',
    ...(balances.length > 0 || opts.simulatedBalance ? { balances } : {}),
    simulateOtherBalances: opts.simulatedBalance ?? false,
    ...(scanners.length > 0 ? { scanners } : {}),
    stationConfig: provisioning(opts.db, opts),
    env: io.env,
    log: (m, e) => io.err(`${m}${e instanceof Error ? `: ${e.stack ?? e.message}` : e ? `: ${String(e)}` : ''}`),
  });
  if (!started.ok) {
    refuse(io, started.error);
    return EXIT_FAILED;
  }
  const runtime = started.value;
  for (const note of runtime.notes) io.out(note);
  let server;
  try {
    server = await startWebServer({ runtime, uiDir, port });
  } catch (e) {
    await runtime.close();
    return refuseIn(io, 'IO_ERROR', 'cannotListen', { port, reason: (e as Error).message }, EXIT_FAILED);
  }
  io.out(say(io, 'stationListening', { station: runtime.station.stationId, url: server.url }));
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await runtime.close();
  io.out(say(io, 'stationStopped'));
  return EXIT_OK;
}
