/**
 * A bench of simulated balances behind the engine's BalancePort, with hands to put things on
 * the pans: what the headless runner (`batchline run-order`), the demo seed, the engine tests
 * and the benchmark weigh with. In-memory and instant (no settling time, no serial line), so
 * an order of hundreds of lines runs in seconds; the device layer's simulator covers the
 * protocol and timing side. Faults can be injected per balance: never settling, a wrong
 * serial number, the cable pulled, the next command failing with a given code.
 */
import { addMass, compareMass, convertMass, formatMass, isZeroMass, roundToReadability, subtractMass, type Mass } from '../../src-shared/mass.ts';
import { err, ok, unwrap, type BatchlineError, type Result } from '../../src-shared/result.ts';
import type { BalancePort, BalanceReading, BalanceTareState, KeyTareSeen } from '../../src-core/order/balance-port.ts';
import { isLoad } from '../devices/balance/key-tare-watch.ts';

export interface BenchBalance {
  serialNumber: string;
  capacity: Mass;
  readability: Mass;
  load: Mass;
  tare: Mass;
  unstable: boolean;
  unplugged: boolean;
  failNext: BatchlineError | null;
  /** FR-142: the balance answers a tare query (MT-SICS TA); false: a protocol that cannot tell (SBI). */
  tareQuery: boolean;
  /**
   * FR-154: its readings stream between the station's commands, so its key presses are seen (as
   * key-tare-watch.ts sees them on a real stream); false (the default): no stream to watch.
   */
  stream: boolean;
  /** Key presses seen while streaming: all since the station last zeroed it, and where the watch restarted. */
  keyPresses: KeyTareSeen[];
  watchFrom: number;
}

export class SimulatedBench implements BalancePort {
  private readonly balances = new Map<string, BenchBalance>();

  add(balanceId: string, spec: { serialNumber: string; capacity: Mass; readability: Mass }): void {
    const zero: Mass = { amount: '0', unit: spec.readability.unit };
    this.balances.set(balanceId, { ...spec, load: zero, tare: zero, unstable: false, unplugged: false, failNext: null, tareQuery: true, stream: false, keyPresses: [], watchFrom: 0 });
  }

  has(balanceId: string): boolean {
    return this.balances.has(balanceId);
  }

  /** Direct access for fault injection in tests (`bench.balance('B1').unstable = true`). */
  balance(balanceId: string): BenchBalance {
    const b = this.balances.get(balanceId);
    if (!b) throw new Error(`no simulated balance ${balanceId}`);
    return b;
  }

  place(balanceId: string, m: Mass): void {
    const b = this.balance(balanceId);
    b.load = addMass(b.load, convertMass(m, b.load.unit));
  }

  remove(balanceId: string, m: Mass): void {
    const b = this.balance(balanceId);
    b.load = subtractMass(b.load, convertMass(m, b.load.unit));
  }

  /** Empties the pan and clears the tare (between weighings). */
  clear(balanceId: string): void {
    const b = this.balance(balanceId);
    this.setTare(b, { amount: '0', unit: b.load.unit });
    b.load = { amount: '0', unit: b.load.unit };
  }

  /**
   * FR-154: the tare held changes by the station's hand: a streaming balance's driver counts the
   * change with the key presses since the last zero (protocol-balance-driver.ts `stationTare`).
   */
  private setTare(b: BenchBalance, tare: Mass): void {
    const change = subtractMass(convertMass(tare, b.readability.unit), convertMass(b.tare, b.readability.unit));
    b.tare = tare;
    if (!b.stream || !b.tareQuery || isZeroMass(change)) return;
    const after = unwrap(roundToReadability(convertMass(tare, b.readability.unit), b.readability));
    b.keyPresses.push({ before: { mass: unwrap(roundToReadability(change, b.readability)), stable: true, raw: 'station tare' }, after: { mass: after, stable: true, raw: `TA A ${pad(after)}` }, change: 'tare', by: 'station' });
  }

  /** FR-142: someone presses the balance's own TARE key: what is on the pan becomes its tare. */
  keyTare(balanceId: string): void {
    const b = this.balance(balanceId);
    this.seeKeyPress(b);
    b.tare = b.load;
  }

  /** FR-142: the balance's own ZERO key: the load becomes its zero and the tare is cleared (as MT-SICS Z). */
  keyZero(balanceId: string): void {
    const b = this.balance(balanceId);
    this.seeKeyPress(b);
    b.load = { amount: '0', unit: b.load.unit };
    b.tare = { amount: '0', unit: b.load.unit };
  }

  /** FR-154: a streaming balance shows a key press as a settled load jumping to a settled zero. */
  private seeKeyPress(b: BenchBalance): void {
    if (!b.stream) return;
    const before = this.read(b, false);
    if (!before.ok || isZeroMass(before.value.mass)) return;
    const zero = { amount: '0', unit: before.value.mass.unit };
    b.keyPresses.push({ before: before.value, after: { mass: zero, stable: true, raw: `S S ${pad(zero)}` }, change: 'tare-or-zero' });
  }

  /** FR-154: the station clears the tare and zeroes, the pan empty (as MT-SICS TAC, Z). */
  async clearTare(balanceId: string, options?: { readonly beforeZero?: () => BatchlineError | null }): Promise<Result<{ readonly commands: readonly string[]; readonly gross: BalanceReading | null }>> {
    const b = this.usable(balanceId);
    if (!b.ok) return b;
    this.setTare(b.value, { amount: '0', unit: b.value.load.unit });
    // FR-154: the tare cleared, the balance shows its gross; a load on the pan refuses the zero
    // (driver-balance-port.ts): the load stays where it is, and so do the key presses.
    const gross = this.read(b.value, true);
    if (!gross.ok) return { ok: false, error: { ...gross.error, details: { ...gross.error.details, balanceId, commands: ['tare-clear'], gross: null } } };
    if (isLoad(gross.value)) return err('BALANCE_PAN_NOT_EMPTY', `balance ${balanceId} reads ${formatMass(gross.value.mass)} with its tare cleared: empty the pan and clear again; it was not zeroed`, { balanceId, reading: gross.value.mass, commands: ['tare-clear'], gross: gross.value });
    const stop = options?.beforeZero?.();
    if (stop) return { ok: false, error: { ...stop, details: { ...stop.details, balanceId, commands: ['tare-clear'], gross: gross.value } } };
    // Z: what is left on the pan (a few digits at most) is the new zero.
    b.value.load = { amount: '0', unit: b.value.load.unit };
    b.value.keyPresses = [];
    b.value.watchFrom = 0;
    return ok({ commands: ['tare-clear', 'zero'], gross: gross.value });
  }

  async identify(balanceId: string): Promise<Result<{ serialNumber: string | null }>> {
    const b = this.usable(balanceId);
    return b.ok ? ok({ serialNumber: b.value.serialNumber }) : b;
  }

  async tare(balanceId: string): Promise<Result<{ tare: BalanceReading | null }>> {
    const b = this.usable(balanceId);
    if (!b.ok) return b;
    const r = this.read(b.value, true);
    if (!r.ok) return r;
    this.setTare(b.value, b.value.load);
    return ok({ tare: { ...r.value, raw: `T S ${pad(r.value.mass)}` } });
  }

  async readStable(balanceId: string): Promise<Result<BalanceReading>> {
    const b = this.usable(balanceId);
    return b.ok ? this.read(b.value, true) : b;
  }

  async readImmediate(balanceId: string): Promise<Result<BalanceReading>> {
    const b = this.usable(balanceId);
    return b.ok ? this.read(b.value, false) : b;
  }

  /** FR-142: the tare it holds, as MT-SICS `TA` answers it; FR-154: its key presses where it streams. */
  async tareState(balanceId: string, options?: { readonly restart: boolean }): Promise<Result<BalanceTareState>> {
    const b = this.usable(balanceId);
    if (!b.ok) return b;
    const watched = b.value.stream ? { seen: b.value.keyPresses.slice(b.value.watchFrom).filter((k) => k.by !== 'station'), sinceZero: [...b.value.keyPresses] } : { seen: [] };
    if (options?.restart) b.value.watchFrom = b.value.keyPresses.length;
    const stream = b.value.stream ? (['stream'] as const) : [];
    if (!b.value.tareQuery) return ok({ by: [...stream], tare: null, ...watched });
    const tare = unwrap(roundToReadability(convertMass(b.value.tare, b.value.readability.unit), b.value.readability));
    return ok({ by: ['tare-query', ...stream], tare: { mass: tare, stable: true, raw: `TA A ${pad(tare)}` }, ...watched });
  }

  private usable(balanceId: string): Result<BenchBalance> {
    const b = this.balances.get(balanceId);
    if (!b) return err('BALANCE_UNKNOWN', `no balance ${balanceId} is connected`, { balanceId });
    if (b.unplugged) return err('DEVICE_DISCONNECTED', `balance ${balanceId} does not answer (cable pulled?)`, { balanceId });
    if (b.failNext) {
      const e = b.failNext;
      b.failNext = null;
      return { ok: false, error: e };
    }
    return ok(b);
  }

  /** An MT-SICS-like reading ("S S      12.3456 g"): net of tare, rounded to the readability. */
  private read(b: BenchBalance, needStable: boolean): Result<BalanceReading> {
    if (compareMass(b.load, b.capacity) > 0) return err('BALANCE_OVERLOAD', `load above capacity ${formatMass(b.capacity)}`);
    const net = unwrap(roundToReadability(convertMass(subtractMass(b.load, b.tare), b.readability.unit), b.readability));
    if (b.unstable && needStable) return err('READING_NOT_STABLE', 'the balance did not settle in time');
    return ok({ mass: net, stable: !b.unstable, raw: `S ${b.unstable ? 'D' : 'S'} ${pad(net)}` });
  }
}

function pad(m: Mass): string {
  return `${m.amount.padStart(10)} ${m.unit}`;
}
