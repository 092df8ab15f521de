/**
 * Wiring of guided weigh & dispense, called by the composition root (compose.ts): master
 * data, order intake, the engine, periodic balance checks. Balances come from the station
 * config (device drivers bound with driverBalancePort); without any, a simulated bench stands
 * in, which the demo seed and `batchline run-order` put balances on. Labels go to the station's
 * configured ZPL printer (zpl-label-port.ts); on the simulated bench, a demo, they are previewed.
 */
import { StationEquipmentLogbook } from '../core/equipment/station-logbook-service.ts';
import type { AuthService } from '../core/auth/auth-service.ts';
import type { UserDirectory } from '../core/auth/user-directory.ts';
import type { Clock } from '../../src-core/clock.ts';
import type { Ledger } from '../../src-core/ledger/ledger-ports.ts';
import type { SignatureService } from '../core/signatures/signature-service.ts';
import type { BalancePort } from '../../src-core/order/balance-port.ts';
import { BalanceCheckService } from '../core/engine/balance-check-service.ts';
import { BalanceTareService } from '../core/engine/balance-tare-service.ts';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from '../core/engine/engine-config.ts';
import { DispensingEngine } from '../core/engine/engine-service.ts';
import { CampaignService } from '../core/dispensary/campaign-service.ts';
import type { LabelMode, LabelPort } from '../core/engine/label-port.ts';
import { SettingsService } from '../core/settings/settings-service.ts';
import { MasterDataService } from '../core/master-data/master-data-service.ts';
import { OrderIntake } from '../core/orders/order-import.ts';
import type { StationDb } from '../db/open-station-db.ts';
import type { Projector } from '../db/ledger-store.ts';
import { sqliteMasterDataReader } from '../db/master-data-repo.ts';
import { sqliteOrderQueue } from '../db/dispensing-order-repo.ts';
import { masterDataProjectors } from '../db/projections/master-data.projections.ts';
import { dispensingProjectors } from '../db/projections/dispensing.projections.ts';
import { reconciliationProjectors } from '../db/projections/reconciliation.projections.ts';
import { equipmentProjectors } from '../db/projections/equipment.projections.ts';
import { SimulatedBench } from './simulated-bench.ts';
import { RoomEnvironment } from '../core/environment/room-environment.ts';
import type { AlarmService } from '../core/alarm/alarm-service.ts';
import { sqliteEnvironmentStateStore } from '../db/environment-state-repo.ts';
import { zplLabelPort } from './zpl-label-port.ts';

export interface DispensingConfig {
  engine?: Partial<EngineConfig>;
  /** Real balances (driverBalancePort over the device layer's drivers); default: a simulated bench. */
  balances?: BalancePort;
  /** Default: the station's configured ZPL printers (settings `printers`). */
  labels?: LabelPort;
  /**
   * Production refuses a label step without a printer; training previews. Default: training on
   * the simulated bench (demo seed, `batchline run-order`, engine tests), else production. The station's own
   * production/training mode, once it exists, is to be passed here by the runtime.
   */
  labelMode?: LabelMode;
}

export interface DispensingServices {
  masterData: MasterDataService;
  orderIntake: OrderIntake;
  engine: DispensingEngine;
  /** The dispensary: the booth's queue by material, campaigns and changeovers (issue 17). */
  campaigns: CampaignService;
  balanceChecks: BalanceCheckService;
  /** FR-154: the station clears a balance's tare and zeroes it, recorded (the way out of a held tare). */
  balanceTares: BalanceTareService;
  /** Cleaning, maintenance and breakdown entries of process equipment, signed at the station (issue 13 item 4). */
  equipmentLogbook: StationEquipmentLogbook;
  /** The rooms' environment (issue 13): fed by the broker subscription and the hub; gates the engine. */
  environment: RoomEnvironment;
  /** The simulated bench when no real balances are configured, else null. */
  bench: SimulatedBench | null;
}

export const dispensingProjectorMaps: Record<string, Projector>[] = [masterDataProjectors, dispensingProjectors, reconciliationProjectors, equipmentProjectors];

export function composeDispensing(
  base: { db: StationDb; ledger: Ledger; auth: AuthService; signatures: SignatureService; users: UserDirectory; clock: Clock; alarms?: AlarmService },
  config: DispensingConfig = {},
): DispensingServices {
  const reader = sqliteMasterDataReader(base.db.sqlite);
  const orders = sqliteOrderQueue(base.db.sqlite);
  const bench = config.balances ? null : new SimulatedBench();
  const balances = config.balances ?? bench!;
  const engineConfig = { ...DEFAULT_ENGINE_CONFIG, ...config.engine };
  const settings = new SettingsService(base.ledger);
  const labels =
    config.labels ??
    zplLabelPort({
      printers: () => settings.current().printers,
      mode: config.labelMode ?? (balances instanceof SimulatedBench ? 'training' : 'production'),
      // The container-label template the hub made effective, as master data pulled it (issue 14 item 6).
      template: () => {
        const t = reader.get('label-template', 'container-label')?.data;
        return t ? { ref: { templateCode: t.templateCode, version: t.version, contentHash: t.contentHash }, content: t.content } : null;
      },
    });
  const environment = new RoomEnvironment({ store: sqliteEnvironmentStateStore(base.db.sqlite), masterData: reader, ledger: base.ledger, orders, ...(base.alarms ? { alarms: base.alarms } : {}) });
  const engine = new DispensingEngine({ ...base, masterData: reader, orders, balances, labels, config: engineConfig, environment });
  return {
    masterData: new MasterDataService({ ledger: base.ledger, reader }),
    orderIntake: new OrderIntake({ ledger: base.ledger, masterData: reader, orders }),
    engine,
    environment,
    campaigns: new CampaignService({
      ledger: base.ledger,
      auth: base.auth,
      clock: base.clock,
      masterData: reader,
      orderState: (b) => engine.state(b),
      ordersInProgress: () => orders.list({ status: 'in-progress' }).map((r) => r.batchNumber),
    }),
    balanceTares: new BalanceTareService({
      ledger: base.ledger,
      auth: base.auth,
      masterData: reader,
      balances,
      orderState: (b) => engine.state(b),
      ordersInProgress: () => orders.list({ status: 'in-progress' }).map((r) => r.batchNumber),
    }),
    balanceChecks: new BalanceCheckService({ ledger: base.ledger, auth: base.auth, masterData: reader, balances, clock: base.clock, config: engineConfig }),
    equipmentLogbook: new StationEquipmentLogbook({ ledger: base.ledger, auth: base.auth, signatures: base.signatures, users: base.users, masterData: reader, clock: base.clock }),
    bench,
  };
}
