/**
 * What the engine needs from a balance, by balance id (master data). The device layer's
 * drivers implement it (src-main/dispensing/driver-balance-port.ts adapts a BalanceDriver);
 * tests and the headless runner use the in-memory simulated bench. The engine never sees a
 * serial port (ARCHITECTURE.md: core never imports serialport).
 *
 * Every call settles with a value or a typed error: DEVICE_TIMEOUT, DEVICE_DISCONNECTED,
 * READING_NOT_STABLE, BALANCE_OVERLOAD, BALANCE_UNDERLOAD, BALANCE_UNKNOWN …
 */
import type { Mass } from '../../src-shared/mass.ts';
import type { BatchlineError, Result } from '../../src-shared/result.ts';

/** The device a reading came from and its port (DI-01, 11.10(h)); see ReadingDeviceSchema. */
export interface ReadingDevice {
  readonly model: string | null;
  readonly serialNumber: string | null;
  readonly firmware: string | null;
  readonly port: string;
  readonly simulated: boolean;
}

export interface BalanceReading {
  /** Set by ports that know the device (the station's balance hub); recorded with the reading. */
  readonly device?: ReadingDevice;
  readonly mass: Mass;
  /** Only a reading the balance itself marked stable may be recorded (DI-05). */
  readonly stable: boolean;
  /** The line as the balance sent it (DI-04). */
  readonly raw: string;
}

/**
 * FR-142: what a balance can tell of its tare changing on its own keys: `tare-query` (it was
 * asked for the tare it holds), `stream` (its readings were watched between the station's
 * commands). Empty: its protocol tells neither, and the record says so.
 */
export type TareDetection = 'tare-query' | 'stream';

/** A settled reading followed by one the station did not cause: a key tare or zero. */
export interface KeyTareSeen {
  readonly before: BalanceReading;
  readonly after: BalanceReading;
  readonly change: 'tare' | 'tare-or-zero';
  /** FR-154: the station's own tare, tare clear or preset tare: `before` is by how much it changed the tare held. */
  readonly by?: 'station';
}

export interface BalanceTareState {
  readonly by: readonly TareDetection[];
  /** The tare the balance holds now, as it answered; null where it cannot be asked. */
  readonly tare: BalanceReading | null;
  /** Key tares and zeros seen since the station last restarted the watch (empty without `stream`). */
  readonly seen: readonly KeyTareSeen[];
  /**
   * FR-144: settled jumps to zero its readings showed too far apart to tell a key press from a
   * load lifted off (a balance that prints slowly): not counted, but the record says so.
   */
  readonly unsure?: readonly KeyTareSeen[];
  /**
   * FR-154: every key tare or zero the stream showed since the station itself last zeroed the
   * balance (its clear-tare action), whatever the watch of a weighing was restarted to. A weight
   * read against the balance's zero, or net of a tare set on its keys, is true only when the tare
   * the balance holds accounts for all of them (src-core/order/tare-check.ts `tareEvidence`).
   * Absent or empty without `stream`.
   */
  readonly sinceZero?: readonly KeyTareSeen[];
}

export interface BalancePort {
  /** Serial number the balance reports (11.10(h) device check); null if the protocol has none. */
  identify(balanceId: string): Promise<Result<{ serialNumber: string | null }>>;
  /**
   * Tares on a stable value; returns the tare when the protocol reports it. `dynamic` is true
   * when the balance reports it tared while the weight moved (MT-SICS `TI D`), false when it
   * reports stable conditions, absent when its protocol does not say.
   */
  tare(balanceId: string): Promise<Result<{ tare: BalanceReading | null; dynamic?: boolean }>>;
  readStable(balanceId: string, timeoutMs: number): Promise<Result<BalanceReading>>;
  readImmediate(balanceId: string): Promise<Result<BalanceReading>>;
  /**
   * FR-142: the balance's own tare and the key presses seen since the watch was last restarted.
   * `restart`: the station has just tared or taken its first reading: watch afresh from now.
   */
  tareState(balanceId: string, options: { readonly restart: boolean }): Promise<Result<BalanceTareState>>;
  /**
   * FR-154: the station clears the balance's tare and zeroes it, the pan empty (MT-SICS `TAC`
   * then `Z`; A&D preset tare 0 `PT:` then `Z`; where no clear-tare command exists, `Z` alone,
   * which clears the tare on those balances). `commands`: what was sent, for the record. The key
   * presses seen since the last zero are forgotten (`sinceZero` empty): the zero is the station's.
   * `gross`: the stable reading after the tare was cleared, before `Z`; a load on it (at least
   * MIN_INTERVALS of its last digits) refuses the zero (`BALANCE_PAN_NOT_EMPTY`, no `Z` sent).
   * A refusal carries the commands already sent (`details.commands`) and `details.gross` where read.
   * `beforeZero`: asked once the gross is read, right before `Z`; an error stops the clear there
   * (the station re-checks that no weighing began standing on its tare during the commands).
   */
  clearTare(balanceId: string, options?: { readonly beforeZero?: () => BatchlineError | null }): Promise<Result<{ readonly commands: readonly string[]; readonly gross: BalanceReading | null }>>;
}
