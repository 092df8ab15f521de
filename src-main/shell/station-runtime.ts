/**
 * What both shells (Electron, web/kiosk) run: the station from the composition root, its
 * settings, its balances and live bus, and the Station API over them. A new database is seeded
 * with the demo (users with public passwords; `seedDemo: false` for a real site).
 */
import { existsSync } from 'node:fs';
import type { BalanceSetting, ScannerSetting, StationSettings } from '../../src-shared/settings/station-settings.ts';
import type { DeviceStatusView } from '../../src-shared/api/devices.contract.ts';
import { ok, type Result } from '../../src-shared/result.ts';
import { createStation, type Station, type StationConfig } from '../compose.ts';
import { SettingsService } from '../core/settings/settings-service.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { loadOrCreateStationSecret } from '../station-secret.ts';
import { NOT_ENROLLED, type ApiDeps } from '../api/api-deps.ts';
import type { ApiCall } from '../api/dispatch.ts';
import { createStationApi } from '../api/index.ts';
import { BalanceHub } from './balance-hub.ts';
import { LiveBus } from './live-bus.ts';
import { ScannerHub } from './scanner-hub.ts';

export interface RuntimeOptions {
  dbPath: string;
  shell: ApiDeps['shell'];
  /** Balances from command-line flags; when given they replace the recorded settings for this run. */
  balances?: BalanceSetting[];
  /** Scanners from command-line flags (`--scanner serial:PATH`), likewise for this run only. */
  scanners?: ScannerSetting[];
  seedDemo?: boolean;
  env?: Record<string, string | undefined>;
  /** Test seams (fixed clock, cheap scrypt…), passed to createStation. */
  stationConfig?: Partial<StationConfig>;
  log?: (message: string, error?: unknown) => void;
}

export interface StationRuntime {
  station: Station;
  settings: SettingsService;
  balances: BalanceHub;
  scanners: ScannerHub;
  bus: LiveBus;
  api: ApiCall;
  /** What happened at start (new database seeded, balances from flags), for the shell to print. */
  notes: string[];
  close(): Promise<void>;
}

export async function startStationRuntime(opts: RuntimeOptions): Promise<Result<StationRuntime>> {
  const log = opts.log ?? ((m, e) => console.error(m, e ?? ''));
  const isNew = opts.dbPath === ':memory:' || !existsSync(opts.dbPath);
  const created = createStation({
    dbPath: opts.dbPath,
    stationSecret: loadOrCreateStationSecret(opts.dbPath, opts.env ?? process.env),
    ...opts.stationConfig,
  });
  if (!created.ok) return created;
  const station = created.value;
  const notes: string[] = [];
  if (isNew && (opts.seedDemo ?? true)) {
    notes.push(`new database ${opts.dbPath}: seeded the demo (${await seedDemo(station)}); demo passwords are public, not for production`);
  }
  const settings = new SettingsService(station.ledger);
  const bus = new LiveBus();
  const balances = new BalanceHub({ bus, now: () => station.clock.now() });
  if (opts.balances) notes.push(`balances from the command line: ${opts.balances.map((b) => `${b.id} ${b.protocol} ${b.port}`).join(', ') || 'none'}`);
  await balances.apply(opts.balances ?? settings.current().balances);
  const scanners = new ScannerHub(bus, () => station.clock.now().getTime());
  const effectiveScanners = (s: StationSettings): ScannerSetting[] => opts.scanners ?? s.scanners;
  for (const problem of await scanners.apply(effectiveScanners(settings.current()))) notes.push(`scanner ${problem}`);
  const stopWatching = settings.onChange((key, current) => {
    if (key === 'balances' && !opts.balances) void balances.apply(current.balances);
    if (key === 'scanners' && !opts.scanners) void scanners.apply(current.scanners);
  });
  const deviceStatus = (): DeviceStatusView => {
    const s = settings.current();
    return {
      balances: balances.status(),
      scanners: effectiveScanners(s).map((x) => ({ id: x.id, kind: x.kind, port: x.port ?? null, state: x.kind === 'keyboard-wedge' ? 'keyboard' : scanners.state(x.id) })),
      printers: s.printers.map((p) => ({ id: p.id, kind: p.kind, address: p.address })),
    };
  };
  const api = createStationApi(
    {
      station,
      settings,
      devices: { status: deviceStatus, simulate: (id, command) => balances.simulate(id, command) },
      syncStatus: () => NOT_ENROLLED,
      shell: opts.shell,
    },
    log,
  );
  return ok({
    station,
    settings,
    balances,
    scanners,
    bus,
    api,
    notes,
    async close() {
      stopWatching();
      await balances.close();
      await scanners.close();
      station.close();
    },
  });
}
