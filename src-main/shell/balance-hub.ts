/**
 * The station's balances at run time: one driver per configured balance (a serial port, a socat
 * pty, or the built-in simulator), connected, identified and streaming, with the latest reading
 * and error kept for the device status screen and every reading published on the live bus.
 * The engine asks it for a balance's driver by id; it knows nothing of batches.
 *
 * State is what the balance proves, not what the port says: a balance is "connected" only while
 * its lines keep arriving within the driver's freshness window. An open port with a silent
 * balance behind it (switched off, its cable cut behind a converter, a simulator gone behind a
 * pty) is "closed" (shown as disconnected) within that window, and the last reading is no
 * longer handed out as the current one (issue 18 item 5: it stayed on screen for 12 s).
 */
import type { BalanceStatusView, DeviceStatusView } from '../../src-shared/api/devices.contract.ts';
import type { BalanceSetting } from '../../src-shared/settings/station-settings.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { DEFAULT_DRIVER_OPTIONS, type BalanceDriver, type BalanceDriverOptions, type BalanceEvent } from '../devices/balance/balance-driver.ts';
import { createBalanceCodec } from '../devices/balance/create-codec.ts';
import { createSerialBalanceDriver } from '../devices/balance/create-balance-driver.ts';
import { ProtocolBalanceDriver } from '../devices/balance/protocol-balance-driver.ts';
import { createFrontEnd, SIMULATED_PROTOCOLS, type SimulatedProtocol } from '../devices/simulator/create-front-end.ts';
import { InProcessLine } from '../devices/simulator/in-process-balance.ts';
import { SimulatedBalance, type SimulatedBalanceConfig } from '../devices/simulator/simulated-balance.ts';
import { applyControl } from '../devices/simulator/simulator-control.ts';
import type { LiveBus } from './live-bus.ts';
import type { ReadingDevice } from '../../src-core/order/balance-port.ts';
import { SIMULATED_PORT } from '../../src-shared/settings/station-settings.ts';

interface Slot {
  setting: BalanceSetting;
  /** Null when the configuration could not make a driver (the error is in the view). */
  driver: BalanceDriver | null;
  simulator: { balance: SimulatedBalance; line: InProcessLine } | null;
  view: BalanceStatusView;
  firmware: string | null;
  retry: ReturnType<typeof setTimeout> | null;
  off: () => void;
  /** The balance's lines arrive within the freshness window (driver `fresh` / `stale`). */
  live: boolean;
  /** It was live once: silence after that is a disconnection, not a start-up. */
  everLive: boolean;
  /** Station clock (ms) when the last net reading arrived. */
  readingAt: number | null;
  /** The state last published on the live bus. */
  published: BalanceStatusView['state'] | null;
}

export interface BalanceHubOptions {
  bus: LiveBus;
  /** Retry period for a balance whose port could not be opened at all (ms). */
  retryMs?: number;
  now?: () => Date;
  /** Driver options for every balance (freshness window, timeouts); the defaults otherwise. */
  driver?: Partial<BalanceDriverOptions>;
  /** Training stations only: a production station has no built-in simulator at all. */
  allowSimulators: () => boolean;
}

export class BalanceHub {
  private slots = new Map<string, Slot>();
  private closed = false;
  private appliedJson = '';

  constructor(private readonly options: BalanceHubOptions) {}

  /**
   * Replaces the running balances with `balances` (unchanged configuration: nothing happens).
   * `simulators` describes the built-in simulated ones (model, serial, capacity, readability),
   * usually taken from the balance's master data so the engine's device checks hold.
   */
  async apply(balances: BalanceSetting[], simulators: ReadonlyMap<string, Partial<SimulatedBalanceConfig>> = new Map()): Promise<void> {
    const json = JSON.stringify([balances, [...simulators]]);
    if (json === this.appliedJson) return;
    this.appliedJson = json;
    await this.stopAll();
    for (const setting of balances) {
      const slot = this.build(setting, simulators.get(setting.id) ?? {});
      if (!slot.ok) {
        this.slots.set(setting.id, this.deadSlot(setting, slot.error.code, slot.error.message));
        continue;
      }
      this.slots.set(setting.id, slot.value);
      void this.start(slot.value);
    }
  }

  driver(balanceId: string): BalanceDriver | undefined {
    return this.slots.get(balanceId)?.driver ?? undefined;
  }

  ids(): string[] {
    return [...this.slots.keys()];
  }

  /** The device behind a balance id as it identified itself, and its port: recorded with each reading. */
  device(balanceId: string): ReadingDevice | null {
    const slot = this.slots.get(balanceId);
    if (!slot) return null;
    return { model: slot.view.model, serialNumber: slot.view.serialNumber, firmware: slot.firmware, port: slot.setting.port, simulated: slot.simulator !== null };
  }

  /** Commands a built-in simulated balance (training only): "place 52.3 g", "remove", … */
  simulate(balanceId: string, command: string): Result<string> {
    if (!this.options.allowSimulators()) return err('STATION_PRODUCTION_ONLY', 'a production station has no simulated balances');
    const sim = this.slots.get(balanceId)?.simulator;
    if (!sim) return err('NOT_FOUND', `${balanceId} is not a simulated balance`);
    const outcome = applyControl(sim.balance, command, { unplug: () => sim.line.unplug(), plug: () => sim.line.plug() });
    return outcome.reply.startsWith('ok') ? ok(outcome.reply) : err('INPUT_INVALID', outcome.reply);
  }

  /** The status screen's view: the effective state, and the last reading only while it is current. */
  status(): DeviceStatusView['balances'] {
    return [...this.slots.values()].map((s) => ({ ...s.view, state: this.stateOf(s), lastReading: this.isCurrent(s) ? s.view.lastReading : null }));
  }

  private get freshnessMs(): number {
    return this.options.driver?.freshnessMs ?? DEFAULT_DRIVER_OPTIONS.freshnessMs;
  }

  private isCurrent(slot: Slot): boolean {
    return slot.live && slot.readingAt !== null && this.now().getTime() - slot.readingAt <= this.freshnessMs;
  }

  private stateOf(slot: Slot): BalanceStatusView['state'] {
    const d = slot.driver;
    if (!d) return 'closed';
    if (d.state === 'connected') return slot.live ? 'connected' : slot.everLive ? 'closed' : 'idle';
    // Reopening the port is no reason to show anything but "disconnected" to the operator.
    return d.state === 'reconnecting' ? 'closed' : d.state;
  }

  /** Publishes the effective state when it changed, so every screen follows within the window. */
  private publishState(slot: Slot, reason: string | null, silentMs?: number): void {
    const state = this.stateOf(slot);
    if (state === slot.published) return;
    slot.published = state;
    this.options.bus.publish({ type: 'balance.state', balanceId: slot.setting.id, state, reason: state === 'connected' ? null : reason, ...(state !== 'connected' && silentMs !== undefined ? { silentMs } : {}) });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopAll();
  }

  private build(setting: BalanceSetting, simulator: Partial<SimulatedBalanceConfig>): Result<Slot> {
    let driver: BalanceDriver;
    let sim: Slot['simulator'] = null;
    if (setting.port === SIMULATED_PORT) {
      if (!this.options.allowSimulators()) return err('STATION_PRODUCTION_ONLY', `${setting.id}: a production station cannot run a simulated balance`);
      if (!(SIMULATED_PROTOCOLS as readonly string[]).includes(setting.protocol)) {
        return err('DEVICE_SETTINGS_INVALID', `there is no simulator for the ${setting.protocol} protocol`);
      }
      const codec = createBalanceCodec(setting.protocol);
      if (!codec.ok) return codec;
      const balance = new SimulatedBalance(simulator);
      const line = new InProcessLine(createFrontEnd(setting.protocol as SimulatedProtocol, balance));
      sim = { balance, line };
      driver = new ProtocolBalanceDriver(codec.value, line.transport(), setting.serial, this.options.driver);
    } else {
      const made = createSerialBalanceDriver({ protocol: setting.protocol, path: setting.port, settings: setting.serial, ...(this.options.driver ? { driver: this.options.driver } : {}) });
      if (!made.ok) return made;
      driver = made.value;
    }
    const slot: Slot = { ...emptySlot(setting), driver, simulator: sim };
    slot.off = driver.on((e) => this.onEvent(slot, e));
    return ok(slot);
  }

  private async start(slot: Slot): Promise<void> {
    if (this.closed || this.slots.get(slot.setting.id) !== slot) return;
    const driver = slot.driver;
    if (!driver) return;
    const connected = await driver.connect();
    if (!connected.ok) {
      this.noteError(slot, connected.error.code, connected.error.message);
      slot.retry = setTimeout(() => void this.start(slot), this.options.retryMs ?? 3000);
      return;
    }
    const identity = await driver.identify();
    if (identity.ok) {
      slot.view = { ...slot.view, model: identity.value.model ?? null, serialNumber: identity.value.serialNumber ?? null };
      slot.firmware = identity.value.software ?? null;
    }
    const stream = await driver.startStream();
    if (!stream.ok) this.noteError(slot, stream.error.code, stream.error.message);
  }

  private onEvent(slot: Slot, e: BalanceEvent): void {
    const id = slot.setting.id;
    const bus = this.options.bus;
    switch (e.type) {
      case 'reading': {
        // ('unstable' repeats an unstable 'reading'; publishing both sent every such value twice.)
        if (e.reading.role !== 'net') return;
        const at = this.now();
        slot.readingAt = at.getTime();
        slot.view = { ...slot.view, lastReading: { net: e.reading.mass, stable: e.reading.stable, at: at.toISOString() } };
        bus.publish({ type: 'balance.reading', balanceId: id, net: e.reading.mass, stable: e.reading.stable, at: at.getTime(), freshForMs: this.freshnessMs });
        return;
      }
      case 'unstable':
        return;
      case 'key-tare':
        // FR-144: told to the screen at once, not only at the capture the station will refuse.
        bus.publish({ type: 'balance.key_tare', balanceId: id, before: e.change.before.mass, after: e.change.after.mass, change: e.change.change, at: this.now().getTime() });
        return;
      case 'fresh':
        slot.live = true;
        slot.everLive = true;
        this.publishState(slot, null);
        return;
      case 'stale': {
        slot.live = false;
        const reason = `no data from the balance for ${e.silentMs} ms`;
        this.noteError(slot, 'DEVICE_DISCONNECTED', reason);
        this.publishState(slot, reason, e.silentMs);
        return;
      }
      case 'connected':
      case 'disconnected':
      case 'reconnecting': {
        // An open port proves nothing; the first line after it does (the driver's 'fresh', which
        // may come before 'connected' when the balance prints by itself, so it is not reset here).
        if (e.type !== 'connected') slot.live = false;
        const reason = e.type === 'disconnected' ? e.reason : null;
        if (e.type === 'disconnected') this.noteError(slot, 'DEVICE_DISCONNECTED', e.reason);
        this.publishState(slot, reason ?? slot.view.lastError?.message ?? null);
        return;
      }
      case 'overload':
      case 'underload':
        bus.publish({ type: 'balance.status', balanceId: id, status: e.type });
        return;
      case 'command-error':
      case 'protocol-error':
        this.noteError(slot, e.error.code, e.error.message);
        return;
    }
  }

  private noteError(slot: Slot, code: string, message: string): void {
    slot.view = { ...slot.view, lastError: { code, message, at: this.now().toISOString() } };
  }

  private deadSlot(setting: BalanceSetting, code: string, message: string): Slot {
    return { ...emptySlot(setting), view: { ...emptyView(setting), lastError: { code, message, at: this.now().toISOString() } } };
  }

  private async stopAll(): Promise<void> {
    const slots = [...this.slots.values()];
    this.slots = new Map();
    for (const s of slots) {
      if (s.retry) clearTimeout(s.retry);
      s.off();
      await s.driver?.disconnect();
      s.simulator?.line.frontEnd.dispose();
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function emptySlot(setting: BalanceSetting): Slot {
  return { setting, driver: null, simulator: null, view: emptyView(setting), firmware: null, retry: null, off: () => undefined, live: false, everLive: false, readingAt: null, published: null };
}

function emptyView(s: BalanceSetting): BalanceStatusView {
  return { id: s.id, label: s.label, protocol: s.protocol, port: s.port, state: 'idle', model: null, serialNumber: null, lastReading: null, lastError: null };
}
