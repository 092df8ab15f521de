/**
 * `batchline station --web --port P --db FILE`: the operator station in web/kiosk mode, the UI
 * and the Station API on 127.0.0.1 for a kiosk browser or a test. Devices come from the station
 * settings, or for a quick start from `--balance mt-sics:/dev/ttyUSB0[:9600]` (repeatable) and
 * `--simulated-balance`. The Electron station is `npm start`.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BalanceSetting, ScannerSetting } from '../../src-shared/settings/station-settings.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from '../cli-io.ts';
import { parseBalanceSpec } from '../../src-main/shell/balance-spec.ts';
import { startStationRuntime } from '../../src-main/shell/station-runtime.ts';
import { startWebServer } from '../../src-main/web/web-server.ts';

export const DEFAULT_UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist-renderer');

interface StationOpts {
  web?: boolean;
  port: string;
  db: string;
  balance: string[];
  simulatedBalance?: boolean;
  scanner?: string;
  ui: string;
  demo: boolean;
}

export function registerStationCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('station')
    .description('run the operator station; --web serves its UI and API on 127.0.0.1 (kiosk thin clients, tests)')
    .option('--web', 'web/kiosk mode (the Electron station is `npm start`)')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 = any free port)', '8750')
    .requiredOption('--db <path>', 'station database file (created and seeded with the demo when new)')
    .option('--balance <[id=]protocol:port[:baud]>', 'a balance for this run, e.g. BAL-A01=mt-sics:/dev/ttyUSB0:9600 (repeatable)', collect, [])
    .option('--simulated-balance', 'built-in simulated balances for every master-data balance without a --balance port')
    .option('--scanner <serial:path>', 'a serial barcode scanner (keyboard-wedge scanners need no flag)')
    .option('--ui <dir>', 'the built UI folder', DEFAULT_UI_DIR)
    .option('--no-demo', 'do not seed demo users into a new database')
    .action(async (opts: StationOpts) => {
      setExit(await runStation(opts, io));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runStation(opts: StationOpts, io: CliIo): Promise<number> {
  if (!opts.web) {
    io.err('the Electron station starts with `npm start`; for a browser or kiosk use `batchline station --web --port 8750 --db FILE`');
    return EXIT_USAGE;
  }
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`--port ${opts.port} is not a TCP port`);
    return EXIT_USAGE;
  }
  const scanners: ScannerSetting[] = [];
  if (opts.scanner !== undefined) {
    const m = /^serial:(.+)$/.exec(opts.scanner);
    if (!m) {
      io.err(`--scanner ${opts.scanner}: write serial:/dev/ttyACM0 (keyboard-wedge scanners need no flag)`);
      return EXIT_USAGE;
    }
    scanners.push({ id: 'SCAN-01', kind: 'keyboard-wedge' }, { id: 'SCAN-02', kind: 'serial', port: m[1]! });
  }
  const uiDir = resolve(opts.ui);
  if (!existsSync(join(uiDir, 'index.html'))) {
    io.err(`the station UI is not built in ${uiDir}: run \`npm run build\` (npm install builds it too)`);
    return EXIT_USAGE;
  }
  const balances: BalanceSetting[] = [];
  for (const spec of opts.balance) {
    const parsed = parseBalanceSpec(spec, balances.length);
    if (!parsed.ok) {
      io.err(parsed.error.message);
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
    seedDemo: opts.demo,
    env: io.env,
    log: (m, e) => io.err(`${m}${e instanceof Error ? `: ${e.stack ?? e.message}` : e ? `: ${String(e)}` : ''}`),
  });
  if (!started.ok) {
    io.err(`${started.error.code}: ${started.error.message}`);
    return EXIT_FAILED;
  }
  const runtime = started.value;
  for (const note of runtime.notes) io.out(note);
  let server;
  try {
    server = await startWebServer({ runtime, uiDir, port });
  } catch (e) {
    await runtime.close();
    io.err(`cannot listen on 127.0.0.1:${port}: ${(e as Error).message}`);
    return EXIT_FAILED;
  }
  io.out(`station ${runtime.station.stationId} listening on ${server.url}`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await runtime.close();
  io.out('station stopped');
  return EXIT_OK;
}
