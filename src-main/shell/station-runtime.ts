/**
 * What both shells (Electron, web/kiosk) run: the station from the composition root with its
 * balances (BalanceHub, bound to the engine through its BalancePort), settings, live bus, hub
 * sync and the Station API over them.
 *
 * A missing database is never seeded with the demo (issue 10 item 2: it was, with published
 * passwords, at every start of a fresh install). It is created only when provisioning names
 * the station (`stationConfig.identity`), in a first-run state with no users: the first admin
 * is made through `station.initAdmin` or `batchline station init-admin`, then the station is
 * enrolled at the hub. The demo is `batchline demo`, a training database.
 *
 * Simulated balances exist only on a training station: on a production one they are refused
 * whether they come from a flag, the settings or the API.
 */
import type { BalanceSetting, ScannerSetting, StationSettings } from '../../src-shared/settings/station-settings.ts';
import type { DeviceStatusView } from '../../src-shared/api/devices.contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { SIMULATED_PORT } from '../../src-shared/settings/station-settings.ts';
import { createStation, type Station, type StationConfig } from '../compose.ts';
import type { SettingsService } from '../core/settings/settings-service.ts';
import { engineConfigFromLimits, type EngineConfig } from '../core/engine/engine-config.ts';
import { loadStationSecret, type StationSecretSource } from '../station-secret.ts';
import { standaloneSync, type ApiDeps } from '../api/api-deps.ts';
import type { ApiCall } from '../api/dispatch.ts';
import { createStationApi } from '../api/index.ts';
import { BalanceHub } from './balance-hub.ts';
import { hubBalancePort } from './hub-balance-port.ts';
import { LiveBus } from './live-bus.ts';
import { ALARM_TYPES } from '../core/alarm/alarm-service.ts';
import { ScannerHub } from './scanner-hub.ts';
import type { UsbIdentify } from '../devices/scanner/usb-identity.ts';
import { readSettingsAtStart, simulatorSpecs } from './runtime-support.ts';
import { startSync, type StationSync } from './station-sync.ts';
import { environmentFeedRunner, type EnvironmentFeedRunner } from './environment-feed-runner.ts';

export interface RuntimeOptions {
  dbPath: string;
  shell: ApiDeps['shell'];
  /** Balances from command-line flags; when given they replace the recorded settings for this run. */
  balances?: BalanceSetting[];
  /** Built-in simulated balances for every master-data balance without a configured port. */
  simulateOtherBalances?: boolean;
  /** Scanners from command-line flags (`--scanner serial:PATH`), likewise for this run only. */
  scanners?: ScannerSetting[];
  /** Tests only: how the USB identity behind a scanner port is read (default: the OS's port list). */
  usbIdentity?: UsbIdentify;
  env?: Record<string, string | undefined>;
  /**
   * The station secret from the shell's keystore (Electron safeStorage); default: env or the 0600
   * file. A function is called only once createStation has found a station, or is provisioning
   * one (`mayCreate`), so a refused start writes no secret (FR-155).
   */
  stationSecret?: string | StationSecretSource;
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
  /** The station's own broker subscription (setting `environmentFeed`), issue 13 item 1. */
  environmentFeed: EnvironmentFeedRunner;
  api: ApiCall;
  /** What happened at start (new database seeded, balances from flags), for the shell to print. */
  notes: string[];
  close(): Promise<void>;
}

export async function startStationRuntime(opts: RuntimeOptions): Promise<Result<StationRuntime>> {
  const log = opts.log ?? ((m, e) => console.error(m, e ?? ''));
  // FR-155: the secret file is made only once createStation has found a station (or is provisioning one).
  const source = opts.stationSecret;
  let secret: string | null = null;
  const stationSecret = (mayCreate: boolean): string | null =>
    (secret ??= typeof source === 'string' ? source : source ? source(mayCreate) : loadStationSecret(opts.dbPath, opts.env ?? process.env, mayCreate));
  const base: StationConfig = { dbPath: opts.dbPath, stationSecret, ...opts.stationConfig };
  const notes: string[] = [];
  // Engine limits are read once at start: a change in the settings applies at the next start.
  const startSettings = readSettingsAtStart(opts.dbPath);
  const engineConfig: EngineConfig = engineConfigFromLimits(startSettings.limits);
  const bus = new LiveBus();
  let training = false;
  const balances = new BalanceHub({ bus, allowSimulators: () => training });
  const created = createStation({ ...base, dispensing: { balances: hubBalancePort(balances), engine: engineConfig } });
  if (!created.ok) return created;
  const station = created.value;
  training = station.mode === 'training';
  if (!training && (opts.simulateOtherBalances || opts.balances?.some((b) => b.port === SIMULATED_PORT))) {
    station.close();
    return err('STATION_PRODUCTION_ONLY', `${station.stationId} is a production station: simulated balances are for training stations only`);
  }
  if (station.users.list().length === 0) notes.push(`${station.stationId} is new: create the first admin (station.initAdmin, or \`batchline station init-admin\`), then enrol it at the hub`);
  if (!station.integrity.ok) notes.push(`INTEGRITY CHECK FAILED, GMP work is blocked: ${station.integrity.problems.join('; ')}`);
  const settings = station.settings;
  // DI-11 / Annex 11 §12: at each start of the station process, accounts without a login for
  // accounts.dormantDays are disabled (recorded, no actor); the last active admin never is.
  if (station.integrity.ok) {
    const dormant = station.accounts.disableDormant(settings.current().accounts.dormantDays);
    if (dormant.ok && dormant.value.length > 0) notes.push(`disabled after ${settings.current().accounts.dormantDays} days without login: ${dormant.value.map((r) => r.username).join(', ')}`);
  }
  // A11-17: a flag that overrides recorded configuration for this run (balances, scanners,
  // simulators) is itself recorded, with the configuration version it overrides.
  const flags: Record<string, unknown> = {};
  if (opts.balances) flags.balances = opts.balances.map((b) => `${b.id}=${b.protocol}:${b.port}:${b.serial.baudRate}`);
  if (opts.scanners) flags.scanners = opts.scanners.map((sc) => `${sc.id}=${sc.kind}:${sc.port ?? ''}`);
  if (opts.simulateOtherBalances) flags.simulateOtherBalances = true;
  if (Object.keys(flags).length > 0) {
    const recorded = station.ledger.append([{ type: 'station.started_with_flags', actor: null, payload: { command: `station --${opts.shell}`, flags, configVersion: settings.version() } }]);
    if (!recorded.ok) notes.push(`the start-up flags could not be recorded: ${recorded.error.message}`);
  }
  const applyBalances = async (s: StationSettings) => {
    const configured = opts.balances ?? s.balances;
    const { all, simulators } = simulatorSpecs(station, configured, opts.simulateOtherBalances ?? false);
    await balances.apply(all, simulators);
    return all;
  };
  const running = await applyBalances(settings.current());
  if (opts.balances || opts.simulateOtherBalances) notes.push(`balances for this run: ${running.map((b) => `${b.id} ${b.protocol} ${b.port}`).join(', ') || 'none'}`);
  const scanners = new ScannerHub(bus, () => station.clock.now().getTime(), {
    ...(opts.usbIdentity ? { identify: opts.usbIdentity } : {}),
    // DI-14: a scan from a device that is not the enrolled one is not input, but the attempt is recorded.
    refused: (r) => {
      const found = r.found ? { vendorId: r.found.vendorId, productId: r.found.productId, serialNumber: r.found.serialNumber } : null;
      const appended = station.ledger.append([{ type: 'device.input_refused', actor: null, payload: { deviceKind: 'scanner', deviceId: r.deviceId, port: r.port, expected: r.expected, found, data: r.data.slice(0, 4000) } }]);
      if (!appended.ok) log(`could not record the ignored scan from ${r.deviceId}: ${appended.error.code}`);
    },
  });
  const effectiveScanners = (s: StationSettings): ScannerSetting[] => opts.scanners ?? s.scanners;
  for (const problem of await scanners.apply(effectiveScanners(settings.current()))) notes.push(`scanner ${problem}`);
  // Issue 13 gap 4: a balance lost (no data) raises an alarm, its readings coming back clear it.
  const stopBalanceAlarms = bus.subscribe((e) => {
    if (e.type !== 'balance.state') return;
    const r = station.alarms.balanceState(e.balanceId, e.state, e.reason, e.silentMs);
    if (!r.ok) log(`the balance alarm for ${e.balanceId} could not be recorded: ${r.error.code}`);
  });
  // FR-131: every screen hears at once that the alarms changed, whoever changed them (a balance
  // lost or back, a room's excursion, an IPQC result, an acknowledgement here or at the hub): an
  // operator who just pulled a cable sees the alarm now, not at the alarm bar's next refresh.
  const stopAlarmNotices = station.ledger.onAppended((entries) => {
    if (entries.some((e) => ALARM_TYPES.includes(e.type))) bus.publish({ type: 'alarms.changed' });
  });
  const environmentFeed = environmentFeedRunner(station, log);
  await environmentFeed.apply(settings.current().environmentFeed);
  const stopWatching = settings.onChange((key, current) => {
    if (key === 'balances' && !opts.balances) void applyBalances(current);
    if (key === 'scanners' && !opts.scanners) void scanners.apply(current.scanners);
    if (key === 'environmentFeed') void environmentFeed.apply(current.environmentFeed);
  });
  // The station is open, so its secret is at hand (read above, or where the test seam put it).
  const syncSecret = stationSecret(false);
  if (syncSecret === null) {
    station.close();
    return err('STATION_SECRET_MISSING', `${opts.dbPath}: the station secret is missing`);
  }
  const sync: StationSync = startSync(station, syncSecret, log);
  const deviceStatus = (): DeviceStatusView => {
    const s = settings.current();
    return {
      balances: balances.status(),
      scanners: effectiveScanners(s).map((x) => ({ id: x.id, kind: x.kind, port: x.port ?? null, state: x.kind === 'keyboard-wedge' ? 'keyboard' : scanners.state(x.id) })),
      printers: s.printers.map((p) => ({ id: p.id, kind: p.kind, address: p.address })),
      environmentFeed: environmentFeed.status(),
    };
  };
  const api = createStationApi(
    {
      station,
      settings,
      devices: { status: deviceStatus, simulate: (id, command) => balances.simulate(id, command) },
      // The clock state is the station's own (it survives restarts), whatever sync knows.
      syncStatus: () => ({ ...(sync.status() ?? standaloneSync(station.ledger.head()?.seq ?? 0)), time: station.timeTrust.state() }),
      shell: opts.shell,
      engineConfig,
    },
    log,
  );
  return ok({
    station,
    settings,
    balances,
    scanners,
    bus,
    environmentFeed,
    api,
    notes,
    async close() {
      stopWatching();
      stopBalanceAlarms();
      stopAlarmNotices();
      await sync.stop();
      await environmentFeed.close();
      await balances.close();
      await scanners.close();
      station.close();
    },
  });
}
